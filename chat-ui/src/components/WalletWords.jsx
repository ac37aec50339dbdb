import { useState } from 'preact/hooks';
import { formatDateTime, formatMoney, namespace } from '../i18n.js';
import catalogue from '../locales/wallet.js';
import { decimalOf, describeEntry, shortfall } from '../wallet.js';

const t = namespace('wallet', catalogue);

/** The TEST provider's approving card (docs/api.md "Money"): a top-up from the pay sheet uses it. */
const TEST_CARD = '4242 4242 4242 4242';

/** The wallet's history in words: who, when, how much (money in one format everywhere). */
export function WalletHistory({ history, meId }) {
  return (
    <section aria-label={t('history')}>
      <h3>{t('history')}</h3>
      {history === null ? (
        <p class="muted">{t('loading')}</p>
      ) : history.length === 0 ? (
        <p class="muted">{t('empty')}</p>
      ) : (
        <ul class="wallet-history" data-testid="wallet-history">
          {history.map((h) => {
            const what = describeEntry(h, meId);
            const minor = Number(h.amountMinor);
            return (
              <li key={h.id} data-testid="wallet-entry" data-kind={what.key}>
                <span>
                  <span data-testid="wallet-entry-what">{t(what.key, { name: what.name })}</span>
                  <span class="muted wallet-entry-when"> · {formatDateTime(h.createdAt)}</span>
                  {h.note && <span class="muted"> · {h.note}</span>}
                </span>
                <span class={minor < 0 ? 'out' : 'in'} data-testid="wallet-entry-amount">
                  {(minor < 0 ? '−' : '+') + formatMoney(Math.abs(minor), h.currency)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The pay sheet's balance line; when it is short, how much more and a TEST top-up of exactly that. */
export function PayBalance({ payments, wallets, amount, currency }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  if (!currency || !amount) return null;
  const { balanceMinor, shortMinor } = shortfall(wallets, amount, currency);
  const topUp = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await payments.topUp(currency, decimalOf(shortMinor, currency), TEST_CARD);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="pay-balance" data-testid="pay-balance">
      <p class="muted" data-testid="pay-balance-amount">
        {t('balance', { amount: formatMoney(balanceMinor, currency) })}
      </p>
      {shortMinor > 0 && (
        <p class="pay-short" role="status">
          <span data-testid="pay-short">{t('short', { amount: formatMoney(shortMinor, currency) })}</span>{' '}
          <button type="button" class="button" data-testid="pay-topup" disabled={busy} onClick={topUp}>
            {busy ? t('topUpBusy') : t('topUpShort', { amount: formatMoney(shortMinor, currency) })}
          </button>{' '}
          <span class="badge">{t('topUpNote')}</span>
        </p>
      )}
      {failed && (
        <p class="error" role="alert">
          {t('topUpFailed')}
        </p>
      )}
    </div>
  );
}
