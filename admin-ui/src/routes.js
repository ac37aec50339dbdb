// The console's addresses, all under /admin (the server answers every one with the app shell).

export const BASE = '/admin';

const enc = encodeURIComponent;

/** Links to the console's pages. */
export const href = {
  reviews: () => `${BASE}/reviews`,
  version: (appId, version) => `${BASE}/apps/${enc(appId)}/versions/${enc(version)}`,
  apps: (q, status) => {
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    if (status) params.set('status', status);
    const s = params.toString();
    return `${BASE}/apps${s ? `?${s}` : ''}`;
  },
  app: (appId) => `${BASE}/apps/${enc(appId)}`,
  people: (q) => `${BASE}/people${q ? `?q=${enc(q)}` : ''}`,
  audit: () => `${BASE}/audit`,
  businesses: () => `${BASE}/businesses`,
  reports: () => `${BASE}/reports`,
};

function dec(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The page an address shows: `{page, params}` with page one of `reviews`, `version`, `apps`,
 * `app`, `people`, `audit` or `notFound`. `/admin` and `/admin/` show the review queue.
 */
export function parseRoute(pathname) {
  let path = pathname || '/';
  if (!path.startsWith(BASE)) return { page: 'notFound', params: {} };
  path = path.slice(BASE.length).replace(/\/+$/, '');
  const parts = path.split('/').filter(Boolean).map(dec);
  if (parts.length === 0) return { page: 'reviews', params: {} };
  const [first, ...rest] = parts;
  if (first === 'reviews' && rest.length === 0) return { page: 'reviews', params: {} };
  // /admin/reviews/:appId/:version is kept as an alias of the version page.
  if (first === 'reviews' && rest.length === 2)
    return { page: 'version', params: { appId: rest[0], version: rest[1] } };
  if (first === 'apps' && rest.length === 0) return { page: 'apps', params: {} };
  if (first === 'apps' && rest.length === 1) return { page: 'app', params: { appId: rest[0] } };
  if (first === 'apps' && rest.length === 3 && rest[1] === 'versions') {
    return { page: 'version', params: { appId: rest[0], version: rest[2] } };
  }
  if ((first === 'people' || first === 'roles') && rest.length === 0) return { page: 'people', params: {} };
  if (first === 'audit' && rest.length === 0) return { page: 'audit', params: {} };
  if (first === 'businesses' && rest.length === 0) return { page: 'businesses', params: {} };
  if (first === 'reports' && rest.length === 0) return { page: 'reports', params: {} };
  return { page: 'notFound', params: {} };
}
