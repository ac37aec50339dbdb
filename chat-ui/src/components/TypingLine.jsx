import { useEffect, useState } from 'preact/hooks';
import { TYPING_MS, typingLine } from '../messageActions.js';

/** "Dana is typing…" under the messages; fades about five seconds after the last notice. */
export function TypingLine({ state, conversationId }) {
  const [now, setNow] = useState(Date.now());
  const entries = state.typing?.[conversationId];
  useEffect(() => {
    setNow(Date.now());
    if (!entries) return undefined;
    const t = setTimeout(() => setNow(Date.now()), TYPING_MS + 50);
    return () => clearTimeout(t);
  }, [entries]);
  const line = typingLine(state, conversationId, now);
  return (
    <p class={`typing-line${line ? ' shown' : ''}`} role="status" aria-live="polite" data-testid="typing-line">
      {line ?? ''}
    </p>
  );
}
