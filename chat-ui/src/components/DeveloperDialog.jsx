import { useEffect, useMemo, useState } from 'preact/hooks';
import { developerApi, stateKey } from '../developer.js';
import { formatDateTime, formatNumber, namespace } from '../i18n.js';
import catalogue from '../locales/developer.js';
import { Modal } from './Modal.jsx';

const t = namespace('developer', catalogue);

/** Loads `load()` once per key: `{data, failed}` (data null while loading). */
function useLoad(load, key) {
  const [state, setState] = useState({ data: null, failed: false });
  useEffect(() => {
    let live = true;
    setState({ data: null, failed: false });
    load().then(
      (data) => live && setState({ data, failed: false }),
      () => live && setState({ data: null, failed: true }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}

function Loading({ state, children }) {
  if (state.failed)
    return (
      <p class="error" role="alert">
        {t('failed')}
      </p>
    );
  if (state.data === null) return <p class="muted">{t('loading')}</p>;
  return children(state.data);
}

/**
 * The developer screens (developers and admins): their apps with versions, review status, usage
 * and logs, and their API tokens (a new token shown once, the list, revoke), without curl.
 */
export function DeveloperDialog({ api, onClose }) {
  const dev = useMemo(() => developerApi(api.request), [api]);
  const [appId, setAppId] = useState(null);
  return (
    <Modal id="developer" title={t('title')} description={t('description')} onClose={onClose} wide>
      {appId ? (
        <AppDetail dev={dev} appId={appId} onBack={() => setAppId(null)} />
      ) : (
        <AppList dev={dev} onOpen={setAppId} />
      )}
      <Tokens dev={dev} />
    </Modal>
  );
}

/** The sidebar's way in, for developers and admins. */
export function DeveloperButton({ onOpen }) {
  return (
    <button type="button" class="button" data-testid="developer-open" onClick={onOpen}>
      {t('open')}
    </button>
  );
}

function AppList({ dev, onOpen }) {
  const apps = useLoad(() => dev.myApps(), 'apps');
  return (
    <section aria-label={t('apps')} data-testid="developer-apps">
      <h3>{t('apps')}</h3>
      <Loading state={apps}>
        {(list) =>
          list.length === 0 ? (
            <p class="muted">{t('noApps')}</p>
          ) : (
            <ul class="developer-list">
              {list.map((app) => (
                <li key={app.id}>
                  <button type="button" class="link-button" data-testid="developer-app" onClick={() => onOpen(app.id)}>
                    {app.name}
                  </button>{' '}
                  <span class="muted">
                    {app.id} ·{' '}
                    {app.status === 'suspended'
                      ? t('suspended')
                      : app.liveVersion
                        ? t('live', { version: app.liveVersion })
                        : t('notLive')}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </section>
  );
}

function AppDetail({ dev, appId, onBack }) {
  const versions = useLoad(() => dev.versions(appId), `v:${appId}`);
  const usage = useLoad(() => dev.usage(appId), `u:${appId}`);
  const logs = useLoad(() => dev.logs(appId), `l:${appId}`);
  return (
    <section aria-label={appId} data-testid="developer-app-detail" data-app-id={appId}>
      <p>
        <button type="button" class="link-button" data-testid="developer-back" onClick={onBack}>
          ← {t('back')}
        </button>
      </p>
      <h3>{appId}</h3>
      <h4>{t('versions')}</h4>
      <Loading state={versions}>
        {(list) =>
          list.length === 0 ? (
            <p class="muted">{t('noVersions')}</p>
          ) : (
            <ul class="developer-list" data-testid="developer-versions">
              {list.map((v) => (
                <li key={v.version} data-testid="developer-version" data-state={v.state}>
                  <strong>{v.version}</strong> <span class="badge">{t(stateKey(v.state))}</span>
                  {v.live && <span class="badge"> {t('liveBadge')}</span>}{' '}
                  <span class="muted">{t('uploaded', { date: formatDateTime(v.uploadedAt) })}</span>
                  {v.reviewReason && <div class="muted">{t('reason', { reason: v.reviewReason })}</div>}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
      <h4>{t('usage')}</h4>
      <Loading state={usage}>
        {(u) => (
          <dl class="payment-summary" data-testid="developer-usage">
            <dt>{t('launches')}</dt>
            <dd>{formatNumber(u.launches ?? 0)}</dd>
            <dt>{t('invocations')}</dt>
            <dd>{formatNumber(u.invocations ?? 0)}</dd>
            <dt>{t('errors')}</dt>
            <dd>{formatNumber(u.errors ?? 0)}</dd>
          </dl>
        )}
      </Loading>
      <h4>{t('logs')}</h4>
      <Loading state={logs}>
        {(lines) =>
          lines.length === 0 ? (
            <p class="muted">{t('noLogs')}</p>
          ) : (
            <ul class="developer-logs" data-testid="developer-logs">
              {lines.map((l, i) => (
                <li key={`${l.at}-${i}`} class={l.level === 'error' ? 'error' : ''}>
                  <span class="muted">{formatDateTime(l.at)}</span> {l.version} {l.text}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </section>
  );
}

function Tokens({ dev }) {
  const [round, setRound] = useState(0);
  const tokens = useLoad(() => dev.tokens(), `t:${round}`);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [fresh, setFresh] = useState(null);
  const [problem, setProblem] = useState(null);
  const create = async (e) => {
    e.preventDefault();
    if (!name.trim()) {
      setProblem(t('nameNeeded'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      setFresh(await dev.createToken(name.trim()));
      setName('');
      setRound((n) => n + 1);
    } catch (err) {
      setProblem(err?.detail || t('failed'));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id) => {
    try {
      await dev.revokeToken(id);
      if (fresh?.id === id) setFresh(null);
    } catch {
      setProblem(t('failed'));
    }
    setRound((n) => n + 1);
  };
  return (
    <section aria-label={t('tokens')} data-testid="developer-tokens">
      <h3>{t('tokens')}</h3>
      <p class="muted">{t('tokensHint')}</p>
      <form class="row" onSubmit={create}>
        <label>
          {t('tokenName')}
          <input
            data-testid="token-name"
            value={name}
            maxLength={100}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button primary" data-testid="token-create" disabled={busy}>
          {busy ? t('creating') : t('create')}
        </button>
      </form>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {fresh && (
        <div role="status" data-testid="token-fresh">
          <p>{t('newToken', { name: fresh.name })}</p>
          <code data-testid="token-secret">{fresh.token}</code>
        </div>
      )}
      <Loading state={tokens}>
        {(list) =>
          list.length === 0 ? (
            <p class="muted">{t('noTokens')}</p>
          ) : (
            <ul class="developer-list" data-testid="token-list">
              {list.map((tok) => (
                <li key={tok.id} data-testid="token" data-token-id={tok.id}>
                  <strong>{tok.name}</strong>{' '}
                  <span class="muted">
                    {t('created', { date: formatDateTime(tok.createdAt) })} ·{' '}
                    {tok.lastUsedAt ? t('lastUsed', { date: formatDateTime(tok.lastUsedAt) }) : t('neverUsed')}
                  </span>{' '}
                  <button
                    type="button"
                    class="button"
                    data-testid="token-revoke"
                    aria-label={t('revokeNamed', { name: tok.name })}
                    onClick={() => revoke(tok.id)}
                  >
                    {t('revoke')}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </section>
  );
}
