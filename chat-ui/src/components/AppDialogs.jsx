import { useEffect, useState } from 'preact/hooks';
import { hasPage } from '../apps.js';
import { useDebounced } from '../hooks.js';
import { fullTime } from '../format.js';
import { AppIcon } from './AppIcon.jsx';
import { PinIcon } from './Icons.jsx';
import { Modal } from './Modal.jsx';
import { GrantedPermissions, ScopeNote } from './ConsentScopes.jsx';
import { namespace } from '../i18n.js';
import appsCatalogue from '../locales/apps.js';

const t = namespace('apps', appsCatalogue);

/**
 * The consent sheet: what the app asks to do, in the platform's words (`userText`) and the
 * app's own (`reason`). Allow stores the grant and the command is sent again; Not now runs nothing.
 */
export function ConsentSheet({ apps, consent }) {
  const { app, permissions, busy, error } = consent;
  return (
    <Modal
      id="consent-sheet"
      title={t('allowApp', { app: app.name ?? t('thisApp') })}
      onClose={() => apps.declineConsent()}
    >
      <div class="consent-app">
        <AppIcon app={app} size={40} />
        <p>
          <strong data-testid="consent-app">{app.name}</strong> {t('asksTo')}
        </p>
      </div>
      <ul class="consent-list" data-testid="consent-permissions">
        {permissions.map((p) => (
          <li key={p.name} data-testid="consent-permission" data-permission={p.name}>
            <span class="consent-what">{p.userText || p.description || p.name}</span>
            <ScopeNote permission={p} />
            {p.reason && (
              <span class="muted consent-why">
                <span class="sr-only">{t('why')}</span>“{p.reason}”
              </span>
            )}
          </li>
        ))}
      </ul>
      <p class="muted small">{t('remembers')}</p>
      {error && (
        <p class="form-error" role="alert" data-testid="consent-error">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="button" data-testid="consent-deny" onClick={() => apps.declineConsent()}>
          {t('notNow')}
        </button>
        <button
          type="button"
          class="button primary"
          data-testid="consent-allow"
          disabled={busy}
          onClick={() => apps.allowConsent()}
        >
          {busy ? t('allowing') : t('allow')}
        </button>
      </div>
    </Modal>
  );
}

/** Asks before the messenger sends the user to another site. */
export function LeaveDialog({ url, onAnswer }) {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // shown as it is
  }
  return (
    <Modal id="leave-dialog" title={t('openLink')} onClose={() => onAnswer(false)}>
      <p>
        {t('opensInNewTab')} <strong>{host}</strong>. {t('notParley')}
      </p>
      <p class="leave-url muted" data-testid="leave-url">
        {url}
      </p>
      <div class="dialog-actions">
        <button type="button" class="button" data-testid="leave-cancel" onClick={() => onAnswer(false)}>
          {t('stayHere')}
        </button>
        <button type="button" class="button primary" data-testid="leave-confirm" onClick={() => onAnswer(true)}>
          {t('openLinkButton')}
        </button>
      </div>
    </Modal>
  );
}

function PinButton({ apps, app, pinned, onError }) {
  return (
    <button
      type="button"
      class={`icon-button small${pinned ? ' on' : ''}`}
      aria-pressed={pinned ? 'true' : 'false'}
      aria-label={pinned ? t('unpinApp', { app: app.name }) : t('pinApp', { app: app.name })}
      title={pinned ? t('unpin') : t('pin')}
      data-testid="pin-app"
      onClick={() => apps.setPinned(app, !pinned).catch((e) => onError(e.userMessage ?? String(e)))}
    >
      <PinIcon size={16} />
    </button>
  );
}

/**
 * The app directory of a conversation: what is installed (open, pin, remove), the approved
 * apps to add (search), and, for a group's owner, who may add apps.
 */
export function AppDirectoryDialog({ api, apps, appsSnap, chat, conv, me, onClose, onOpenApp }) {
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 200);
  const [results, setResults] = useState({ loading: true, items: [], error: null });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(null);
  const installed = appsSnap.installed[conv.id];
  const installedIds = new Set((installed?.items ?? []).map((x) => x.app?.id));
  const pinnedIds = new Set(appsSnap.pins.items.map((a) => a.id));
  const isGroup = conv.kind === 'group';
  const isOwner = (conv.members ?? []).some((m) => m.id === me.id && m.role === 'owner');
  const policy = conv.appInstallPolicy ?? 'members';
  const mayInstall = !isGroup || policy !== 'owner' || isOwner;

  useEffect(() => {
    apps.loadInstalled(conv.id, { force: true }).catch(() => {});
  }, [apps, conv.id]);

  useEffect(() => {
    const ctrl = new AbortController();
    setResults((r) => ({ ...r, loading: true, error: null }));
    api
      .searchApps(query, { signal: ctrl.signal })
      .then((list) => setResults({ loading: false, items: Array.isArray(list) ? list : [], error: null }))
      .catch((e) => {
        if (e.name !== 'AbortError') setResults({ loading: false, items: [], error: e.userMessage ?? String(e) });
      });
    return () => ctrl.abort();
  }, [api, query]);

  async function act(key, fn) {
    setBusy(key);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e.userMessage ?? String(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Modal id="app-directory" title={t('appsIn', { title: conv.title })} onClose={onClose} wide>
      {isGroup && isOwner && (
        <div class="field policy-field">
          <label for="install-policy">{t('whoCanAdd')}</label>
          <select
            id="install-policy"
            data-testid="install-policy"
            value={policy}
            disabled={busy === 'policy'}
            onChange={(e) => {
              const value = e.currentTarget.value;
              act('policy', () => chat.setAppInstallPolicy(conv.id, value));
            }}
          >
            <option value="members">{t('everyMember')}</option>
            <option value="owner">{t('onlyOwner')}</option>
          </select>
        </div>
      )}
      <h3 class="section-title">{t('inThisConversation')}</h3>
      {installed?.loading && !installed.loaded && <p class="muted">{t('loading')}</p>}
      {installed?.error && !installed.loaded && <p class="form-error">{installed.error.userMessage}</p>}
      {installed?.loaded && !installed.items.length && <p class="empty-note muted">{t('noApps')}</p>}
      <ul class="app-list" data-testid="installed-apps">
        {(installed?.items ?? []).map((entry) => {
          const app = entry.app;
          return (
            <li key={app.id} class="app-row" data-testid="installed-app" data-app-id={app.id}>
              <AppIcon app={app} size={36} />
              <span class="app-text">
                <span class="person-name">{app.name}</span>
                <span class="muted small">
                  {(entry.commands ?? []).map((c) => `/${c.name}`).join(' ') || app.description}
                </span>
                <GrantedPermissions permissions={entry.permissions} />
              </span>
              <PinButton apps={apps} app={app} pinned={pinnedIds.has(app.id)} onError={setError} />
              {hasPage(entry) && (
                <button type="button" class="button small" data-testid="open-app" onClick={() => onOpenApp(app.id)}>
                  {t('open')}
                </button>
              )}
              <button
                type="button"
                class="button small subtle"
                data-testid="uninstall-app"
                disabled={busy === `u-${app.id}`}
                aria-label={t('removeApp', { app: app.name })}
                onClick={() => act(`u-${app.id}`, () => apps.uninstall(conv.id, app.id))}
              >
                {t('remove')}
              </button>
            </li>
          );
        })}
      </ul>
      <h3 class="section-title">{t('addApps')}</h3>
      {!mayInstall && (
        <p class="muted small" data-testid="install-owner-only">
          {t('ownerOnly')}
        </p>
      )}
      <div class="field">
        <label for="app-search" class="sr-only">
          {t('searchApps')}
        </label>
        <input
          id="app-search"
          type="search"
          placeholder={t('searchApps')}
          data-testid="app-search"
          value={q}
          autocomplete="off"
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </div>
      {results.error && <p class="form-error">{results.error}</p>}
      {!results.loading && !results.error && !results.items.length && (
        <p class="empty-note muted">{query ? t('noAppsMatch', { query }) : t('noAppsAvailable')}</p>
      )}
      <ul class="app-list" data-testid="directory-apps" aria-busy={results.loading ? 'true' : 'false'}>
        {results.items.map((app) => {
          const added = installedIds.has(app.id);
          return (
            <li key={app.id} class="app-row" data-testid="directory-app" data-app-id={app.id}>
              <AppIcon app={app} size={36} />
              <span class="app-text">
                <span class="person-name">{app.name}</span>
                <span class="muted small">{app.description}</span>
              </span>
              <PinButton apps={apps} app={app} pinned={pinnedIds.has(app.id)} onError={setError} />
              <button
                type="button"
                class={`button small${added ? '' : ' primary'}`}
                data-testid="install-app"
                disabled={added || !mayInstall || busy === `i-${app.id}`}
                onClick={() => act(`i-${app.id}`, () => apps.install(conv.id, app.id))}
              >
                {added ? t('added') : busy === `i-${app.id}` ? t('adding') : t('add')}
              </button>
            </li>
          );
        })}
      </ul>
      {error && (
        <p class="form-error" role="alert" data-testid="app-directory-error">
          {error}
        </p>
      )}
    </Modal>
  );
}

/** "Apps & permissions": what each app may do for me, with revoke per permission and per app; my pins. */
export function AppsSettingsDialog({ api, apps, appsSnap, onClose }) {
  const [state, setState] = useState({ loading: true, items: [], error: null });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(null);

  async function load() {
    try {
      const list = await api.listConsents();
      setState({ loading: false, items: Array.isArray(list) ? list : [], error: null });
    } catch (e) {
      setState({ loading: false, items: [], error: e.userMessage ?? String(e) });
    }
  }
  useEffect(() => {
    load();
    apps.loadPins();
  }, []);

  async function revoke(appId, permission) {
    const key = `${appId}/${permission ?? '*'}`;
    setBusy(key);
    setError(null);
    try {
      await api.revokeConsent(appId, permission);
      setState((s) => ({
        ...s,
        items: s.items
          .map((entry) =>
            entry.app.id !== appId
              ? entry
              : { ...entry, permissions: permission ? entry.permissions.filter((p) => p.name !== permission) : [] },
          )
          .filter((entry) => entry.permissions.length),
      }));
    } catch (e) {
      setError(e.userMessage ?? String(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Modal id="apps-settings" title={t('appsPermissions')} description={t('permissionsIntro')} onClose={onClose} wide>
      {state.loading && <p class="muted">{t('loading')}</p>}
      {state.error && <p class="form-error">{state.error}</p>}
      {!state.loading && !state.error && !state.items.length && (
        <p class="empty-note muted" data-testid="no-consents">
          {t('noConsents')}
        </p>
      )}
      <ul class="consent-apps">
        {state.items.map((entry) => (
          <li key={entry.app.id} class="consent-app-entry" data-testid="consent-entry" data-app-id={entry.app.id}>
            <div class="app-row">
              <AppIcon app={entry.app} size={32} />
              <span class="app-text">
                <span class="person-name">{entry.app.name}</span>
              </span>
              <button
                type="button"
                class="button small danger subtle"
                data-testid="revoke-app"
                disabled={busy != null}
                onClick={() => revoke(entry.app.id)}
              >
                {t('revokeAll')}
              </button>
            </div>
            <ul class="consent-grants">
              {entry.permissions.map((p) => (
                <li key={p.name} data-testid="consent-grant" data-permission={p.name}>
                  <span class="app-text">
                    <span>{p.userText || p.name}</span>
                    {p.grantedAt && <span class="muted small">Allowed {fullTime(p.grantedAt)}</span>}
                  </span>
                  <button
                    type="button"
                    class="button small subtle"
                    data-testid="revoke-permission"
                    disabled={busy != null}
                    aria-label={t('revokeFrom', { permission: p.userText || p.name, app: entry.app.name })}
                    onClick={() => revoke(entry.app.id, p.name)}
                  >
                    {t('revoke')}
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <h3 class="section-title">{t('yourShortcuts')}</h3>
      {!appsSnap.pins.items.length && <p class="empty-note muted">{t('shortcutsHint')}</p>}
      <ul class="app-list">
        {appsSnap.pins.items.map((app) => (
          <li key={app.id} class="app-row" data-testid="pinned-app" data-app-id={app.id}>
            <AppIcon app={app} size={28} />
            <span class="app-text">
              <span class="person-name">{app.name}</span>
            </span>
            <PinButton apps={apps} app={app} pinned onError={setError} />
          </li>
        ))}
      </ul>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
