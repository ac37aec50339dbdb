// The messenger's state as plain immutable data and pure functions over it. Everything the
// live channel, the HTTP answers and the user do goes through here, which is what makes
// dedupe, unread counts and pending sends testable under `node --test`.
//
// state = {
//   me: account,
//   conversations: { [id]: conversation },          // server fields, lastSeq kept monotonic
//   messages: { [id]: { items: [message] (by seq), loaded: bool } },
//   pending:  { [id]: [{ clientId, text, status: 'sending'|'failed', error, createdAt }] },
//   readers:  { [id]: { [accountId]: seq } },          // other members' read markers
// }

export function initialState(me) {
  return { me, conversations: {}, messages: {}, pending: {}, readers: {}, notifications: [] };
}

/** Most notifications kept on screen at once; older ones drop off. */
export const MAX_NOTIFICATIONS = 5;

/**
 * Adds a notification an app sent to this user (`{id, app: {id, name}, text}`), newest first,
 * once per id, plain data only.
 */
export function addNotification(state, n) {
  if (!n || typeof n.id !== 'string' || typeof n.text !== 'string') return state;
  const list = state.notifications ?? [];
  if (list.some((x) => x.id === n.id)) return state;
  const app =
    n.app && typeof n.app.name === 'string'
      ? { id: String(n.app.id ?? ''), name: n.app.name }
      : { id: '', name: 'An app' };
  const clean = { id: n.id, app, text: n.text.slice(0, 1000) };
  return { ...state, notifications: [clean, ...list].slice(0, MAX_NOTIFICATIONS) };
}

/** Removes a notification the user dismissed. */
export function dismissNotification(state, id) {
  const list = state.notifications ?? [];
  return list.some((x) => x.id === id) ? { ...state, notifications: list.filter((x) => x.id !== id) } : state;
}

