import { reactedBy, reactionsOf } from '../messageActions.js';

/** The reactions under a bubble: emoji and count, who reacted on hover or long press, a click toggles ours. */
export function Reactions({ message, meId, members, onToggle }) {
  const list = reactionsOf(message, meId);
  if (!list.length) return null;
  return (
    <div class="reactions" data-testid="reactions">
      {list.map((r) => {
        const who = reactedBy(r, members, meId).join(', ');
        return (
          <button
            key={r.emoji}
            type="button"
            class={`reaction${r.mine ? ' mine' : ''}`}
            data-testid="reaction"
            data-emoji={r.emoji}
            aria-pressed={r.mine ? 'true' : 'false'}
            aria-label={`${r.emoji} ${r.count}: ${who}`}
            title={who}
            onClick={() => onToggle(r.emoji, !r.mine)}
          >
            <span aria-hidden="true">{r.emoji}</span>
            <span class="reaction-count">{r.count}</span>
          </button>
        );
      })}
    </div>
  );
}
