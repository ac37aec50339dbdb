import { t as tm } from './Everyday.jsx';
import { useEffect, useRef, useState } from 'preact/hooks';
import { MORE_REACTIONS, QUICK_REACTIONS, canDelete, canEdit, deliveredTo, readBy } from '../messageActions.js';
import { ReportMessageItem } from './Safety.jsx';
import { namespace } from '../i18n.js';
import messagesCatalogue from '../locales/messages.js';

const t = namespace('messages', messagesCatalogue);

/**
 * The "⋯" menu of a message: a quick reaction bar (six emoji and a few more), Reply, Forward,
 * Edit and Delete where allowed, and in a group the message's info (read by whom).
 */
export function MessageMenu({ message, me, conv, marks, actions }) {
  const [open, setOpen] = useState(false);
  const [more, setMore] = useState(false);
  const [info, setInfo] = useState(false);
  const ref = useRef(null);
  const mine = message.senderId === me.id;

  useEffect(() => {
    if (!open) return undefined;
    const away = (e) => {
      if (ref.current && !ref.current.contains(e.target)) close();
    };
    const esc = (e) => e.key === 'Escape' && close();
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);

  function close() {
    setOpen(false);
    setMore(false);
    setInfo(false);
  }

  function run(fn) {
    close();
    fn();
  }

  const react = (emoji) =>
    run(() => {
      const on = !(message.reactions ?? []).some((r) => r.emoji === emoji && (r.accountIds ?? []).includes(me.id));
      actions.react(message, emoji, on);
    });

  return (
    <div class="message-menu" ref={ref}>
      <button
        type="button"
        class="icon-button tiny menu-trigger"
        aria-label={t('actions')}
        aria-haspopup="menu"
        aria-expanded={open ? 'true' : 'false'}
        data-testid="message-menu"
        onClick={() => (open ? close() : setOpen(true))}
      >
        ⋯
      </button>
      {open && (
        <div class={`menu-popover${mine ? ' mine' : ''}`} role="menu" data-testid="message-menu-popover">
          <div class="quick-reactions" role="group" aria-label={t('react')}>
            {QUICK_REACTIONS.map((e) => (
              <button
                key={e}
                type="button"
                class="emoji-button"
                role="menuitem"
                data-testid="quick-reaction"
                data-emoji={e}
                aria-label={t('reactWith', { emoji: e })}
                onClick={() => react(e)}
              >
                {e}
              </button>
            ))}
            <button
              type="button"
              class="emoji-button"
              aria-label={t('moreReactions')}
              aria-expanded={more ? 'true' : 'false'}
              onClick={() => setMore(!more)}
            >
              +
            </button>
          </div>
          {more && (
            <div class="emoji-picker" role="group" aria-label={t('moreReactions')} data-testid="emoji-picker">
              {MORE_REACTIONS.map((e) => (
                <button
                  key={e}
                  type="button"
                  class="emoji-button"
                  aria-label={t('reactWith', { emoji: e })}
                  onClick={() => react(e)}
                >
                  {e}
                </button>
              ))}
            </div>
          )}
          <button
            type="button"
            role="menuitem"
            data-testid="action-reply"
            onClick={() => run(() => actions.reply(message))}
          >
            {t('reply')}
          </button>
          <button
            type="button"
            role="menuitem"
            data-testid="action-forward"
            onClick={() => run(() => actions.forward(message))}
          >
            {t('forward')}
          </button>
          {actions.pin && (
            <button
              type="button"
              role="menuitem"
              data-testid="action-pin"
              onClick={() => run(() => actions.pin(message, !actions.isPinned(message)))}
            >
              {actions.isPinned(message) ? tm('unpinMessage') : tm('pinMessage')}
            </button>
          )}
          {canEdit(message, me.id) && (
            <button
              type="button"
              role="menuitem"
              data-testid="action-edit"
              onClick={() => run(() => actions.edit(message))}
            >
              {t('edit')}
            </button>
          )}
          {canDelete(message, me.id, conv) && (
            <button
              type="button"
              role="menuitem"
              class="danger"
              data-testid="action-delete"
              onClick={() => run(() => actions.remove(message))}
            >
              {t('delete')}
            </button>
          )}
          <ReportMessageItem message={message} me={me} conv={conv} onChosen={close} />
          {mine && conv.kind === 'group' && (
            <button type="button" role="menuitem" data-testid="action-info" onClick={() => setInfo(!info)}>
              {t('info')}
            </button>
          )}
          {info && (
            <div class="message-info" data-testid="message-info">
              <p>
                <strong>{t('readBy')}</strong> {readBy(marks, message.seq, conv.members).join(', ') || t('nobodyYet')}
              </p>
              <p>
                <strong>{t('deliveredTo')}</strong> {deliveredTo(marks, message.seq, conv.members).join(', ') || '—'}
              </p>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
