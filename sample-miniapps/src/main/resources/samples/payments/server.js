// Payments: `/pay @bob 12.50 [note]`, `/request @bob 12.50 [note]`, `/split 60.00 [note]`.
//
// The app never moves money. It asks Parley (parley.payments.request); Parley shows the paying
// user its own confirmation sheet, moves the money when they confirm, and tells this app through
// the `payment` event, which is when receipts are posted and request cards are marked paid.
// Amounts are integers in minor units from start to end: "12.50" is parsed as 1250, never as a
// floating-point number.

import { formatAmount, parseAmount as parseSdkAmount } from "./lib/amounts.js";

const DEFAULT_CURRENCY = "EUR";
/** The largest amount the app asks for in one request, in major units. */
const MAX_MAJOR = 1000000;
const NOTE_MAX = 200;

const USAGE = {
  pay: "Usage: /pay @username 12.50 [note] — pays a member of this conversation after you confirm.",
  request: "Usage: /request @username 12.50 [note] — asks a member of this conversation for money.",
  split: "Usage: /split 60.00 [note] — splits a bill you paid evenly among everyone here, you included.",
};

// Amounts come from @parley/sdk (sdk/src/amounts.js), which the samples' build copies into this
// bundle as lib/amounts.js: integer minor units, the platform's strict decimal strings.
/** Parses an amount into minor units: {minor} or {error: "a sentence for the user"}. */
export function parseAmount(text, currency) {
  return parseSdkAmount(text, currency, { max: MAX_MAJOR, tooMuch: "I can't ask for that much at once." });
}

export { formatAmount };

/**
 * Splits {@code total} minor units into {@code n} shares that differ by at most one minor unit
 * and sum to the total exactly; the first (total mod n) shares carry the extra unit.
 */
export function splitEvenly(total, n) {
  const base = Math.floor(total / n);
  const extra = total - base * n;
  const shares = [];
  for (let i = 0; i < n; i++) shares.push(base + (i < extra ? 1 : 0));
  return shares;
}

/** `[@who] amount [CUR] [note…]` → {who, minor, amount, currency, note} or {error}. */
function parseArgs(args, withWho) {
  const words = (args || []).slice();
  let who = null;
  if (withWho) {
    who = words.shift();
    if (!who || !/^@[A-Za-z0-9_.-]{1,32}$/.test(who)) {
      return { error: "Name the person with @username." };
    }
  }
  const amountText = words.shift();
  if (amountText === undefined) {
    return { error: "Say how much, like 12.50." };
  }
  let currency = DEFAULT_CURRENCY;
  if (words.length > 0 && /^[A-Z]{3}$/.test(words[0])) {
    currency = words.shift();
  }
  const parsed = parseAmount(amountText, currency);
  if (parsed.error) return { error: parsed.error };
  const note = words.join(" ").slice(0, NOTE_MAX);
  return { who, minor: parsed.minor, amount: formatAmount(parsed.minor, currency), currency, note };
}

async function members() {
  const list = await parley.members.read();
  return Array.isArray(list) ? list : [];
}

function findMember(list, who) {
  const name = who.slice(1).toLowerCase();
  return list.find((m) => String(m.username).toLowerCase() === name) || null;
}

function nameOf(list, id) {
  const m = list.find((x) => x.id === id);
  return m ? m.displayName : "someone";
}

// ---- /pay ----

export async function pay(event, ctx) {
  const a = parseArgs(event.args, true);
  if (a.error) return { text: a.error + "\n" + USAGE.pay };
  const list = await members();
  const payee = findMember(list, a.who);
  if (!payee) return { text: a.who + " is not in this conversation.\n" + USAGE.pay };
  if (payee.id === ctx.userId) return { text: "You can't pay yourself." };
  // Parley shows the confirmation sheet; the receipt follows from the `payment` event.
  await parley.payments.request({ payee: payee.id, amount: a.amount, currency: a.currency, note: a.note,
    reference: "pay:" + ctx.requestId });
  return {};
}

// ---- /request and /split: cards the asked person pays or declines ----

