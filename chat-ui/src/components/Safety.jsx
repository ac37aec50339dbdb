// Safety in the messenger (issue 17): block and unblock a person, report a person or a message,
// the list of blocked people (settings), and the collapsed messages of blocked people in groups.
// The store (../safety.js) is one per page; `initSafety` makes it, the hooks read it.
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, namespace } from '../i18n.js';
import catalogue from '../locales/safety.js';
import { REPORT_REASONS, createSafety } from '../safety.js';
import { Avatar } from './Avatar.jsx';
import { Modal } from './Modal.jsx';
import './safety.css';

const t = namespace('safety', catalogue);

let store = null;
let storeOwner = null;
let openDialog = () => {};

/** Makes the safety store of the signed-in account over the API client and loads the blocked list. */
export function initSafety(api, meId) {
  if (!store || storeOwner !== meId) {
    store = createSafety(api);
    storeOwner = meId;
    store.load().catch(() => {}); // a failed load leaves nothing collapsed; the list dialog retries
  }
  return store;
}

/** The store, re-rendering the caller on every change (blocks, reveals). */
export function useSafety() {
  const [, setVersion] = useState(0);
  useEffect(() => (store ? store.subscribe(setVersion) : undefined), []);
  return store;
}

/** The other person of a direct conversation, or null. */
function otherOf(conv, me) {
  if (!conv || conv.kind !== 'direct') return null;
  return (conv.members ?? []).find((m) => m.id !== me.id) ?? null;
}

/** The dialogs of safety (report, confirm a block, the blocked list), rendered once by the messenger. */
export function SafetyDialogs() {
  const [dialog, setDialog] = useState(null);
  useEffect(() => {
    openDialog = setDialog;
    return () => {
      openDialog = () => {};
    };
  }, []);
  if (!dialog || !store) return null;
  const close = () => setDialog(null);
  if (dialog.kind === 'report') return <ReportDialog target={dialog} onClose={close} />;
  if (dialog.kind === 'block') return <BlockDialog person={dialog.person} onClose={close} />;
  if (dialog.kind === 'blocked') return <BlockedPeopleDialog onClose={close} />;
  return null;
}

/** The sidebar's button to the list of blocked people (the messenger's settings). */
export function BlockedPeopleButton() {
  return (
    <button
      type="button"
      class="icon-button"
      aria-label={t('blockedPeople')}
      title={t('blockedPeople')}
      data-testid="blocked-people-open"
      onClick={() => openDialog({ kind: 'blocked' })}
    >
      <BlockIcon />
    </button>
  );
}

/** A direct conversation's safety buttons in its header: block or unblock, report the person. */
export function ConversationSafety({ conv, me }) {
  const safety = useSafety();
  const other = otherOf(conv, me);
  const [open, setOpen] = useState(false);
  if (!safety || !other) return null;
  const blocked = safety.isBlocked(other.id);
  const unblock = () => {
    setOpen(false);
    safety.unblock(other.id).catch(() => {});
  };
  return (
    <div class="safety-menu">
      <button
        type="button"
        class="icon-button"
        aria-label={t('safetyActions')}
        title={t('safetyActions')}
        aria-haspopup="menu"
        aria-expanded={open ? 'true' : 'false'}
        data-testid="safety-menu"
        onClick={() => setOpen(!open)}
      >
        <BlockIcon />
      </button>
      {open && (
        <div class="safety-popover" role="menu">
          {blocked ? (
            <button type="button" role="menuitem" data-testid="unblock-person" onClick={unblock}>
              {t('unblockPerson', { name: other.displayName })}
            </button>
          ) : (
            <button
              type="button"
              role="menuitem"
              class="danger"
              data-testid="block-person"
              onClick={() => {
                setOpen(false);
                openDialog({ kind: 'block', person: other });
              }}
            >
              {t('blockPerson', { name: other.displayName })}
            </button>
          )}
          <button
            type="button"
            role="menuitem"
            data-testid="report-person"
            onClick={() => {
              setOpen(false);
              openDialog({ kind: 'report', person: other, conversationId: conv.id });
            }}
          >
            {t('reportPerson', { name: other.displayName })}
          </button>
        </div>
      )}
    </div>
  );
}

/** Under a direct conversation's header: "You blocked X" with a way back. */
export function BlockedNotice({ conv, me }) {
  const safety = useSafety();
  const other = otherOf(conv, me);
  if (!safety || !other || !safety.isBlocked(other.id)) return null;
  return (
    <p class="blocked-notice" role="status" data-testid="blocked-notice">
      <span>{t('youBlocked', { name: other.displayName })}</span>
      <button type="button" class="button small" onClick={() => safety.unblock(other.id).catch(() => {})}>
        {t('unblock')}
      </button>
    </p>
  );
}

