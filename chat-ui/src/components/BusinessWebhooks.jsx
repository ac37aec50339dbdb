import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, namespace } from '../i18n.js';
import catalogue from '../locales/businessWebhooks.js';
import { plausibleUrl, webhooksApi } from '../businessWebhooks.js';
import './BusinessWebhooks.css';

const t = namespace('businessWebhooks', catalogue);

/**
 * The webhooks section of a business's console page (issue 21): its endpoints (add, enable,
 * rotate the secret, delete), the latest deliveries and the dead letters with a Replay button.
 * `request` is createApi()'s request; the caller must own the business.
 */
export function BusinessWebhooks({ request, businessId }) {
  const api = webhooksApi(request, businessId);
  const [endpoints, setEndpoints] = useState([]);
  const [deliveries, setDeliveries] = useState([]);
  const [dead, setDead] = useState([]);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState(null);
  const [error, setError] = useState(null);

  const reload = () =>
    Promise.all([api.list(), api.deliveries(), api.deliveries('dead')])
      .then(([e, d, x]) => {
        setEndpoints(e);
        setDeliveries(d);
        setDead(x);
      })
      .catch((e) => setError(e.message));
  useEffect(() => {
    reload();
    // Loaded again when the business changes; `reload` is made anew on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [businessId]);

  const act = (promise) =>
    promise
      .then((answer) => {
        setError(null);
        if (answer && answer.secret) setSecret(answer.secret);
        return reload();
      })
      .catch((e) => setError(e.detail || e.message));

  const add = (event) => {
    event.preventDefault();
    if (!plausibleUrl(url)) {
      setError(t('invalidUrl'));
      return;
    }
    act(api.add(url.trim()).then((a) => (setUrl(''), a)));
  };

  return (
    <section class="business-webhooks" aria-labelledby="business-webhooks-title">
      <h2 id="business-webhooks-title">{t('title')}</h2>
      <form onSubmit={add} class="business-webhooks-add">
        <label for="business-webhooks-url">{t('url')}</label>
        <input id="business-webhooks-url" type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        <button type="submit">{t('add')}</button>
      </form>
      {error && (
        <p role="alert" class="business-webhooks-error">
          {error}
        </p>
      )}
      {secret && (
        <p class="business-webhooks-secret" data-testid="webhook-secret">
          {t('secretOnce')} <code>{secret}</code>
        </p>
      )}
      {endpoints.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul class="business-webhooks-list">
          {endpoints.map((e) => (
            <li key={e.id} data-testid="webhook-endpoint">
              <span class="business-webhooks-url">{e.url}</span>
              <span>{e.events.length ? e.events.join(', ') : t('allEvents')}</span>
              <label>
                <input type="checkbox" checked={e.enabled} onChange={() => act(api.setEnabled(e.id, !e.enabled))} />
                {t('enabled')}
              </label>
              <button type="button" onClick={() => act(api.rotateSecret(e.id))}>
                {t('rotate')}
              </button>
              <button type="button" onClick={() => act(api.remove(e.id))}>
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('deadLetters')}</h3>
      <DeliveryList items={dead} onReplay={(d) => act(api.replay(d.id))} />
      <h3>{t('deliveries')}</h3>
      <DeliveryList items={deliveries} />
    </section>
  );
}

function DeliveryList({ items, onReplay }) {
  if (items.length === 0) return <p>{t('noDeliveries')}</p>;
  return (
    <ul class="business-webhooks-deliveries">
      {items.map((d) => (
        <li key={d.id} data-testid="webhook-delivery" data-status={d.status}>
          <span>{d.type}</span>
          <span>{t(`status_${d.status}`)}</span>
          <span>{t('attempts', { count: d.attempts })}</span>
          <span>{formatDateTime(d.lastAttemptAt ?? d.createdAt)}</span>
          {d.lastError && <span class="business-webhooks-error-text">{d.lastError}</span>}
          {onReplay && (
            <button type="button" onClick={() => onReplay(d)}>
              {t('replay')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
