// Customer care (issue 22): the agent inbox's calls and the pure parts of its state, so they run
// under `node --test`. The routes are docs/api.md "Customer care (issue 22)".

const enc = encodeURIComponent;

/** The inbox routes of the session API, over the messenger's `api.request`. */
export function careApi(api) {
  const base = (businessId) => `/api/care/businesses/${enc(businessId)}`;
  const conv = (businessId, conversationId) => `${base(businessId)}/conversations/${enc(conversationId)}`;
  return {
    inboxes: () => api.request('GET', '/api/care/inboxes'),
    conversations: (businessId, filters = {}) =>
      api.request('GET', `${base(businessId)}/conversations${query(filters)}`),
    conversation: (businessId, conversationId) => api.request('GET', conv(businessId, conversationId)),
    messages: (businessId, conversationId, params = {}) =>
      api.request('GET', `${conv(businessId, conversationId)}/messages${query(params)}`),
    reply: (businessId, conversationId, body) =>
      api.request('POST', `${conv(businessId, conversationId)}/messages`, body),
    act: (businessId, conversationId, action, body = {}) =>
      api.request('POST', `${conv(businessId, conversationId)}/${action}`, body),
    assign: (businessId, conversationId, agentId) =>
      api.request('POST', `${conv(businessId, conversationId)}/assign`, { agentId: agentId ?? null }),
    labels: (businessId, conversationId, labels) =>
      api.request('PUT', `${conv(businessId, conversationId)}/labels`, { labels }),
    notes: (businessId, conversationId) => api.request('GET', `${conv(businessId, conversationId)}/notes`),
    addNote: (businessId, conversationId, text) =>
      api.request('POST', `${conv(businessId, conversationId)}/notes`, { text }),
    typing: (businessId, conversationId, typing) =>
      api.request('POST', `${conv(businessId, conversationId)}/typing`, { typing }),
    read: (businessId, conversationId, seq) => api.request('POST', `${conv(businessId, conversationId)}/read`, { seq }),
    availability: (businessId, available) => api.request('PUT', `${base(businessId)}/me/availability`, { available }),
    list: (businessId, what) => api.request('GET', `${base(businessId)}/${what}`),
    create: (businessId, what, body) => api.request('POST', `${base(businessId)}/${what}`, body),
    update: (businessId, what, id, body) => api.request('PATCH', `${base(businessId)}/${what}/${enc(id)}`, body),
    remove: (businessId, what, id) => api.request('DELETE', `${base(businessId)}/${what}/${enc(id)}`),
    render: (businessId, cannedId, conversationId) =>
      api.request('POST', `${base(businessId)}/canned-replies/${enc(cannedId)}/render`, { conversationId }),
    reports: (businessId, params) => api.request('GET', `${base(businessId)}/reports${query(params)}`),
    // the customer's side
    handover: (conversationId) => api.request('GET', `/api/conversations/${enc(conversationId)}/care`),
    requestAgent: (conversationId) =>
      api.request('POST', `/api/conversations/${enc(conversationId)}/agent-request`, {}),
    rate: (conversationId, score, comment) =>
      api.request('POST', `/api/conversations/${enc(conversationId)}/rating`, comment ? { score, comment } : { score }),
  };
}

