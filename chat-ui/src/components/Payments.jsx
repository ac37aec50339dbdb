import { useEffect, useState } from 'preact/hooks';
import { payeeLabel } from '../payments.js';
import { moneyText as formatMoney } from '../wallet.js';
import { Modal } from './Modal.jsx';
import { namespace } from '../i18n.js';
import paymentsCatalogue from '../locales/payments.js';

const t = namespace('payments', paymentsCatalogue);
import { PayBalance, WalletHistory } from './WalletWords.jsx';

/**
 * The host's own confirmation sheet: what the server stored for the request (payee, amount,
 * currency, the app's name and note), never anything from the app's page. Only Confirm here
 * moves money.
 */
export function PaymentSheet({ payments, snap }) {
  const request = snap.pending[0];
  if (!request) return null;
  const busy = snap.busy === request.id;
  const error = snap.error && snap.error.id === request.id ? snap.error.message : null;
  const payee = request.payee ?? {};
  const packet = payee.kind === 'red_packet';
  return (
    <Modal
      key={request.id}
      id="payment-sheet"
      title={packet ? t('confirmPacket') : t('confirmPayment')}
      description={t('asksToPay', { app: request.app?.name ?? t('anApp') })}
      onClose={() => {
        if (!busy) payments.cancel(request.id).catch(() => {});
      }}
    >
      <dl class="payment-summary">
        <dt>{t('to')}</dt>
        <dd data-testid="payment-payee">{payeeLabel(request)}</dd>
        <dt>{t('amount')}</dt>
        <dd class="payment-amount" data-testid="payment-amount">
          {formatMoney(request.amount, request.currency)}
        </dd>
        <dt>{t('askedBy')}</dt>
        <dd data-testid="payment-app">{request.app?.name}</dd>
        {request.note && (
          <>
            <dt>{packet ? t('message') : t('note')}</dt>
            <dd data-testid="payment-note">{request.note}</dd>
          </>
        )}
      </dl>
      <PayBalance payments={payments} wallets={snap.wallets} amount={request.amount} currency={request.currency} />
      {error && (
        <p class="error" role="alert" data-testid="payment-error">
          {error}
        </p>
      )}
      <div class="modal-actions">
        <button
          type="button"
          class="button"
          data-testid="payment-cancel"
          disabled={busy}
          onClick={() => payments.cancel(request.id).catch(() => {})}
        >
          {t('cancel')}
        </button>
        <button
          type="button"
          class="button primary"
          data-testid="payment-confirm"
          disabled={busy}
          onClick={() => payments.confirm(request.id).catch(() => {})}
        >
          {busy ? t('paying') : t('pay', { amount: formatMoney(request.amount, request.currency) })}
        </button>
      </div>
    </Modal>
  );
}

/** The balances shown in the sidebar header; opens the wallet. */
export function WalletButton({ snap, onOpen }) {
  const text = snap.wallets.length
    ? snap.wallets.map((w) => formatMoney(w.balance, w.currency)).join(' · ')
    : t('wallet');
  return (
    <button type="button" class="button wallet-button" data-testid="wallet-open" title={t('wallet')} onClick={onOpen}>
      <span data-testid="wallet-balance">{text}</span>
    </button>
  );
}

/** The wallet: balances, history, and the TEST-card top-up. */
export function WalletDialog({ api, payments, snap, onClose, meId }) {
  const [history, setHistory] = useState(null);
  const [amount, setAmount] = useState('25.00');
  const [currency, setCurrency] = useState('EUR');
  const [card, setCard] = useState('4242 4242 4242 4242');
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const versions = snap.wallets.map((w) => w.version).join(',');
  useEffect(() => {
    api.walletHistory().then(
      (h) => setHistory(h.entries ?? []),
      () => setHistory([]),
    );
  }, [api, versions]);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await payments.topUp(currency, amount, card);
      setMessage({ ok: true, text: t('added', { amount: formatMoney(amount, currency) }) });
    } catch (err) {
      setMessage({ ok: false, text: err?.detail || err?.message || t('topUpFailed') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal id="wallet" title={t('wallet')} onClose={onClose} wide>
      <section aria-label={t('balances')}>
        {snap.wallets.length === 0 ? (
          <p class="muted">{t('noMoney')}</p>
        ) : (
          <ul class="wallet-balances" data-testid="wallet-balances">
            {snap.wallets.map((w) => (
              <li key={w.currency} data-currency={w.currency}>
                {formatMoney(w.balance, w.currency)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <form class="topup" onSubmit={submit} data-testid="topup-form">
        <h3>
          {t('topUp')}{' '}
          <span class="badge" data-testid="test-badge">
            {t('testBadge')}
          </span>
        </h3>
        <label>
          {t('amount')}
          <input
            data-testid="topup-amount"
            inputMode="decimal"
            value={amount}
            onInput={(e) => setAmount(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('currency')}
          <input
            data-testid="topup-currency"
            value={currency}
            maxLength={3}
            onInput={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
          />
        </label>
        <label>
          {t('testCard')}
          <input data-testid="topup-card" value={card} onInput={(e) => setCard(e.currentTarget.value)} />
        </label>
        <p class="muted">{t('testCards')}</p>
        <button type="submit" class="button primary" data-testid="topup-submit" disabled={busy}>
          {busy ? t('adding') : t('topUp')}
        </button>
        {message && (
          <p class={message.ok ? 'muted' : 'error'} role="status" data-testid="topup-message">
            {message.text}
          </p>
        )}
      </form>
      <WalletHistory history={history} meId={meId} />
    </Modal>
  );
}
