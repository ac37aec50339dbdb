import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { createApi } from '../api.js';
import { AuthView } from './AuthView.jsx';
import { Messenger } from './Messenger.jsx';
import { Inbox, isInboxPath } from './Inbox.jsx';
import { ResetView, takeResetToken } from './ResetView.jsx';
import { namespace } from '../i18n.js';
import catalogue from '../locales/auth.js';
import { adoptAccountLocale } from '../accountLocale.js';

const t = namespace('auth', catalogue);

/** Reads `/setup#token=...` and removes the token from the address bar at once. */
function takeSetupToken() {
  if (window.location.pathname.replace(/\/+$/, '') !== '/setup') return undefined;
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const token = params.get('token') ?? '';
  window.history.replaceState(null, '', '/setup');
  return token;
}

/** Boots the page: setup link, signed-out forms, or the messenger. */
export function Root() {
  const api = useMemo(() => createApi(), []);
  const [phase, setPhase] = useState(() => {
    const token = takeSetupToken();
    if (token !== undefined) return { kind: 'setup', token };
    const reset = takeResetToken(); // a one-time password reset link (issue 17)
    return reset ? { kind: 'reset', token: reset } : { kind: 'loading' };
  });

  const checkSession = useCallback(() => {
    setPhase({ kind: 'loading' });
    api
      .session()
      .then((s) => (adoptAccountLocale(s.account) ? null : setPhase({ kind: 'app', session: s })))
      .catch((e) => setPhase(e.status === 401 ? { kind: 'auth' } : { kind: 'error', error: e }));
  }, [api]);

  useEffect(() => {
    if (phase.kind === 'loading') checkSession();
    // Only on first mount; later transitions call checkSession themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const signedIn = useCallback(
    (session) => {
      if (window.location.pathname === '/setup') window.history.replaceState(null, '', '/');
      if (!adoptAccountLocale(session.account)) setPhase({ kind: 'app', session });
    },
    [setPhase],
  );

  const signedOut = useCallback(
    (notice) => {
      api.setCsrfToken(null);
      window.history.replaceState(null, '', '/');
      setPhase({ kind: 'auth', notice });
    },
    [api],
  );

  switch (phase.kind) {
    case 'loading':
      return (
        <div class="splash" role="status" aria-live="polite" data-testid="loading">
          <span class="spinner" aria-hidden="true" />
          <span>{t('loading')}</span>
        </div>
      );
    case 'error':
      return (
        <div class="splash" role="alert" data-testid="boot-error">
          <h1>{t('unreachable')}</h1>
          <p>{phase.error.userMessage}</p>
          <button type="button" class="button primary" onClick={checkSession}>
            {t('tryAgain')}
          </button>
        </div>
      );
    case 'reset':
      return <ResetView api={api} token={phase.token} onDone={(notice) => setPhase({ kind: 'auth', notice })} />;
    case 'setup':
      return <AuthView api={api} mode="setup" setupToken={phase.token} onSignedIn={signedIn} />;
    case 'auth':
      return <AuthView api={api} mode="signin" notice={phase.notice} onSignedIn={signedIn} />;
    case 'app':
      // the customer care inbox is a page of its own (issue 22)
      if (isInboxPath()) return <Inbox key={phase.session.account.id} api={api} session={phase.session} />;
      return <Messenger key={phase.session.account.id} api={api} session={phase.session} onSignedOut={signedOut} />;
    default:
      return null;
  }
}
