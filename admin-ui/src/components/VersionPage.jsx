import { useCallback, useMemo, useState } from 'preact/hooks';
import { useAction, useAsync } from '../hooks.js';
import { fileChanges, isTextFile } from '../diff.js';
import { formatBytes, formatDateTime, personLabel } from '../format.js';
import { PERMISSION_HELP, canDecide, canRelease, domainRows, permissionRows, prettyJson } from '../review.js';
import { href } from '../routes.js';
import { ErrorBox, Link, Loading, Notice, PageHeader, StateBadge } from './common.jsx';
import { FileDiff } from './DiffView.jsx';
import { FileViewer } from './FileViewer.jsx';
import { namespace as reviewNamespace } from '../i18n.js';
import reviewCatalogue from '../locales/review.js';

const tv = reviewNamespace('review', reviewCatalogue);

/**
 * One version as a reviewer needs it: what it asks for (and what changed since the compared
 * version), its manifest and files, the side-by-side diff, and the decision.
 */
export function VersionPage({ api, appId, version }) {
  const detail = useAsync((signal) => api.versionDetail(appId, version, { signal }), [appId, version]);
  const comparedTo = detail.data?.comparedTo ?? null;
  const previous = useAsync(
    (signal) => (comparedTo ? api.versionDetail(appId, comparedTo, { signal }) : Promise.resolve(null)),
    [appId, comparedTo],
  );
  const [notice, setNotice] = useState(null);

  if (detail.error && !detail.data) {
    return (
      <section>
        <PageHeader title={`${appId} ${version}`} />
        <ErrorBox error={detail.error} />
        <p>
          <Link href={href.reviews()}>{tv('backToQueue')}</Link>
        </p>
      </section>
    );
  }
  if (!detail.data) return <Loading />;
  const v = detail.data;

  const decided = (message) => {
    setNotice(message);
    detail.reload();
  };

  return (
    <section class="version" data-testid="version-page" data-app-id={appId} data-version={version} data-state={v.state}>
      <PageHeader
        title={
          <>
            <Link href={href.app(appId)}>{appId}</Link> <span class="mono">{v.version}</span>{' '}
            <StateBadge state={v.state} live={v.live} />
          </>
        }
        subtitle={comparedTo ? tv('comparedWith', { version: comparedTo }) : tv('firstVersion')}
      />
      <Notice>{notice}</Notice>

      <Meta v={v} />

      {canDecide(v) && <Decision api={api} v={v} onDone={decided} />}
      {canRelease(v) && <Release api={api} v={v} onDone={decided} />}
      {v.state === 'rejected' && v.reviewReason && (
        <div class="alert error" data-testid="review-reason">
          Rejected: {v.reviewReason}
        </div>
      )}

      <nav class="toc" aria-label={tv('sections')}>
        <a href="#permissions">{tv('permissions')}</a>
        <a href="#domains">{tv('network')}</a>
        <a href="#manifest">{tv('manifest')}</a>
        <a href="#files">{tv('files')}</a>
        <a href="#changes">{tv('changes')}</a>
      </nav>

      <Permissions v={v} previous={previous.data} />
      <Domains v={v} previous={previous.data} />

      <section id="manifest" class="panel">
        <h2>{tv('manifest')}</h2>
        <pre class="json" data-testid="manifest">
          {prettyJson(v.manifest)}
        </pre>
      </section>

      <Files api={api} v={v} />

      <section id="changes" class="panel" data-testid="changes">
        <h2>{comparedTo ? tv('changesSince', { version: comparedTo }) : tv('changes')}</h2>
        {!comparedTo && <p class="muted">{tv('nothingToCompare')}</p>}
        {comparedTo && previous.error && <ErrorBox error={previous.error} />}
        {comparedTo && !previous.data && !previous.error && (
          <Loading label={tv('loadingVersion', { version: comparedTo })} />
        )}
        {comparedTo && previous.data && <Changes api={api} v={v} previous={previous.data} />}
      </section>
    </section>
  );
}

