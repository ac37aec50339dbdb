import { useState } from 'preact/hooks';
import { cardApp, sanitizeCard } from '../cards.js';
import { clockTime, fullTime } from '../format.js';
import { AppIcon } from './AppIcon.jsx';
import { ExternalIcon } from './Icons.jsx';

/**
 * A message an app posted: a card labelled with the app ("via Polls"), never shown as a person.
 * Everything in it is data from the app: rendered as text nodes and attributes only, after
 * sanitizeCard kept the known fields and the safe URLs.
 */
export function Card({ message, onAction, onOpenPage, onOpenLink }) {
  const origin = window.location.origin;
  const app = cardApp(message, origin);
  const card = sanitizeCard(message.card, origin);
  const [busy, setBusy] = useState(null); // the id of the button being pressed
  const [status, setStatus] = useState(null); // { text, error }
  const [imageFailed, setImageFailed] = useState(false);

  async function press(button) {
    if (busy) return;
    setStatus(null);
    if (button.type === 'open_page') {
      onOpenPage(app.id, button.value ?? null);
      return;
    }
    if (button.type === 'open_link') {
      onOpenLink(button.url);
      return;
    }
    setBusy(button.id);
    try {
      const outcome = await onAction(message, button);
      if (outcome.kind === 'error' || outcome.kind === 'declined') setStatus({ text: outcome.message, error: true });
    } finally {
      setBusy(null);
    }
  }

  const label = card.title || card.text || 'Card';
  return (
    <article class="card" data-testid="app-card" aria-label={`${label.slice(0, 80)}, via ${app.name}`}>
      <header class="card-via">
        <AppIcon app={app} size={18} />
        <span>
          via <strong data-testid="card-app">{app.name}</strong>
        </span>
        <time dateTime={message.createdAt} title={fullTime(message.createdAt)}>
          {clockTime(message.createdAt)}
        </time>
        {!!message.edited && (
          <span class="muted" data-testid="card-edited">
            · edited
          </span>
        )}
      </header>
      {card.image && !imageFailed && (
        <img
          class="card-image"
          src={card.image.url}
          alt={card.image.alt}
          loading="lazy"
          referrerpolicy="no-referrer"
          onError={() => setImageFailed(true)}
        />
      )}
      {card.title && (
        <h3 class="card-title" data-testid="card-title">
          {card.title}
        </h3>
      )}
      {card.text && (
        <p class="card-text" data-testid="card-text">
          {card.text}
        </p>
      )}
      {card.fields.length > 0 && (
        <dl class="card-fields" data-testid="card-fields">
          {card.fields.map((f, i) => (
            <div key={i} class="card-field">
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {card.buttons.length > 0 && (
        <div class="card-buttons">
          {card.buttons.map((b) => (
            <button
              key={b.id}
              type="button"
              class="button small"
              data-testid="card-button"
              data-action-id={b.id}
              data-type={b.type}
              disabled={busy != null}
              aria-busy={busy === b.id ? 'true' : undefined}
              title={b.type === 'open_link' ? b.url : undefined}
              onClick={() => press(b)}
            >
              {busy === b.id && <span class="spinner small" aria-hidden="true" />}
              {b.label}
              {b.type === 'open_link' && <ExternalIcon size={14} />}
            </button>
          ))}
        </div>
      )}
      {status && (
        <p class={`card-status${status.error ? ' error' : ''}`} role="alert" data-testid="card-status">
          {status.text}
        </p>
      )}
    </article>
  );
}
