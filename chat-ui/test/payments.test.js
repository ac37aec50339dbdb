import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, PROBLEM } from '../src/api.js';
import { METHODS } from '../src/bridge.js';
import {
  applyRequest,
  applyWallet,
  cleanAmount,
  createPayments,
  formatMoney,
  payeeLabel,
  retryable,
} from '../src/payments.js';

const REQ = {
  id: 'r1',
  status: 'pending',
  amount: '12.50',
  currency: 'EUR',
  payee: { kind: 'user', id: 'b', name: 'Bob' },
  app: { id: 'payments', name: 'Payments' },
  note: 'lunch',
};

function fakeApi(queues) {
  const calls = [];
  const api = {};
  for (const [name, queue] of Object.entries(queues)) {
    api[name] = async (...args) => {
      calls.push([name, ...args]);
      if (!queue.length) throw new Error(`unexpected call ${name}`);
      const next = queue.shift();
      if (next instanceof Error) throw next;
      return next;
    };
  }
  return { api, calls };
}

describe('payments', () => {
  it('formats the exact decimal string with its currency', () => {
    assert.equal(formatMoney('12.50', 'EUR', 'en-US'), '€12.50');
    assert.equal(formatMoney('1200', 'JPY', 'en-US'), '¥1,200');
    assert.equal(formatMoney('90071992547409.99', 'USD', 'en-US'), '$90,071,992,547,409.99');
    assert.equal(formatMoney('x', 'EUR', 'en-US'), 'x EUR');
  });

  it('accepts only plain decimal amounts', () => {
    assert.equal(cleanAmount(' 25.00 '), '25.00');
    for (const bad of ['-1', '1e3', '1,00', '0', '0.00', '012', '', '12.5.0'])
      assert.equal(cleanAmount(bad), null, bad);
  });

  it('keeps pending requests until they are decided', () => {
    let pending = applyRequest([], REQ);
    assert.equal(pending.length, 1);
    pending = applyRequest(pending, { ...REQ, amount: '12.50' });
    assert.equal(pending.length, 1);
    assert.deepEqual(applyRequest(pending, { ...REQ, status: 'completed' }), []);
    assert.deepEqual(applyRequest(pending, { nothing: true }), pending);
  });

  it('never lets an older wallet event overwrite a newer balance', () => {
    let wallets = applyWallet([], {
      type: 'wallet',
      currency: 'EUR',
      balance: '10.00',
      balanceMinor: 1000,
      version: 2,
    });
    wallets = applyWallet(wallets, { type: 'wallet', currency: 'EUR', balance: '5.00', balanceMinor: 500, version: 1 });
    assert.equal(wallets[0].balance, '10.00');
    wallets = applyWallet(wallets, { type: 'wallet', currency: 'EUR', balance: '7.50', balanceMinor: 750, version: 3 });
    assert.equal(wallets[0].balance, '7.50');
  });

  it('confirms with one key made once, retried after a lost answer', async () => {
    const { api, calls } = fakeApi({
      confirmPaymentRequest: [
        new ApiError(0, { detail: 'offline' }),
        new ApiError(503, {}),
        { ...REQ, status: 'completed' },
      ],
    });
    let n = 0;
    const p = createPayments({ api, newKey: () => `key-${++n}`, sleep: async () => {} });
    p.onEvent({ type: 'payment_request', request: REQ });
    assert.equal(p.getSnapshot().pending.length, 1);
    const done = await p.confirm('r1');
    assert.equal(done.status, 'completed');
    assert.deepEqual(
      calls.map((c) => c[2]),
      ['key-1', 'key-1', 'key-1'],
    );
    assert.equal(n, 1, 'a key is made once per request');
    assert.equal(p.getSnapshot().pending.length, 0);
  });

  it('does not retry a refusal, and keeps a request the user can still pay after topping up', async () => {
    const { api, calls } = fakeApi({
      confirmPaymentRequest: [
        new ApiError(409, {
          type: PROBLEM.INSUFFICIENT_FUNDS,
          detail: 'insufficient funds: the wallet holds 1.00 EUR',
        }),
        new ApiError(409, { type: PROBLEM.CONFLICT, detail: 'this payment request was cancelled' }),
      ],
    });
    const p = createPayments({ api, newKey: () => 'k', sleep: async () => {} });
    p.onEvent({ type: 'payment_request', request: REQ });
    await assert.rejects(p.confirm('r1'));
    assert.equal(calls.length, 1);
    assert.match(p.getSnapshot().error.message, /insufficient/u);
    assert.equal(p.getSnapshot().pending.length, 1);
    await assert.rejects(p.confirm('r1'));
    assert.equal(p.getSnapshot().pending.length, 0, 'a cancelled request leaves the sheet');
    assert.equal(retryable(new ApiError(400, {})), false);
  });

  it('lists pending requests and wallets again on reconnect', async () => {
    const { api } = fakeApi({
      listPaymentRequests: [{ requests: [REQ] }],
      wallets: [
        { wallets: [{ currency: 'EUR', balance: '3.00', version: 4 }], provider: { name: 'test', test: true } },
      ],
    });
    const p = createPayments({ api, newKey: () => 'k' });
    await p.refresh();
    assert.equal(p.getSnapshot().pending[0].id, 'r1');
    assert.equal(p.getSnapshot().wallets[0].balance, '3.00');
    assert.equal(p.getSnapshot().provider.test, true);
  });

  it('tells insufficient funds from other conflicts by the problem type, never by its words', async () => {
    const { api } = fakeApi({
      confirmPaymentRequest: [
        new ApiError(409, { type: PROBLEM.INSUFFICIENT_FUNDS, detail: 'Guthaben reicht nicht' }),
        new ApiError(409, { type: PROBLEM.CONFLICT, detail: 'insufficient words do not decide' }),
      ],
    });
    const p = createPayments({ api, newKey: () => 'k', sleep: async () => {} });
    p.onEvent({ type: 'payment_request', request: REQ });
    await assert.rejects(p.confirm('r1'));
    assert.equal(p.getSnapshot().pending.length, 1, 'short of money: it stays, to confirm after a top-up');
    await assert.rejects(p.confirm('r1'));
    assert.equal(p.getSnapshot().pending.length, 0, 'another conflict: it leaves the sheet');
  });

  it('gives app pages no way to confirm: the bridge has no such method', () => {
    for (const m of METHODS) assert.doesNotMatch(m, /confirm|pay/iu);
  });
});

describe('payeeLabel', () => {
  it('names a member, the app, or a red packet with its total and shares', () => {
    assert.equal(payeeLabel({ ...REQ, payee: { kind: 'user', id: 'b', name: 'Bob', username: 'bob' } }), 'Bob @bob');
    assert.equal(payeeLabel({ ...REQ, payee: { kind: 'merchant', id: 'shop', name: 'Shop' } }), 'Shop (the app)');
    const packet = {
      ...REQ,
      amount: '10.00',
      payee: { kind: 'red_packet', id: 'c1', name: 'Red packet' },
      packet: { shares: 5, mode: 'lucky', packetId: null },
    };
    assert.equal(payeeLabel(packet, 'en-US'), 'Red packet: €10.00 in 5 shares (lucky)');
    assert.equal(
      payeeLabel({ ...packet, packet: { shares: 1, mode: 'equal' } }, 'en-US'),
      'Red packet: €10.00 in 1 share',
    );
  });
});
