import { namespace } from '../i18n.js';
import dialogsCatalogue from '../locales/dialogs.js';

const t = namespace('dialogs', dialogsCatalogue);

/** Notifications apps sent to this user (`parley.notifications.send`): plain text, labelled with the app. */
export function Notifications({ items, onDismiss }) {
  if (!items || items.length === 0) return null;
  return (
    <section class="notifications" aria-label="Notifications from apps" aria-live="polite" data-testid="notifications">
      {items.map((n) => (
        <div key={n.id} class="notification" role="status" data-testid="notification" data-app-id={n.app.id}>
          <strong class="notification-app">{n.app.name}</strong>
          <span class="notification-text">{n.text}</span>
          <button
            type="button"
            class="icon-button"
            aria-label={t('dismiss')}
            data-testid="notification-dismiss"
            onClick={() => onDismiss(n.id)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
