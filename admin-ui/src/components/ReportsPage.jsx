// The reports queue (issue 17): reports oldest first with their evidence, and the moderators'
// actions, each with a reason: warn, remove a message for everyone, suspend or restore the account,
// resolve or dismiss the report. Every action is in the audit log (the server writes it).
import { useState } from 'preact/hooks';
import { useAsync } from '../hooks.js';
import { formatDateTime, namespace } from '../i18n.js';
import catalogue from '../locales/safety.js';
import { ErrorBox, Loading, Notice, PageHeader } from './common.jsx';
import './reports.css';

const t = namespace('safety', catalogue);
const enc = encodeURIComponent;
const STATUSES = ['open', 'resolved', 'dismissed'];

/** The moderators' API calls, over the console's client (`api.request`). */
function moderation(api) {
  return {
    reports: (status, signal) => api.request('GET', `/api/admin/reports?status=${enc(status)}`, undefined, { signal }),
    close: (id, how, note) => api.request('POST', `/api/admin/reports/${enc(id)}/${how}`, note ? { note } : {}),
    warn: (accountId, reason) => api.request('POST', `/api/admin/accounts/${enc(accountId)}/warn`, { reason }),
    suspend: (accountId, reason) => api.request('POST', `/api/admin/accounts/${enc(accountId)}/suspend`, { reason }),
    restore: (accountId, reason) => api.request('POST', `/api/admin/accounts/${enc(accountId)}/restore`, { reason }),
    suspensions: (signal) => api.request('GET', '/api/admin/suspensions', undefined, { signal }),
    remove: (conversationId, messageId, reason, reportId) =>
      api.request('POST', `/api/admin/conversations/${enc(conversationId)}/messages/${enc(messageId)}/remove`, {
        reason,
        reportId,
      }),
  };
}

