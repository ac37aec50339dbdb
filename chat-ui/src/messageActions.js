// Message actions (reply, forward, edit, delete, reactions), typing and delivery ticks: pure
// functions over the state of state.js, and the calls the controller makes. Kept apart from
// chat.js and state.js so the messenger's core stays small; everything here runs under node --test.

import { namespace } from './i18n.js';
import errorsCatalogue from './locales/errors.js';

const te = namespace('errors', errorsCatalogue);

/** The emoji of the quick reaction bar. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
/** A few more for the small picker. */
export const MORE_REACTIONS = [
  '🎉',
  '🔥',
  '👏',
  '😍',
  '🤔',
  '👀',
  '✅',
  '❌',
  '💯',
  '😅',
  '🙌',
  '🤝',
  '😡',
  '🥳',
  '💡',
  '⭐',
];
/** How long a typing notice stays on screen without another one. */
export const TYPING_MS = 5000;
/** Typing notices are sent at most this often. */
export const TYPING_EVERY_MS = 3000;

/** A message's reactions as this viewer sees them: `mine` worked out from accountIds (live events carry none). */
export function reactionsOf(message, meId) {
  const list = Array.isArray(message?.reactions) ? message.reactions : [];
  return list
    .filter((r) => r && typeof r.emoji === 'string' && r.count > 0)
    .map((r) => {
      const ids = Array.isArray(r.accountIds) ? r.accountIds : [];
      return { emoji: r.emoji, count: r.count, accountIds: ids, mine: ids.includes(meId) };
    });
}

/** Who reacted with one emoji, by name ("someone" for a person no longer in the conversation). */
export function reactedBy(reaction, members, meId) {
  return reaction.accountIds.map((id) =>
    id === meId ? te('you') : (members?.find((m) => m.id === id)?.displayName ?? te('someone')),
  );
}

/** What the quote bar and a quote in a bubble say about a message. */
export function quoteOf(message) {
  if (!message) return null;
  if (message.replyTo) return message.replyTo;
  return null;
}

/** A quote for a message we are about to reply to (the server makes the real one). */
export function draftQuote(message) {
  const text = String(message?.text ?? '').trim();
  const first = Array.isArray(message?.attachments) ? message.attachments[0] : null;
  let excerpt = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  if (!excerpt && first) {
    excerpt =
      first.kind === 'image'
        ? te('photo')
        : first.kind === 'video'
          ? te('video')
          : first.kind === 'voice'
            ? te('voiceMessage')
            : (first.name ?? te('file'));
  }
  return { id: message.id, seq: message.seq, senderName: message.senderName, excerpt };
}

/** The last text message of ours that may be edited (for ↑ in an empty composer). */
export function lastEditable(items, meId) {
  for (let i = (items?.length ?? 0) - 1; i >= 0; i--) {
    const m = items[i];
    if (m.senderId === meId && m.kind === 'text' && !m.deleted && !m.forwarded) return m;
  }
  return null;
}

/** Whether the viewer may edit / delete a message. */
export function canEdit(m, meId) {
  return !!m && m.kind === 'text' && !m.deleted && m.senderId === meId;
}

export function canDelete(m, meId, conv) {
  if (!m || m.deleted || m.kind === 'system') return false;
  if (m.senderId === meId) return true;
  const owner = conv?.kind === 'group' && conv.members?.some((x) => x.id === meId && x.role === 'owner');
  return !!owner;
}

// ---- typing and delivery -------------------------------------------------------------------

/** Someone is typing in a conversation (never us): shown until `at + TYPING_MS`. */
export function applyTyping(state, conversationId, accountId, displayName, at) {
  if (!conversationId || !accountId || accountId === state.me.id) return state;
  const prev = state.typing?.[conversationId] ?? {};
  return {
    ...state,
    typing: {
      ...(state.typing ?? {}),
      [conversationId]: { ...prev, [accountId]: { name: String(displayName ?? te('Someone')), until: at + TYPING_MS } },
    },
  };
}

/** Someone's message arrived: they are no longer typing it. */
export function stopTyping(state, conversationId, accountId) {
  const prev = state.typing?.[conversationId];
  if (!prev || !prev[accountId]) return state;
  const next = { ...prev };
  delete next[accountId];
  return { ...state, typing: { ...state.typing, [conversationId]: next } };
}

/** "Dana is typing…", "Dana and Eli are typing…", "3 people are typing…", or null. */
export function typingLine(state, conversationId, now) {
  const who = Object.values(state.typing?.[conversationId] ?? {})
    .filter((t) => t.until > now)
    .map((t) => t.name);
  if (!who.length) return null;
  if (who.length === 1) return te('typingOne', { name: who[0] });
  if (who.length === 2) return te('typingTwo', { first: who[0], second: who[1] });
  return te('typingMany', { count: who.length });
}

/** A member's delivery mark moved (live `delivered`). */
export function applyDelivered(state, conversationId, accountId, seq) {
  const prev = state.delivered?.[conversationId] ?? {};
  if (typeof seq !== 'number' || (prev[accountId] ?? 0) >= seq) return state;
  return {
    ...state,
    delivered: { ...(state.delivered ?? {}), [conversationId]: { ...prev, [accountId]: seq } },
  };
}

/**
 * Where every other member stands: `{accountId: {read, delivered}}`, from the conversation's
 * members (so it survives a reload) and the live events since.
 */
export function marksOf(state, conv) {
  const out = {};
  const me = state.me.id;
  for (const m of conv?.members ?? []) {
    if (m.id === me) continue;
    out[m.id] = { read: m.lastReadSeq ?? 0, delivered: m.lastDeliveredSeq ?? 0 };
  }
  for (const [id, seq] of Object.entries(state.readers?.[conv?.id] ?? {})) {
    if (id !== me && out[id]) out[id].read = Math.max(out[id].read, seq);
  }
  for (const [id, seq] of Object.entries(state.delivered?.[conv?.id] ?? {})) {
    if (id !== me && out[id]) out[id].delivered = Math.max(out[id].delivered, seq);
  }
  for (const v of Object.values(out)) v.delivered = Math.max(v.delivered, v.read);
  return out;
}

/** One tick (sent), two (delivered to every other member), two coloured (read by every other member). */
export function tickOf(marks, seq) {
  const others = Object.values(marks);
  if (!others.length) return 'sent';
  if (others.every((x) => x.read >= seq)) return 'read';
  if (others.every((x) => x.delivered >= seq)) return 'delivered';
  return 'sent';
}

/** The names of those who read a message, for the group's message info. */
export function readBy(marks, seq, members) {
  return Object.entries(marks)
    .filter(([, x]) => x.read >= seq)
    .map(([id]) => members?.find((m) => m.id === id)?.displayName ?? 'someone');
}

/** The names of those it reached but who have not read it. */
export function deliveredTo(marks, seq, members) {
  return Object.entries(marks)
    .filter(([, x]) => x.delivered >= seq && x.read < seq)
    .map(([id]) => members?.find((m) => m.id === id)?.displayName ?? 'someone');
}

/** A throttle for typing notices: true when one may be sent now. */
export function createTypingThrottle(everyMs = TYPING_EVERY_MS) {
  const last = {};
  return (conversationId, now) => {
    if (now - (last[conversationId] ?? -Infinity) < everyMs) return false;
    last[conversationId] = now;
    return true;
  };
}
