// HTTP client for the admin console (docs/api.md: accounts, registry for developers and admins,
// audit). Plain ES module without DOM access, so it runs under `node --test` with a fake fetch.

/** An API failure, carrying the RFC 9457 problem document the server answered with. */
export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type ?? null;
    this.title = problem.title ?? null;
    this.detail = problem.detail ?? null;
    this.field = problem.field ?? null;
    this.reason = problem.reason ?? null;
    this.problems = Array.isArray(problem.problems) ? problem.problems : [];
    this.correlationId = problem.correlationId ?? null;
    this.retryAfter = parseRetryAfter(retryAfter);
  }

  /** The first segment of the JSON pointer in `field` (`/reason` -> `reason`), or null. */
  get fieldName() {
    if (!this.field) return null;
    const first = String(this.field).replace(/^#?\//, '').split('/')[0];
    return first || null;
  }

  /** True when the request never got an HTTP answer (offline, DNS, connection reset). */
  get isNetwork() {
    return this.status === 0;
  }

  /** A sentence fit to show a person: the problem's `detail` first. */
  get userMessage() {
    if (this.status === 429) {
      return this.retryAfter
        ? `Too many attempts. Try again in ${this.retryAfter < 60 ? `${this.retryAfter} s` : `${Math.ceil(this.retryAfter / 60)} min`}.`
        : this.detail || 'Too many attempts. Wait a moment and try again.';
    }
    if (this.detail) return this.detail;
    if (this.title) return this.title;
    if (this.status >= 500) return 'The server had a problem. Try again in a moment.';
    return `Request failed (${this.status}).`;
  }
}

function parseRetryAfter(value) {
  if (value == null || value === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Turns any thrown value into a sentence for the page. */
export function errorMessage(e) {
  if (e instanceof ApiError) return e.userMessage;
  if (e && e.message) return e.message;
  return String(e);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A query string from the non-empty entries of `params` (`?a=1&b=x`), or ''. */
export function queryString(params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Creates the API client.
 * @param {{fetch?: typeof fetch, baseUrl?: string, onUnauthorized?: (e: ApiError) => void}} options
 */
export function createApi(options = {}) {
  const fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  const baseUrl = options.baseUrl ?? '';
  let csrfToken = null;
  let onUnauthorized = options.onUnauthorized ?? null;

  async function request(method, path, body, { signal, noAuthRedirect } = {}) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    let res;
    try {
      res = await fetchImpl(baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        signal,
      });
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      throw new ApiError(0, {
        title: 'Network error',
        detail: 'Could not reach the server. Check your connection and try again.',
      });
    }
    const contentType = res.headers.get('content-type') || '';
    let data = null;
    if (res.status !== 204 && contentType.includes('json')) {
      try {
        data = await res.json();
      } catch {
        data = null;
      }
    }
    if (!res.ok) {
      const problem = data && typeof data === 'object' ? data : { title: res.statusText || undefined };
      const error = new ApiError(res.status, problem, res.headers.get('retry-after'));
      if (res.status === 401 && !noAuthRedirect && onUnauthorized) onUnauthorized(error);
      throw error;
    }
    return data;
  }

  /** A file of a version as text (the `url` of a `versionDetail` file). */
  async function fetchText(url, { signal } = {}) {
    let res;
    try {
      res = await fetchImpl(url.startsWith('http') ? url : baseUrl + url, {
        method: 'GET',
        credentials: 'same-origin',
        signal,
      });
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      throw new ApiError(0, { title: 'Network error', detail: 'Could not fetch the file.' });
    }
    if (!res.ok) {
      const contentType = res.headers.get('content-type') || '';
      let problem = { title: res.statusText || undefined, detail: `The file could not be fetched (${res.status}).` };
      if (contentType.includes('json')) {
        try {
          problem = await res.json();
        } catch {
          // keep the generic problem
        }
      }
      throw new ApiError(res.status, problem);
    }
    return res.text();
  }

  function remember(session) {
    if (session && session.csrfToken) csrfToken = session.csrfToken;
    return session;
  }

  const enc = encodeURIComponent;
  const appPath = (appId) => `/api/admin/apps/${enc(appId)}`;
  const versionPath = (appId, version) => `${appPath(appId)}/versions/${enc(version)}`;

  return {
    request,
    fetchText,
    get csrfToken() {
      return csrfToken;
    },
    setCsrfToken(token) {
      csrfToken = token;
    },
    setOnUnauthorized(fn) {
      onUnauthorized = fn;
    },

    // Session
    session: () => request('GET', '/api/session', undefined, { noAuthRedirect: true }).then(remember),
    signIn: (username, password) =>
      request('POST', '/api/auth/signin', { username, password }, { noAuthRedirect: true }).then(remember),
    signOut: async () => {
      try {
        await request('POST', '/api/auth/signout', undefined, { noAuthRedirect: true });
      } finally {
        csrfToken = null;
      }
    },

    // Review
    reviews: ({ signal } = {}) => request('GET', '/api/admin/reviews', undefined, { signal }),
    versionDetail: (appId, version, { signal } = {}) =>
      request('GET', `/api/developer/apps/${enc(appId)}/versions/${enc(version)}`, undefined, { signal }),
    approve: (appId, version, note) =>
      request('POST', `${versionPath(appId, version)}/approve`, note && note.trim() ? { note: note.trim() } : {}),
    reject: (appId, version, reason) => request('POST', `${versionPath(appId, version)}/reject`, { reason }),

    // Apps
    searchApps: ({ q, status } = {}, { signal } = {}) =>
      request('GET', `/api/admin/apps${queryString({ q, status })}`, undefined, { signal }),
    app: (appId, { signal } = {}) => request('GET', appPath(appId), undefined, { signal }),
    release: (appId, version) => request('POST', `${versionPath(appId, version)}/release`, {}),
    suspend: (appId, reason) => request('POST', `${appPath(appId)}/suspend`, { reason }),
    unsuspend: (appId, reason) =>
      request('POST', `${appPath(appId)}/unsuspend`, reason && reason.trim() ? { reason: reason.trim() } : {}),

    // People and roles
    searchAccounts: (q, { signal } = {}) =>
      request('GET', `/api/admin/accounts${queryString({ q: q ?? '' }) || '?q='}`, undefined, { signal }),
    grantRole: (accountId, role) => request('POST', `/api/admin/accounts/${enc(accountId)}/roles`, { role }),
    revokeRole: (accountId, role) => request('DELETE', `/api/admin/accounts/${enc(accountId)}/roles/${enc(role)}`),

    // Audit
    audit: (filters = {}, { signal } = {}) =>
      request('GET', `/api/admin/audit${queryString(filters)}`, undefined, { signal }),
  };
}
