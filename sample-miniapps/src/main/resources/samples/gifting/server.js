// Red packets: `/packet 10.00 5 [lucky] [message]` (a currency may follow the total: `/packet 1200 JPY 3`).
//
// The app never moves money. It asks Parley for a red packet (parley.redpackets.create, a payment
// request whose payee is the packet); Parley shows the sender its own confirmation sheet, and on
// their confirmation puts the total into the packet's escrow and tells this app through the
// `payment` event, which is when the card is posted. Each member's "Open" claims one share for
// that member (parley.redpackets.claim: Parley pays it, at most one share each) and the card is
// updated in place for everyone. Amounts are integers in minor units: "10.00" is 1000, never a float.

import { formatAmount, parseAmount as parseSdkAmount } from "./lib/amounts.js";

const DEFAULT_CURRENCY = "EUR";
/** The largest packet, in major units. */
const MAX_MAJOR = 10000;
/** The most shares of one packet (Parley's own limit). */
const MAX_SHARES = 500;
const MESSAGE_MAX = 100;
/** A card shows at most 20 fields: the total, then the newest claims. */
const CLAIMS_SHOWN = 18;

const USAGE = "Usage: /packet 10.00 5 [lucky] [message] — sends a red packet of 10.00 in 5 shares "
  + "(equal shares, or random ones with \"lucky\"); you confirm it in Parley's sheet first.";

// Amounts come from @parley/sdk (sdk/src/amounts.js), which the samples' build copies into this
// bundle as lib/amounts.js: integer minor units, the platform's strict decimal strings.
/** Parses an amount into minor units: {minor} or {error: "a sentence for the user"}. */
export function parseAmount(text, currency) {
  return parseSdkAmount(text, currency, { max: MAX_MAJOR, tooMuch: "a red packet holds at most that much." });
}

export { formatAmount };

/** `total [CUR] shares [lucky|equal] [message…]` → {minor, total, currency, shares, mode, message} or {error}. */
export function parsePacket(args) {
  const words = (args || []).slice();
  const totalText = words.shift();
  if (totalText === undefined) return { error: "Say how much, like 10.00." };
  let currency = DEFAULT_CURRENCY;
  if (words.length > 0 && /^[A-Z]{3}$/.test(words[0])) currency = words.shift();
  const parsed = parseAmount(totalText, currency);
  if (parsed.error) return { error: parsed.error };
  const sharesText = words.shift();
  if (sharesText === undefined || !/^[1-9][0-9]{0,2}$/.test(sharesText)) {
    return { error: "Say into how many shares, a whole number from 1 to " + MAX_SHARES + ", like 5." };
  }
  const shares = Number(sharesText);
  if (shares > MAX_SHARES) return { error: "At most " + MAX_SHARES + " shares." };
  if (shares > parsed.minor) {
    return { error: "Every share needs at least " + formatAmount(1, currency) + " " + currency + ": "
      + shares + " shares need at least " + formatAmount(shares, currency) + " " + currency + "." };
  }
  let mode = "equal";
  if (words.length > 0 && (words[0] === "lucky" || words[0] === "equal")) mode = words.shift();
  const message = words.join(" ").slice(0, MESSAGE_MAX);
  return { minor: parsed.minor, total: formatAmount(parsed.minor, currency), currency, shares, mode, message };
}

/** The greeting when the sender wrote none. */
const DEFAULT_GREETING = "Best wishes!";

/** The claim with the most money (the first of equals): the "best luck" of a finished lucky packet. */
export function bestLuck(p) {
  const claimed = Array.isArray(p.claimed) ? p.claimed : [];
  if (p.status !== "finished" || p.mode !== "lucky" || claimed.length < 2) return null;
  let best = claimed[0];
  for (const c of claimed) if (Number(c.amountMinor) > Number(best.amountMinor)) best = c;
  return best;
}

/**
 * The card of a packet as Parley answers it ({id, total, currency, shares, mode, message, status,
 * claimed…}), drawn as a gift: who sent it, their greeting, what is left, who got what, and the
 * "best luck" of a finished lucky packet.
 */
