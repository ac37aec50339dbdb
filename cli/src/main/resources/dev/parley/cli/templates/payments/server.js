// __APP_NAME__'s server code. It runs in Parley's sandbox: `parley` is a global (the host API),
// handlers are exported functions `(event, ctx)`, and command arguments arrive as strings.
// Only the user confirms a payment, in Parley's own sheet; the `payment` event tells the outcome.
import { parseAmount } from "./amount.js";

const CURRENCY = "EUR";

/** `/tip 2.50`: asks the user to pay the app 2.50 EUR. */
export async function tip(event, ctx) {
  const amount = parseAmount(event.text);
  if (!amount) return { text: "Usage: /tip 2.50 (an amount in euros, at most 100.00)" };
  await parley.payments.request({ payee: "app", amount, currency: CURRENCY, note: "A tip", reference: "tip:" + ctx.requestId });
  return {};
}

/** The outcome of a request, from Parley. */
export async function onPayment(event, ctx) {
  if (event.type !== "payment.completed") return {};
  await parley.cards.post({ card: { title: "Thank you!", text: "Tip received: " + event.amount + " " + event.currency } });
  return {};
}

export async function pageCall(event, ctx) {
  return { result: { text: "Type /tip 2.50 in the conversation" } };
}