function Meta({ v }) {
  return (
    <dl class="meta" data-testid="version-meta">
      <dt>{tv('uploaded')}</dt>
      <dd>
        {formatDateTime(v.uploadedAt)} by {personLabel(v.uploadedBy)}
      </dd>
      {v.submittedAt && (
        <>
          <dt>{tv('submitted')}</dt>
          <dd>{formatDateTime(v.submittedAt)}</dd>
        </>
      )}
      {v.releaseAt && (
        <>
          <dt>{tv('goesLive')}</dt>
          <dd>{formatDateTime(v.releaseAt)}</dd>
        </>
      )}
      {v.reviewedAt && (
        <>
          <dt>{tv('reviewed')}</dt>
          <dd>
            {formatDateTime(v.reviewedAt)} by {personLabel(v.reviewedBy)}
            {v.reviewReason ? ` — “${v.reviewReason}”` : ''}
          </dd>
        </>
      )}
      {v.releasedAt && (
        <>
          <dt>{tv('released')}</dt>
          <dd>{formatDateTime(v.releasedAt)}</dd>
        </>
      )}
      <dt>{tv('size')}</dt>
      <dd>
        {formatBytes(v.size)} in {v.fileCount ?? (v.files ?? []).length} files
      </dd>
      <dt>{tv('digest')}</dt>
      <dd class="mono small">{v.digest}</dd>
    </dl>
  );
}

function Decision({ api, v, onDone }) {
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const approve = useAction(useCallback(() => api.approve(v.appId, v.version, note), [api, v, note]));
  const reject = useAction(useCallback(() => api.reject(v.appId, v.version, reason.trim()), [api, v, reason]));
  const busy = approve.busy || reject.busy;

  const onApprove = async (e) => {
    e.preventDefault();
    const r = await approve.run();
    if (r) onDone(tv(r.live ? 'approvedLive' : 'approved', { app: v.appId, version: v.version }));
  };
  const onReject = async (e) => {
    e.preventDefault();
    const r = await reject.run();
    if (r) onDone(tv('rejected', { app: v.appId, version: v.version }));
  };

  return (
    <div class="decision" data-testid="decision">
      <form class="panel approve" onSubmit={onApprove}>
        <h2>{tv('approve')}</h2>
        <label for="approve-note">{tv('approveNote')}</label>
        <textarea
          id="approve-note"
          rows={2}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
          data-testid="approve-note"
        />
        <ErrorBox error={approve.error} testid="approve-error" />
        <button type="submit" class="button primary" disabled={busy} data-testid="approve">
          {approve.busy
            ? tv('approving')
            : v.releaseAt
              ? tv('approveAt', { time: formatDateTime(v.releaseAt) })
              : tv('approveLive')}
        </button>
      </form>
      <form class="panel reject" onSubmit={onReject}>
        <h2>{tv('reject')}</h2>
        <label for="reject-reason">{tv('rejectReason')}</label>
        <textarea
          id="reject-reason"
          rows={2}
          required
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
          data-testid="reject-reason"
        />
        <ErrorBox error={reject.error} testid="reject-error" />
        <button type="submit" class="button danger" disabled={busy || !reason.trim()} data-testid="reject">
          {reject.busy ? tv('rejecting') : tv('reject')}
        </button>
      </form>
    </div>
  );
}

function Release({ api, v, onDone }) {
  const release = useAction(useCallback(() => api.release(v.appId, v.version), [api, v]));
  return (
    <div class="panel row" data-testid="release-panel">
      <span>{tv('approvedNotLive')}</span>
      <button
        type="button"
        class="button"
        disabled={release.busy}
        data-testid="release"
        onClick={async () => {
          if (await release.run()) onDone(tv('liveNow', { app: v.appId, version: v.version }));
        }}
      >
        {tv('makeLive')}
      </button>
      <ErrorBox error={release.error} />
    </div>
  );
}

