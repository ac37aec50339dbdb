// The messenger's own side of payments (docs/api.md "Payments"): the requests waiting for this
// user's confirmation, their wallets, and the confirmation itself. An app can only ask; the
// sheet the user confirms in is ours, fed by the server's stored request, never by the app's
// page. Plain ES module, no DOM, for `node --test`.

import { PROBLEM } from './api.js';
import { locale as currentLocale, namespace } from './i18n.js';
import catalogue from './locales/payments.js';

const t = namespace('payments', catalogue);

/**
 * An amount (a decimal string such as "12.50", exact) with its currency, formatted for people:
 * "€12.50". Intl formats the string itself, so no float is ever made of it.
 */
export function formatMoney(amount, currency, locale = currentLocale()) {
  const text = String(amount ?? '');
  if (!/^-?[0-9]+(\.[0-9]+)?$/u.test(text) || !/^[A-Z]{3}$/u.test(String(currency)))
    return `${text} ${currency ?? ''}`.trim();
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(text);
  } catch {
    return `${text} ${currency}`;
  }
}

/**
 * Who the sheet says is paid, from the stored request: a member ("Bob @bob"), the app's merchant
 * account ("Shop (the app)"), or a red packet ("Red packet: €10.00 in 5 shares (lucky)").
 */
export function payeeLabel(request, locale) {
  const payee = request?.payee ?? {};
  if (payee.kind === 'red_packet') {
    const packet = request.packet ?? {};
    const n = Number(packet.shares);
    return (
      t('redPacket', { amount: formatMoney(request.amount, request.currency, locale), count: n }) +
      (packet.mode === 'lucky' ? t('lucky') : '')
    );
  }
  if (payee.kind === 'merchant') return t('merchant', { name: payee.name });
  return `${payee.name} @${payee.username}`;
}

/** A decimal string the API accepts ("12.50"), or null: digits, at most one '.', nothing else. */
export function cleanAmount(text) {
  const s = String(text ?? '').trim();
  return /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,3})?$/u.test(s) && /[1-9]/u.test(s) ? s : null;
}

/** The pending requests after a live `payment_request` event: added while pending, dropped once decided. */
export function applyRequest(pending, request) {
  if (!request || typeof request.id !== 'string') return pending;
  const rest = pending.filter((r) => r.id !== request.id);
  return request.status === 'pending' ? [...rest, request] : rest;
}

/** The wallets after a live `wallet` event; an older event (lower version) never overwrites a newer one. */
export function applyWallet(wallets, event) {
  if (!event || typeof event.currency !== 'string') return wallets;
  const known = wallets.find((w) => w.currency === event.currency);
  if (
    known &&
    typeof known.version === 'number' &&
    typeof event.version === 'number' &&
    known.version >= event.version
  ) {
    return wallets;
  }
  const next = {
    currency: event.currency,
    balance: event.balance,
    balanceMinor: event.balanceMinor,
    version: event.version,
  };
  return [...wallets.filter((w) => w.currency !== event.currency), next].sort((a, b) =>
    a.currency.localeCompare(b.currency),
  );
}

/** Failures worth retrying with the same idempotency key: no answer, or the server's own trouble. */
export function retryable(error) {
  const status = error && typeof error.status === 'number' ? error.status : 0;
  return status === 0 || status === 502 || status === 503 || status === 504;
}

/**
 * The payments controller.
 * @param {object} o
 * @param {object} o.api the API client (wallets, listPaymentRequests, confirmPaymentRequest, …)
 * @param {() => string} o.newKey a fresh random idempotency key
 * @param {(ms: number) => Promise<void>} [o.sleep] waits between retries
 * @param {number} [o.attempts] how often a confirmation is tried (default 4)
 */
export function createPayments(o) {
  const sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const attempts = o.attempts ?? 4;
  let state = { pending: [], wallets: [], provider: null, busy: null, error: null };
  const listeners = new Set();
  /** One key per request, made on the first Confirm and reused by every retry of it. */
  const keys = new Map();

  function set(next) {
    state = { ...state, ...next };
    for (const l of listeners) l();
  }

  async function refreshPending() {
    const answer = await o.api.listPaymentRequests('pending');
    set({
      pending: Array.isArray(answer?.requests) ? answer.requests.filter((r) => r.status === 'pending').reverse() : [],
    });
  }

  async function refreshWallets() {
    const answer = await o.api.wallets();
    set({ wallets: Array.isArray(answer?.wallets) ? answer.wallets : [], provider: answer?.provider ?? null });
  }

  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Live events of the user's sessions; answers true for the ones it took. */
    onEvent(event) {
      if (!event) return false;
      if (event.type === 'payment_request') {
        set({ pending: applyRequest(state.pending, event.request) });
        return true;
      }
      if (event.type === 'wallet') {
        set({ wallets: applyWallet(state.wallets, event) });
        return true;
      }
      if (event.type === 'ready') {
        // After a reconnect: what was asked or paid while we were away.
        this.refresh().catch(() => {});
      }
      return false;
    },
    refresh: () => Promise.all([refreshPending(), refreshWallets()]),
    refreshWallets,
    keyFor(id) {
      if (!keys.has(id)) keys.set(id, o.newKey());
      return keys.get(id);
    },
    /** Confirms the request: one idempotency key, retried on failures without an answer. */
    async confirm(id) {
      const key = this.keyFor(id);
      set({ busy: id, error: null });
      let last = null;
      for (let i = 0; i < attempts; i++) {
        try {
          const request = await o.api.confirmPaymentRequest(id, key);
          set({ busy: null, pending: applyRequest(state.pending, request) });
          return request;
        } catch (e) {
          last = e;
          if (!retryable(e)) break;
          if (i + 1 < attempts) await sleep(250 * 2 ** i);
        }
      }
      // Gone (404) or settled otherwise (a conflict): it leaves the sheet. Short of money, it stays: top up, confirm again.
      const closed = last && (last.status === 404 || (last.status === 409 && last.type !== PROBLEM.INSUFFICIENT_FUNDS));
      set({
        busy: null,
        error: { id, message: last?.detail || last?.message || t('paymentFailed') },
        pending: closed ? state.pending.filter((r) => r.id !== id) : state.pending,
      });
      throw last;
    },
    async cancel(id) {
      set({ busy: id, error: null });
      try {
        const request = await o.api.cancelPaymentRequest(id);
        set({ busy: null, pending: applyRequest(state.pending, request) });
        return request;
      } catch (e) {
        set({ busy: null, error: { id, message: e?.detail || e?.message || t('cancelFailed') } });
        throw e;
      }
    },
    async topUp(currency, amount, card) {
      const clean = cleanAmount(amount);
      if (!clean) throw new Error(t('amountFormat'));
      const answer = await o.api.topUp(currency, clean, card, o.newKey());
      await refreshWallets();
      return answer;
    },
    clearError: () => set({ error: null }),
  };
}
