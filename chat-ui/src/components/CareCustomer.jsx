import { useEffect, useState } from 'preact/hooks';
import {
  CARE_PROBLEM,
  careApi,
  careEventOf,
  careSignature,
  handoverFromMessages,
  handoverFromServer,
  ratingEpisode,
} from '../care.js';
import { businessSessionApi } from '../business.js';
import { formatDateTime } from '../i18n.js';
import { namespace } from '../i18n.js';
import catalogue from '../locales/care.js';
import './care.css';

const t = namespace('care', catalogue);

function calls() {
  const api = businessSessionApi();
  return api ? careApi(api) : null;
}

/** "Dana · Acme Energy": an agent's reply names the person and the business, never "bot". */
export function AgentSender({ message, businessName }) {
  const name = message.agent?.name ?? message.senderName;
  const business = message.business?.name ?? businessName ?? message.business?.handle ?? '';
  return (
    <span class="agent-sender" data-testid="agent-sender">
      {business ? t('agentOf', { name, business }) : name}
    </span>
  );
}

/** When someone will answer, in words and in the team's time zone. */
function etaText(e) {
  if (e?.nextOpenAt) {
    const when = formatDateTime(e.nextOpenAt, {
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: e.timezone || undefined,
    });
    return e.timezone ? t('answersAgainZone', { when, zone: e.timezone }) : t('answersAgain', { when });
  }
  return null;
}

/** A care system line in the customer's conversation ("Dana from Acme Energy joined"), in the reader's language. */
export function CareSystemLine({ message }) {
  const e = careEventOf(message);
  if (!e) return message.text;
  const name = e.agent?.name ?? '';
  const business = e.business?.name ?? '';
  // without the business's name the server's own sentence is better than a half-filled one
  if (!business && (e.event === 'agent.joined' || e.event === 'agent.left')) return message.text;
  switch (e.event) {
    case 'agent.joined':
      return t('joined', { name, business });
    case 'agent.left':
      return t('left', { name, business });
    case 'waiting':
      return [e.note, t('waitingForPerson'), etaText(e)].filter(Boolean).join(' ') || message.text;
    case 'resolved':
      return t('resolvedLine');
    default:
      return message.text;
  }
}

/**
 * "Talk to a person" over a business conversation, and the waiting state with the honest ETA the
 * server gave (from the team's business hours) and the place in the queue. The server's view
 * (`GET …/care`) is read on opening and again whenever a care line arrives, so a reload keeps it.
 */
export function TalkToPerson({ conversationId, messages }) {
  const [server, setServer] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const signature = careSignature(messages);
  useEffect(() => {
    const c = calls();
    if (!c || !conversationId) return undefined;
    let live = true;
    c.handover(conversationId)
      .then((view) => live && setServer({ ...handoverFromServer(view), of: conversationId }))
      .catch(() => {}); // the conversation's own lines still tell the state
    return () => {
      live = false;
    };
  }, [conversationId, signature]);
  const fromMessages = handoverFromMessages(messages);
  // the server's word for this conversation (not one opened before it), else the conversation's lines
  const current = (server?.of === conversationId && server.state ? server : null) ?? fromMessages;
  const state = current?.state ?? 'bot';
  async function ask() {
    const c = calls();
    if (!c) return;
    setBusy(true);
    setError(null);
    try {
      const r = await c.requestAgent(conversationId);
      setServer({ ...(handoverFromServer(r) ?? { state: 'waiting_for_agent' }), of: conversationId });
    } catch (e) {
      setError(e.userMessage ?? String(e));
    } finally {
      setBusy(false);
    }
  }
  if (state === 'agent') {
    const name = current?.assignee?.name ?? current?.agent?.name;
    return (
      <span class="care-handover small" role="status" data-testid="care-handover" data-state="agent">
        {name ? t('withPerson', { name }) : t('withAPerson')}
      </span>
    );
  }
  if (state === 'waiting_for_agent') {
    const eta = etaText(current);
    return (
      <span
        class="care-handover waiting small"
        role="status"
        data-testid="care-handover"
        data-state="waiting_for_agent"
      >
        {t('waitingForPerson')}{' '}
        {current?.position ? (
          <span data-testid="care-queue-position">{t('queuePosition', { position: current.position })} </span>
        ) : null}
        {eta ?? current?.message ?? ''}
      </span>
    );
  }
  return (
    <>
      <button type="button" class="button small" disabled={busy} data-testid="talk-to-person" onClick={ask}>
        {t('talkToPerson')}
      </button>
      {error && (
        <span class="care-error small" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

const RATED_KEY = 'parley.care.rated';

function ratedBefore(conversationId, episode) {
  try {
    return JSON.parse(localStorage.getItem(RATED_KEY) ?? '{}')[`${conversationId}:${episode}`] ?? null;
  } catch {
    return null;
  }
}

function remember(conversationId, episode, score) {
  try {
    const all = JSON.parse(localStorage.getItem(RATED_KEY) ?? '{}');
    all[`${conversationId}:${episode}`] = score;
    localStorage.setItem(RATED_KEY, JSON.stringify(all));
  } catch {
    // private mode: the server still refuses a second rating
  }
}

/** The 1–5 rating after a resolution, once per episode, with an optional comment. */
export function RatingWidget({ conversationId, message }) {
  const episode = ratingEpisode(message);
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState(() => ratedBefore(conversationId, episode));
  const closesAt = message.careRating?.closesAt;
  const [closed, setClosed] = useState(() => !!closesAt && Date.parse(closesAt) < Date.now());
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (done)
    return (
      <p class="care-rating done small" role="status" data-testid="rating-done">
        {t('thanksRating', { score: done })}
      </p>
    );
  if (closed)
    return (
      <p class="care-rating closed small muted" data-testid="rating-closed">
        {t('ratingClosed')}
      </p>
    );
  async function submit(e) {
    e.preventDefault();
    if (!score) return;
    setBusy(true);
    setError(null);
    try {
      await calls().rate(conversationId, score, comment.trim() || undefined);
      remember(conversationId, episode, score);
      setDone(score);
    } catch (err) {
      if (err.type === CARE_PROBLEM.ALREADY_RATED) {
        remember(conversationId, episode, score);
        setDone(score);
      } else if (err.type === CARE_PROBLEM.RATING_CLOSED) setClosed(true);
      else setError(err.userMessage ?? String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="care-rating" onSubmit={submit} data-testid="rating">
      <fieldset>
        <legend>{t('rateUs')}</legend>
        <div class="care-stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={`care-star${n <= score ? ' on' : ''}`} data-testid={`rating-star-${n}`}>
              <input
                type="radio"
                name={`rating-${conversationId}-${episode}`}
                value={n}
                checked={score === n}
                data-testid={`rating-${n}`}
                onChange={() => setScore(n)}
              />
              <span aria-hidden="true">★</span>
              <span class="sr-only">{t('stars', { score: n })}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label class="care-rating-comment">
        <span class="sr-only">{t('ratingComment')}</span>
        <input
          type="text"
          maxLength={1000}
          placeholder={t('ratingComment')}
          value={comment}
          data-testid="rating-comment"
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button small primary" disabled={!score || busy} data-testid="rating-send">
        {t('sendRating')}
      </button>
      {error && (
        <span class="care-error small" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
