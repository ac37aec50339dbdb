import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, localInputToIso, personLabel } from '../format.js';
import { href } from '../routes.js';
import { ErrorBox, Link, Loading, PageHeader } from './common.jsx';
import { namespace as listsNamespace } from '../i18n.js';
import listsCatalogue from '../locales/lists.js';

const tl = listsNamespace('lists', listsCatalogue);

/** The actions docs/api.md lists. */
export const AUDIT_ACTIONS = [
  'app.created',
  'app.updated',
  'app.suspended',
  'app.unsuspended',
  'app.secret_rotated',
  'version.uploaded',
  'version.submitted',
  'version.withdrawn',
  'version.approved',
  'version.rejected',
  'version.released',
  'role.granted',
  'role.revoked',
  'launch.refused',
  'access.refused',
  'report.resolved',
  'report.dismissed',
  'account.warned',
  'account.suspended',
  'account.restored',
  'message.removed',
];

const PAGE = 50;

/** An entry's `detail` object as `key: value` pairs; '' when there is nothing in it. */
function detailText(detail) {
  if (detail == null) return '';
  if (typeof detail !== 'object') return String(detail);
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : v}`)
    .join(', ');
}
const EMPTY = { action: '', actor: '', appId: '', from: '', to: '' };

/** The audit log, newest first, with filters and "older" paging. */
export function AuditPage({ api }) {
  const [form, setForm] = useState(EMPTY);
  const [filters, setFilters] = useState(EMPTY);
  const [entries, setEntries] = useState([]);
  const [nextBefore, setNextBefore] = useState(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(null);

  const load = async (f, before) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api.audit({
        action: f.action,
        actor: f.actor.trim(),
        appId: f.appId.trim(),
        from: localInputToIso(f.from),
        to: localInputToIso(f.to),
        before: before ?? '',
        limit: PAGE,
      });
      setEntries((old) => (before ? [...old, ...(page.entries ?? [])] : (page.entries ?? [])));
      setNextBefore(page.nextBefore ?? null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    load(filters, null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters]);

  const field = (name) => ({
    value: form[name],
    onInput: (e) => setForm({ ...form, [name]: e.currentTarget.value }),
  });

  return (
    <section data-testid="audit-page">
      <PageHeader title={tl('audit')} subtitle={tl('auditSubtitle')} />
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...form });
        }}
      >
        <label>
          {tl('action')}
          <select
            value={form.action}
            onChange={(e) => setForm({ ...form, action: e.currentTarget.value })}
            data-testid="audit-action"
          >
            <option value="">{tl('any')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tl('actor')}
          <input {...field('actor')} placeholder="account id or username" data-testid="audit-actor" />
        </label>
        <label>
          {tl('app')}
          <input {...field('appId')} placeholder="app id" data-testid="audit-app" />
        </label>
        <label>
          From (UTC)
          <input type="datetime-local" {...field('from')} data-testid="audit-from" />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" {...field('to')} data-testid="audit-to" />
        </label>
        <button type="submit" class="button primary" data-testid="audit-search">
          {tl('filter')}
        </button>
        <button
          type="button"
          class="button"
          onClick={() => {
            setForm(EMPTY);
            setFilters({ ...EMPTY });
          }}
        >
          {tl('clear')}
        </button>
      </form>
      {error && <ErrorBox error={error} />}
      {entries.length === 0 && !loading && !error && <p class="empty">{tl('noEntry')}</p>}
      {entries.length > 0 && (
        <table class="table audit">
          <thead>
            <tr>
              <th scope="col">{tl('when')}</th>
              <th scope="col">{tl('who')}</th>
              <th scope="col">{tl('action')}</th>
              <th scope="col">{tl('target')}</th>
              <th scope="col">{tl('reason')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                <td class="small nowrap">{formatDateTime(e.at)}</td>
                <td>
                  {personLabel(e.actor)}
                  {e.address && <div class="muted small mono">{e.address}</div>}
                </td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.appId ? <Link href={href.app(e.appId)}>{e.appId}</Link> : null}
                  {e.targetType && (
                    <div class="muted small">
                      {e.targetType} <span class="mono">{e.targetId}</span>
                    </div>
                  )}
                </td>
                <td>
                  {e.reason && <div data-testid="audit-reason">{e.reason}</div>}
                  {detailText(e.detail) && <div class="muted small mono">{detailText(e.detail)}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loading && <Loading />}
      {nextBefore && !loading && (
        <p>
          <button type="button" class="button" onClick={() => load(filters, nextBefore)} data-testid="audit-older">
            {tl('older')}
          </button>
        </p>
      )}
      {!nextBefore && entries.length > 0 && !loading && <p class="muted small">{tl('start')}</p>}
    </section>
  );
}
