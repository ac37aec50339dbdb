import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, namespace } from '../i18n.js';
import catalogue from '../locales/businessConsent.js';
import { Modal } from './Modal.jsx';
import { businessSessionApi } from '../business.js';
import './businessConsent.css';

const t = namespace('businessConsent', catalogue);
const CATEGORIES = ['utility', 'marketing', 'authentication'];
const COUNTS = ['sent', 'delivered', 'read', 'clicked', 'replied', 'optedOut'];
const day = (iso) => (iso ? formatDateTime(iso, { dateStyle: 'medium' }) : '');

function useLoad(load, deps) {
  const [value, setValue] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    load()
      .then((v) => live && setValue(v))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  return [value, error, setValue];
}

/** One business's categories as switches; each change is recorded with the place it was made. */
export function ConsentSwitches({ api, business, place, onChange }) {
  const [busy, setBusy] = useState(null);
  async function toggle(category, on) {
    setBusy(category);
    try {
      onChange(await api.setBusinessConsent(business.id, category, on, place));
    } finally {
      setBusy(null);
    }
  }
  return (
    <ul class="consent-switches">
      {CATEGORIES.map((c) => {
        const entry = (business.categories ?? []).find((x) => x.category === c) ?? { category: c, optedIn: false };
        const id = `consent-${business.id}-${c}`;
        return (
          <li key={c} data-testid="consent-category" data-category={c} data-opted-in={entry.optedIn ? 'true' : 'false'}>
            <input
              id={id}
              type="checkbox"
              checked={entry.optedIn}
              disabled={busy === c}
              onChange={(e) => toggle(c, e.currentTarget.checked)}
            />
            <label for={id}>
              <span>{t(`categories.${c}`)}</span>
              {entry.optedIn && entry.since && (
                <span class="muted small">
                  {' '}
                  {t('agreedOn', {
                    date: day(entry.since),
                    place: t(`place.${entry.place}`),
                    wording: entry.wording,
                  })}
                </span>
              )}
              {!entry.optedIn && entry.changedAt && (
                <span class="muted small">
                  {' '}
                  {t('stoppedOn', { date: day(entry.changedAt), place: t(`place.${entry.place}`) })}
                </span>
              )}
            </label>
          </li>
        );
      })}
    </ul>
  );
}

