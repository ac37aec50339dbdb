import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { MAX_TEXT } from '../chat.js';
import {
  applyCompletion,
  argHint,
  completionContext,
  matchCommands,
  matchMembers,
  moveSelection,
  parseCommand,
  unescapeSlash,
} from '../commands.js';
import { AppIcon } from './AppIcon.jsx';
import { Avatar } from './Avatar.jsx';
import { CloseIcon, SendIcon } from './Icons.jsx';
import { filesFromTransfer } from '../attachments.js';
import { AttachButton, AttachmentTray, MicButton, VoiceRecorder } from './AttachmentTray.jsx';
import { ComposerLinkPreview, useLinkPreview } from './LinkPreview.jsx';
import { previewField } from '../links.js';
import { mentionContext } from '../everyday.js';
import { EmojiButton } from './Everyday.jsx';
import { NoAppsHint } from './NoAppsHint.jsx';
import { namespace } from '../i18n.js';
import conversationsCatalogue from '../locales/conversations.js';

const t = namespace('conversations', conversationsCatalogue);

const MAX_HEIGHT = 180;

/**
 * The message box: Enter sends, Shift+Enter starts a new line. Keeps a draft per conversation.
 * Typing `/` lists the installed apps' commands, `@` inside a command's arguments lists the
 * members; ↑/↓ move, Tab or Enter complete, Escape closes the list. A command goes to the
 * broker (`onCommand`), and its text stays in the box until the app took it.
 */
