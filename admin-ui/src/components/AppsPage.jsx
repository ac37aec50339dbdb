import { useState } from 'preact/hooks';
import { useAsync } from '../hooks.js';
import { formatDateTime, personLabel } from '../format.js';
import { navigate } from '../nav.js';
import { href } from '../routes.js';
import { ErrorBox, Link, Loading, PageHeader, StatusBadge } from './common.jsx';
import { namespace as listsNamespace } from '../i18n.js';
import listsCatalogue from '../locales/lists.js';

const tl = listsNamespace('lists', listsCatalogue);

/** Search apps by id, name or owner, optionally by status. The search lives in the address. */
export function AppsPage({ api, initialQuery, initialStatus }) {
  const [q, setQ] = useState(initialQuery);
  const [status, setStatus] = useState(initialStatus);
  const { data, error, loading } = useAsync(
    (signal) => api.searchApps({ q: initialQuery, status: initialStatus }, { signal }),
    [initialQuery, initialStatus],
  );
  const submit = (e) => {
    e.preventDefault();
    navigate(href.apps(q.trim(), status), { replace: true });
  };
  return (
    <section data-testid="apps-page">
      <PageHeader title={tl('apps')} subtitle={tl('appsSubtitle')} />
      <form class="filters" onSubmit={submit} role="search">
        <label>
          {tl('search')}
          <input
            type="search"
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
            placeholder={tl('appsPlaceholder')}
            data-testid="apps-q"
          />
        </label>
        <label>
          {tl('status')}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)} data-testid="apps-status">
            <option value="">{tl('any')}</option>
            <option value="active">{tl('active')}</option>
            <option value="suspended">{tl('suspended')}</option>
          </select>
        </label>
        <button type="submit" class="button primary" data-testid="apps-search">
          {tl('search')}
        </button>
      </form>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && data.length === 0 && <p class="empty">{tl('noApp')}</p>}
      {data && data.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{tl('app')}</th>
              <th scope="col">{tl('developer')}</th>
              <th scope="col">{tl('category')}</th>
              <th scope="col">{tl('liveVersion')}</th>
              <th scope="col">{tl('status')}</th>
              <th scope="col">{tl('updated')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((a) => (
              <tr key={a.id} data-testid="app-row" data-app-id={a.id}>
                <td>
                  <Link href={href.app(a.id)} data-testid="app-open">
                    <strong>{a.name}</strong>
                  </Link>
                  <div class="muted mono">{a.id}</div>
                </td>
                <td>{personLabel(a.owner)}</td>
                <td>{a.category}</td>
                <td class="mono">{a.liveVersion ?? '—'}</td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td class="small">{formatDateTime(a.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