/** Settings › Businesses: the customer's own ledger of who may write to them, and why. */
export function BusinessLedgerDialog({ api, onClose }) {
  const [ledger, error, setLedger] = useLoad(() => api.businessLedger(), [api]);
  const replace = (choices) =>
    setLedger((list) => list.map((b) => (b.id === choices.id ? { ...b, categories: choices.categories } : b)));
  return (
    <Modal id="business-ledger" title={t('ledgerTitle')} description={t('ledgerDescription')} onClose={onClose} wide>
      {!ledger && !error && <p role="status">{t('loading')}</p>}
      {error && <p role="alert">{t('error', { message: error.userMessage ?? String(error) })}</p>}
      {ledger && ledger.length === 0 && <p class="muted">{t('empty')}</p>}
      {ledger && ledger.length > 0 && (
        <ul class="business-ledger">
          {ledger.map((b) => (
            <li key={b.id} data-testid="ledger-business" data-business-id={b.id}>
              <h3>
                {b.name}{' '}
                {b.verified && (
                  <span class="verified-badge" role="img" aria-label={t('verified')} title={t('verified')}>
                    ✓
                  </span>
                )}
              </h3>
              <p class="muted small">
                {t('thisWeek', { count: b.messagesThisWeek ?? 0 })}
                {b.serviceWindowUntil && ` · ${t('windowUntil', { date: formatDateTime(b.serviceWindowUntil) })}`}
              </p>
              <ConsentSwitches api={api} business={b} place="settings" onChange={replace} />
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

/** "Why am I getting this?" for one business message, answered from the ledger; with "Stop these messages". */
export function WhyDialog({ api, messageId, onClose }) {
  const [why, error] = useLoad(() => api.whyBusinessMessage(messageId), [api, messageId]);
  const [stopped, setStopped] = useState(false);
  const consent = why?.consent;
  const name = why?.business?.name ?? '';
  return (
    <Modal id="why-dialog" title={t('whyTitle')} onClose={onClose}>
      {!why && !error && <p role="status">{t('loading')}</p>}
      {error && <p role="alert">{t('error', { message: error.userMessage ?? String(error) })}</p>}
      {why && (
        <div data-testid="why-answer" data-reason={why.reason}>
          {why.reason === 'service_window' ? (
            <p>{t('whyWindow', { name, date: formatDateTime(why.sentAt) })}</p>
          ) : (
            <p>
              {t('whyOptIn', {
                name,
                category: t(`categories.${why.category}`),
                date: day(consent?.since ?? consent?.changedAt),
                place: t(`place.${consent?.place ?? 'conversation'}`),
                wording: consent?.wording ?? '',
              })}
            </p>
          )}
          {consent && !consent.optedIn && <p class="muted">{t('whyStopped')}</p>}
          {why.campaign && <p class="muted small">{t('campaign', { campaign: why.campaign })}</p>}
          {stopped ? (
            <p role="status" data-testid="stopped">
              {t('stopped', { name })}
            </p>
          ) : (
            <button
              type="button"
              class="button danger"
              data-testid="why-stop"
              onClick={() => api.stopBusinessMessages(messageId).then(() => setStopped(true))}
            >
              {t('stop')}
            </button>
          )}
        </div>
      )}
    </Modal>
  );
}

/** Under every business message: the two links a customer needs, one tap each. */
export function BusinessMessageLinks({ message, onWhy, onStop }) {
  const [stopped, setStopped] = useState(false);
  return (
    <span class="business-links small" data-testid="business-links">
      <button type="button" class="link-button" data-testid="why-open" onClick={() => onWhy(message.id)}>
        {t('why')}
      </button>
      {' · '}
      {stopped ? (
        <span role="status">{t('stopped', { name: message.senderName })}</span>
      ) : (
        <button
          type="button"
          class="link-button"
          data-testid="stop-messages"
          onClick={() => onStop(message.id).then(() => setStopped(true))}
        >
          {t('stop')}
        </button>
      )}
    </span>
  );
}

/** A business owner's templates (status, reasons, pauses) and campaign counts; templates are submitted through the Business API. */
export function OwnerTemplates({ businessId }) {
  const api = businessSessionApi();
  const [templates] = useLoad(
    () =>
      api ? api.request('GET', `/api/businesses/${encodeURIComponent(businessId)}/templates`) : Promise.resolve([]),
    [businessId],
  );
  const [campaigns] = useLoad(
    () =>
      api ? api.request('GET', `/api/businesses/${encodeURIComponent(businessId)}/campaigns`) : Promise.resolve([]),
    [businessId],
  );
  return (
    <div class="owner-templates" data-testid="owner-templates">
      <h4>{t('templatesTitle')}</h4>
      {templates && templates.length === 0 && <p class="muted small">{t('templatesNone')}</p>}
      <ul class="business-list">
        {(templates ?? []).map((tpl) => (
          <li key={tpl.id} data-testid="owner-template" data-status={tpl.status}>
            <span class="grow">
              <strong>{tpl.name}</strong> ({tpl.language}, {t(`categories.${tpl.category}`)}) ·{' '}
              {t(`templateStatus.${tpl.status}`)}
              {tpl.reasonCode && ` · ${tpl.reasonCode}${tpl.reason ? `: ${tpl.reason}` : ''}`}
              {tpl.pausedReason && ` · ${tpl.pausedReason}`}
            </span>
          </li>
        ))}
      </ul>
      <h4>{t('campaignsTitle')}</h4>
      {campaigns && campaigns.length === 0 && <p class="muted small">{t('campaignsNone')}</p>}
      {campaigns && campaigns.length > 0 && (
        <table class="campaigns">
          <thead>
            <tr>
              <th scope="col">{t('campaignsTitle')}</th>
              {COUNTS.map((c) => (
                <th key={c} scope="col">
                  {t(`counts.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.campaign}>
                <th scope="row">{c.campaign}</th>
                {COUNTS.map((k) => (
                  <td key={k}>{typeof c.counts[k] === 'number' ? c.counts[k] : t('fewerThan20')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
