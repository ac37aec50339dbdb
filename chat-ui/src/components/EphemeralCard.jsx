import { useState } from 'preact/hooks';
import { namespace } from '../i18n.js';
import catalogue from '../locales/ephemeral.js';
import { Card } from './Card.jsx';
import './ephemeral.css';

const t = namespace('ephemeral', catalogue);

/**
 * An app's answer only I see (issue 18): the card, marked "Only visible to you", with Share (a
 * normal copy for the whole conversation) and Dismiss.
 */
export function EphemeralCard({ message, conversationId, chat, cards, meId }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  async function run(action) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch {
      setError(t('shareFailed'));
    } finally {
      setBusy(false);
    }
  }

  const canShare = message.kind === 'card' && !!message.card;
  return (
    <div class="ephemeral" data-testid="ephemeral-message" data-id={message.id}>
      <p class="ephemeral-note" data-testid="ephemeral-note">
        <span aria-hidden="true">👁</span> {t('onlyYou')}
      </p>
      <Card
        message={message}
        meId={meId}
        onAction={cards.onAction}
        onUpload={cards.onUpload}
        onOpenPage={cards.onOpenPage}
        onOpenLink={cards.onOpenLink}
      />
      <div class="ephemeral-actions">
        {canShare && (
          <button
            type="button"
            class="link"
            data-testid="ephemeral-share"
            disabled={busy}
            onClick={() => run(() => chat.shareEphemeral(conversationId, message.id))}
          >
            {t('share')}
          </button>
        )}
        <button
          type="button"
          class="link"
          data-testid="ephemeral-dismiss"
          disabled={busy}
          onClick={() => run(() => chat.dismissEphemeral(conversationId, message.id))}
        >
          {t('dismiss')}
        </button>
      </div>
      {error && (
        <p class="ephemeral-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
