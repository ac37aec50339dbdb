// @ts-check
/// <reference path="./types/server.d.ts" />
// A command app: `/add 12.50` adds to the conversation's total and posts it with a button.
// `parley` is a global; handlers get (event, ctx) and arguments arrive as strings (docs/sdk.md).
import { parseAmount, formatAmount } from "./lib/amounts.js";
import { totalCard } from "./lib/cards.js";

/**
 * @param {CommandEvent} event
 * @returns {Promise<HandlerResult>}
 */
export async function add(event) {
  return addAmount(event.args[0]);
}

/**
 * @param {CardActionEvent} event
 * @returns {Promise<HandlerResult>}
 */
export async function again(event) {
  return addAmount(event.value ?? "");
}

/**
 * @param {string} text
 * @returns {Promise<HandlerResult>}
 */
async function addAmount(text) {
  const parsed = parseAmount(text, "EUR");
  if (parsed.minor === undefined) return { text: parsed.error };
  const before = /** @type {number} */ ((await parley.storage.get({ scope: "conversation", key: "total" })) ?? 0);
  const total = before + parsed.minor;
  await parley.storage.set({ scope: "conversation", key: "total", value: total });
  await parley.cards.post({ card: totalCard(formatAmount(total, "EUR"), text) });
  return {};
}
