import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { BusinessesPage } from './BusinessesPage.jsx';
import { createApi } from '../api.js';
import { onNavigate } from '../nav.js';
import { href, parseRoute } from '../routes.js';
import { Link, Loading, ErrorBox } from './common.jsx';
import { SignIn } from './SignIn.jsx';
import { LanguagePicker } from './LanguagePicker.jsx';
import { ReviewQueue } from './ReviewQueue.jsx';
import { VersionPage } from './VersionPage.jsx';
import { AppsPage } from './AppsPage.jsx';
import { AppPage } from './AppPage.jsx';
import { PeoplePage } from './PeoplePage.jsx';
import { AuditPage } from './AuditPage.jsx';
import { ReportsPage } from './ReportsPage.jsx';
import { namespace } from '../i18n.js';
import consoleCatalogue from '../locales/console.js';

const t = namespace('console', consoleCatalogue);

const isAdmin = (account) => Array.isArray(account?.roles) && account.roles.includes('admin');

/** Boots the console: the session, then sign-in, the not-an-admin message, or the pages. */
export function App() {
  const api = useMemo(() => createApi(), []);
  const [phase, setPhase] = useState({ kind: 'loading' });

  const check = useCallback(() => {
    setPhase({ kind: 'loading' });
    api
      .session()
      .then((s) => setPhase({ kind: 'ready', session: s }))
      .catch((e) => setPhase(e.status === 401 ? { kind: 'signin' } : { kind: 'error', error: e }));
  }, [api]);

  useEffect(() => {
    api.setOnUnauthorized(() => setPhase({ kind: 'signin', notice: t('sessionEnded') }));
    check();
  }, [api, check]);

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } catch {
      // signed out locally either way
    }
    setPhase({ kind: 'signin', notice: t('signedOut') });
  }, [api]);

  switch (phase.kind) {
    case 'loading':
      return (
        <div class="splash">
          <Loading label={t('loading')} />
        </div>
      );
    case 'error':
      return (
        <div class="splash">
          <h1>{t('unreachable')}</h1>
          <ErrorBox error={phase.error} />
          <button type="button" class="button primary" onClick={check}>
            {t('tryAgain')}
          </button>
        </div>
      );
    case 'signin':
      return <SignIn api={api} notice={phase.notice} onSignedIn={(s) => setPhase({ kind: 'ready', session: s })} />;
    default:
      return isAdmin(phase.session.account) ? (
        <Console api={api} account={phase.session.account} onSignOut={signOut} />
      ) : (
        <NotAdmin account={phase.session.account} onSignOut={signOut} />
      );
  }
}

/** Shown to a signed-in person without the admin role. */
export function NotAdmin({ account, onSignOut }) {
  return (
    <div class="splash" data-testid="not-admin">
      <h1>{t('adminsOnly')}</h1>
      <p>{t('notAdmin', { name: account.displayName, username: account.username })}</p>
      <p class="row">
        <a class="button" href="/">
          {t('openMessenger')}
        </a>
        <button type="button" class="button primary" onClick={onSignOut} data-testid="sign-out">
          {t('signInAsOther')}
        </button>
      </p>
    </div>
  );
}

const NAV = [
  { page: 'reviews', label: t('reviewQueue'), link: href.reviews(), also: ['version'] },
  { page: 'apps', label: t('apps'), link: href.apps(), also: ['app'] },
  { page: 'people', label: t('people'), link: href.people() },
  { page: 'audit', label: t('audit'), link: href.audit() },
  { page: 'businesses', label: t('businesses'), link: href.businesses() },
  { page: 'reports', label: t('reports'), link: href.reports() },
];

function useLocation() {
  const read = () => ({ pathname: window.location.pathname, search: window.location.search });
  const [loc, setLoc] = useState(read);
  useEffect(() => onNavigate(() => setLoc(read())), []);
  return loc;
}

function Console({ api, account, onSignOut }) {
  const { pathname, search } = useLocation();
  const route = parseRoute(pathname);
  const query = new URLSearchParams(search);
  useEffect(() => {
    const title = {
      reviews: t('reviewQueue'),
      version: t('review'),
      apps: t('apps'),
      app: t('app'),
      people: t('people'),
      audit: t('audit'),
      businesses: t('businesses'),
      reports: t('reports'),
    }[route.page];
    document.title = t('titleSuffix', { title: title ?? t('notFound') });
  }, [route.page]);

  let page;
  switch (route.page) {
    case 'reviews':
      page = <ReviewQueue api={api} />;
      break;
    case 'version':
      page = <VersionPage key={`${route.params.appId}/${route.params.version}`} api={api} {...route.params} />;
      break;
    case 'apps':
      page = <AppsPage api={api} initialQuery={query.get('q') ?? ''} initialStatus={query.get('status') ?? ''} />;
      break;
    case 'app':
      page = <AppPage key={route.params.appId} api={api} appId={route.params.appId} />;
      break;
    case 'people':
      page = <PeoplePage api={api} me={account} initialQuery={query.get('q') ?? ''} />;
      break;
    case 'audit':
      page = <AuditPage api={api} />;
      break;
    case 'businesses':
      page = <BusinessesPage api={api} />;
      break;
    case 'reports':
      page = <ReportsPage api={api} />;
      break;
    default:
      page = (
        <div data-testid="not-found">
          <h1>{t('nothingHere')}</h1>
          <p>
            <Link href={href.reviews()}>{t('goToQueue')}</Link>
          </p>
        </div>
      );
  }

  return (
    <div class="shell">
      <header class="topbar">
        <Link class="brand" href={href.reviews()}>
          Parley <span>{t('admin')}</span>
        </Link>
        <nav aria-label={t('console')}>
          {NAV.map((n) => {
            const current = route.page === n.page || (n.also ?? []).includes(route.page);
            return (
              <Link
                key={n.page}
                href={n.link}
                class={current ? 'current' : ''}
                aria-current={current ? 'page' : undefined}
                data-testid={`nav-${n.page}`}
              >
                {n.label}
              </Link>
            );
          })}
        </nav>
        <div class="me">
          <span data-testid="current-user" data-username={account.username}>
            {account.displayName} <span class="muted">@{account.username}</span>
          </span>
          <button type="button" class="button small" onClick={onSignOut} data-testid="sign-out">
            {t('signOut')}
          </button>
          <LanguagePicker />
        </div>
      </header>
      <main class="content">{page}</main>
    </div>
  );
}
