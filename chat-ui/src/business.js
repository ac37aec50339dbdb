// Businesses in the messenger (issue 21): deep links `/b/<handle>?ctx=<context>`, the directory,
// and what the messenger knows of a conversation's business. The verified badge is drawn only from
// the server's `verified` flag of the directory, never from a name. Pure parts are for `node --test`.

const HANDLE = /^[a-z][a-z0-9_]{2,27}$/u;
const CONTEXT = /^[A-Za-z0-9_.~=-]{1,256}$/u;

/** `{handle, context}` of a business deep link (`/b/<handle>?ctx=...`), or null. */
export function parseBusinessLink(pathname, search = '') {
  const m = String(pathname ?? '').match(/^\/b\/([^/?#]+)\/?$/u);
  if (!m) return null;
  const handle = m[1].toLowerCase();
  if (!HANDLE.test(handle)) return null;
  const ctx = new URLSearchParams(search).get('ctx');
  return { handle, context: ctx && CONTEXT.test(ctx) ? ctx : null };
}

/** The link a business prints as a QR code. */
export function businessLink(origin, handle, context) {
  return `${origin}/b/${encodeURIComponent(handle)}${context ? `?ctx=${encodeURIComponent(context)}` : ''}`;
}

const enc = encodeURIComponent;

/** The business routes of the session API, over the messenger's `api.request`. */
export function businessApi(api) {
  return {
    directory: (q) => api.request('GET', `/api/directory/businesses?q=${enc(q ?? '')}`),
    relation: (handle) => api.request('GET', `/api/directory/businesses/${enc(handle)}`),
    start: (handle, context) =>
      api.request('POST', `/api/directory/businesses/${enc(handle)}/conversations`, context ? { context } : {}),
    block: (handle) => api.request('PUT', `/api/directory/businesses/${enc(handle)}/block`),
    unblock: (handle) => api.request('DELETE', `/api/directory/businesses/${enc(handle)}/block`),
    mine: () => api.request('GET', '/api/businesses'),
    create: (body) => api.request('POST', '/api/businesses', body),
    keys: (id) => api.request('GET', `/api/businesses/${enc(id)}/keys`),
    createKey: (id, name) => api.request('POST', `/api/businesses/${enc(id)}/keys`, { name }),
    revokeKey: (id, keyId) => api.request('DELETE', `/api/businesses/${enc(id)}/keys/${enc(keyId)}`),
  };
}

let shared = null;
const relations = new Map(); // handle -> Promise of {business, blocked, sharesName}
const byConversation = new Map(); // conversation id -> handle

/** The messenger's API object the business components share (null before the messenger set it). */
export function businessSessionApi() {
  return shared ? shared.api : null;
}

/** Set once by the messenger: the API the business components use. */
export function useBusinessApi(api) {
  if (!shared || shared.api !== api) shared = { api, calls: businessApi(api) };
  return shared.calls;
}

export function businessCalls() {
  return shared ? shared.calls : null;
}

/** The directory entry of a business and the viewer's relation to it, fetched once per handle. */
export function relationOf(handle, { fresh = false } = {}) {
  const calls = businessCalls();
  if (!calls || !handle) return Promise.resolve(null);
  if (fresh || !relations.has(handle)) {
    relations.set(
      handle,
      calls.relation(handle).catch(() => null),
    );
  }
  return relations.get(handle);
}

const REMEMBERED_KEY = 'parley.business.conversations';

/** The conversations opened from a business's link, kept across reloads (a bot may not have written yet). */
function remembered() {
  try {
    const all = JSON.parse(globalThis.localStorage?.getItem(REMEMBERED_KEY) ?? '{}');
    return all && typeof all === 'object' ? all : {};
  } catch {
    return {};
  }
}

export function rememberConversation(conversationId, handle) {
  byConversation.set(conversationId, handle);
  try {
    const all = remembered();
    all[conversationId] = handle;
    const ids = Object.keys(all);
    for (const id of ids.slice(0, Math.max(0, ids.length - 200))) delete all[id]; // the latest 200
    globalThis.localStorage?.setItem(REMEMBERED_KEY, JSON.stringify(all));
  } catch {
    // private mode: remembered for this page only
  }
}

/**
 * The business handle of a conversation: from its bot's messages, or remembered from the business
 * link it was opened by, also after a reload.
 */
export function businessHandleOf(conversationId, messages = []) {
  for (const m of messages) {
    if (m && m.senderKind === 'bot' && m.business && typeof m.business.handle === 'string') {
      byConversation.set(conversationId, m.business.handle);
      return m.business.handle;
    }
  }
  const known = byConversation.get(conversationId) ?? remembered()[conversationId];
  return typeof known === 'string' ? known : null;
}
