import { CloseIcon } from './Icons.jsx';
import { namespace } from '../i18n.js';
import messagesCatalogue from '../locales/messages.js';

const t = namespace('messages', messagesCatalogue);

/**
 * A quoted message: inside a reply's bubble (a click jumps to the original) or above the
 * composer while a reply is being written (with a cancel button).
 */
export function ReplyQuote({ quote, onJump, onCancel, label }) {
  if (!quote) return null;
  const body = (
    <>
      <span class="quote-sender">{quote.senderName}</span>
      <span class="quote-excerpt">{quote.excerpt || t('message')}</span>
    </>
  );
  if (onCancel) {
    return (
      <div class="quote-bar" data-testid="quote-bar">
        <div class="reply-quote">
          <span class="quote-label muted small">{label ?? t('replyingTo')}</span>
          {body}
        </div>
        <button
          type="button"
          class="icon-button tiny"
          aria-label={t('cancel')}
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
      title={t('showOriginal')}
      onClick={() => onJump && onJump(quote)}
    >
      {body}
    </button>
  );
}