function requestCard(state, list) {
  const from = nameOf(list, state.from);
  const to = nameOf(list, state.to);
  const fields = [{ label: "Amount", value: state.amount + " " + state.currency }];
  if (state.note) fields.push({ label: "For", value: state.note });
  if (state.share) fields.push({ label: "Share", value: state.share });
  if (state.status === "paid") {
    return { title: to + " paid " + from, text: "Paid ✓", fields };
  }
  if (state.status === "declined") {
    return { title: from + " asked " + to, text: "Declined", fields };
  }
  return {
    title: from + " asks " + to + " for " + state.amount + " " + state.currency,
    text: "Only " + to + " can pay this. Parley asks them to confirm before anything is paid.",
    fields,
    buttons: [
      // Pay and Decline for the person asked alone (issue 18): the others see the request's status.
      { id: "pay", label: "Pay " + state.amount + " " + state.currency, type: "callback", for: [state.to] },
      { id: "decline", label: "Decline", type: "callback", for: [state.to] },
    ],
  };
}

async function postRequestCard(state, list) {
  const { messageId } = await parley.cards.post({ card: requestCard(state, list) });
  await parley.storage.set({ scope: "conversation", key: "req:" + messageId, value: state });
  return messageId;
}

export async function request(event, ctx) {
  const a = parseArgs(event.args, true);
  if (a.error) return { text: a.error + "\n" + USAGE.request };
  const list = await members();
  const payer = findMember(list, a.who);
  if (!payer) return { text: a.who + " is not in this conversation.\n" + USAGE.request };
  if (payer.id === ctx.userId) return { text: "You can't ask yourself for money." };
  await postRequestCard({ from: ctx.userId, to: payer.id, minor: a.minor, amount: a.amount, currency: a.currency,
    note: a.note, status: "open" }, list);
  return {};
}

// A bill the caller paid, shared by everyone here (the caller included): the caller's own share
// stays with them, each other member is asked for theirs. When the total does not divide evenly,
// the shares differ by one cent and the caller covers the extra cents first (they paid the bill),
// then the others in member order; the summary card says who.
export function splitPlan(totalMinor, payerId, list) {
  const others = list.filter((m) => m.id !== payerId);
  const people = [{ id: payerId }, ...others];
  const shares = splitEvenly(totalMinor, people.length);
  return people.map((m, i) => ({ id: m.id, minor: shares[i], extra: shares[i] > shares[shares.length - 1] }));
}

/** What one minor unit is called: "cent" where it is 0.01, else the amount itself ("1 JPY", "0.001 BHD"). */
function extraUnit(currency) {
  const one = formatAmount(1, currency);
  return one === "0.01" ? "cent" : one + " " + currency;
}

function splitSummary(plan, a, list) {
  const payer = nameOf(list, plan[0].id);
  const parts = plan.map((p) => formatAmount(p.minor, a.currency) + " " + a.currency + " for " + nameOf(list, p.id));
  const extra = plan.filter((p) => p.extra).map((p) => nameOf(list, p.id));
  const unit = extraUnit(a.currency);
  let rounding;
  if (extra.length === 0) {
    rounding = "Everyone pays the same.";
  } else {
    const cents = extra.length === 1 ? "the extra " + unit : "an extra " + unit + " each";
    rounding = a.amount + " " + a.currency + " does not divide evenly by " + plan.length + ": "
      + extra.join(" and ") + (extra.length === 1 ? " covers " : " cover ") + cents + ".";
  }
  const plus = " (+" + (unit === "cent" ? "1 cent" : unit) + ")";
  const fields = plan.map((p) => ({ label: nameOf(list, p.id) + (p.id === plan[0].id ? " (paid the bill)" : ""),
    value: formatAmount(p.minor, a.currency) + " " + a.currency + (p.extra ? plus : "") }));
  if (a.note) fields.push({ label: "For", value: a.note });
  return {
    title: payer + " split " + a.amount + " " + a.currency + " " + plan.length + " ways",
    text: parts.join(", ") + ". " + rounding + " " + payer + "'s own share stays with " + payer + ".",
    fields,
  };
}

