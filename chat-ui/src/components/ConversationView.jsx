import { useEffect, useMemo, useState } from 'preact/hooks';
import { draftQuote, lastEditable } from '../messageActions.js';
import { ForwardDialog } from './ForwardDialog.jsx';
import { ReplyQuote } from './ReplyQuote.jsx';
import { TypingLine } from './TypingLine.jsx';
import { useChat } from '../hooks.js';
import { ImageIcon } from './AttachmentIcons.jsx';
import { DropOverlay, useFileDrop } from './DropZone.jsx';
import { MediaFilesDialog } from './MediaFiles.jsx';
import { availableCommands } from '../commands.js';
import { hasOlder } from '../state.js';
import { AppIcon } from './AppIcon.jsx';
import { ConversationAvatar, ConversationTitle } from './Avatar.jsx';
import { Composer } from './Composer.jsx';
import { AppsIcon, BackIcon, InfoIcon, PersonAddIcon } from './Icons.jsx';
import { MessageList } from './MessageList.jsx';
import { BlockedNotice, ConversationSafety } from './Safety.jsx';
import { MuteButton } from './Mute.jsx';
import { useInteractiveAnswers } from './useInteractiveAnswers.js';
import { WhyDialog } from './BusinessConsent.jsx';
import { mayUse, PinnedBar, PlaceButtons } from './Everyday.jsx';
import { mentionIdsIn } from '../everyday.js';
import { namespace } from '../i18n.js';
import conversationsCatalogue from '../locales/conversations.js';