export function packetCard(p, senderName) {
  const claimed = Array.isArray(p.claimed) ? p.claimed : [];
  let status;
  if (p.status === "expired") {
    status = "Expired: " + claimed.length + " of " + p.shares + " claimed; the rest went back to the sender";
  } else if (p.status === "finished") {
    status = "All " + p.shares + " claimed";
  } else {
    status = claimed.length + " of " + p.shares + " claimed";
  }
  const greeting = "“" + (p.message || DEFAULT_GREETING) + "”";
  const fields = [{ label: "Total", value: p.total + " " + p.currency + " in " + p.shares
    + (p.shares === 1 ? " share" : " shares") + (p.mode === "lucky" ? " (lucky)" : "") }];
  const shown = claimed.slice(Math.max(0, claimed.length - CLAIMS_SHOWN));
  if (shown.length < claimed.length) {
    fields.push({ label: "Earlier", value: (claimed.length - shown.length) + " more" });
  }
  const best = bestLuck(p);
  for (const c of shown) {
    fields.push({ label: (c === best ? "🏆 " : "") + (c.displayName || "someone"),
      value: c.amount + " " + p.currency + (c === best ? " · Best luck" : "") });
  }
  const from = senderName ? "🧧 Red packet from " + senderName : "🧧 Red packet";
  const card = { title: from + (p.message ? ": " + p.message : ""), text: greeting + "\n" + status, fields };
  if (p.status === "active") {
    card.buttons = [{ id: "open", label: "🧧 Open", type: "callback" }];
  }
  return card;
}

/** The sender's display name, when the app may read the members (else the card names no one). */
async function senderNameOf(id, ctx) {
  if (!id || !(ctx && Array.isArray(ctx.permissions) && ctx.permissions.includes("members.read"))) return null;
  const list = await parley.members.read();
  const m = (Array.isArray(list) ? list : []).find((x) => x.id === id);
  return m ? m.displayName : null;
}

// ---- /packet ----

export async function packet(event) {
  const a = parsePacket(event.args);
  if (a.error) return { text: a.error + "\n" + USAGE };
  // Parley shows the sheet; the card follows from the `payment` event.
  await parley.redpackets.create({ total: a.total, currency: a.currency, shares: a.shares, mode: a.mode,
    message: a.message });
  return {};
}

// ---- the outcome, from Parley: the packet exists, post its card once ----

export async function onPayment(event, ctx) {
  if (event.type !== "payment.completed" || event.payee !== "red_packet" || !event.packetId) {
    return {}; // cancelled or expired: nothing was sent
  }
  const key = "packet:" + event.packetId;
  if (await parley.storage.get({ scope: "conversation", key })) {
    return {}; // told twice: one card
  }
  await parley.storage.set({ scope: "conversation", key, value: { pending: true } });
  const p = await parley.redpackets.get({ packetId: event.packetId });
  const senderName = await senderNameOf(p.senderId || event.payerId, ctx);
  const { messageId } = await parley.cards.post({ card: packetCard(p, senderName) });
  await parley.storage.set({ scope: "conversation", key, value: { messageId } });
  await parley.storage.set({ scope: "conversation", key: "card:" + messageId,
    value: { packetId: event.packetId, senderName } });
  return {};
}

// ---- Open: a share for the member who pressed ----

export async function open(event) {
  // The packet this card shows, as stored; never what the button sent.
  const stored = await parley.storage.get({ scope: "conversation", key: "card:" + event.messageId });
  if (!stored) return { text: "This red packet is no longer here." };
  const r = await parley.redpackets.claim({ packetId: stored.packetId });
  if (!r.claimed && r.reason === "sender") {
    return { text: "You sent this red packet: in a direct conversation the other person opens it." };
  }
  await parley.cards.update({ messageId: event.messageId, card: packetCard(r.packet, stored.senderName) });
  // A second open answers with what the first one gave; a late one says why there is nothing.
  if (r.claimed && r.claim && r.claim.repeated) {
    return { text: "You already opened this red packet: you got " + r.claim.amount + " " + r.packet.currency + "." };
  }
  if (!r.claimed && r.reason === "finished") {
    return { text: "All " + r.packet.shares + " shares were claimed before you opened it." };
  }
  if (!r.claimed && r.reason === "expired") return { text: "This red packet has expired." };
  return {};
}