const FLAG = { new: tv('flagNew'), removed: tv('flagRemoved'), kept: '' };

function Permissions({ v, previous }) {
  const rows = useMemo(() => permissionRows(v, previous), [v, previous]);
  return (
    <section id="permissions" class="panel" data-testid="permissions">
      <h2>{tv('requested')}</h2>
      {rows.length === 0 ? (
        <p class="muted">{tv('noPermissions')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{tv('permission')}</th>
              <th scope="col">{tv('devReason')}</th>
              <th scope="col">{tv('change')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr
                key={p.name}
                class={`perm-${p.status}`}
                data-testid="permission"
                data-name={p.name}
                data-status={p.status}
              >
                <td>
                  <code>{p.name}</code>
                  {PERMISSION_HELP[p.name] && <div class="muted small">{PERMISSION_HELP[p.name]}</div>}
                </td>
                <td>
                  {p.status === 'removed' ? <span class="muted">{p.previousReason ?? ''}</span> : p.reason}
                  {p.reasonChanged && <div class="muted small">was: {p.previousReason}</div>}
                </td>
                <td>
                  {p.status !== 'kept' && (
                    <span class={`flag flag-${p.status}`} data-testid="permission-flag">
                      {FLAG[p.status]}
                    </span>
                  )}
                  {p.reasonChanged && <span class="flag flag-changed">{tv('reasonChanged')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Domains({ v, previous }) {
  const rows = useMemo(() => domainRows(v, previous), [v, previous]);
  return (
    <section id="domains" class="panel" data-testid="domains">
      <h2>{tv('domains')}</h2>
      {rows.length === 0 ? (
        <p class="muted">{tv('noNetwork')}</p>
      ) : (
        <ul class="domains">
          {rows.map((d) => (
            <li key={d.domain} data-testid="domain" data-domain={d.domain} data-status={d.status}>
              <code>{d.domain}</code> {d.status === 'new' && <span class="flag flag-new">{tv('newDomain')}</span>}
              {d.status === 'removed' && <span class="flag flag-removed">{tv('flagRemoved')}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Files({ api, v }) {
  const [open, setOpen] = useState(null);
  const files = useMemo(() => fileChanges([], v.files ?? []).map((c) => c.after), [v]);
  const openFile = files.find((f) => f.path === open);
  return (
    <section id="files" class="panel" data-testid="files">
      <h2>{tv('files')}</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{tv('path')}</th>
            <th scope="col" class="num">
              {tv('size')}
            </th>
            <th scope="col">SHA-256</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.path} data-testid="file" data-path={f.path}>
              <td class="mono">{f.path}</td>
              <td class="num">{formatBytes(f.size)}</td>
              <td class="mono small" title={f.sha256}>
                {(f.sha256 ?? '').slice(0, 12)}
              </td>
              <td>
                {isTextFile(f) ? (
                  <button type="button" class="button small" onClick={() => setOpen(f.path)} data-testid="file-view">
                    {tv('view')}
                  </button>
                ) : (
                  <span class="muted small">{tv('binary')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {openFile && <FileViewer api={api} file={openFile} onClose={() => setOpen(null)} />}
    </section>
  );
}

function Changes({ api, v, previous }) {
  const changes = useMemo(() => fileChanges(previous.files ?? [], v.files ?? []), [v, previous]);
  const changed = changes.filter((c) => c.status !== 'unchanged');
  const unchanged = changes.filter((c) => c.status === 'unchanged');
  return (
    <div>
      {changed.length === 0 && <p class="muted">{tv('noFileChanged')}</p>}
      {changed.map((c) => (
        <FileDiff key={c.path} api={api} change={c} beforeLabel={previous.version} afterLabel={v.version} />
      ))}
      {unchanged.length > 0 && (
        <p class="muted small" data-testid="unchanged-files">
          Unchanged: {unchanged.map((c) => c.path).join(', ')}
        </p>
      )}
    </div>
  );
}
