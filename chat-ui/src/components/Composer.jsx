import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MAX_TEXT } from '../chat.js';
import { SendIcon } from './Icons.jsx';

const MAX_HEIGHT = 180;

/** The message box: Enter sends, Shift+Enter starts a new line. Keeps a draft per conversation. */
export function Composer({ conversationTitle, initialText, onDraft, onSend, autoFocus }) {
  const [text, setText] = useState(initialText ?? '');
  const ref = useRef(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    const borders = el.offsetHeight - el.clientHeight;
    const wanted = el.scrollHeight + borders;
    el.style.height = `${Math.min(wanted, MAX_HEIGHT)}px`;
    el.classList.toggle('scrolls', wanted > MAX_HEIGHT);
  }, [text]);

  useEffect(() => {
    if (autoFocus) ref.current?.focus({ preventScroll: true });
  }, [autoFocus]);

  useEffect(() => {
    onDraft(text);
  }, [text, onDraft]);

  const trimmed = text.trim();
  const length = trimmed.length;
  const tooLong = length > MAX_TEXT;
  const canSend = length > 0 && !tooLong;

  function submit() {
    if (!canSend) return;
    onSend(trimmed);
    setText('');
    ref.current?.focus();
  }

  function onKeyDown(e) {
    if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return;
    if (e.shiftKey || e.altKey) return; // a new line
    e.preventDefault();
    submit();
  }

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label="Send a message"
    >
      <div class="composer-box">
        <label for="composer-input" class="sr-only">
          Message {conversationTitle}
        </label>
        <textarea
          id="composer-input"
          ref={ref}
          data-testid="composer-input"
          rows={1}
          placeholder="Write a message…"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          aria-describedby="composer-help"
          aria-invalid={tooLong ? 'true' : undefined}
          enterkeyhint="send"
          autocomplete="off"
        />
        <span id="composer-help" class="sr-only">
          Enter sends. Shift+Enter starts a new line.
        </span>
        {length > MAX_TEXT - 500 && (
          <span class={`counter${tooLong ? ' over' : ''}`} aria-live="polite" data-testid="composer-counter">
            {tooLong ? `${length - MAX_TEXT} characters too long` : `${MAX_TEXT - length} left`}
          </span>
        )}
      </div>
      <button type="submit" class="send-button" aria-label="Send message" data-testid="send" disabled={!canSend}>
        <SendIcon />
      </button>
    </form>
  );
}
