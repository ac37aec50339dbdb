// Amounts for mini-apps, in integer minor units from start to end: "12.50" EUR is 1250, never a
// floating-point number. Server code (server.js and its modules) and pages can both use it; the
// samples copy this file into their bundles at build time (lib/amounts.js) and import it.

/** ISO 4217 minor-unit digits of common currencies. @type {Readonly<Record<string, number>>} */
export const DIGITS = Object.freeze({
  EUR: 2, USD: 2, GBP: 2, CHF: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2, CAD: 2, AUD: 2, JPY: 0, KRW: 0, BHD: 3,
});

/** The platform's limit for one amount, in major units (docs/api.md "Money"). */
export const MAX_MAJOR = 1000000000;

/**
 * An example amount in a currency, for messages: "12.50", "1200", "12.500".
 * @param {string} currency
 * @param {number} [digits]
 * @returns {string}
 */
export function exampleAmount(currency, digits = DIGITS[currency]) {
  return digits === 0 ? "1200" : "12." + "50".padEnd(digits, "0").slice(0, digits);
}

/**
 * Parses a decimal amount strictly into integer minor units, as the platform reads amounts:
 * ASCII digits, at most one '.', at most the currency's decimal places, no sign, exponent,
 * spaces, separators or leading zeros, above zero, at most `max` major units. Answers
 * `{minor}` or `{error: "a sentence for the user"}`.
 *
 * options: `max` (major units, default MAX_MAJOR), `tooMuch` (the sentence's end when over it),
 * `digits` (decimal places when the currency is not in DIGITS).
 *
 * @param {unknown} text
 * @param {string} currency
 * @param {{max?: number, tooMuch?: string, digits?: number}} [options]
 * @returns {{minor: number, error?: undefined} | {error: string, minor?: undefined}}
 */
export function parseAmount(text, currency, options = {}) {
  const digits = options.digits ?? DIGITS[currency];
  if (digits === undefined) {
    return { error: "I don't handle " + currency + ". Use one of " + Object.keys(DIGITS).join(", ") + "." };
  }
  const max = options.max ?? MAX_MAJOR;
  const example = exampleAmount(currency, digits);
  const s = String(text === undefined || text === null ? "" : text);
  const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(s);
  if (!m) {
    return { error: "\"" + s.slice(0, 20) + "\" is not an amount. Write it like " + example + " (no sign, spaces or commas)." };
  }
  const whole = m[1];
  const fraction = m[2] === undefined ? "" : m[2];
  if (whole.length > 1 && whole[0] === "0") {
    return { error: "Write the amount without leading zeros, like " + example + "." };
  }
  if (fraction.length > digits) {
    return { error: digits === 0 ? currency + " has no cents: write a whole number like " + example + "."
      : currency + " has " + digits + " decimal places: write it like " + example + "." };
  }
  if (whole.length > String(max).length || Number(whole) > max || (Number(whole) === max && /[1-9]/.test(fraction))) {
    return { error: "That is more than " + max + " " + currency + (options.tooMuch ? "; " + options.tooMuch : ".") };
  }
  // integer arithmetic only: whole * 10^digits + the fraction padded to the currency's digits
  let minor = Number(whole);
  for (let i = 0; i < digits; i++) minor *= 10;
  minor += fraction.length === 0 ? 0 : Number(fraction.padEnd(digits, "0"));
  if (minor <= 0) {
    return { error: "The amount must be more than zero." };
  }
  return { minor };
}

/**
 * Minor units as the platform's decimal string: 1250 → "12.50" for EUR, 1200 → "1200" for JPY.
 * @param {number} minor
 * @param {string} currency
 * @param {number} [digits]
 * @returns {string}
 */
export function formatAmount(minor, currency, digits = DIGITS[currency] ?? 2) {
  if (digits === 0) return String(minor);
  let unit = 1;
  for (let i = 0; i < digits; i++) unit *= 10;
  const whole = Math.floor(minor / unit);
  const fraction = String(minor % unit).padStart(digits, "0");
  return whole + "." + fraction;
}

/**
 * `total` minor units in `n` shares that differ by at most one unit and sum to it exactly.
 * @param {number} total
 * @param {number} n
 * @returns {number[]}
 */
export function splitEvenly(total, n) {
  const base = Math.floor(total / n);
  const extra = total - base * n;
  const shares = [];
  for (let i = 0; i < n; i++) shares.push(base + (i < extra ? 1 : 0));
  return shares;
}