/** `?a=1&b=2` of the set values, or ''. */
export function query(params) {
  const parts = Object.entries(params ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${enc(k)}=${enc(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const STATUSES = Object.freeze(['open', 'pending', 'snoozed', 'resolved']);

/** The problem types of customer care the web client decides on. */
export const CARE_PROBLEM = Object.freeze({
  TRANSITION: 'https://parley.dev/problems/care-transition',
  AGENT_HOLDS: 'https://parley.dev/problems/care-agent-holds',
  ALREADY_RATED: 'https://parley.dev/problems/care-already-rated',
  RATING_CLOSED: 'https://parley.dev/problems/care-rating-closed',
});

/** Whether a list item passes the inbox's current filters (used for live updates, the server filters the list). */
export function matches(item, filters, meAgentId) {
  if (!item) return false;
  if (filters.status && item.status !== filters.status) return false;
  const assignee = item.assignee?.id ?? item.assignee?.agentId ?? null;
  if (filters.assignee === 'me' && assignee !== meAgentId) return false;
  if (filters.assignee === 'unassigned' && assignee) return false;
  if (filters.assignee && !['me', 'unassigned'].includes(filters.assignee) && assignee !== filters.assignee)
    return false;
  if (filters.team && (item.team?.id ?? item.team) !== filters.team) return false;
  if (filters.label && !(item.labels ?? []).includes(filters.label)) return false;
  if (filters.q) {
    const hay = `${item.customer?.displayName ?? ''} ${item.customer?.id ?? ''} ${item.lastMessage?.text ?? ''}`;
    if (!hay.toLowerCase().includes(String(filters.q).toLowerCase())) return false;
  }
  return true;
}

/** The list after a live `care.conversation` event: replaced in place, added on top, or dropped. */
export function applyConversation(list, item, filters, meAgentId) {
  const rest = list.filter((c) => c.conversationId !== item.conversationId);
  if (!matches(item, filters, meAgentId)) return rest;
  const i = list.findIndex((c) => c.conversationId === item.conversationId);
  if (i < 0) return [item, ...rest];
  const out = list.slice();
  out[i] = { ...list[i], ...item };
  return out;
}

/** The list after a live `care.message`: the conversation's last message, unread count, moved to the top. */
export function applyMessage(list, conversationId, message, openId) {
  const i = list.findIndex((c) => c.conversationId === conversationId);
  if (i < 0) return list;
  const c = list[i];
  const fromCustomer = message?.from ? message.from === 'customer' : !message?.agent;
  const before = unreadCount(c.unread);
  const updated = {
    ...c,
    lastMessage: message?.kind === 'note' ? c.lastMessage : message,
    unread: conversationId === openId || !fromCustomer ? before : before + 1,
  };
  return [updated, ...list.slice(0, i), ...list.slice(i + 1)];
}

/** The server says unread as a flag (something unread) or a count. */
export function unreadCount(unread) {
  if (typeof unread === 'boolean') return unread ? 1 : 0;
  return Number.isFinite(unread) ? unread : 0;
}

/**
 * Adds a message (or note) to the open thread once, in time order; a second copy replaces the first
 * only when it brings the attachments' links the first lacked (the page's copy of a live photo).
 */
export function mergeThread(thread, entry) {
  const key = entryKey(entry);
  const i = thread.findIndex((e) => entryKey(e) === key);
  if (i >= 0) {
    if (!lacksLinks(thread[i]) || lacksLinks(entry) || !entry.attachments) return thread;
    const out = thread.slice();
    out[i] = { ...thread[i], ...entry };
    return out;
  }
  return [...thread, entry].sort((a, b) => Date.parse(a.createdAt ?? 0) - Date.parse(b.createdAt ?? 0));
}

/** Whether a message has attachments without the signed link the inbox shows them by. */
export function lacksLinks(entry) {
  return Array.isArray(entry?.attachments) && entry.attachments.some((a) => !a?.url && !a?.previewUrl);
}

function entryKey(e) {
  return `${e.kind === 'note' ? 'n' : 'm'}:${e.id ?? e.seq ?? e.clientId}`;
}

/**
 * The SLA badges of a conversation at `now`: each due time as `{kind, dueAt, breached, soon}`,
 * soonest first; "soon" is within a quarter hour. Breaches the server listed count as breached.
 */
export function slaBadges(sla, now = Date.now()) {
  if (!sla) return [];
  // the server names kinds first_response, next_response, resolution
  const camel = (k) => String(k ?? '').replace(/_(\w)/g, (_, c) => c.toUpperCase());
  const breached = new Set((sla.breaches ?? []).map((b) => camel(typeof b === 'string' ? b : b.kind)));
  const out = [];
  for (const [kind, field] of [
    ['firstResponse', 'firstResponseDueAt'],
    ['nextResponse', 'nextResponseDueAt'],
    ['resolution', 'resolutionDueAt'],
  ]) {
    const dueAt = sla[field];
    const wasBreached = breached.has(kind);
    if (!dueAt && !wasBreached) continue;
    const due = dueAt ? Date.parse(dueAt) : null;
    const late = wasBreached || (due != null && due <= now);
    out.push({ kind, dueAt: dueAt ?? null, breached: late, soon: !late && due != null && due - now < 15 * 60000 });
  }
  return out.sort((a, b) => (a.dueAt ? Date.parse(a.dueAt) : 0) - (b.dueAt ? Date.parse(b.dueAt) : 0));
}

/** Minutes a conversation has waited for a person at `now` (null when it is not waiting). */
export function waitedMinutes(item, now = Date.now()) {
  if (!item?.waitingSince) return null;
  return Math.max(0, Math.floor((now - Date.parse(item.waitingSince)) / 60000));
}

/** The `/shortcut` being typed at the start of the reply box, or null. */
export function cannedQuery(text) {
  const m = String(text ?? '').match(/^\/([\p{L}\p{N}_-]*)$/u);
  return m ? m[1].toLowerCase() : null;
}

/** Canned replies whose shortcut starts with (or text contains) the query, shortcut matches first. */
export function cannedMatches(replies, q) {
  const needle = String(q ?? '').toLowerCase();
  const starts = replies.filter((r) =>
    String(r.shortcut ?? '')
      .toLowerCase()
      .startsWith(needle),
  );
  const contains = replies.filter(
    (r) =>
      !starts.includes(r) &&
      String(r.text ?? '')
        .toLowerCase()
        .includes(needle),
  );
  return [...starts, ...contains].slice(0, 8);
}

/** Labels typed as "billing, meter reading" → unique trimmed labels. */
export function parseLabels(text) {
  const out = [];
  for (const part of String(text ?? '').split(',')) {
    const l = part.trim();
    if (l && !out.includes(l)) out.push(l);
  }
  return out;
}

/** Whether the signed-in person may change the business's care settings. */
export function canManage(inbox) {
  return inbox?.role === 'owner' || inbox?.role === 'supervisor';
}

/** The care facts of a customer-side message: `{event, agent, business, ...}` or null. */
export function careEventOf(message) {
  const c = message?.care;
  if (c && typeof c === 'object' && typeof c.event === 'string') return c;
  return null;
}

/** Whether a message asks the customer for a rating (the platform's interactive rating request). */
export function isRatingRequest(message) {
  if (message?.careRating && typeof message.careRating === 'object') return true;
  if (message?.interactive?.type === 'rating') return true;
  return careEventOf(message)?.event === 'rating.request';
}

/** The episode a rating request belongs to (one rating per episode). */
export function ratingEpisode(message) {
  return message?.careRating?.episode ?? message?.interactive?.episode ?? careEventOf(message)?.episode ?? 1;
}

/** The customer's handover state as the conversation's own messages tell it (latest care event wins). */
export function handoverFromMessages(messages) {
  let state = null;
  for (const m of messages ?? []) {
    const e = careEventOf(m);
    if (!e) continue;
    if (e.event === 'waiting') state = { state: 'waiting_for_agent', ...e };
    else if (e.event === 'agent.joined') state = { state: 'agent', ...e };
    else if (e.event === 'agent.left') state = { state: 'bot', ...e };
    else if (e.event === 'resolved') state = { state: 'resolved', ...e };
  }
  return state;
}

/**
 * The customer's handover as the server tells it (`GET …/care` or the agent request's answer):
 * `{state, assignee, position, since, nextOpenAt, timezone, note}` flat, as the banner reads it.
 */
export function handoverFromServer(view) {
  if (!view || typeof view.state !== 'string') return null;
  return { ...(view.waiting ?? {}), state: view.state, assignee: view.assignee ?? null };
}

/** Changes whenever a care line (joined, left, waiting, rating request) arrives: the cue to ask the server again. */
export function careSignature(messages) {
  let count = 0;
  let last = '';
  for (const m of messages ?? []) {
    if (careEventOf(m) || isRatingRequest(m)) {
      count += 1;
      last = String(m.id ?? m.seq ?? m.clientId ?? '');
    }
  }
  return `${count}:${last}`;
}

/** Hours as a simple editor form: "mon 09:00-17:00; tue 09:00-17:00" <-> `{mon:[["09:00","17:00"]]}`. */
export function formatWeekly(weekly) {
  return Object.entries(weekly ?? {})
    .filter(([, spans]) => Array.isArray(spans) && spans.length)
    .map(([day, spans]) => `${day} ${spans.map(([a, b]) => `${a}-${b}`).join(',')}`)
    .join('; ');
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function parseWeekly(text) {
  const weekly = {};
  for (const part of String(text ?? '').split(';')) {
    const m = part.trim().match(/^([a-z]{3})\s+(.+)$/i);
    if (!m) continue;
    const day = m[1].toLowerCase();
    if (!DAYS.includes(day)) continue;
    const spans = [];
    for (const span of m[2].split(',')) {
      const s = span.trim().match(/^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/);
      if (s) spans.push([s[1], s[2]]);
    }
    if (spans.length) weekly[day] = spans;
  }
  return weekly;
}
