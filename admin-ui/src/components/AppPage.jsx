import { useCallback, useState } from 'preact/hooks';
import { useAction, useAsync } from '../hooks.js';
import { formatAgo, formatDateTime, personLabel } from '../format.js';
import { canRelease } from '../review.js';
import { href } from '../routes.js';
import { ErrorBox, Link, Loading, Notice, PageHeader, StateBadge, StatusBadge } from './common.jsx';
import { namespace as listsNamespace } from '../i18n.js';
import listsCatalogue from '../locales/lists.js';

const tl = listsNamespace('lists', listsCatalogue);

/** One app: its facts, suspension, versions (release / roll back) and usage. */
export function AppPage({ api, appId }) {
  const { data: app, error, reload } = useAsync((signal) => api.app(appId, { signal }), [appId]);
  const [notice, setNotice] = useState(null);
  if (error && !app) {
    return (
      <section>
        <PageHeader title={appId} />
        <ErrorBox error={error} />
        <Link href={href.apps()}>{tl('backToApps')}</Link>
      </section>
    );
  }
  if (!app) return <Loading />;
  const done = (message) => {
    setNotice(message);
    reload();
  };
  return (
    <section data-testid="app-page" data-app-id={app.id} data-status={app.status}>
      <PageHeader
        title={
          <>
            {app.name} <StatusBadge status={app.status} />
          </>
        }
        subtitle={app.description}
      />
      <Notice>{notice}</Notice>
      <dl class="meta">
        <dt>Id</dt>
        <dd class="mono">{app.id}</dd>
        <dt>{tl('developer')}</dt>
        <dd>{personLabel(app.owner)}</dd>
        <dt>{tl('category')}</dt>
        <dd>{app.category}</dd>
        <dt>{tl('liveVersion')}</dt>
        <dd class="mono" data-testid="live-version">
          {app.liveVersion ?? 'none'}
        </dd>
        {app.homepage && (
          <>
            <dt>{tl('homepage')}</dt>
            <dd>
              <a href={app.homepage} target="_blank" rel="noopener noreferrer nofollow">
                {app.homepage}
              </a>
            </dd>
          </>
        )}
        <dt>{tl('privacy')}</dt>
        <dd>
          {app.privacyPolicyUrl ? (
            <a href={app.privacyPolicyUrl} target="_blank" rel="noopener noreferrer nofollow">
              {app.privacyPolicyUrl}
            </a>
          ) : (
            <span class="warn">{tl('noneGiven')}</span>
          )}
        </dd>
        <dt>{tl('created')}</dt>
        <dd>{formatDateTime(app.createdAt)}</dd>
      </dl>

      <Suspension api={api} app={app} onDone={done} />
      <Versions api={api} app={app} onDone={done} />
      <Usage usage={app.usage} />
    </section>
  );
}

function Suspension({ api, app, onDone }) {
  const [reason, setReason] = useState('');
  const suspended = app.status === 'suspended';
  const act = useAction(
    useCallback(
      () => (suspended ? api.unsuspend(app.id, reason) : api.suspend(app.id, reason.trim())),
      [api, app.id, suspended, reason],
    ),
  );
  const submit = async (e) => {
    e.preventDefault();
    if (await act.run()) {
      setReason('');
      onDone(suspended ? `${app.name} is active again.` : `${app.name} is suspended everywhere.`);
    }
  };
  return (
    <form class={`panel ${suspended ? 'suspended' : ''}`} onSubmit={submit} data-testid="suspension">
      <h2>{suspended ? tl('suspendedTitle') : tl('suspend')}</h2>
      {suspended ? (
        <p data-testid="suspended-reason">
          Suspended {formatDateTime(app.suspendedAt)}: <strong>{app.suspendedReason}</strong>
        </p>
      ) : (
        <p class="muted">
          A suspended app stops at once for everyone: it cannot be launched and its handlers no longer run.
        </p>
      )}
      <label for="suspend-reason">{suspended ? tl('liftReason') : tl('suspendReason')}</label>
      <textarea
        id="suspend-reason"
        rows={2}
        required={!suspended}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
        data-testid="suspend-reason"
      />
      <ErrorBox error={act.error} testid="suspend-error" />
      {suspended ? (
        <button type="submit" class="button" disabled={act.busy} data-testid="unsuspend">
          {tl('unsuspend')}
        </button>
      ) : (
        <button type="submit" class="button danger" disabled={act.busy || !reason.trim()} data-testid="suspend">
          {tl('suspend')}
        </button>
      )}
    </form>
  );
}

function Versions({ api, app, onDone }) {
  const versions = app.versions ?? [];
  const release = useAction(useCallback((version) => api.release(app.id, version), [api, app.id]));
  const liveIndex = versions.findIndex((v) => v.live);
  return (
    <section class="panel" data-testid="versions">
      <h2>{tl('versions')}</h2>
      <ErrorBox error={release.error} />
      {versions.length === 0 ? (
        <p class="muted">{tl('noVersion')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{tl('version')}</th>
              <th scope="col">{tl('state')}</th>
              <th scope="col">{tl('uploaded')}</th>
              <th scope="col">{tl('reviewed')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {versions.map((v, i) => (
              <tr
                key={v.version}
                data-testid="version-row"
                data-version={v.version}
                data-state={v.state}
                data-live={String(Boolean(v.live))}
              >
                <td>
                  <Link href={href.version(app.id, v.version)} class="mono">
                    {v.version}
                  </Link>
                </td>
                <td>
                  <StateBadge state={v.state} live={v.live} />
                </td>
                <td class="small">{formatDateTime(v.uploadedAt)}</td>
                <td class="small">
                  {v.reviewedAt
                    ? tl('reviewedBy', { time: formatDateTime(v.reviewedAt), person: personLabel(v.reviewedBy) })
                    : ''}
                  {v.reviewReason && <div class="muted">“{v.reviewReason}”</div>}
                </td>
                <td>
                  {canRelease(v) && (
                    <button
                      type="button"
                      class="button small"
                      disabled={release.busy}
                      data-testid="version-release"
                      onClick={async () => {
                        if (await release.run(v.version)) onDone(`${app.id} ${v.version} is live now.`);
                      }}
                    >
                      {liveIndex >= 0 && i > liveIndex ? tl('rollBack') : tl('makeLive')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Usage({ usage }) {
  if (!usage) return null;
  const errors = usage.recentErrors ?? [];
  return (
    <section class="panel" data-testid="usage">
      <h2>{tl('usage')}</h2>
      <div class="stats">
        <div>
          <strong data-testid="usage-launches">{usage.launches ?? 0}</strong>
          <span>{tl('launches')}</span>
        </div>
        <div>
          <strong data-testid="usage-invocations">{usage.invocations ?? 0}</strong>
          <span>{tl('invocations')}</span>
        </div>
        <div>
          <strong data-testid="usage-errors" class={usage.errors ? 'bad' : ''}>
            {usage.errors ?? 0}
          </strong>
          <span>{tl('errors')}</span>
        </div>
      </div>
      <h3>{tl('recentErrors')}</h3>
      {errors.length === 0 ? (
        <p class="muted">{tl('none')}</p>
      ) : (
        <ul class="log">
          {errors.map((e, i) => (
            <li key={e.requestId ?? i}>
              <span class="muted small" title={formatDateTime(e.at)}>
                {formatAgo(e.at)}
              </span>{' '}
              <span class="mono small">{e.version}</span> <span class="mono">{e.text}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
