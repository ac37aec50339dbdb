import { useEffect, useRef, useState } from 'preact/hooks';
import { namespace } from '../i18n.js';
import catalogue from '../locales/interactive.js';
import {
  answerBody,
  answerState,
  cardsOf,
  interactiveOf,
  mapUrl,
  pickerInput,
  quickRepliesOpen,
  safeUrl,
  telUrl,
} from '../interactive.js';
import './interactive.css';

const t = namespace('interactive', catalogue);

/**
 * The interactive part of a business's message: cards (one or a carousel), quick replies, a list
 * picker or a date/time picker. Everything is data: text nodes and checked URLs only. A pressed
 * answer shows a spinner until the sender writes again, or says after 10 s that no answer came.
 *
 * `on`: { answer(text, fields), openPage(appId, start), openLink(url), requestFile(reply, accept),
 *         shareLocation(reply) }
 */
export function Interactive({ message, messages, meId, on }) {
  const content = interactiveOf(message);
  const [pressed, setPressed] = useState(null); // { id, at }
  const [now, setNow] = useState(Date.now());
  const state = answerState(pressed, message, messages, now);
  useEffect(() => {
    if (state !== 'waiting') return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [state]);
  if (!content) return null;

  function answer(action, value) {
    const body = answerBody(message, action, value);
    setPressed({ id: action.id, at: Date.now() });
    on.answer(body.text, body.fields);
  }

  function press(action) {
    switch (action.type) {
      case 'reply':
        return answer(action);
      case 'open_url': {
        const url = safeUrl(action.url);
        return url && on.openLink(url);
      }
      case 'open_app':
        return on.openPage(action.appId, action.start ?? null);
      case 'request_file':
        return on.requestFile({ messageId: message.id, actionId: action.id }, action.accept ?? '');
      case 'share_location':
        setPressed({ id: action.id, at: Date.now() });
        return on.shareLocation({ messageId: message.id, actionId: action.id }, action.label);
      default:
        return undefined;
    }
  }

  const status = pressed && (
    <p class={`interactive-status ${state}`} role="status" data-testid="interactive-status" data-state={state}>
      {state === 'waiting' && <span class="spinner" aria-hidden="true" />}
      {state === 'waiting' ? t('waiting') : state === 'silent' ? t('silent', { name: message.senderName }) : ''}
    </p>
  );

  return (
    <div class="interactive" data-testid="interactive" data-kind={content.type}>
      {(content.type === 'card' || content.type === 'carousel') && (
        <Cards
          cards={cardsOf(content)}
          message={message}
          pressed={pressed}
          waiting={state === 'waiting'}
          onPress={press}
        />
      )}
      {content.type === 'quick_replies' && (
        <QuickReplies content={content} open={quickRepliesOpen(message, messages, meId)} onPress={answer} />
      )}
      {content.type === 'list' && <ListPicker content={content} onPick={answer} />}
      {content.type === 'datetime' && <DatePicker content={content} onPick={answer} />}
      {status}
    </div>
  );
}

function Cards({ cards, message, pressed, waiting, onPress }) {
  const strip = useRef(null);
  const many = cards.length > 1;
  const scroll = (dir) => {
    const el = strip.current;
    if (el) el.scrollBy({ left: dir * el.clientWidth * 0.8 * (document.dir === 'rtl' ? -1 : 1), behavior: 'smooth' });
  };
  return (
    <div class={`interactive-cards${many ? ' carousel' : ''}`}>
      {many && (
        <button type="button" class="carousel-step prev" aria-label={t('previous')} onClick={() => scroll(-1)}>
          ‹
        </button>
      )}
      <ul class="card-strip" ref={strip} data-testid="interactive-cards">
        {cards.map((card, i) => (
          <li
            key={i}
            class="interactive-card"
            aria-label={many ? t('cardOf', { index: i + 1, count: cards.length }) : undefined}
            data-testid="interactive-card"
          >
            <CardMedia media={card.media} message={message} />
            {card.title && <strong class="interactive-card-title">{card.title}</strong>}
            {card.body && <p class="interactive-card-body">{card.body}</p>}
            {Array.isArray(card.actions) && card.actions.length > 0 && (
              <div class="interactive-actions">
                {card.actions.map((a, j) => (
                  <ActionButton
                    key={a.id ?? j}
                    action={a}
                    busy={waiting && pressed?.id === a.id}
                    onPress={() => onPress(a)}
                  />
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
      {many && (
        <button type="button" class="carousel-step next" aria-label={t('next')} onClick={() => scroll(1)}>
          ›
        </button>
      )}
    </div>
  );
}

function CardMedia({ media, message }) {
  if (!media?.attachmentId) return null;
  const a = (message.attachments ?? []).find((x) => x.id === media.attachmentId);
  const src = a ? (a.previewUrl ?? (a.kind === 'image' ? a.url : null)) : null;
  if (!src) return null;
  return <img class="interactive-card-media" src={src} alt={media.alt ?? ''} loading="lazy" />;
}

function ActionButton({ action, busy, onPress }) {
  if (action.type === 'call') {
    const href = telUrl(action.phone);
    return href ? (
      <a class="interactive-action" href={href} data-testid="interactive-action">
        {action.label}
      </a>
    ) : null;
  }
  if (action.type === 'open_url' && !safeUrl(action.url)) return null;
  return (
    <button
      type="button"
      class={`interactive-action${action.type === 'open_url' ? ' external' : ''}`}
      aria-busy={busy ? 'true' : undefined}
      disabled={busy}
      data-testid="interactive-action"
      data-action-id={action.id}
      onClick={onPress}
    >
      {busy && <span class="spinner" aria-hidden="true" />}
      {action.label}
    </button>
  );
}

function QuickReplies({ content, open, onPress }) {
  return (
    <>
      <p class="interactive-text">{content.text}</p>
      {open && (
        <div class="quick-replies" role="group" aria-label={t('quickReplies')} data-testid="quick-replies">
          {content.replies.map((r) => (
            <button
              type="button"
              key={r.id}
              class="quick-reply"
              data-testid="quick-reply"
              data-action-id={r.id}
              onClick={() => onPress(r)}
            >
              {r.label}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

function ListPicker({ content, onPick }) {
  const dialog = useRef(null);
  const open = () => dialog.current?.showModal?.();
  const pick = (row) => {
    dialog.current?.close?.();
    onPick({ id: row.id, label: row.title });
  };
  return (
    <>
      <p class="interactive-text">{content.text}</p>
      <button type="button" class="interactive-action" data-testid="list-open" onClick={open}>
        {content.button || t('choose')}
      </button>
      <dialog class="list-picker" ref={dialog} aria-label={content.button || t('choose')} data-testid="list-picker">
        {content.sections.map((s, i) => (
          <section key={i}>
            {s.title && <h3>{s.title}</h3>}
            <ul>
              {s.rows.map((row) => (
                <li key={row.id}>
                  <button type="button" data-testid="list-row" data-action-id={row.id} onClick={() => pick(row)}>
                    <span class="row-title">{row.title}</span>
                    {row.description && <span class="row-description muted small">{row.description}</span>}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
        <button type="button" class="list-close" onClick={() => dialog.current?.close?.()}>
          {t('close')}
        </button>
      </dialog>
    </>
  );
}

function DatePicker({ content, onPick }) {
  const [value, setValue] = useState('');
  const input = pickerInput(content);
  const id = `picker-${content.id}`;
  return (
    <form
      class="date-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (value) onPick({ id: content.id, label: value }, value);
      }}
    >
      <label for={id} class="interactive-text">
        {content.text}
      </label>
      <div class="date-picker-row">
        <input
          id={id}
          type={input.type}
          min={input.min}
          max={input.max}
          value={value}
          required
          data-testid="date-input"
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <button type="submit" class="interactive-action" data-testid="date-send">
          {t('send')}
        </button>
      </div>
    </form>
  );
}

/** A shared place: its label and a map link (no map tiles are loaded, so nobody learns who looked). */
export function SharedLocation({ location }) {
  const href = mapUrl(location);
  if (!href) return null;
  return (
    <a class="shared-location" href={href} target="_blank" rel="noopener noreferrer" data-testid="shared-location">
      <span aria-hidden="true">📍</span> {location.label || t('location')}{' '}
      <span class="muted small">{t('openMap')}</span>
    </a>
  );
}
