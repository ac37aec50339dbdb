import { CloseIcon } from './Icons.jsx';

/**
 * A quoted message: inside a reply's bubble (a click jumps to the original) or above the
 * composer while a reply is being written (with a cancel button).
 */
export function ReplyQuote({ quote, onJump, onCancel, label }) {
  if (!quote) return null;
  const body = (
    <>
      <span class="quote-sender">{quote.senderName}</span>
      <span class="quote-excerpt">{quote.excerpt || 'Message'}</span>
    </>
  );
  if (onCancel) {
    return (
      <div class="quote-bar" data-testid="quote-bar">
        <div class="reply-quote">
          <span class="quote-label muted small">{label ?? 'Replying to'}</span>
          {body}
        </div>
        <button
          type="button"
          class="icon-button tiny"
          aria-label="Cancel"
          data-testid="cancel-quote"
          onClick={onCancel}
        >
          <CloseIcon size={14} />
        </button>
      </div>
    );
  }
  return (
    <button
      type="button"
      class="reply-quote in-bubble"
      data-testid="reply-quote"
      title="Show the original message"
      onClick={() => onJump && onJump(quote)}
    >
      {body}
    </button>
  );
}