/** The "Report" item of a message's menu (someone else's message). */
export function ReportMessageItem({ message, me, conv, onChosen }) {
  if (!message.senderId || message.senderId === me.id || message.deleted) return null;
  return (
    <button
      type="button"
      role="menuitem"
      data-testid="action-report"
      onClick={() => {
        onChosen?.();
        openDialog({
          kind: 'report',
          person: { id: message.senderId, displayName: message.senderName },
          conversationId: conv.id,
          messageId: message.id,
        });
      }}
    >
      {t('report')}
    </button>
  );
}

/** A blocked person's message in a group, collapsed until I choose to see it. */
export function CollapsedMessage({ message }) {
  return (
    <li class="message theirs first collapsed-message" data-testid="message-collapsed" data-message-id={message.id}>
      <div class="bubble">
        <span class="muted">{t('collapsed')}</span>
        <button type="button" class="link-button" onClick={() => store?.reveal(message.id)}>
          {t('show')}
        </button>
      </div>
    </li>
  );
}

function BlockDialog({ person, onClose }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  async function block() {
    setBusy(true);
    try {
      await store.block(person);
      onClose();
    } catch (e) {
      setError(e.userMessage ?? String(e));
      setBusy(false);
    }
  }
  return (
    <Modal
      id="block-dialog"
      title={t('blockPerson', { name: person.displayName })}
      description={t('blockConfirm', { name: person.displayName })}
      onClose={onClose}
    >
      <p id="block-dialog-description">{t('blockConfirm', { name: person.displayName })}</p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="safety-actions">
        <button type="button" class="button danger" data-testid="confirm-block" disabled={busy} onClick={block}>
          {t('block')}
        </button>
      </div>
    </Modal>
  );
}

function ReportDialog({ target, onClose }) {
  const [reason, setReason] = useState('spam');
  const [details, setDetails] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { reason, conversationId: target.conversationId, accountId: target.person.id };
    if (details.trim()) body.details = details.trim();
    if (target.messageId) body.messageIds = [target.messageId];
    try {
      await store.report(body);
      setDone(true);
    } catch (err) {
      setError(err.userMessage ?? String(err));
    } finally {
      setBusy(false);
    }
  }
  const title = target.messageId ? t('reportMessage') : t('reportPerson', { name: target.person.displayName });
  return (
    <Modal id="report-dialog" title={title} onClose={onClose}>
      {done ? (
        <p role="status" data-testid="report-sent">
          {t('reported')}
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p class="muted">{t('reportIntro')}</p>
          <fieldset class="report-reasons">
            <legend>{t('reason')}</legend>
            {REPORT_REASONS.map((r) => (
              <label key={r} class="report-reason">
                <input
                  type="radio"
                  name="report-reason"
                  value={r}
                  checked={reason === r}
                  data-testid={`report-reason-${r}`}
                  onChange={() => setReason(r)}
                />
                {t(`reasons.${r}`)}
              </label>
            ))}
          </fieldset>
          <label for="report-details">{t('details')}</label>
          <textarea
            id="report-details"
            rows={3}
            maxLength={1000}
            aria-describedby="report-details-hint"
            value={details}
            onInput={(e) => setDetails(e.currentTarget.value)}
          />
          <p class="field-hint" id="report-details-hint">
            {t('detailsHint')}
          </p>
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
          <div class="safety-actions">
            <button type="submit" class="button primary" data-testid="send-report" disabled={busy}>
              {t('send')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

function BlockedPeopleDialog({ onClose }) {
  const safety = useSafety();
  const [error, setError] = useState(null);
  useEffect(() => {
    safety.load().catch((e) => setError(e.userMessage ?? String(e)));
  }, [safety]);
  const list = safety.list();
  return (
    <Modal id="blocked-people-dialog" title={t('blockedPeople')} onClose={onClose}>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {list.length === 0 ? (
        <p class="muted">{t('blockedNone')}</p>
      ) : (
        <ul class="member-list" data-testid="blocked-list">
          {list.map(({ account, blockedAt }) => (
            <li key={account.id} class="member" data-testid="blocked-person" data-username={account.username}>
              <Avatar id={account.id} name={account.displayName} size={36} />
              <span class="person-text">
                <span class="person-name">{account.displayName}</span>
                <span class="muted">
                  {account.username ? `@${account.username} · ` : ''}
                  {t('blockedSince', { when: formatDateTime(blockedAt) })}
                </span>
              </span>
              <button
                type="button"
                class="button small"
                aria-label={t('unblockPerson', { name: account.displayName })}
                onClick={() => safety.unblock(account.id).catch((e) => setError(e.userMessage ?? String(e)))}
              >
                {t('unblock')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

/** A circle with a bar: the usual sign for "blocked". */
function BlockIcon({ size = 20 }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M5.6 5.6l12.8 12.8" stroke="currentColor" stroke-width="2" />
    </svg>
  );
}
