// The messenger's everyday features (issue 17): @mentions in ordinary messages, the conversation
// list's pinned and archived sections, drafts kept per conversation in this browser, and the
// unread position of a conversation. Pure (except the draft store's localStorage), for `node --test`.

/**
 * `{kind: "member", query, start, end}` while the caret is in an `@word` of an ordinary message
 * (not a `/command`, whose arguments commands.js completes), or null. The `@` starts the text or
 * follows a space, so e-mail addresses are left alone.
 */
export function mentionContext(text, caret = String(text ?? '').length) {
  const s = String(text ?? '');
  if (s.startsWith('/') && !s.startsWith('//')) return null;
  let start = caret;
  while (start > 0 && !/\s/u.test(s[start - 1])) start -= 1;
  let end = caret;
  while (end < s.length && !/\s/u.test(s[end])) end += 1;
  const word = s.slice(start, caret);
  if (!word.startsWith('@')) return null;
  const query = word.slice(1);
  if (!/^[A-Za-z0-9_.]*$/u.test(query)) return null;
  return { kind: 'member', query: query.toLowerCase(), start, end };
}

/** The ids of the members (never me) whose `@username` the text names, in the order first named. */
export function mentionIdsIn(text, members, meId) {
  const s = String(text ?? '');
  const out = [];
  for (const match of s.matchAll(/(^|\s)@([A-Za-z0-9_.]+)/gu)) {
    const name = match[2].replace(/\.+$/u, '').toLowerCase();
    const m = (members ?? []).find((x) => x && x.id !== meId && String(x.username ?? '').toLowerCase() === name);
    if (m && !out.includes(m.id)) out.push(m.id);
  }
  return out;
}

/**
 * The text cut into `{text, mention?}` parts: a part is a mention when it is `@username` of a
 * member the message mentions (`message.mentions: [{id, name}]`), so clients highlight only
 * real mentions, never any word with an `@`.
 */
export function mentionParts(text, mentions, members) {
  const s = String(text ?? '');
  const ids = new Set((mentions ?? []).map((m) => m.id));
  if (!ids.size) return [{ text: s }];
  const names = new Map();
  for (const m of members ?? []) if (ids.has(m.id) && m.username) names.set(m.username.toLowerCase(), m.id);
  const parts = [];
  let last = 0;
  for (const match of s.matchAll(/(^|\s)@([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)/gu)) {
    const id = names.get(match[2].toLowerCase());
    if (!id) continue;
    const at = match.index + match[1].length;
    if (at > last) parts.push({ text: s.slice(last, at) });
    parts.push({ text: `@${match[2]}`, mention: id });
    last = at + match[2].length + 1;
  }
  if (last < s.length) parts.push({ text: s.slice(last) });
  return parts;
}

/** Whether the message mentions the account. */
export function mentions(message, accountId) {
  return (message?.mentions ?? []).some((m) => m.id === accountId);
}

/**
 * The conversation list in its sections: `pinned` (in pin order), `recent` (most recent activity
 * first, as given) and `archived`. A pinned conversation that is archived is in `archived`.
 */
export function listSections(conversations) {
  const pinned = [];
  const recent = [];
  const archived = [];
  for (const c of conversations) {
    if (c.archived) archived.push(c);
    else if (c.pinned) pinned.push(c);
    else recent.push(c);
  }
  pinned.sort((a, b) => String(a.pinnedAt ?? '').localeCompare(String(b.pinnedAt ?? '')) || a.id.localeCompare(b.id));
  return { pinned, recent, archived };
}

/** Unread count that notifies: muted conversations count only their unread mentions. */
export function notifyingUnread(conv) {
  return conv.muted ? conv.mentions || 0 : conv.unread || 0;
}

/**
 * Drafts kept per conversation in this browser (localStorage, per account), so the list can say
 * "Draft" and a reload keeps what was typed. `storage` is injected in tests.
 */
export function createDrafts(accountId, storage = typeof localStorage !== 'undefined' ? localStorage : null) {
  const key = `parley.drafts.${accountId}`;
  let drafts = {};
  try {
    drafts = JSON.parse(storage?.getItem(key) ?? '{}') ?? {};
  } catch {
    drafts = {};
  }
  const listeners = new Set();
  function save() {
    try {
      storage?.setItem(key, JSON.stringify(drafts));
    } catch {
      // storage full or refused: drafts stay for this page only
    }
  }
  return {
    get(id) {
      return drafts[id];
    },
    has(id) {
      return typeof drafts[id] === 'string' && drafts[id].trim().length > 0;
    },
    set(id, text) {
      const had = this.has(id);
      if (text && text.trim()) drafts[id] = text;
      else delete drafts[id];
      save();
      if (had !== this.has(id)) listeners.forEach((f) => f());
    },
    subscribe(f) {
      listeners.add(f);
      return () => listeners.delete(f);
    },
  };
}

/**
 * The seq up to which the messages seen on screen have been read: the highest seq among those
 * `visible` (seqs an IntersectionObserver reported) that is no higher than the first unseen one
 * would allow, i.e. the reader never skips a message that was not on screen.
 */
export function readUpTo(currentRead, visibleSeqs) {
  let best = currentRead || 0;
  for (const s of visibleSeqs) if (s > best) best = s;
  return best;
}

/**
 * The unread-mention count of the client's state after a live message (`message`: one more when it
 * mentions me and is unread) or after a read marker moved (none left when nothing is unread).
 */
export function applyMention(state, message = null) {
  const id = message?.conversationId;
  if (message && id) {
    const conv = state.conversations[id];
    if (!conv || !mentions(message, state.me.id) || message.seq <= (conv.lastReadSeq || 0) || !conv.unread) {
      return state;
    }
    return {
      ...state,
      conversations: { ...state.conversations, [id]: { ...conv, mentions: (conv.mentions || 0) + 1 } },
    };
  }
  let changed = false;
  const conversations = { ...state.conversations };
  for (const [cid, conv] of Object.entries(state.conversations)) {
    if (conv.mentions && !conv.unread) {
      conversations[cid] = { ...conv, mentions: 0 };
      changed = true;
    }
  }
  return changed ? { ...state, conversations } : state;
}
