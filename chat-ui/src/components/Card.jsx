import { useRef, useState } from 'preact/hooks';
import { buttonsFor, cardApp, sanitizeCard } from '../cards.js';
import { acceptWords, fileAccepted, sanitizeFiles } from '../cardFiles.js';
import { formatBytes } from '../attachments.js';
import { clockTime, fullTime } from '../format.js';
import { AppIcon } from './AppIcon.jsx';
import { ExternalIcon } from './Icons.jsx';
import { Interactive } from './Interactive.jsx';
import { namespace as cardsNamespace } from '../i18n.js';
import cardsCatalogue from '../locales/cards.js';

const tc = cardsNamespace('cards', cardsCatalogue);

/**
 * A message an app posted: a card labelled with the app ("via Polls"), never shown as a person.
 * Everything in it is data from the app: rendered as text nodes and attributes only, after
 * sanitizeCard kept the known fields and the safe URLs.
 */
export function Card({ message, onAction, onUpload, onOpenPage, onOpenLink, meId }) {
  const origin = window.location.origin;
  const app = cardApp(message, origin);
  const sanitized = sanitizeCard(message.card, origin);
  // Buttons for named members (a payment request's Pay) are shown to those members only.
  const card = { ...sanitized, buttons: buttonsFor(sanitized.buttons, meId) };
  const files = sanitizeFiles(message.card?.files, origin);
  const picker = useRef(null);
  const [asking, setAsking] = useState(null); // the request_file button whose picker is open
  const [progress, setProgress] = useState(null); // { sent, total } while the chosen file uploads
  const [failedImages, setFailedImages] = useState(() => new Set());
  const [busy, setBusy] = useState(null); // the id of the button being pressed
  const [status, setStatus] = useState(null); // { text, error }
  const [imageFailed, setImageFailed] = useState(false);
  const [answeredAt, setAnsweredAt] = useState(null); // when the app took an interactive answer

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
    if (button.type === 'request_file') {
      // The user's picker (on a phone: camera or gallery); the file goes up when chosen.
      setAsking(button);
      if (picker.current) {
        picker.current.accept = button.accept || '';
        picker.current.value = '';
        picker.current.click();
      }
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

  /**
   * An answer to the card's interactive content (a reply, a quick reply, a list row, a picked
   * date) is the app's card action: a callback with that id; the server adds the payload.
   */
  async function answerInteractive(_text, fields) {
    const button = interactiveAction(fields);
    if (!button || busy) return;
    setStatus(null);
    setBusy(button.id);
    try {
      const outcome = await onAction(message, button);
      if (outcome?.kind === 'error' || outcome?.kind === 'declined') setStatus({ text: outcome.message, error: true });
    } finally {
      setBusy(null);
      setAnsweredAt(new Date().toISOString());
    }
  }

  /** The file chosen for a request_file button: uploaded with tus, then handed to the app. */
  async function sendFile(file) {
    const button = asking;
    setAsking(null);
    if (!file || !button || busy) return;
    if (!fileAccepted(file, button.accept)) {
      setStatus({ text: tc('asksFor', { app: app.name, what: acceptWords(button.accept) }), error: true });
      return;
    }
    setStatus(null);
    setBusy(button.id);
    setProgress({ sent: 0, total: file.size });
    try {
      let attachmentId;
      try {
        attachmentId = await onUpload(file, (sent, total) => setProgress({ sent, total }));
      } catch (e) {
        setStatus({ text: e?.message || tc('uploadFailed'), error: true });
        return;
      }
      setProgress(null);
      const outcome = await onAction(message, button, { attachmentIds: [attachmentId] });
      if (outcome.kind === 'error' || outcome.kind === 'declined') setStatus({ text: outcome.message, error: true });
      else if (outcome.kind === 'done')
        setStatus({ text: tc('sentTo', { file: file.name, app: app.name }), error: false });
    } finally {
      setBusy(null);
      setProgress(null);
    }
  }

  const label = card.title || card.text || tc('card');
  return (
    <article class="card" data-testid="app-card" aria-label={tc('via', { label: label.slice(0, 80), app: app.name })}>
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
      {files.length > 0 && (
        <ul class="card-files" data-testid="card-files">
          {files.map((f, i) =>
            f.kind === 'image' && !failedImages.has(i) ? (
              <li key={i} class="card-file image" data-testid="card-file" data-kind="image">
                <a href={f.url} target="_blank" rel="noopener noreferrer" title={f.name}>
                  <img
                    src={f.previewUrl || f.url}
                    alt={f.name}
                    loading="lazy"
                    referrerpolicy="no-referrer"
                    width={f.width || undefined}
                    height={f.height || undefined}
                    onError={() => setFailedImages((s) => new Set(s).add(i))}
                  />
                </a>
              </li>
            ) : (
              <li key={i} class="card-file" data-testid="card-file" data-kind="file">
                <a href={f.url} target="_blank" rel="noopener noreferrer" download={f.name}>
                  <span class="card-file-name">{f.name}</span>
                  {f.size != null && <span class="muted card-file-size">{formatBytes(f.size)}</span>}
                </a>
              </li>
            ),
          )}
        </ul>
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
      {message.card?.interactive && (
        <Interactive
          message={interactiveMessage(message, app)}
          messages={interactiveMessages(message, app, answeredAt)}
          meId={meId}
          on={{
            answer: answerInteractive,
            openPage: (appId, start) => onOpenPage(appId, start),
            openLink: (url) => onOpenLink(url),
            requestFile() {},
            shareLocation() {},
          }}
        />
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
              data-accept={b.type === 'request_file' ? b.accept : undefined}
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
      {buttonsAskFiles(card) && (
        <input
          ref={picker}
          type="file"
          hidden
          data-testid="card-file-input"
          onChange={(e) => sendFile(e.currentTarget.files?.[0])}
        />
      )}
      {progress && (
        <progress
          class="card-progress"
          data-testid="card-progress"
          max={progress.total || 1}
          value={progress.sent}
          aria-label={tc('uploadingFile')}
        />
      )}
      {status && (
        <p class={`card-status${status.error ? ' error' : ''}`} role="alert" data-testid="card-status">
          {status.text}
        </p>
      )}
    </article>
  );
}

function buttonsAskFiles(card) {
  return card.buttons.some((b) => b.type === 'request_file');
}

/**
 * The card's interactive content as the message the Interactive component draws: sent by the app
 * (never "me", so quick replies are offered), without attachments (app cards carry no media).
 */
export function interactiveMessage(message, app) {
  return {
    id: message.id,
    seq: Number.isFinite(message.seq) ? message.seq : 0,
    senderId: `app:${app.id}`,
    senderName: app.name,
    createdAt: message.createdAt,
    deleted: message.deleted,
    attachments: [],
    interactive: message.card.interactive,
  };
}

/** The conversation as the component sees it: once the app took the answer, it counts as answered. */
function interactiveMessages(message, app, answeredAt) {
  const m = interactiveMessage(message, app);
  return answeredAt
    ? [m, { id: `${m.id}-answered`, seq: m.seq + 1, senderId: m.senderId, createdAt: answeredAt }]
    : [m];
}

/** The card action an interactive answer stands for: a callback with its id and, for a picker, the picked value. */
export function interactiveAction(fields) {
  const reply = fields?.interactiveReply;
  if (!reply || typeof reply.actionId !== 'string' || !reply.actionId) return null;
  return reply.value === undefined
    ? { id: reply.actionId, type: 'callback' }
    : { id: reply.actionId, type: 'callback', value: reply.value };
}