function time(value) {
  const t = value ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** The moment a conversation last saw activity, for ordering the list. */
export function activityTime(conv) {
  return Math.max(time(conv.updatedAt), time(conv.lastMessage && conv.lastMessage.createdAt));
}

/** Conversations, most recent activity first. */
export function sortedConversations(state) {
  return Object.values(state.conversations).sort(
    (a, b) => activityTime(b) - activityTime(a) || String(a.id).localeCompare(String(b.id)),
  );
}

export function totalUnread(state) {
  let n = 0;
  for (const c of Object.values(state.conversations)) n += c.unread || 0;
  return n;
}

/** Highest seq known for a conversation, from its summary and from the messages held. */
export function lastKnownSeq(state, id) {
  const conv = state.conversations[id];
  const items = state.messages[id]?.items;
  const held = items && items.length ? items[items.length - 1].seq : 0;
  return Math.max(conv ? conv.lastSeq || 0 : 0, held);
}

/** The `resume` cursors: the last seq seen for every known conversation. */
export function cursors(state) {
  const out = {};
  for (const id of Object.keys(state.conversations)) out[id] = lastKnownSeq(state, id);
  return out;
}

/** What the server counts as unread: everything after the marker not sent by us (system messages too). */
function counts(me, m) {
  return m.senderId !== me.id;
}

/** Merges a conversation summary from the server into what we hold. */
export function upsertConversation(state, conv, { visible = false } = {}) {
  if (!conv || !conv.id) return state;
  const prev = state.conversations[conv.id];
  const incomingSeq = conv.lastSeq ?? 0;
  const held = lastKnownSeq(state, conv.id);
  const lastSeq = Math.max(held, incomingSeq);
  let lastMessage = conv.lastMessage ?? null;
  const prevLast = prev ? prev.lastMessage : null;
  if (prevLast && (!lastMessage || prevLast.seq > lastMessage.seq)) lastMessage = prevLast;
  const heldItems = state.messages[conv.id]?.items;
  if (heldItems && heldItems.length) {
    const tail = heldItems[heldItems.length - 1];
    if (!lastMessage || tail.seq > lastMessage.seq) lastMessage = tail;
  }
  const lastReadSeq = Math.max(prev ? prev.lastReadSeq || 0 : 0, conv.lastReadSeq || 0);
  // The server's unread count is a snapshot; if we have already seen later messages, ours is newer.
  let unread = prev && held > incomingSeq ? prev.unread || 0 : (conv.unread ?? 0);
  if (visible || lastReadSeq >= lastSeq) unread = 0;
  const next = {
    ...prev,
    ...conv,
    members: Array.isArray(conv.members) ? conv.members : prev ? prev.members : [],
    lastSeq,
    lastMessage,
    lastReadSeq,
    unread,
  };
  return { ...state, conversations: { ...state.conversations, [conv.id]: next } };
}

/** Replaces the conversation list with the server's, keeping what we know that is newer. */
export function setConversations(state, list, { visibleId = null } = {}) {
  const keep = new Set(list.map((c) => c.id));
  let next = state;
  for (const id of Object.keys(state.conversations)) if (!keep.has(id)) next = removeConversation(next, id);
  for (const conv of list) next = upsertConversation(next, conv, { visible: conv.id === visibleId });
  return next;
}

export function removeConversation(state, id) {
  if (!state.conversations[id] && !state.messages[id]) return state;
  const conversations = { ...state.conversations };
  delete conversations[id];
  const messages = { ...state.messages };
  delete messages[id];
  const pending = { ...state.pending };
  delete pending[id];
  const readers = { ...state.readers };
  delete readers[id];
  return { ...state, conversations, messages, pending, readers };
}

/**
 * Adds messages to a conversation, deduplicated by seq, and updates its summary: lastSeq,
 * lastMessage and the unread count (messages not ours newer than what we had, unless the
 * conversation is on screen). A message that carries the clientId of one of our pending
 * sends resolves it.
 */
export function addMessages(state, conversationId, messages, { visible = false, loaded } = {}) {
  const bucket = state.messages[conversationId] ?? { items: [], loaded: false };
  const seen = new Set(bucket.items.map((m) => m.seq));
  const fresh = [];
  for (const m of messages) {
    if (!m || m.conversationId !== conversationId || typeof m.seq !== 'number' || seen.has(m.seq)) continue;
    seen.add(m.seq);
    fresh.push(m);
  }
  // A window opened around a search hit holds no hole: what lies past a gap after it only counts
  // for the summary below, until the window has grown to the newest message.
  const kept = bucket.detached ? contiguous(bucket.items, fresh) : fresh;
  let next = state;
  if (kept.length || (loaded !== undefined && loaded !== bucket.loaded)) {
    const items = kept.length ? [...bucket.items, ...kept].sort((a, b) => a.seq - b.seq) : bucket.items;
    const convSeq = state.conversations[conversationId]?.lastSeq ?? 0;
    const top = Math.max(convSeq, ...fresh.map((m) => m.seq));
    const detached = !!bucket.detached && items.length > 0 && items[items.length - 1].seq < top;
    next = {
      ...next,
      messages: {
        ...next.messages,
        [conversationId]: {
          ...bucket,
          items,
          loaded: loaded ?? bucket.loaded,
          ...(bucket.detached ? { detached } : {}),
        },
      },
    };
  }

  const conv = next.conversations[conversationId];
  if (conv && fresh.length) {
    const newer = fresh.filter((m) => m.seq > (conv.lastSeq || 0));
    if (newer.length) {
      const top = newer.reduce((a, b) => (b.seq > a.seq ? b : a));
      const added = visible ? 0 : newer.filter((m) => m.seq > (conv.lastReadSeq || 0) && counts(state.me, m)).length;
      next = {
        ...next,
        conversations: {
          ...next.conversations,
          [conversationId]: {
            ...conv,
            lastSeq: top.seq,
            lastMessage: top,
            updatedAt: top.createdAt && time(top.createdAt) > time(conv.updatedAt) ? top.createdAt : conv.updatedAt,
            unread: visible ? 0 : (conv.unread || 0) + added,
          },
        },
      };
    }
  }

  // Our own messages settle pending sends, whichever way they arrive first.
  const pending = next.pending[conversationId];
  if (pending && pending.length) {
    const ids = new Set(
      [...fresh, ...bucket.items].filter((m) => m.senderId === state.me.id && m.clientId).map((m) => m.clientId),
    );
    const left = pending.filter((p) => !ids.has(p.clientId));
    if (left.length !== pending.length) next = { ...next, pending: { ...next.pending, [conversationId]: left } };
  }
  return next;
}

/** The messages of `fresh` that join `items` without a hole (before, inside or right after them). */
function contiguous(items, fresh) {
  if (!items.length) return fresh;
  let top = items[items.length - 1].seq;
  const out = [];
  for (const m of [...fresh].sort((a, b) => a.seq - b.seq)) {
    if (m.seq <= top + 1) {
      out.push(m);
      top = Math.max(top, m.seq);
    }
  }
  return out;
}

/**
 * Shows the messages around a search hit (`messages`, oldest first, from `around=`): merged with
 * what we hold when they touch it, otherwise in its place as a window that knows whether older
 * (`older`) and newer (`newer`) messages exist beyond it.
 */
export function showWindow(state, conversationId, messages, { older = true, newer = false, visible = false } = {}) {
  const list = (messages ?? []).filter((m) => m && m.conversationId === conversationId && typeof m.seq === 'number');
  if (!list.length) return state;
  const sorted = [...list].sort((a, b) => a.seq - b.seq);
  const bucket = state.messages[conversationId];
  const held = bucket?.loaded ? bucket.items : [];
  if (held.length) {
    const first = sorted[0].seq;
    const last = sorted[sorted.length - 1].seq;
    if (last >= held[0].seq - 1 && first <= held[held.length - 1].seq + 1) {
      return addMessages(state, conversationId, sorted, { visible });
    }
  }
  const next = {
    ...state,
    messages: {
      ...state.messages,
      [conversationId]: { items: sorted, loaded: true, noOlder: !older, detached: !!newer },
    },
  };
  return next;
}

/** Whether newer messages exist past what we hold (a window opened around a search hit). */
export function hasNewer(state, conversationId) {
  return !!state.messages[conversationId]?.detached;
}

/** Forgets the messages held for a conversation (before loading its newest page again). */
export function resetMessages(state, conversationId) {
  if (!state.messages[conversationId]) return state;
  const messages = { ...state.messages };
  delete messages[conversationId];
  return { ...state, messages };
}

/** Seqs missing between what we hold and a live message (a gap to fill with `after=`). */
export function gapBefore(state, conversationId, seq) {
  const bucket = state.messages[conversationId];
  if (!bucket || !bucket.loaded || !bucket.items.length || bucket.detached) return null;
  const top = bucket.items[bucket.items.length - 1].seq;
  return seq > top + 1 ? top : null;
}

/** Oldest seq held for a conversation, or null. More exist when it is above 1. */
export function oldestSeq(state, conversationId) {
  const items = state.messages[conversationId]?.items;
  return items && items.length ? items[0].seq : null;
}

export function hasOlder(state, conversationId) {
  const bucket = state.messages[conversationId];
  if (!bucket || !bucket.loaded) return false;
  if (bucket.noOlder) return false;
  const oldest = oldestSeq(state, conversationId);
  return oldest != null && oldest > 1;
}

export function setNoOlder(state, conversationId) {
  const bucket = state.messages[conversationId];
  if (!bucket) return state;
  return { ...state, messages: { ...state.messages, [conversationId]: { ...bucket, noOlder: true } } };
}

/** Applies a read marker: ours moves lastReadSeq and the unread count, others' feed "seen". */
export function applyRead(state, conversationId, accountId, seq) {
  if (accountId !== state.me.id) {
    const prev = state.readers[conversationId] ?? {};
    if ((prev[accountId] ?? 0) >= seq) return state;
    return { ...state, readers: { ...state.readers, [conversationId]: { ...prev, [accountId]: seq } } };
  }
  const conv = state.conversations[conversationId];
  if (!conv || (conv.lastReadSeq || 0) >= seq) return state;
  const lastSeq = conv.lastSeq || 0;
  let unread;
  const bucket = state.messages[conversationId];
  if (seq >= lastSeq) unread = 0;
  else if (bucket && bucket.items.length && bucket.items[0].seq <= seq + 1) {
    // We hold every message after the marker: count exactly.
    unread = bucket.items.filter((m) => m.seq > seq && counts(state.me, m)).length;
  } else unread = Math.min(conv.unread || 0, lastSeq - seq);
  return {
    ...state,
    conversations: { ...state.conversations, [conversationId]: { ...conv, lastReadSeq: seq, unread } },
  };
}

export function addPending(state, conversationId, entry) {
  const list = state.pending[conversationId] ?? [];
  return { ...state, pending: { ...state.pending, [conversationId]: [...list, entry] } };
}

export function updatePending(state, conversationId, clientId, patch) {
  const list = state.pending[conversationId];
  if (!list || !list.some((p) => p.clientId === clientId)) return state;
  return {
    ...state,
    pending: {
      ...state.pending,
      [conversationId]: list.map((p) => (p.clientId === clientId ? { ...p, ...patch } : p)),
    },
  };
}

export function removePending(state, conversationId, clientId) {
  const list = state.pending[conversationId];
  if (!list) return state;
  return { ...state, pending: { ...state.pending, [conversationId]: list.filter((p) => p.clientId !== clientId) } };
}

/**
 * Replaces messages we hold by a newer copy (an app updated its card: `message_updated`, or a
 * page fetched again after a reconnect), keeping seq order; ones we do not hold are added as
 * by addMessages. Matched by seq, and only when the id agrees.
 */
export function replaceMessages(state, conversationId, messages, { visible = false } = {}) {
  const bucket = state.messages[conversationId];
  const held = new Map((bucket?.items ?? []).map((m) => [m.seq, m]));
  const replace = new Map();
  const add = [];
  for (const m of messages) {
    if (!m || m.conversationId !== conversationId || typeof m.seq !== 'number') continue;
    const old = held.get(m.seq);
    if (!old) add.push(m);
    else if (old.id === m.id && old !== m) replace.set(m.seq, m);
  }
  let next = state;
  if (replace.size) {
    const items = bucket.items.map((m) => replace.get(m.seq) ?? m);
    next = { ...next, messages: { ...next.messages, [conversationId]: { ...bucket, items } } };
    const conv = next.conversations[conversationId];
    const last = conv?.lastMessage;
    if (last && replace.has(last.seq)) {
      next = {
        ...next,
        conversations: { ...next.conversations, [conversationId]: { ...conv, lastMessage: replace.get(last.seq) } },
      };
    }
  }
  return add.length ? addMessages(next, conversationId, add, { visible }) : next;
}
