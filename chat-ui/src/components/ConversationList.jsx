import { previewOf, shortTime } from '../format.js';
import { MutedMark } from './Mute.jsx';
import { ConversationAvatar, ConversationTitle } from './Avatar.jsx';
import { ListMarks, t as tm } from './Everyday.jsx';
import { listSections } from '../everyday.js';
import { formatNumber, namespace } from '../i18n.js';
import conversationsCatalogue from '../locales/conversations.js';

const t = namespace('conversations', conversationsCatalogue);

/** The list of conversations with their last message and unread count. */
export function ConversationList({
  conversations,
  activeId,
  me,
  onOpen,
  listState,
  filter,
  onRetry,
  onNewGroup,
  onNewDirect,
  drafts,
}) {
  if (!listState.loaded && listState.loading) {
    return (
      <div class="list-placeholder" role="status">
        <span class="spinner" aria-hidden="true" /> {t('loading')}
      </div>
    );
  }
  if (!listState.loaded && listState.error) {
    return (
      <div class="list-placeholder" role="alert">
        <p>{listState.error.userMessage}</p>
        <button type="button" class="button" onClick={onRetry}>
          {t('tryAgain')}
        </button>
      </div>
    );
  }
  if (!conversations.length) {
    return filter ? (
      <p class="list-placeholder muted">{t('noMatch', { filter })}</p>
    ) : (
      <div class="list-placeholder empty-list" data-testid="empty-list">
        <p>
          <strong>{t('empty')}</strong>
        </p>
        <p class="muted">{t('emptyHint')}</p>
        <div class="row">
          <button type="button" class="button" onClick={onNewDirect}>
            {t('newMessage')}
          </button>
          <button type="button" class="button primary" onClick={onNewGroup}>
            {t('newGroup')}
          </button>
        </div>
      </div>
    );
  }
  const now = new Date();
  // Pinned first (in pin order), then recent, archived in their own section (issue 17).
  const { pinned, recent, archived } = listSections(conversations);
  const rows = (list) =>
    list.map((c) => {
      const active = c.id === activeId;
      const unread = c.unread || 0;
      const when = c.lastMessage?.createdAt ?? c.updatedAt;
      return (
        <li key={c.id}>
          <a
            href={`/c/${encodeURIComponent(c.id)}`}
            class={`conversation-item${active ? ' active' : ''}${unread ? ' has-unread' : ''}`}
            aria-current={active ? 'page' : undefined}
            data-testid="conversation-item"
            data-conversation-id={c.id}
            data-title={c.title}
            data-unread={unread}
            onClick={(e) => {
              if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
              e.preventDefault();
              onOpen(c.id);
            }}
          >
            <ConversationAvatar conv={c} meId={me.id} size={44} />
            <span class="conversation-main">
              <span class="conversation-top">
                <span class="conversation-title" data-testid="conversation-title">
                  <ConversationTitle conv={c} meId={me.id} />
                </span>
                {c.muted && <MutedMark />}
                <time class="conversation-time" dateTime={when}>
                  {shortTime(when, now)}
                </time>
              </span>
              <span class="conversation-bottom">
                <span class={`conversation-preview${c.lastMessage?.kind === 'system' ? ' system' : ''}`}>
                  {previewOf(c, me.id)}
                </span>
                <ListMarks conv={c} draft={!active && drafts?.has(c.id)} />
                {unread > 0 && (
                  <>
                    <span class="badge" aria-hidden="true" data-testid="unread-badge">
                      {unread > 99 ? `${formatNumber(99)}+` : formatNumber(unread)}
                    </span>
                    <span class="sr-only">{t('unread', { count: unread })}</span>
                  </>
                )}
              </span>
            </span>
          </a>
        </li>
      );
    });
  return (
    <>
      <ul class="conversation-list" data-testid="conversation-list">
        {rows(pinned)}
        {rows(recent)}
      </ul>
      {archived.length > 0 && (
        <details class="archived-section" data-testid="archived-section" open={archived.some((c) => c.id === activeId)}>
          <summary>{tm('archived', { count: archived.length })}</summary>
          <ul class="conversation-list" data-testid="archived-list">
            {rows(archived)}
          </ul>
        </details>
      )}
    </>
  );
}
