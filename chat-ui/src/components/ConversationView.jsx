import { useEffect, useMemo } from 'preact/hooks';
import { availableCommands } from '../commands.js';
import { hasOlder } from '../state.js';
import { AppIcon } from './AppIcon.jsx';
import { Avatar } from './Avatar.jsx';
import { Composer } from './Composer.jsx';
import { AppsIcon, BackIcon, InfoIcon, PersonAddIcon } from './Icons.jsx';
import { MessageList } from './MessageList.jsx';
import { MuteButton } from './Mute.jsx';

const NO_NOTES = [];

/** One open conversation: its header, messages, the app shortcuts and the composer. */
export function ConversationView({
  chat,
  snap,
  apps,
  appsSnap,
  conv,
  onBack,
  onAddPeople,
  onInfo,
  onApps,
  onShortcut,
  cards,
  drafts,
  focusComposer,
  narrow,
  prefill,
}) {
  const { state, load } = snap;
  const me = state.me;
  const bucket = state.messages[conv.id];
  const pending = state.pending[conv.id] ?? [];
  // Where "New messages" starts: fixed when the conversation is opened.
  const unreadAfterSeq = useMemo(() => (conv.unread > 0 ? conv.lastReadSeq || 0 : null), [conv.id]);
  const isGroup = conv.kind === 'group';
  const other = !isGroup ? (conv.members ?? []).find((m) => m.id !== me.id) : null;
  const subtitle = isGroup ? `${(conv.members ?? []).length} members` : other ? `@${other.username}` : '';

  const onDraft = useMemo(() => (text) => drafts.set(conv.id, text), [conv.id, drafts]);
  const installed = appsSnap.installed[conv.id];
  const commands = useMemo(() => availableCommands(installed?.items ?? []), [installed?.items]);
  const pins = appsSnap.pins.items;

  useEffect(() => {
    apps.loadInstalled(conv.id).catch(() => {});
  }, [apps, conv.id]);

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
        <button
          type="button"
          class="icon-button back-button"
          aria-label="Back to conversations"
          data-testid="back"
          onClick={onBack}
        >
          <BackIcon />
        </button>
        <Avatar id={conv.id} name={conv.title} group={isGroup} size={40} />
        <div class="conversation-heading">
          <h2 id="conversation-title" data-testid="conversation-heading">
            {conv.title}
          </h2>
          {subtitle && <p class="muted">{subtitle}</p>}
        </div>
        <button
          type="button"
          class="icon-button"
          aria-label="Apps"
          title="Apps"
          data-testid="open-app-directory"
          onClick={onApps}
        >
          <AppsIcon />
        </button>
        {isGroup && (
          <button
            type="button"
            class="icon-button"
            aria-label="Add people"
            title="Add people"
            data-testid="add-people"
            onClick={onAddPeople}
          >
            <PersonAddIcon />
          </button>
        )}
        <MuteButton conv={conv} chat={chat} />
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
        cards={cards}
        focus={snap.focus}
      />
      {pins.length > 0 && (
        <nav class="shortcuts" aria-label="Your app shortcuts" data-testid="shortcuts">
          {pins.map((app) => (
            <button
              key={app.id}
              type="button"
              class="shortcut"
              data-testid="shortcut"
              data-app-id={app.id}
              onClick={() => onShortcut(app)}
            >
              <AppIcon app={app} size={18} />
              <span>{app.name}</span>
            </button>
          ))}
        </nav>
      )}
      <Composer
        key={`composer-${conv.id}`}
        conversationTitle={conv.title}
        initialText={drafts.get(conv.id) ?? ''}
        onDraft={onDraft}
        onSend={(text, extra) => chat.send(conv.id, text, extra)}
        fetchPreview={chat.linkPreview}
        onCommand={(text) => apps.runCommand(conv.id, text)}
        commands={commands}
        members={conv.members ?? []}
        meId={me.id}
        notes={appsSnap.slow[conv.id] ?? NO_NOTES}
        onDismissNote={(key) => apps.dismissSlow(conv.id, key)}
        prefill={prefill}
        autoFocus={focusComposer}
      />
    </section>
  );
}
