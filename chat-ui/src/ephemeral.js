// Ephemeral messages ("only visible to you", issue 18): an app's answer only this person sees.
// They take no seq (the server keeps them apart from the conversation's messages), so they live
// in a bucket of their own, keyed by id, and are shown after the message they were posted after
// (`seq` is that anchor). They never count as unread and never move a conversation's lastSeq.
// Pure functions over the messenger's state, for `node --test`.

/** Whether a message from the server is an ephemeral one. */
export function isEphemeral(m) {
  return !!m && m.visibility === 'caller';
}

function sorted(list) {
  return [...list].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** Adds or replaces (by id) ephemeral messages of a conversation. */
export function addEphemeral(state, conversationId, messages) {
  const fresh = (messages ?? []).filter((m) => isEphemeral(m) && m.conversationId === conversationId && m.id);
  if (!fresh.length) return state;
  const held = state.ephemeral?.[conversationId] ?? [];
  const byId = new Map(held.map((m) => [m.id, m]));
  for (const m of fresh) {
    const prev = byId.get(m.id);
    // an older copy (an answer that came back after the live update) never replaces a newer one
    if (!prev || (m.edited ?? 0) >= (prev.edited ?? 0)) byId.set(m.id, m);
  }
  return { ...state, ephemeral: { ...(state.ephemeral ?? {}), [conversationId]: sorted(byId.values()) } };
}

/** Replaces the whole list of a conversation (what the server lists when it is opened). */
export function setEphemeral(state, conversationId, messages) {
  const list = (messages ?? []).filter((m) => isEphemeral(m) && m.conversationId === conversationId);
  return { ...state, ephemeral: { ...(state.ephemeral ?? {}), [conversationId]: sorted(list) } };
}

/** Drops one (dismissed here or in another tab, or expired). */
export function removeEphemeral(state, conversationId, messageId) {
  const held = state.ephemeral?.[conversationId];
  if (!held || !held.some((m) => m.id === messageId)) return state;
  return {
    ...state,
    ephemeral: { ...state.ephemeral, [conversationId]: held.filter((m) => m.id !== messageId) },
  };
}

/** Splits a list the server answered with into the conversation's messages and the ephemeral ones. */
export function splitEphemeral(messages) {
  const shared = [];
  const mine = [];
  for (const m of messages ?? []) (isEphemeral(m) ? mine : shared).push(m);
  return { shared, mine };
}

/**
 * The message list's rows with the ephemeral messages placed after the last message whose seq is
 * at most their anchor (at the end when the list does not reach it yet is fine: they are newest).
 */
export function withEphemeral(rows, ephemeral, now = Date.now()) {
  const live = (ephemeral ?? []).filter((m) => !m.expiresAt || Date.parse(m.expiresAt) > now);
  if (!live.length) return rows;
  const out = [];
  let i = 0;
  for (const row of rows) {
    const seq = row.m?.seq;
    if (seq != null) {
      while (i < live.length && live[i].seq < seq) out.push(rowOf(live[i++]));
    }
    out.push(row);
  }
  while (i < live.length) out.push(rowOf(live[i++]));
  return out;
}

function rowOf(m) {
  return { type: 'ephemeral', key: `e-${m.id}`, m };
}
