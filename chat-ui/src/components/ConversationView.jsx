import { useMemo } from 'preact/hooks';
import { hasOlder } from '../state.js';
import { Avatar } from './Avatar.jsx';
import { Composer } from './Composer.jsx';
import { BackIcon, InfoIcon, PersonAddIcon } from './Icons.jsx';
import { MessageList } from './MessageList.jsx';

/** One open conversation: its header, messages and the composer. */
export function ConversationView({ chat, snap, conv, onBack, onAddPeople, onInfo, drafts, focusComposer, narrow }) {
  const { state, load } = snap;
  const me = state.me;
  const bucket = state.messages[conv.id];
  const pending = state.pending[conv.id] ?? [];
  // Where "New messages" starts: fixed when the conversation is opened.
  const unreadAfterSeq = useMemo(() => (conv.unread > 0 ? conv.lastReadSeq || 0 : null), [conv.id]);
  const isGroup = conv.kind === 'group';
  const other = !isGroup ? (conv.members ?? []).find((m) => m.id !== me.id) : null;
  const subtitle = isGroup
    ? `${(conv.members ?? []).length} members`
    : other
      ? `@${other.username}`
      : '';

  const onDraft = useMemo(() => (text) => drafts.set(conv.id, text), [conv.id, drafts]);

  return (
    <section
      class="conversation"
      aria-labelledby="conversation-title"
      data-testid="conversation"
      data-conversation-id={conv.id}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && narrow && !e.defaultPrevented) {
          e.preventDefault();
          onBack();
        }
      }}
    >
      <header class="conversation-header">
        <button type="button" class="icon-button back-button" aria-label="Back to conversations" data-testid="back" onClick={onBack}>
          <BackIcon />
        </button>
        <Avatar id={conv.id} name={conv.title} group={isGroup} size={40} />
        <div class="conversation-heading">
          <h2 id="conversation-title" data-testid="conversation-heading">
            {conv.title}
          </h2>
          {subtitle && <p class="muted">{subtitle}</p>}
        </div>
        {isGroup && (
          <button type="button" class="icon-button" aria-label="Add people" title="Add people" data-testid="add-people" onClick={onAddPeople}>
            <PersonAddIcon />
          </button>
        )}
        <button
          type="button"
          class="icon-button"
          aria-label={isGroup ? 'Group details' : 'Conversation details'}
          title="Details"
          data-testid="conversation-info"
          onClick={onInfo}
        >
          <InfoIcon />
        </button>
      </header>
      <MessageList
        key={`messages-${conv.id}`}
        chat={chat}
        conv={conv}
        bucket={bucket}
        pending={pending}
        load={load[conv.id]}
        me={me}
        readers={state.readers[conv.id]}
        unreadAfterSeq={unreadAfterSeq}
        hasOlder={hasOlder(state, conv.id)}
      />
      <Composer
        key={`composer-${conv.id}`}
        conversationTitle={conv.title}
        initialText={drafts.get(conv.id) ?? ''}
        onDraft={onDraft}
        onSend={(text) => chat.send(conv.id, text)}
        autoFocus={focusComposer}
      />
    </section>
  );
}
