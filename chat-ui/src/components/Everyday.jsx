// The messenger's everyday features (issue 17) as components: pin and archive buttons, the
// pinned-messages bar, "jump to latest", what-was-on-screen read marks, the emoji picker and the
// group settings (description, rights, admins, invite links). Styles in everyday.css.
import { useEffect, useRef, useState } from 'preact/hooks';
import { namespace } from '../i18n.js';
import catalogue from '../locales/everyday.js';
import { ArrowDownIcon } from './Icons.jsx';
import './everyday.css';

export const t = namespace('everyday', catalogue);

function PinGlyph() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M16 3l5 5-3 1-4 4 1 5-2 2-4-4-5 5-1-1 5-5-4-4 2-2 5 1 4-4z" />
    </svg>
  );
}

function ArchiveGlyph() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M3 4h18v4H3zm1 5h16v11H4zm5 3v2h6v-2z" />
    </svg>
  );
}

/** Pin to top and archive, for the member's own list; both toggle. */
export function PlaceButtons({ conv, chat }) {
  return (
    <>
      <button
        type="button"
        class={`icon-button${conv.pinned ? ' on' : ''}`}
        aria-pressed={conv.pinned ? 'true' : 'false'}
        aria-label={conv.pinned ? t('unpinConversation') : t('pinConversation')}
        title={conv.pinned ? t('unpinConversation') : t('pinConversation')}
        data-testid="pin-conversation"
        onClick={() => chat.setPinned(conv.id, !conv.pinned).catch(() => {})}
      >
        <PinGlyph />
      </button>
      <button
        type="button"
        class={`icon-button${conv.archived ? ' on' : ''}`}
        aria-pressed={conv.archived ? 'true' : 'false'}
        aria-label={conv.archived ? t('unarchiveConversation') : t('archiveConversation')}
        title={conv.archived ? t('unarchiveConversation') : t('archiveConversation')}
        data-testid="archive-conversation"
        onClick={() => chat.setArchived(conv.id, !conv.archived).catch(() => {})}
      >
        <ArchiveGlyph />
      </button>
    </>
  );
}

/** The small marks of a list row: pinned, a draft, unread mentions. */
export function ListMarks({ conv, draft }) {
  return (
    <>
      {conv.pinned && !conv.archived && (
        <span class="list-pin" title={t('pinned')} data-testid="pinned-mark">
          <PinGlyph />
          <span class="sr-only">{t('pinned')}</span>
        </span>
      )}
      {draft && (
        <span class="draft-label" data-testid="draft-label">
          {t('draft')}
        </span>
      )}
      {conv.mentions > 0 && (
        <span class="mention-badge" title={t('mentionsUnread', { count: conv.mentions })} data-testid="mention-badge">
          @<span class="sr-only">{t('mentionsUnread', { count: conv.mentions })}</span>
        </span>
      )}
    </>
  );
}

/** The bar of pinned messages at the top of a conversation: the newest first, a click shows the next. */
export function PinnedBar({ conv, chat, pins, mayPin }) {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    chat.loadPins(conv.id).catch(() => {});
  }, [chat, conv.id]);
  if (!pins || !pins.length) return null;
  const i = index % pins.length;
  const p = pins[i];
  return (
    <div class="pinned-bar" data-testid="pinned-bar" role="region" aria-label={t('pinnedMessage')}>
      <button
        type="button"
        class="pinned-main"
        title={t('nextPinned')}
        onClick={() => {
          chat.jumpTo(conv.id, { messageId: p.message.id, seq: p.message.seq });
          setIndex(i + 1);
        }}
      >
        <span class="pinned-label">
          {t('pinnedMessage')}
          {pins.length > 1 ? ` · ${t('pinnedCount', { index: i + 1, count: pins.length })}` : ''}
        </span>
        <span class="pinned-text" data-testid="pinned-text">
          {p.message.text}
        </span>
      </button>
      {mayPin && (
        <button
          type="button"
          class="icon-button tiny"
          aria-label={t('unpinMessage')}
          title={t('unpinMessage')}
          data-testid="unpin-message"
          onClick={() => chat.pinMessage(conv.id, p.message.id, false).catch(() => {})}
        >
          ×
        </button>
      )}
    </div>
  );
}