export function ReportsPage({ api }) {
  const [status, setStatus] = useState('open');
  const calls = moderation(api);
  const { data, error, loading, reload } = useAsync((signal) => calls.reports(status, signal), [status]);
  return (
    <section data-testid="reports-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')}>
        <label class="inline-field">
          {t('status')}{' '}
          <select value={status} data-testid="reports-status" onChange={(e) => setStatus(e.currentTarget.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(s)}
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      <ErrorBox error={error} />
      {loading && !data ? (
        <Loading label={t('loading')} />
      ) : (data ?? []).length === 0 ? (
        <p class="muted" data-testid="reports-empty">
          {t('none')}
        </p>
      ) : (
        <ol class="report-list">
          {data.map((r) => (
            <ReportCard key={r.id} report={r} calls={calls} onChanged={reload} />
          ))}
        </ol>
      )}
      <Suspensions calls={calls} />
    </section>
  );
}

/** Suspended accounts, newest first, each with a way back (a reason is required). */
function Suspensions({ calls }) {
  const { data, error, reload } = useAsync((signal) => calls.suspensions(signal), []);
  const [reason, setReason] = useState('');
  const [actionError, setActionError] = useState(null);
  if (!data || data.length === 0) return <ErrorBox error={error} />;
  async function restore(account) {
    if (!reason.trim()) {
      setActionError({ message: t('needReason') });
      return;
    }
    setActionError(null);
    try {
      await calls.restore(account.id, reason.trim());
      reload();
    } catch (e) {
      setActionError(e);
    }
  }
  return (
    <section class="suspensions" data-testid="suspensions">
      <h2>{t('suspendedAccounts')}</h2>
      <label for="restore-reason">{t('actionReason')}</label>
      <input id="restore-reason" value={reason} maxLength={1000} onInput={(e) => setReason(e.currentTarget.value)} />
      <ul class="evidence">
        {data.map((a) => (
          <li key={a.id} data-testid="suspended-account" data-username={a.username}>
            {a.displayName} <span class="muted">@{a.username}</span> · <time>{formatDateTime(a.suspendedAt)}</time>{' '}
            <button
              type="button"
              class="button small"
              aria-label={t('restoreNamed', { name: a.displayName })}
              onClick={() => restore(a)}
            >
              {t('restore')}
            </button>
          </li>
        ))}
      </ul>
      <ErrorBox error={actionError ?? error} testid="suspensions-error" />
    </section>
  );
}

function ReportCard({ report, calls, onChanged }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [removed, setRemoved] = useState(new Set());
  const subject = report.subject;
  const open = report.status === 'open';
  const reasonId = `action-reason-${report.id}`;

  async function act(label, fn, { needsReason = true, reload = false } = {}) {
    if (needsReason && !reason.trim()) {
      setError({ message: t('needReason') });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await fn(reason.trim());
      setNotice(t('done', { what: label }));
      if (reload) onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="report-card" data-testid="report" data-report-id={report.id}>
      <header class="report-head">
        <h2>
          {t('about', { name: subject.displayName })} <span class="muted">@{subject.username}</span>
          {subject.suspendedAt && <span class="badge state-suspended"> {t('suspended')}</span>}
        </h2>
        <p class="muted">
          {t('reportedBy', { name: report.reporter.displayName })} · <time>{formatDateTime(report.createdAt)}</time>
        </p>
      </header>
      <dl class="report-facts">
        <dt>{t('reason')}</dt>
        <dd data-testid="report-reason">{t(`reasons.${report.reason}`)}</dd>
        {report.details && (
          <>
            <dt>{t('details')}</dt>
            <dd>{report.details}</dd>
          </>
        )}
      </dl>
      <h3>{t('evidence')}</h3>
      {report.evidence.length === 0 ? (
        <p class="muted">{t('noEvidence')}</p>
      ) : (
        <ul class="evidence" data-testid="evidence">
          {report.evidence.map((m) => (
            <li key={m.id} class="evidence-message" data-testid="evidence-message" data-message-id={m.id}>
              <p class="muted small">
                {m.senderName} · <time>{formatDateTime(m.createdAt)}</time>
              </p>
              <p class="evidence-text">{m.text}</p>
              {(m.attachments ?? []).map((a) => (
                <p key={a.id} class="muted small">
                  {t('attachment', { name: a.name ?? a.id, type: a.contentType ?? a.kind ?? '' })}
                </p>
              ))}
              {open && report.conversationId && !removed.has(m.id) && (
                <button
                  type="button"
                  class="button small danger"
                  data-testid="remove-message"
                  disabled={busy}
                  onClick={() =>
                    act(t('remove'), (why) =>
                      calls.remove(report.conversationId, m.id, why, report.id).then(() => {
                        setRemoved(new Set([...removed, m.id]));
                      }),
                    )
                  }
                >
                  {t('remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <div class="report-actions">
          <label for={reasonId}>{t('actionReason')}</label>
          <textarea
            id={reasonId}
            rows={2}
            maxLength={1000}
            aria-describedby={`${reasonId}-hint`}
            data-testid="action-reason"
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          <p class="muted small" id={`${reasonId}-hint`}>
            {t('actionReasonHint')}
          </p>
          <div class="row">
            <button
              type="button"
              class="button"
              data-testid="warn"
              disabled={busy}
              onClick={() => act(t('warn'), (why) => calls.warn(subject.id, why))}
            >
              {t('warn')}
            </button>
            {subject.suspendedAt ? (
              <button
                type="button"
                class="button"
                data-testid="restore"
                disabled={busy}
                onClick={() => act(t('restore'), (why) => calls.restore(subject.id, why), { reload: true })}
              >
                {t('restore')}
              </button>
            ) : (
              <button
                type="button"
                class="button danger"
                data-testid="suspend"
                disabled={busy}
                onClick={() => act(t('suspend'), (why) => calls.suspend(subject.id, why), { reload: true })}
              >
                {t('suspend')}
              </button>
            )}
            <button
              type="button"
              class="button primary"
              data-testid="resolve"
              disabled={busy}
              onClick={() =>
                act(t('resolve'), (why) => calls.close(report.id, 'resolve', why), { needsReason: false, reload: true })
              }
            >
              {t('resolve')}
            </button>
            <button
              type="button"
              class="button"
              data-testid="dismiss"
              disabled={busy}
              onClick={() =>
                act(t('dismiss'), (why) => calls.close(report.id, 'dismiss', why), { needsReason: false, reload: true })
              }
            >
              {t('dismiss')}
            </button>
          </div>
        </div>
      )}
      {!open && report.note && <p class="muted">{report.note}</p>}
      <ErrorBox error={error} testid="report-error" />
      <Notice testid="report-notice">{notice}</Notice>
    </li>
  );
}