export async function split(event, ctx) {
  const a = parseArgs(event.args, false);
  if (a.error) return { text: a.error + "\n" + USAGE.split };
  const list = await members();
  if (!list.some((m) => m.id !== ctx.userId)) return { text: "Nobody else is here to split with." };
  const plan = splitPlan(a.minor, ctx.userId, list);
  if (a.minor < plan.length) {
    return { text: "That is less than " + formatAmount(1, a.currency) + " " + a.currency + " each; nothing to split." };
  }
  await parley.cards.post({ card: splitSummary(plan, a, list) });
  const share = "Share of " + a.amount + " " + a.currency + " split " + plan.length + " ways";
  for (const p of plan.slice(1)) {
    await postRequestCard({ from: ctx.userId, to: p.id, minor: p.minor, amount: formatAmount(p.minor, a.currency),
      currency: a.currency, note: a.note, status: "open",
      share: share + (p.extra ? " (includes an extra " + extraUnit(a.currency) + ")" : "") }, list);
  }
  return {};
}

export async function payCard(event, ctx) {
  const key = "req:" + event.messageId;
  const state = await parley.storage.get({ scope: "conversation", key });
  if (!state) return { text: "This request is no longer open." };
  if (state.status !== "open") return { text: state.status === "paid" ? "This is already paid." : "This request was declined." };
  if (state.to !== ctx.userId) {
    return { text: "Only the person asked can pay this request." };
  }
  if (state.pendingRequestId) {
    return { text: "Parley is already asking you to confirm this payment: confirm or cancel it there." };
  }
  // The stored amount and payee, never what the button sent.
  const asked = await parley.payments.request({ payee: state.from, amount: state.amount, currency: state.currency,
    note: state.note, reference: "card:" + event.messageId });
  await parley.storage.set({ scope: "conversation", key, value: { ...state, pendingRequestId: asked.requestId } });
  return {};
}

export async function declineCard(event, ctx) {
  const key = "req:" + event.messageId;
  const state = await parley.storage.get({ scope: "conversation", key });
  if (!state || state.status !== "open") return {};
  if (state.to !== ctx.userId && state.from !== ctx.userId) {
    return { text: "Only the person asked can decline this request." };
  }
  const next = { ...state, status: "declined" };
  await parley.storage.set({ scope: "conversation", key, value: next });
  await parley.cards.update({ messageId: event.messageId, card: requestCard(next, await members()) });
  return {};
}

// ---- the outcome, from Parley ----

export async function onPayment(event, ctx) {
  const reference = String(event.reference || "");
  if (event.type !== "payment.completed") {
    // cancelled or expired: a request card stays open for another try
    if (event.type === "payment.cancelled" && reference.startsWith("card:")) {
      const key = "req:" + reference.slice(5);
      const state = await parley.storage.get({ scope: "conversation", key });
      if (state && state.pendingRequestId === event.requestId) {
        await parley.storage.set({ scope: "conversation", key, value: { ...state, pendingRequestId: null } });
      }
    }
    return {};
  }
  const list = await members();
  if (reference.startsWith("card:")) {
    const messageId = reference.slice(5);
    const key = "req:" + messageId;
    const state = await parley.storage.get({ scope: "conversation", key });
    if (state && state.status === "open") {
      const next = { ...state, status: "paid", requestId: event.requestId };
      await parley.storage.set({ scope: "conversation", key, value: next });
      await parley.cards.update({ messageId, card: requestCard(next, list) });
    }
    return {};
  }
  if (reference.startsWith("pay:")) {
    const receipt = "receipt:" + event.requestId;
    if (await parley.storage.get({ scope: "conversation", key: receipt })) {
      return {}; // told twice: one receipt
    }
    await parley.storage.set({ scope: "conversation", key: receipt, value: true });
    const fields = [{ label: "Amount", value: event.amount + " " + event.currency }];
    if (event.note) fields.push({ label: "For", value: event.note });
    fields.push({ label: "Transfer", value: String(event.transferId) });
    await parley.cards.post({ card: { title: "Receipt", text: nameOf(list, event.payerId) + " paid "
      + nameOf(list, event.payee) + " " + event.amount + " " + event.currency, fields } });
  }
  return {};
}
