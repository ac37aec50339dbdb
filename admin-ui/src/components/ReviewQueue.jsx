import { useAsync } from '../hooks.js';
import { formatDateTime, formatWaiting, personLabel, waitingSeconds } from '../format.js';
import { href } from '../routes.js';
import { ErrorBox, Link, Loading, PageHeader } from './common.jsx';

/** Versions waiting for review, oldest first (the server's order, kept as it is). */
export function ReviewQueue({ api }) {
  const { data, error, loading, reload } = useAsync((signal) => api.reviews({ signal }), []);
  const items = data ?? [];
  return (
    <section data-testid="review-queue">
      <PageHeader title="Review queue" subtitle="Versions developers submitted, oldest first.">
        <button type="button" class="button" onClick={reload} disabled={loading} data-testid="refresh">
          Refresh
        </button>
      </PageHeader>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && items.length === 0 && (
        <p class="empty" data-testid="queue-empty">
          Nothing waits for review.
        </p>
      )}
      {items.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Version</th>
              <th scope="col">Developer</th>
              <th scope="col">Permissions</th>
              <th scope="col">Submitted</th>
            </tr>
          </thead>
          <tbody>
            {items.map((v) => {
              const app = v.app ?? { id: v.appId };
              const owner = app.owner ?? v.uploadedBy;
              const wait = waitingSeconds(v);
              return (
                <tr
                  key={`${v.appId}/${v.version}`}
                  data-testid="review-item"
                  data-app-id={v.appId}
                  data-version={v.version}
                >
                  <td>
                    <Link href={href.version(v.appId, v.version)} data-testid="review-open">
                      <strong>{app.name ?? v.appId}</strong>
                    </Link>
                    <div class="muted mono">{v.appId}</div>
                  </td>
                  <td class="mono">{v.version}</td>
                  <td>{personLabel(owner)}</td>
                  <td>{(v.permissions ?? []).length}</td>
                  <td>
                    <span class={wait > 2 * 86400 ? 'overdue' : ''} data-testid="waiting">
                      {formatWaiting(wait)}
                    </span>
                    <div class="muted small">{formatDateTime(v.submittedAt)}</div>
                    {v.releaseAt && <div class="muted small">release at {formatDateTime(v.releaseAt)}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
