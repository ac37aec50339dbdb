// A module of the app's own: server.js imports it (bundles may import their own .js files).
/** "2.5" → "2.50"; null for anything that is not an amount from 0.01 to 100.00. */
export function parseAmount(text) {
  const m = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*$/.exec(String(text || ""));
  if (!m) return null;
  const cents = Number(m[1]) * 100 + Number((m[2] || "0").padEnd(2, "0"));
  if (cents < 1 || cents > 10000) return null;
  return Math.floor(cents / 100) + "." + String(cents % 100).padStart(2, "0");
}
