// The wallet in words (docs/api.md "Money"): who each history entry was with, by name (a person,
// the app's name, a red packet's sender), and amounts turned into minor units for formatMoney of
// i18n.js, the one money format of the messenger. Pure functions, for `node --test`.

import { formatMoney } from './i18n.js';

/** The ISO 4217 number of decimals of a currency (2 for EUR, 0 for JPY, 3 for BHD). */
export function currencyDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

/** An API amount ("12.50") in minor units (1250), exact (no float); null when it is not one. */
export function minorOf(amount, currency) {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/u.exec(String(amount ?? ''));
  if (!m) return null;
  const digits = currencyDigits(currency);
  const fraction = (m[3] ?? '').padEnd(digits, '0');
  if (fraction.length > digits) return null;
  const minor = Number(m[2]) * 10 ** digits + Number(fraction || '0');
  return m[1] ? -minor : minor;
}

/** Minor units back to the API's decimal string: 450 EUR → "4.50". */
export function decimalOf(minor, currency) {
  const digits = currencyDigits(currency);
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 10 ** digits);
  const rest = String(abs % 10 ** digits).padStart(digits, '0');
  return (minor < 0 ? '-' : '') + (digits ? `${whole}.${rest}` : String(whole));
}

/**
 * What a history entry was, as `{key, name}` for the wallet catalogue: a top-up, money to or from
 * a person, a payment to an app or its refund, a red packet sent, opened (naming its sender) or
 * returned.
 */
export function describeEntry(entry, meId) {
  const c = entry?.counterparty ?? {};
  const out = Number(entry?.amountMinor) < 0;
  if (entry?.kind === 'topup' || c.kind === 'issuing') return { key: out ? 'withdrawal' : 'topup', name: '' };
  if (c.kind === 'wallet') return { key: out ? 'paidPerson' : 'fromPerson', name: c.displayName || c.username || '' };
  if (c.kind === 'merchant') return { key: out ? 'paidApp' : 'refundApp', name: c.name || c.ownerId || '' };
  if (c.kind === 'escrow') {
    if (out) return { key: 'packetSent', name: '' };
    if (c.senderId && c.senderId === meId) return { key: 'packetReturned', name: '' };
    return c.senderName ? { key: 'packetFrom', name: c.senderName } : { key: 'packetOpened', name: '' };
  }
  return { key: 'other', name: '' };
}

/** The shortfall for paying `amount` from `wallets`: `{balanceMinor, shortMinor}` (0 when enough). */
export function shortfall(wallets, amount, currency) {
  const wallet = (wallets ?? []).find((w) => w.currency === currency);
  const balanceMinor = Number.isFinite(wallet?.balanceMinor)
    ? wallet.balanceMinor
    : (minorOf(wallet?.balance, currency) ?? 0);
  const needed = minorOf(amount, currency) ?? 0;
  return { balanceMinor, shortMinor: Math.max(0, needed - balanceMinor) };
}

/** An API amount ("12.50") with its currency in the messenger's one money format (i18n.js formatMoney). */
export function moneyText(amount, currency) {
  const minor = minorOf(amount, currency);
  if (minor === null || !/^[A-Z]{3}$/u.test(String(currency))) return `${amount ?? ''} ${currency ?? ''}`.trim();
  return formatMoney(minor, currency);
}
