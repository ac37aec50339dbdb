import { useState } from 'preact/hooks';
import { useAsync } from '../hooks.js';
import { formatDateTime, namespace } from '../i18n.js';
import catalogue from '../locales/templates.js';
import { ErrorBox, Loading, Notice } from './common.jsx';

const t = namespace('templates', catalogue);
const STATUSES = ['pending', 'approved', 'rejected', 'paused'];
const REASON_CODES = [
  'url-shortener',
  'category-mismatch',
  'misleading',
  'abusive',
  'missing-opt-out-context',
  'other',
];

/** Businesses' message templates: the review queue (oldest first), each approved or rejected with a reason code. */
export function TemplatesReview({ api }) {
  const [status, setStatus] = useState('pending');
  const [notice, setNotice] = useState(null);
  const { data, error, loading, reload } = useAsync(
    (signal) => api.request('GET', `/api/admin/business-templates?status=${status}`, undefined, { signal }),
    [status],
  );
  return (
    <section data-testid="templates-review" aria-labelledby="templates-title">
      <h2 id="templates-title">{t('title')}</h2>
      <p class="muted">{t('subtitle')}</p>
      <label>
        {t('status')}{' '}
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value)} data-testid="templates-status">
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
        {(data ?? []).map((tpl) => (
          <TemplateCard
            key={tpl.id}
            api={api}
            template={tpl}
            onDone={(decision) => {
              setNotice(t('done', { name: tpl.name, business: tpl.businessName, decision: t(decision) }));
              reload();
            }}
          />
        ))}
      </ul>
    </section>
  );
}

function TemplateCard({ api, template: tpl, onDone }) {
  const [reasonCode, setReasonCode] = useState('other');
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  async function decide(decision) {
    setError(null);
    try {
      await api.request('POST', `/api/admin/business-templates/${encodeURIComponent(tpl.id)}/review`, {
        decision,
        ...(decision === 'reject' ? { reasonCode, ...(reason.trim() ? { reason: reason.trim() } : {}) } : {}),
      });
      onDone(decision);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <li class="card" data-testid="template-review" data-template-id={tpl.id}>
      <h3>
        {tpl.name} <span class="muted">· {tpl.businessName}</span>
      </h3>
      <p class="muted small">
        {t('category')}: {tpl.category} · {t('language')}: {tpl.language} · {formatDateTime(tpl.createdAt)}
      </p>
      <blockquote class="template-body">{tpl.body}</blockquote>
      {tpl.variables?.length > 0 && (
        <p class="muted small">
          {t('variables')}: {tpl.variables.map((v) => `${v.name} (${v.type})`).join(', ')}
        </p>
      )}
      {tpl.reasonCode && (
        <p class="muted small">
          {t(`reasons.${tpl.reasonCode}`)}
          {tpl.reason ? ` — ${tpl.reason}` : ''}
        </p>
      )}
      {tpl.pausedReason && <p class="muted small">{tpl.pausedReason}</p>}
      {tpl.status === 'pending' && (
        <div class="actions">
          <label>
            {t('reasonCode')}{' '}
            <select value={reasonCode} onChange={(e) => setReasonCode(e.currentTarget.value)}>
              {REASON_CODES.map((c) => (
                <option key={c} value={c}>
                  {t(`reasons.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reason')}
            <input value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button type="button" class="button primary" data-testid="template-approve" onClick={() => decide('approve')}>
            {t('approve')}
          </button>
          <button type="button" class="button" data-testid="template-reject" onClick={() => decide('reject')}>
            {t('reject')}
          </button>
        </div>
      )}
      {error && <ErrorBox error={error} />}
    </li>
  );
}
