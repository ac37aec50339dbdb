import { useState } from 'preact/hooks';
import { useAsync } from '../hooks.js';
import { formatDateTime, personLabel } from '../format.js';
import { navigate } from '../nav.js';
import { href } from '../routes.js';
import { ErrorBox, Link, Loading, PageHeader, StatusBadge } from './common.jsx';

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
      <PageHeader title="Apps" subtitle="Find an app by its id, name or its developer’s username." />
      <form class="filters" onSubmit={submit} role="search">
        <label>
          Search
          <input
            type="search"
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
            placeholder="id, name or developer"
            data-testid="apps-q"
          />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)} data-testid="apps-status">
            <option value="">any</option>
            <option value="active">active</option>
            <option value="suspended">suspended</option>
          </select>
        </label>
        <button type="submit" class="button primary" data-testid="apps-search">
          Search
        </button>
      </form>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && data.length === 0 && <p class="empty">No app matches.</p>}
      {data && data.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Developer</th>
              <th scope="col">Category</th>
              <th scope="col">Live version</th>
              <th scope="col">Status</th>
              <th scope="col">Updated</th>
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
