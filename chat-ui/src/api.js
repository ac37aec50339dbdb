// HTTP client for the Parley API (docs/api.md). Plain ES module, no DOM access, so it runs
// under `node --test` with a fake fetch.

import { locale, namespace } from './i18n.js';
import errorsCatalogue from './locales/errors.js';

const te = namespace('errors', errorsCatalogue);

/**
 * The problem types (docs/api.md "Problem types") the messenger decides on: it switches on a
 * problem's `type`, never on the words of its `detail`.
 */
export const PROBLEM = Object.freeze({
  VALIDATION: 'https://parley.dev/problems/validation',
  UNAUTHENTICATED: 'https://parley.dev/problems/unauthenticated',
  FORBIDDEN: 'https://parley.dev/problems/forbidden',
  NOT_FOUND: 'https://parley.dev/problems/not-found',
  CONFLICT: 'https://parley.dev/problems/conflict',
  INSUFFICIENT_FUNDS: 'https://parley.dev/problems/insufficient-funds',
  PAYLOAD_TOO_LARGE: 'https://parley.dev/problems/payload-too-large',
  RATE_LIMITED: 'https://parley.dev/problems/rate-limited',
});

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
    this.correlationId = problem.correlationId ?? null;
    // the whole problem document: its extension members (an insufficient-funds shortfall, ...)
    this.problem = problem && typeof problem === 'object' ? problem : {};
    this.retryAfter = parseRetryAfter(retryAfter);
  }

  /** The first segment of the JSON pointer in `field` (`/username` -> `username`), or null. */
  get fieldName() {
    if (!this.field) return null;
    const first = String(this.field).replace(/^#?\//, '').split('/')[0];
    return first || null;
  }

  /** True when the request never got an HTTP answer (offline, DNS, connection reset). */
  get isNetwork() {
    return this.status === 0;
  }

  /** A sentence fit to show a person. */
  get userMessage() {
    if (this.status === 429) {
      return this.retryAfter
        ? te('tooManyAttemptsIn', { wait: formatSeconds(this.retryAfter) })
        : this.detail || te('tooManyAttempts');
    }
    if (this.detail) return this.detail;
    if (this.title) return this.title;
    if (this.status >= 500) return te('serverProblem');
    return te('requestFailed', { status: this.status });
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

function formatSeconds(s) {
  if (s < 60) return te('seconds', { count: s });
  return te('minutes', { count: Math.ceil(s / 60) });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Creates the API client.
 * @param {{fetch?: typeof fetch, baseUrl?: string, onUnauthorized?: (e: ApiError) => void}} options
 */
export function createApi(options = {}) {
  const fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  const baseUrl = options.baseUrl ?? '';
  let csrfToken = null;
  let onUnauthorized = options.onUnauthorized ?? null;

  /**
   * Sends a request. A 401 on an authenticated call is confirmed with GET /api/session before
   * the session is declared over: if the session is in fact fine, the call is tried once more.
   */
  async function request(method, path, body, options = {}) {
    try {
      return await attempt(method, path, body, options);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401 || options.noAuthRedirect) throw e;
      let alive = false;
      try {
        remember(await attempt('GET', '/api/session', undefined, { noAuthRedirect: true, signal: options.signal }));
        alive = true;
      } catch {
        alive = false;
      }
      if (!alive) {
        if (onUnauthorized) onUnauthorized(e);
        throw e;
      }
      try {
        return await attempt(method, path, body, options);
      } catch (again) {
        if (again instanceof ApiError && again.status === 401 && onUnauthorized) onUnauthorized(again);
        throw again;
      }
    }
  }

  async function attempt(method, path, body, { signal, raw = false } = {}) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = raw ? 'application/octet-stream' : 'application/json';
    if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    headers['Accept-Language'] = locale(); // the language shown; mini-apps get it as their locale
    let res;
    try {
      res = await fetchImpl(baseUrl + path, {
        method,
        headers,
        body: body === undefined || raw ? body : JSON.stringify(body),
        credentials: 'same-origin',
        signal,
      });
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      throw new ApiError(0, {
        title: te('networkError'),
        detail: te('cannotReachServer'),
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
      throw new ApiError(res.status, problem, res.headers.get('retry-after'));
    }
    return data;
  }

  const enc = encodeURIComponent;

  function remember(session) {
    if (session && session.csrfToken) csrfToken = session.csrfToken;
    return session;
  }

  return {
    request,
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
    signUp: (username, displayName, password) =>
      request('POST', '/api/auth/signup', { username, displayName, password }, { noAuthRedirect: true }).then(remember),
    setupAdmin: (token, username, displayName, password) =>
      request('POST', '/api/setup/admin', { token, username, displayName, password }, { noAuthRedirect: true }).then(
        remember,
      ),
    signOut: async () => {
      try {
        await request('POST', '/api/auth/signout', undefined, { noAuthRedirect: true });
      } finally {
        csrfToken = null;
      }
    },

    // People
    searchAccounts: (q, { signal } = {}) => request('GET', `/api/accounts?q=${enc(q)}`, undefined, { signal }),

    // Conversations
    listConversations: () => request('GET', '/api/conversations'),
    getConversation: (id) => request('GET', `/api/conversations/${enc(id)}`),
    createGroup: (title, memberIds) => request('POST', '/api/conversations', { kind: 'group', title, memberIds }),
    createDirect: (memberId) => request('POST', '/api/conversations', { kind: 'direct', memberId }),
    renameConversation: (id, title) => request('PATCH', `/api/conversations/${enc(id)}`, { title }),
    addMembers: (id, accountIds) => request('POST', `/api/conversations/${enc(id)}/members`, { accountIds }),
    removeMember: (id, accountId) => request('DELETE', `/api/conversations/${enc(id)}/members/${enc(accountId)}`),

    // Messages
    listMessages: (id, { before, after, around, limit } = {}) => {
      const params = new URLSearchParams();
      if (before != null) params.set('before', String(before));
      if (after != null) params.set('after', String(after));
      if (around != null) params.set('around', String(around));
      if (limit != null) params.set('limit', String(limit));
      const qs = params.toString();
      return request('GET', `/api/conversations/${enc(id)}/messages${qs ? `?${qs}` : ''}`);
    },
    // extras: the send body's other fields (replyToId, forward, ...; docs/api.md "Sending").
    sendMessage: (id, clientId, text, extras = {}) =>
      request('POST', `/api/conversations/${enc(id)}/messages`, { ...extras, clientId, text }),
    // Message actions (docs/api.md "Message actions").
    editMessage: (id, messageId, text) =>
      request('PATCH', `/api/conversations/${enc(id)}/messages/${enc(messageId)}`, { text }),
    deleteMessage: (id, messageId) => request('DELETE', `/api/conversations/${enc(id)}/messages/${enc(messageId)}`),
    messageEdits: (id, messageId) => request('GET', `/api/conversations/${enc(id)}/messages/${enc(messageId)}/edits`),
    react: (id, messageId, emoji, on) =>
      request(
        on ? 'PUT' : 'DELETE',
        `/api/conversations/${enc(id)}/messages/${enc(messageId)}/reactions/${encodeURIComponent(emoji)}`,
      ),
    markRead: (id, seq) => request('POST', `/api/conversations/${enc(id)}/read`, { seq }),

    // Links and notifications (docs/api.md "Link previews", "Notifications and Web Push").
    linkPreview: (url, { signal } = {}) => request('GET', `/api/link-preview?url=${enc(url)}`, undefined, { signal }),
    muteConversation: (id, until) => request('PUT', `/api/conversations/${enc(id)}/mute`, until ? { until } : {}),
    unmuteConversation: (id) => request('DELETE', `/api/conversations/${enc(id)}/mute`),
    // Everyday messenger features (docs/api.md "Archive, pin, pinned messages", "Group roles and rights", "Invite links").
    setArchived: (id, on) => request(on ? 'PUT' : 'DELETE', `/api/conversations/${enc(id)}/archive`),
    setPinned: (id, on) => request(on ? 'PUT' : 'DELETE', `/api/conversations/${enc(id)}/pin`),
    pinnedMessages: (id) => request('GET', `/api/conversations/${enc(id)}/pins`),
    pinMessage: (id, messageId, on) =>
      request(on ? 'PUT' : 'DELETE', `/api/conversations/${enc(id)}/pins/${enc(messageId)}`),
    setMemberRole: (id, accountId, role) =>
      request('PUT', `/api/conversations/${enc(id)}/members/${enc(accountId)}/role`, { role }),
    updateGroup: (id, fields) => request('PATCH', `/api/conversations/${enc(id)}`, fields),
    listInvites: (id) => request('GET', `/api/conversations/${enc(id)}/invites`),
    createInvite: (id, fields = {}) => request('POST', `/api/conversations/${enc(id)}/invites`, fields),
    revokeInvite: (id, inviteId) => request('DELETE', `/api/conversations/${enc(id)}/invites/${enc(inviteId)}`),
    invitePreview: (token) => request('GET', `/api/invites/${enc(token)}`),
    joinInvite: (token) => request('POST', `/api/invites/${enc(token)}/join`, {}),
    pushKey: () => request('GET', '/api/push/key'),
    subscribePush: (subscription) => request('POST', '/api/push/subscriptions', subscription),
    unsubscribePush: (endpoint) => request('DELETE', '/api/push/subscriptions', { endpoint }),

    // One search box (docs/api.md "Search"): sections of messages, people, conversations, apps, app results.
    search: (q, { kinds, limit, signal } = {}) => {
      const params = new URLSearchParams({ q });
      if (kinds) params.set('kinds', kinds.join(','));
      if (limit != null) params.set('limit', String(limit));
      return request('GET', `/api/search?${params}`, undefined, { signal });
    },

    // Mini-apps: the directory, installs, pins (docs/api.md "Mini-apps for users", "the broker")
    searchApps: (q = '', { signal } = {}) => request('GET', `/api/apps?q=${enc(q)}`, undefined, { signal }),
    listInstalledApps: (id) => request('GET', `/api/conversations/${enc(id)}/apps`),
    installApp: (id, appId) => request('POST', `/api/conversations/${enc(id)}/apps`, { appId }),
    uninstallApp: (id, appId) => request('DELETE', `/api/conversations/${enc(id)}/apps/${enc(appId)}`),
    setAppInstallPolicy: (id, appInstallPolicy) =>
      request('PATCH', `/api/conversations/${enc(id)}`, { appInstallPolicy }),
    listPins: () => request('GET', '/api/me/pins'),
    pinApp: (appId) => request('PUT', `/api/me/pins/${enc(appId)}`),
    unpinApp: (appId) => request('DELETE', `/api/me/pins/${enc(appId)}`),

    // Businesses' consent (docs/api.md "Consent and pacing of business messages")
    businessLedger: () => request('GET', '/api/me/businesses'),
    businessChoices: (businessId) => request('GET', `/api/me/businesses/${enc(businessId)}/consents`),
    setBusinessConsent: (businessId, category, on, place) =>
      on
        ? request('PUT', `/api/me/businesses/${enc(businessId)}/consents/${enc(category)}`, { place })
        : request('DELETE', `/api/me/businesses/${enc(businessId)}/consents/${enc(category)}?place=${enc(place)}`),
    whyBusinessMessage: (messageId) => request('GET', `/api/me/business-messages/${enc(messageId)}/why`),
    stopBusinessMessages: (messageId) => request('POST', `/api/me/business-messages/${enc(messageId)}/stop`),

    // Consent
    listConsents: () => request('GET', '/api/me/consents'),
    // With a conversation, its permissions (cards.post, storage.conversation, members.read) are granted for it.
    grantConsent: (appId, permissions, conversationId) =>
      request(
        'POST',
        `/api/apps/${enc(appId)}/consent`,
        conversationId ? { permissions, conversationId } : { permissions },
      ),
    // Ephemeral answers (only visible to me): list, dismiss, share a normal copy with the conversation.
    listEphemeral: (id) => request('GET', `/api/conversations/${enc(id)}/ephemeral`),
    dismissEphemeral: (id, messageId) => request('DELETE', `/api/conversations/${enc(id)}/ephemeral/${enc(messageId)}`),
    shareEphemeral: (id, messageId) =>
      request('POST', `/api/conversations/${enc(id)}/ephemeral/${enc(messageId)}/share`, {}),
    revokeConsent: (appId, permission) =>
      request(
        'DELETE',
        permission == null ? `/api/apps/${enc(appId)}/consent` : `/api/apps/${enc(appId)}/consent/${enc(permission)}`,
      ),

    // Running apps: each answers {status: "done"|"consent_required"|"pending", ...} or a problem.
    runCommand: (id, text, clientId) => request('POST', `/api/conversations/${enc(id)}/commands`, { text, clientId }),
    cardAction: (id, messageId, actionId, value, attachmentIds) =>
      request('POST', `/api/conversations/${enc(id)}/messages/${enc(messageId)}/actions`, {
        actionId,
        ...(value === undefined ? {} : { value }),
        ...(attachmentIds ? { attachmentIds } : {}), // request_file: the file the presser chose
      }),
    launchApp: (id, appId, startParam) =>
      request('POST', `/api/conversations/${enc(id)}/apps/${enc(appId)}/launch`, startParam ? { startParam } : {}),
    appCall: (id, appId, capability, args) =>
      request('POST', `/api/conversations/${enc(id)}/apps/${enc(appId)}/calls`, { capability, args: args ?? {} }),
    /** Uploads a file for an app's page (Blob or ArrayBuffer, sent as it is); the server checks what it is. */
    uploadMedia: (id, appId, data, name) =>
      request('POST', `/api/conversations/${enc(id)}/apps/${enc(appId)}/media?name=${enc(name ?? '')}`, data, {
        raw: true,
      }),
    // Attachments (docs/api.md "Uploads"): the uploads themselves go through tus (uploads.js).
    listAttachments: (id, { kinds, before, limit } = {}) => {
      const params = new URLSearchParams();
      if (kinds) params.set('kinds', kinds.join(','));
      if (before != null) params.set('before', String(before));
      if (limit != null) params.set('limit', String(limit));
      const qs = params.toString();
      return request('GET', `/api/conversations/${enc(id)}/attachments${qs ? `?${qs}` : ''}`);
    },
    storage: () => request('GET', '/api/me/storage'),
    /** The server's clock: `{now}` in epoch ms (public, uncached). */
    serverTime: () => request('GET', '/api/time', undefined, { noAuthRedirect: true }),

    // Money (docs/api.md "Money", "Payments"): wallets, the TEST top-up, payment requests to confirm.
    wallets: () => request('GET', '/api/wallet'),
    walletHistory: (before) => request('GET', `/api/wallet/history?limit=20${before ? `&before=${enc(before)}` : ''}`),
    topUp: (currency, amount, card, idempotencyKey) =>
      request('POST', '/api/wallet/topups', { currency, amount, card, idempotencyKey }),
    listPaymentRequests: (status) => request('GET', `/api/payment-requests${status ? `?status=${enc(status)}` : ''}`),
    confirmPaymentRequest: (id, idempotencyKey) =>
      request('POST', `/api/payment-requests/${enc(id)}/confirm`, { idempotencyKey }),
    cancelPaymentRequest: (id) => request('POST', `/api/payment-requests/${enc(id)}/cancel`, {}),
  };
}

/** A client id for an outgoing message: 1–64 characters of `A-Za-z0-9_-`. */
export function newClientId(cryptoImpl = globalThis.crypto) {
  if (cryptoImpl && typeof cryptoImpl.randomUUID === 'function') return cryptoImpl.randomUUID();
  // randomUUID needs a secure context; plain-http deployments on a LAN still have getRandomValues.
  const bytes = new Uint8Array(16);
  cryptoImpl.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
