import { useState } from 'preact/hooks';
import { useAsync } from '../hooks.js';
import { namespace } from '../i18n.js';
import catalogue from '../locales/businesses.js';
import { ErrorBox, Loading, Notice, PageHeader } from './common.jsx';
import { TemplatesReview } from './TemplatesReview.jsx';

const t = namespace('businesses', catalogue);
const STATUSES = ['pending', 'verified', 'rejected', 'suspended'];
/** The decisions each status allows, as the server's review route takes them. */
const DECISIONS = { pending: ['approve', 'reject'], verified: ['suspend'], suspended: ['reinstate'], rejected: [] };

/** The verification queue of businesses: a review like an app's, the reason kept in the audit log. */
export function BusinessesPage({ api }) {
  const [status, setStatus] = useState('pending');
  const [notice, setNotice] = useState(null);
  const { data, error, loading, reload } = useAsync(
    (signal) => api.request('GET', `/api/admin/businesses?status=${status}`, undefined, { signal }),
    [status],
  );
  return (
    <section data-testid="businesses-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <label>
        {t('status')}{' '}
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value)} data-testid="businesses-status">
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(s)}
            </option>
          ))}
        </select>
      </label>
      {notice && <Notice>{notice}</Notice>}
      {loading && <Loading />}
      {error && <ErrorBox error={error} />}
      {data && !data.length && <p class="muted">{t('none')}</p>}
      <ul class="business-queue">
        {(data ?? []).map((b) => (
          <BusinessReview
            key={b.id}
            api={api}
            business={b}
            onDone={(decision) => {
              setNotice(t('done', { name: b.name, decision: t(decision) }));
              reload();
            }}
          />
        ))}
      </ul>
      <TemplatesReview api={api} />
    </section>
  );
}

function BusinessReview({ api, business: b, onDone }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  async function decide(decision) {
    setError(null);
    if ((decision === 'reject' || decision === 'suspend') && !reason.trim()) {
      setError(new Error(t('needsReason')));
      return;
    }
    try {
      await api.request('POST', `/api/admin/businesses/${encodeURIComponent(b.id)}/review`, {
        decision,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      onDone(decision);
    } catch (e) {
      setError(e);
    }
  }
  const decisions = DECISIONS[b.status] ?? [];
  return (
    <li class="card" data-testid="business-review" data-handle={b.handle}>
      <h3>
        {b.name} <span class="muted">@{b.handle}</span>
      </h3>
      <p>{b.description}</p>
      <p class="muted small">
        {b.category} ·{' '}
        <a href={b.privacyUrl} rel="noopener noreferrer" target="_blank">
          {t('privacy')}
        </a>
        {b.website && (
          <>
            {' · '}
            <a href={b.website} rel="noopener noreferrer" target="_blank">
              {t('website')}
            </a>
          </>
        )}
      </p>
      {b.reviewReason && <p class="muted small">{b.reviewReason}</p>}
      {decisions.length > 0 && (
        <div class="actions">
          <label>
            {t('reason')}
            <input value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          {decisions.map((d) => (
            <button
              key={d}
              type="button"
              class={`button${d === 'approve' || d === 'reinstate' ? ' primary' : ''}`}
              data-testid={`business-${d}`}
              onClick={() => decide(d)}
            >
              {t(d)}
            </button>
          ))}
        </div>
      )}
      {error && <ErrorBox error={error} />}
    </li>
  );
}
