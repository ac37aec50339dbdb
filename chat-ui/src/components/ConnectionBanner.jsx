import { useEffect, useState } from 'preact/hooks';
import { formatNumber, namespace } from '../i18n.js';
import messagesCatalogue from '../locales/messages.js';

const t = namespace('messages', messagesCatalogue);

/**
 * Shows the state of the live channel when it is not healthy. Always present in the DOM
 * (data-state) so tests can wait for "open"; a short grace period avoids a flash on start.
 */
export function ConnectionBanner({ live, onRetry }) {
  const [now, setNow] = useState(() => Date.now());
  const [graceOver, setGraceOver] = useState(false);
  const unhealthy = live.status !== 'open' && live.status !== 'idle';

  useEffect(() => {
    if (!unhealthy) {
      setGraceOver(false);
      return undefined;
    }
    const t = setTimeout(() => setGraceOver(true), 1500);
    return () => clearTimeout(t);
  }, [unhealthy]);

  useEffect(() => {
    if (live.status !== 'offline') return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live.status, live.retryAt]);

  const show = unhealthy && (graceOver || live.status === 'offline');
  let text = '';
  if (live.status === 'offline') {
    const secs = Math.max(0, Math.ceil(((live.retryAt ?? now) - now) / 1000));
    text = secs > 0 ? t('reconnectingIn', { seconds: formatNumber(secs) }) : t('reconnecting');
  } else if (live.status === 'connecting') text = t('connecting');
  else if (live.status === 'syncing') text = t('updating');

  return (
    <div
      class={`connection-banner${show ? ' visible' : ''} ${live.status}`}
      data-testid="connection-status"
      data-state={live.status}
      role="status"
      aria-live="polite"
    >
      {show && (
        <>
          <span>{text}</span>
          {live.status === 'offline' && (
            <button type="button" class="link-button" onClick={onRetry}>
              {t('retryNow')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