/** Whether the viewer may use a group right (owners and admins always may). */
export function mayUse(conv, meId, right) {
  if (conv.kind !== 'group') return true;
  const role = (conv.members ?? []).find((m) => m.id === meId)?.role;
  if (role === 'owner' || role === 'admin') return true;
  return (conv.rights?.[right] ?? 'members') === 'members';
}

/** "Jump to latest" while the reader is scrolled up, with the unread count. */
export function JumpToLatest({ unread, onJump }) {
  const label = unread > 0 ? t('jumpToLatestUnread', { count: unread }) : t('jumpToLatest');
  return (
    <button type="button" class="jump-button" onClick={onJump} data-testid="jump-to-latest-scrolled" aria-label={label}>
      <ArrowDownIcon size={16} />
      {unread > 0 ? <span class="jump-count">{unread > 99 ? '99+' : unread}</span> : null}
    </button>
  );
}

/**
 * Reports to the chat the newest message seen on screen (IntersectionObserver), so a conversation
 * opened with many unread marks read only what was shown; the chat stops reading past it.
 */
export function useSeenMarks(scroller, chat, conv, items) {
  useEffect(() => {
    if (!chat.watchRead) return undefined;
    chat.watchRead(conv.id, conv.lastReadSeq || 0);
    return () => chat.unwatchRead(conv.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per conversation
  }, [chat, conv.id]);
  useEffect(() => {
    const root = scroller.current;
    if (!root || typeof IntersectionObserver === 'undefined' || !chat.seen) return undefined;
    const io = new IntersectionObserver(
      (entries) => {
        let best = 0;
        for (const e of entries) {
          // Mostly shown, or filling half the view (a tall picture never shows 60 % of itself).
          const shown = e.intersectionRatio >= 0.6 || e.intersectionRect.height >= (e.rootBounds?.height ?? 0) / 2;
          if (!e.isIntersecting || !shown) continue;
          const seq = Number(e.target.getAttribute('data-seq'));
          if (seq > best) best = seq;
        }
        if (best) chat.seen(conv.id, best);
      },
      { root, threshold: [0, 0.6, 1] },
    );
    root.querySelectorAll('[data-testid="message"][data-seq]').forEach((el) => io.observe(el));
    return () => io.disconnect();
  }, [scroller, chat, conv.id, items]);
}

let pickerModule = null;
/** Loads the picker (a web component) and its emoji data only when first opened. */
function loadPicker() {
  if (!pickerModule) {
    pickerModule = Promise.all([
      import('emoji-picker-element'),
      import('emoji-picker-element-data/en/emojibase/data.json?url'),
    ]).then(([, data]) => data.default);
  }
  return pickerModule;
}

/** The emoji button of the composer: opens a keyboard-accessible picker; a pick is inserted at the caret. */
export function EmojiButton({ onPick }) {
  const [open, setOpen] = useState(false);
  const [dataSource, setDataSource] = useState(null);
  const host = useRef(null);
  const button = useRef(null);
  // The caller's handler changes on every render of the composer; the picker must not be rebuilt
  // (and its emoji data reloaded) for that, so the latest handler is read through a ref.
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!open) return undefined;
    let live = true;
    loadPicker()
      .then((url) => live && setDataSource(url))
      .catch(() => live && setOpen(false));
    return () => {
      live = false;
    };
  }, [open]);

  useEffect(() => {
    const el = host.current;
    if (!open || !dataSource || !el) return undefined;
    const picker = document.createElement('emoji-picker');
    picker.dataSource = dataSource;
    picker.setAttribute('data-testid', 'emoji-picker');
    const onClick = (e) => {
      pick.current(e.detail.unicode);
      setOpen(false);
    };
    const onKey = (e) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    picker.addEventListener('emoji-click', onClick);
    picker.addEventListener('keydown', onKey);
    el.appendChild(picker);
    requestAnimationFrame(() => picker.shadowRoot?.querySelector('input')?.focus());
    return () => {
      picker.removeEventListener('emoji-click', onClick);
      picker.remove();
    };
  }, [open, dataSource]);

  return (
    <div class="emoji-button-wrap">
      <button
        type="button"
        ref={button}
        class="icon-button"
        aria-label={t('emoji')}
        title={t('emoji')}
        aria-expanded={open ? 'true' : 'false'}
        data-testid="emoji-button"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">☺</span>
      </button>
      {open && (
        <div class="emoji-popover" ref={host}>
          {!dataSource && (
            <p class="muted small" role="status">
              {t('emojiLoading')}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