const t = namespace('conversations', conversationsCatalogue);

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
  api,
  uploads,
}) {
  const { state, load } = snap;
  const me = state.me;
  const bucket = state.messages[conv.id];
  const pending = state.pending[conv.id] ?? [];
  // Where "New messages" starts: fixed when the conversation is opened.
  const unreadAfterSeq = useMemo(() => (conv.unread > 0 ? conv.lastReadSeq || 0 : null), [conv.id]);
  const isGroup = conv.kind === 'group';
  const other = !isGroup ? (conv.members ?? []).find((m) => m.id !== me.id) : null;
  const subtitle = isGroup ? t('members', { count: (conv.members ?? []).length }) : other ? `@${other.username}` : '';

  const onDraft = useMemo(() => (text) => drafts.set(conv.id, text), [conv.id, drafts]);
  const installed = appsSnap.installed[conv.id];
  const commands = useMemo(() => availableCommands(installed?.items ?? []), [installed?.items]);
  const pins = appsSnap.pins.items;

  useEffect(() => {
    apps.loadInstalled(conv.id).catch(() => {});
  }, [apps, conv.id]);

  // Message actions: the reply being written, the message being edited, the one being forwarded.
  const [quote, setQuote] = useState(null);
  const [editing, setEditing] = useState(null);
  const [forwarding, setForwarding] = useState(null);
  const [editPrefill, setEditPrefill] = useState(null);
  useEffect(() => {
    setQuote(null);
    setEditing(null);
  }, [conv.id]);
  const startEdit = (m) => {
    setQuote(null);
    setEditing(m);
    setEditPrefill({ text: m.text });
  };
  const actions = {
    reply: (m) => {
      setEditing(null);
      setQuote(draftQuote(m));
    },
    edit: startEdit,
    forward: (m) => setForwarding(m),
    remove: (m) => {
      if (window.confirm(t('confirmDelete'))) chat.deleteMessage(conv.id, m.id).catch(() => {});
    },
    react: (m, emoji, on) => chat.react(conv.id, m.id, emoji, on).catch(() => {}),
    // issue 17: pinned messages, for those with the pin right
    pin: mayUse(conv, me.id, 'pin')
      ? (m, on) => chat.pinMessage(conv.id, m.id, on).catch((e) => chat.notify(e.userMessage ?? String(e)))
      : null,
    isPinned: (m) => (snap.pins?.[conv.id] ?? []).some((p) => p.message.id === m.id),
  };
  // `extra`: the composer's own body fields (a link preview: { linkPreview: {url} | false }).
  function sendOrEdit(text, extra) {
    if (editing) {
      const m = editing;
      setEditing(null);
      chat.editMessage(conv.id, m.id, text).catch(() => {});
      return;
    }
    const fields = { ...(extra ?? {}), ...(quote ? { replyToId: quote.id } : {}) };
    const mentionIds = mentionIdsIn(text, conv.members, me.id);
    if (mentionIds.length) fields.mentionIds = mentionIds;
    chat.send(conv.id, text, Object.keys(fields).length ? { fields } : undefined);
    setQuote(null);
  }
  // Attachments: the tray of this conversation, drops onto it, and the "Media and files" view.
  useChat(uploads);
  const [mediaOpen, setMediaOpen] = useState(false);
  const addFiles = (list, extra) => {
    const r = uploads.add(conv.id, list, extra);
    if (r.overflow > 0) chat.notify(t('tooManyFiles', { count: r.overflow }));
  };
  const drop = useFileDrop((list) => addFiles(list));
  // Answers to a business's interactive messages; a requested file goes through the tray.
  const answers = useInteractiveAnswers({ api, chat, conv, cards, addFiles });
  const attach = {
    tray: uploads.tray(conv.id),
    status: uploads.status(conv.id),
    narrow,
    onFiles: addFiles,
    onRemove: (key) => uploads.remove(conv.id, key),
    onRetry: (key) => uploads.retry(conv.id, key),
    onSend: (caption) => {
      const taken = uploads.take(conv.id);
      if (taken) {
        const fields = {
          attachmentIds: taken.attachmentIds,
          ...(quote ? { replyToId: quote.id } : {}),
          ...answers.takeFileAnswer(),
        };
        chat.send(conv.id, caption, { fields, attachments: taken.preview });
        setQuote(null);
      }
    },
  };

  return (
    <section
      class="conversation"
      aria-labelledby="conversation-title"
      data-testid="conversation"
      data-conversation-id={conv.id}
      {...drop.handlers}
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
          aria-label={t('back')}
          data-testid="back"
          onClick={onBack}
        >
          <BackIcon />
        </button>
        <ConversationAvatar conv={conv} meId={me.id} size={40} />
        <div class="conversation-heading">
          <h2 id="conversation-title" data-testid="conversation-heading">
            <ConversationTitle conv={conv} meId={me.id} />
          </h2>
          {subtitle && <p class="muted">{subtitle}</p>}
        </div>
        <button
          type="button"
          class="icon-button"
          aria-label={t('apps')}
          title={t('apps')}
          data-testid="open-app-directory"
          onClick={onApps}
        >
          <AppsIcon />
        </button>
        {isGroup && (
          <button
            type="button"
            class="icon-button"
            aria-label={t('addPeople')}
            title={t('addPeople')}
            data-testid="add-people"
            onClick={onAddPeople}
          >
            <PersonAddIcon />
          </button>
        )}
        <MuteButton conv={conv} chat={chat} />
        <ConversationSafety conv={conv} me={me} />
        <PlaceButtons conv={conv} chat={chat} />
        <button
          type="button"
          class="icon-button"
          aria-label={t('mediaFiles')}
          title={t('mediaFiles')}
          data-testid="open-media-files"
          onClick={() => setMediaOpen(true)}
        >
          <ImageIcon />
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label={isGroup ? t('groupDetails') : t('conversationDetails')}
          title={t('details')}
          data-testid="conversation-info"
          onClick={onInfo}
        >
          <InfoIcon />
        </button>
      </header>
      <BlockedNotice conv={conv} me={me} />
      <PinnedBar conv={conv} chat={chat} pins={snap.pins?.[conv.id]} mayPin={mayUse(conv, me.id, 'pin')} />
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
        interactive={answers.on}
        focus={snap.focus}
        actions={actions}
        state={state}
      />
      <TypingLine state={state} conversationId={conv.id} />
      {forwarding && (
        <ForwardDialog
          state={state}
          onClose={() => setForwarding(null)}
          onPick={(target) => {
            chat.forward(target.id, conv.id, forwarding.id);
            setForwarding(null);
          }}
        />
      )}
      {pins.length > 0 && (
        <nav class="shortcuts" aria-label={t('shortcuts')} data-testid="shortcuts">
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
        onSend={sendOrEdit}
        fetchPreview={chat.linkPreview}
        onBrowseApps={onApps}
        onTyping={() => chat.typing(conv.id)}
        onEditLast={() => {
          const m = lastEditable(bucket?.items, me.id);
          if (m) startEdit(m);
        }}
        onEscape={() => {
          const had = !!(quote || editing);
          setQuote(null);
          setEditing(null);
          return had;
        }}
        above={
          editing ? (
            <ReplyQuote
              quote={{ senderName: t('editing'), excerpt: editing.text }}
              label={t('editMessage')}
              onCancel={() => setEditing(null)}
            />
          ) : (
            quote && <ReplyQuote quote={quote} onCancel={() => setQuote(null)} />
          )
        }
        onCommand={(text) => apps.runCommand(conv.id, text)}
        commands={commands}
        members={conv.members ?? []}
        meId={me.id}
        notes={appsSnap.slow[conv.id] ?? NO_NOTES}
        onDismissNote={(key) => apps.dismissSlow(conv.id, key)}
        prefill={editPrefill ?? prefill}
        autoFocus={focusComposer}
        attach={attach}
      />
      {drop.over && <DropOverlay title={conv.title} />}
      {mediaOpen && (
        <MediaFilesDialog
          api={api}
          conv={conv}
          onClose={() => setMediaOpen(false)}
          onJump={(target) => {
            setMediaOpen(false);
            chat.jumpTo(conv.id, target);
          }}
        />
      )}
      {answers.whyFor && <WhyDialog api={api} messageId={answers.whyFor} onClose={answers.closeWhy} />}
    </section>
  );
}
