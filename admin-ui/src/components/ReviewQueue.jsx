import { useAsync } from '../hooks.js';
import { formatDateTime, formatWaiting, personLabel, waitingSeconds } from '../format.js';
import { href } from '../routes.js';
import { ErrorBox, Link, Loading, PageHeader } from './common.jsx';
import { namespace } from '../i18n.js';
import consoleCatalogue from '../locales/console.js';

const t = namespace('console', consoleCatalogue);

/** Versions waiting for review, oldest first (the server's order, kept as it is). */
export function ReviewQueue({ api }) {
  const { data, error, loading, reload } = useAsync((signal) => api.reviews({ signal }), []);
  const items = data ?? [];
  return (
    <section data-testid="review-queue">
      <PageHeader title={t('reviewQueue')} subtitle={t('queueSubtitle')}>
        <button type="button" class="button" onClick={reload} disabled={loading} data-testid="refresh">
          {t('refresh')}
        </button>
      </PageHeader>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && items.length === 0 && (
        <p class="empty" data-testid="queue-empty">
          {t('nothingWaits')}
        </p>
      )}
      {items.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('app')}</th>
              <th scope="col">{t('version')}</th>
              <th scope="col">{t('developer')}</th>
              <th scope="col">{t('permissions')}</th>
              <th scope="col">{t('submitted')}</th>
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
                    {v.releaseAt && (
                      <div class="muted small">{t('releaseAt', { time: formatDateTime(v.releaseAt) })}</div>
                    )}
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
