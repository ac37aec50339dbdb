// Interactive messages (cards, carousels, quick replies, list pickers, date pickers): pure helpers
// for the view. The server checked the content against its schema; the client still draws only
// known kinds and safe URLs, and falls back to the message's text for anything else.

export const KINDS = ['card', 'carousel', 'quick_replies', 'list', 'datetime'];
/** How long a pressed button waits for the sender's answer before saying none came. */
export const ANSWER_TIMEOUT_MS = 10_000;

/** The message's interactive content when the client knows its kind, else null (draw the text). */
export function interactiveOf(message) {
  const c = message?.interactive;
  if (!c || typeof c !== 'object' || !KINDS.includes(c.type) || message.deleted) return null;
  return c;
}

/** The cards to draw: one for a card, all of a carousel, none otherwise. */
export function cardsOf(content) {
  if (content.type === 'card') return content.card ? [content.card] : [];
  if (content.type === 'carousel') return Array.isArray(content.cards) ? content.cards : [];
  return [];
}

/** Only https links open; anything else is dropped (the server allows no other, but be sure). */
export function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** `tel:` for an E.164 number, else null. */
export function telUrl(phone) {
  return typeof phone === 'string' && /^\+[0-9]{6,15}$/.test(phone) ? `tel:${phone}` : null;
}

/** The send body of an answer: what the customer sees as their message, and the reference. */
export function answerBody(message, action, value) {
  const interactiveReply = { messageId: message.id, actionId: action.id };
  if (value !== undefined) interactiveReply.value = value;
  return { text: action.label ?? action.title ?? String(value ?? ''), fields: { interactiveReply } };
}

/**
 * Whether quick replies of `message` are still offered: it is the newest message of the
 * conversation, not mine, and I have not answered it.
 */
export function quickRepliesOpen(message, messages, meId) {
  if (!message || message.senderId === meId) return false;
  const newest = messages[messages.length - 1];
  return newest?.id === message.id;
}

/**
 * The state of a pressed action: `waiting` until a newer message from the interactive message's
 * sender arrives, `answered` then, `silent` after ANSWER_TIMEOUT_MS without one.
 */
export function answerState(pressed, message, messages, now) {
  if (!pressed) return 'idle';
  const answered = messages.some(
    (x) => x.senderId === message.senderId && x.seq > message.seq && Date.parse(x.createdAt) >= pressed.at - 2000,
  );
  if (answered) return 'answered';
  return now - pressed.at >= ANSWER_TIMEOUT_MS ? 'silent' : 'waiting';
}

/** An OpenStreetMap link for a shared place. */
export function mapUrl(location) {
  const lat = Number(location?.latitude);
  const lon = Number(location?.longitude);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

/** The `<input>` type and bounds of a date/time picker. */
export function pickerInput(content) {
  const type = content.mode === 'date' ? 'date' : content.mode === 'time' ? 'time' : 'datetime-local';
  return { type, min: content.min ?? undefined, max: content.max ?? undefined };
}

/** The message without the attachments its interactive cards show as their media (drawn in the card). */
export function withoutCardMedia(message) {
  const content = interactiveOf(message);
  if (!content || !Array.isArray(message.attachments)) return message;
  const shown = new Set(
    cardsOf(content)
      .map((c) => c.media?.attachmentId)
      .filter(Boolean),
  );
  if (!shown.size) return message;
  return { ...message, attachments: message.attachments.filter((a) => !shown.has(a.id)) };
}
