// Safety in the messenger: the people I blocked (loaded once, kept in step with my own changes),
// the messages of blocked people I chose to see anyway, and reports. One small store, outside the
// chat's state, so blocking touches no other feature's code. Plain ES module (runs under node --test).

/** The problem type of a send a block refuses (docs/api.md "Problem types"). */
export const CANNOT_MESSAGE = 'https://parley.dev/problems/cannot-message';

/** The reasons a report may give, in the order the report dialog lists them. */
export const REPORT_REASONS = ['spam', 'harassment', 'hate', 'violence', 'sexual', 'impersonation', 'scam', 'other'];

const enc = encodeURIComponent;

/** Creates the store over the messenger's API client (`api.request`). */
export function createSafety(api) {
  let blocked = new Map(); // accountId -> {account, blockedAt}
  const revealed = new Set(); // message ids of blocked people shown anyway
  const listeners = new Set();
  let version = 0;

  function emit() {
    version += 1;
    for (const fn of listeners) fn(version);
  }

  function setList(list) {
    blocked = new Map((list ?? []).map((entry) => [entry.account.id, entry]));
    emit();
  }

  return {
    /** Loads my list of blocked people (the settings list and the collapsing of their messages). */
    async load() {
      setList(await api.request('GET', '/api/blocks'));
    },
    list: () => [...blocked.values()],
    isBlocked: (accountId) => accountId != null && blocked.has(accountId),
    async block(account) {
      await api.request('PUT', `/api/blocks/${enc(account.id)}`);
      blocked.set(account.id, { account, blockedAt: new Date().toISOString() });
      emit();
    },
    async unblock(accountId) {
      await api.request('DELETE', `/api/blocks/${enc(accountId)}`);
      blocked.delete(accountId);
      emit();
    },
    /** Whether a message of a blocked person is shown in full (the person chose "Show"). */
    isRevealed: (messageId) => revealed.has(messageId),
    reveal(messageId) {
      revealed.add(messageId);
      emit();
    },
    /** Files a report: `{reason, details?, accountId?, conversationId?, messageIds?}` (docs/api.md "Reports"). */
    report: (body) => api.request('POST', '/api/reports', body),
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    get version() {
      return version;
    },
  };
}

/**
 * Whether a message should be collapsed for me: someone I blocked sent it in a group, and I did
 * not choose to see it.
 */
export function collapsed(safety, message, meId, isGroup) {
  if (!safety || !isGroup || !message || message.deleted) return false;
  if (!message.senderId || message.senderId === meId) return false;
  return safety.isBlocked(message.senderId) && !safety.isRevealed(message.id);
}