export function Composer({
  conversationTitle,
  initialText,
  onDraft,
  onSend,
  onCommand,
  commands = [],
  members = [],
  meId,
  notes = [],
  onDismissNote,
  prefill,
  autoFocus,
  above = null,
  onTyping,
  onEditLast,
  onEscape,
  attach,
  fetchPreview,
  onBrowseApps,
}) {
  const [text, setText] = useState(initialText ?? '');
  const [caret, setCaret] = useState((initialText ?? '').length);
  const [selected, setSelected] = useState(0);
  const [dismissed, setDismissed] = useState(null); // the text the list was closed for
  const [running, setRunning] = useState(null); // the command being run
  const [problem, setProblem] = useState(null);
  const [armed, setArmed] = useState(false); // sends by itself once the attachments are uploaded
  const [recording, setRecording] = useState(false);
  const ref = useRef(null);
  const caretAfter = useRef(null);
  const [linkPreview, dismissPreview] = useLinkPreview(text, fetchPreview);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    const borders = el.offsetHeight - el.clientHeight;
    const wanted = el.scrollHeight + borders;
    el.style.height = `${Math.min(wanted, MAX_HEIGHT)}px`;
    el.classList.toggle('scrolls', wanted > MAX_HEIGHT);
    if (caretAfter.current != null) {
      el.setSelectionRange(caretAfter.current, caretAfter.current);
      caretAfter.current = null;
    }
  }, [text]);

  useEffect(() => {
    if (autoFocus) ref.current?.focus({ preventScroll: true });
  }, [autoFocus]);

  useEffect(() => {
    onDraft(text);
  }, [text, onDraft]);

  // Something outside (a shortcut) puts text in the box.
  useEffect(() => {
    if (!prefill) return;
    setText(prefill.text);
    setCaret(prefill.text.length);
    caretAfter.current = prefill.text.length;
    setProblem(null);
    ref.current?.focus();
  }, [prefill]);

  // `@` completes members in commands' arguments and, for mentions, in ordinary messages (issue 17).
  const ctx = useMemo(() => completionContext(text, caret) ?? mentionContext(text, caret), [text, caret]);
  const suggestions = useMemo(() => {
    if (!ctx || dismissed === text) return [];
    if (ctx.kind === 'command') return matchCommands(commands, ctx.query, 20);
    return matchMembers(members, ctx.query, meId, 8);
  }, [ctx, commands, members, meId, dismissed, text]);
  const menuOpen = suggestions.length > 0;
  const active = menuOpen ? Math.min(selected, suggestions.length - 1) : -1;
  const typedCommand = ctx?.kind === 'command' ? commands.find((c) => c.name === ctx.query) : null;
  const hintCommand = !ctx || ctx.kind !== 'command' ? commandOf(text, commands) : null;

  const trimmed = text.trim();
  const length = trimmed.length;
  const tooLong = length > MAX_TEXT;
  const trayStatus = attach?.status ?? 'empty';
  const withFiles = trayStatus !== 'empty';
  const canSend = (length > 0 || withFiles) && !tooLong && !running && !armed;

  // Attachments still uploading when Send was pressed: the message goes once they are ready.
  useEffect(() => {
    if (!armed) return;
    if (trayStatus === 'ready') {
      setArmed(false);
      sendWithFiles();
    } else if (trayStatus !== 'busy') setArmed(false);
    // sendWithFiles reads the text of this render, which is what should go.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [armed, trayStatus]);

  function sendWithFiles() {
    attach.onSend(unescapeSlash(text.trim()));
    update('', 0);
  }

  function update(value, pos) {
    if (onTyping && value && value !== text) onTyping();
    setText(value);
    setCaret(pos ?? value.length);
    setSelected(0);
    if (problem) setProblem(null);
  }

  /** Puts a picked emoji at the caret and gives the box its focus back. */
  function insertEmoji(emoji) {
    const el = ref.current;
    const at = el ? el.selectionStart : caret;
    const next = text.slice(0, at) + emoji + text.slice(at);
    caretAfter.current = at + emoji.length;
    update(next, at + emoji.length);
    el?.focus();
  }

  function complete(index) {
    const item = suggestions[index];
    if (!item || !ctx) return;
    const next = applyCompletion(text, ctx, ctx.kind === 'command' ? item.name : item.username);
    caretAfter.current = next.caret;
    update(next.text, next.caret);
  }

  async function submit() {
    if (!canSend) return;
    if (withFiles) {
      // With attachments the text is a caption, never a command.
      if (trayStatus === 'ready') sendWithFiles();
      else if (trayStatus === 'busy') setArmed(true);
      else setProblem(t('filesCannotBeSent'));
      ref.current?.focus();
      return;
    }
    const command = parseCommand(trimmed);
    if (!command || !onCommand) {
      const sent = unescapeSlash(trimmed);
      onSend(sent, previewField(sent, linkPreview));
      update('', 0);
      ref.current?.focus();
      return;
    }
    setRunning(`/${command.name}`);
    setProblem(null);
    let outcome;
    try {
      outcome = await onCommand(trimmed);
    } catch (e) {
      outcome = { kind: 'error', message: e?.message ?? t('commandFailed') };
    } finally {
      setRunning(null);
    }
    if (outcome.kind === 'done' || outcome.kind === 'pending') {
      // The app took it: clear the box unless the person already typed something else.
      setText((current) => (current.trim() === trimmed ? '' : current));
      setCaret(0);
    } else {
      setProblem(outcome.message ?? t('commandFailed'));
    }
    ref.current?.focus();
  }

  function onKeyDown(e) {
    if (e.isComposing || e.keyCode === 229) return;
    if (menuOpen) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setSelected(moveSelection(active, e.key === 'ArrowDown' ? 1 : -1, suggestions.length));
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(text);
        return;
      }
      if (e.key === 'Tab' || (e.key === 'Enter' && !e.shiftKey && !e.altKey)) {
        // Enter on a command typed out in full sends it; otherwise it completes.
        const exact = ctx?.kind === 'command' && suggestions[active]?.name === ctx.query;
        if (!(e.key === 'Enter' && exact)) {
          e.preventDefault();
          complete(active);
          return;
        }
      }
    }
    // ↑ in an empty box edits our last message; Escape leaves a reply or an edit (MessageMenu).
    if (e.key === 'ArrowUp' && !text && onEditLast) {
      e.preventDefault();
      onEditLast();
      return;
    }
    if (e.key === 'Escape' && onEscape && onEscape()) {
      e.preventDefault();
      return;
    }
    if (e.key !== 'Enter') return;
    if (e.shiftKey || e.altKey) return; // a new line
    e.preventDefault();
    submit();
  }

  const listId = 'composer-suggestions';
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label={t('sendAMessage')}
    >
      {above}
      {attach && <AttachmentTray items={attach.tray} onRemove={attach.onRemove} onRetry={attach.onRetry} />}
      {armed && (
        <p class="composer-status" role="status" data-testid="send-when-uploaded">
          <span class="spinner small" aria-hidden="true" /> {t('sendingWhenUploaded')}{' '}
          <button type="button" class="link-button" onClick={() => setArmed(false)}>
            {t('cancel')}
          </button>
        </p>
      )}
      <ComposerLinkPreview state={linkPreview} onDismiss={dismissPreview} />
      {(notes.length > 0 || problem || running) && (
        <div class="composer-notes">
          {running && (
            <p class="composer-status" role="status" data-testid="command-running">
              <span class="spinner small" aria-hidden="true" /> {t('running', { command: running })}
            </p>
          )}
          {problem && (
            <p class="composer-status error" role="alert" data-testid="command-error">
              {problem}
            </p>
          )}
          {notes.map((n) => (
            <p key={n.key} class="composer-status slow" role="status" data-testid="app-slow" data-app-id={n.appId}>
              <span class="spinner small" aria-hidden="true" />
              <span>{n.text}</span>
              <button
                type="button"
                class="icon-button tiny"
                aria-label={t('dismiss')}
                onClick={() => onDismissNote(n.key)}
              >
                <CloseIcon size={14} />
              </button>
            </p>
          ))}
        </div>
      )}
      {recording && attach && (
        <VoiceRecorder
          onCancel={() => {
            setRecording(false);
            ref.current?.focus();
          }}
          onDone={(file, durationMs) => {
            setRecording(false);
            attach.onFiles([file], { recorded: true, durationMs });
            setArmed(true);
          }}
        />
      )}
      <div class="composer-row" hidden={recording}>
        {attach && <AttachButton onFiles={(list) => attach.onFiles(list)} narrow={attach.narrow} />}
        <div class="composer-box">
          {!menuOpen && onBrowseApps && commands.length === 0 && ctx?.kind === 'command' && dismissed !== text && (
            <NoAppsHint onBrowse={onBrowseApps} />
          )}
          {menuOpen && (
            <ul
              class="suggestions"
              id={listId}
              role="listbox"
              aria-label={ctx.kind === 'command' ? t('commands') : t('members')}
              data-testid="suggestions"
              data-kind={ctx.kind}
            >
              {suggestions.map((item, i) =>
                ctx.kind === 'command' ? (
                  <li
                    key={`${item.app.id}/${item.name}`}
                    id={`${listId}-${i}`}
                    role="option"
                    aria-selected={i === active ? 'true' : 'false'}
                    class="suggestion"
                    data-testid="command-suggestion"
                    data-command={item.name}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      complete(i);
                    }}
                    onMouseEnter={() => setSelected(i)}
                  >
                    <AppIcon app={item.app} size={24} />
                    <span class="suggestion-text">
                      <span>
                        <strong>/{item.name}</strong> <span class="muted">{argHint(item)}</span>
                      </span>
                      <span class="muted small">
                        {item.description} · {item.app.name}
                      </span>
                    </span>
                  </li>
                ) : (
                  <li
                    key={item.id}
                    id={`${listId}-${i}`}
                    role="option"
                    aria-selected={i === active ? 'true' : 'false'}
                    class="suggestion"
                    data-testid="member-suggestion"
                    data-username={item.username}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      complete(i);
                    }}
                    onMouseEnter={() => setSelected(i)}
                  >
                    <Avatar id={item.id} name={item.displayName} size={24} />
                    <span class="suggestion-text">
                      <span>{item.displayName}</span>
                      <span class="muted small">@{item.username}</span>
                    </span>
                  </li>
                ),
              )}
            </ul>
          )}
          <label for="composer-input" class="sr-only">
            {t('messageTo', { title: conversationTitle })}
          </label>
          <textarea
            id="composer-input"
            ref={ref}
            data-testid="composer-input"
            rows={1}
            placeholder={commands.length ? t('placeholderCommands') : t('placeholder')}
            value={text}
            onInput={(e) => update(e.currentTarget.value, e.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
            onPaste={(e) => {
              if (!attach) return;
              const pasted = filesFromTransfer(e.clipboardData);
              if (!pasted.length) return;
              // A picture copied from a page also carries text (its address): take the picture only.
              e.preventDefault();
              attach.onFiles(pasted);
            }}
            onKeyUp={(e) => {
              if (!['ArrowUp', 'ArrowDown'].includes(e.key)) setCaret(e.currentTarget.selectionStart);
            }}
            onClick={(e) => setCaret(e.currentTarget.selectionStart)}
            aria-autocomplete="list"
            aria-controls={menuOpen ? listId : undefined}
            aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
            aria-describedby="composer-help"
            aria-invalid={tooLong ? 'true' : undefined}
            enterkeyhint="send"
            autocomplete="off"
          />
          <span id="composer-help" class="sr-only">
            {t('composerHelp')}
          </span>
          {(typedCommand || hintCommand) && !menuOpen && argHint(typedCommand || hintCommand) && (
            <span class="arg-hint muted" data-testid="arg-hint">
              /{(typedCommand || hintCommand).name} {argHint(typedCommand || hintCommand)}
            </span>
          )}
          {length > MAX_TEXT - 500 && (
            <span class={`counter${tooLong ? ' over' : ''}`} aria-live="polite" data-testid="composer-counter">
              {tooLong ? t('tooLong', { count: length - MAX_TEXT }) : t('left', { count: MAX_TEXT - length })}
            </span>
          )}
        </div>
        <EmojiButton onPick={insertEmoji} />
        {attach && !text && !withFiles && <MicButton onStart={() => setRecording(true)} />}
        <button type="submit" class="send-button" aria-label={t('send')} data-testid="send" disabled={!canSend}>
          <SendIcon />
        </button>
      </div>
    </form>
  );
}

function commandOf(text, commands) {
  const parsed = parseCommand(text);
  return parsed ? (commands.find((c) => c.name === parsed.name) ?? null) : null;
}
