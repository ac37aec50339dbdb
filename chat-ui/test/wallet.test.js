import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import catalogue from '../src/locales/wallet.js';
import { decimalOf, describeEntry, minorOf, moneyText, shortfall } from '../src/wallet.js';

describe('the wallet in words', () => {
  it('turns API amounts into minor units exactly, and back', () => {
    assert.equal(minorOf('12.50', 'EUR'), 1250);
    assert.equal(minorOf('0.07', 'EUR'), 7);
    assert.equal(minorOf('-3.3', 'EUR'), -330);
    assert.equal(minorOf('1200', 'JPY'), 1200);
    assert.equal(minorOf('1.234', 'EUR'), null);
    assert.equal(minorOf('abc', 'EUR'), null);
    assert.equal(decimalOf(450, 'EUR'), '4.50');
    assert.equal(decimalOf(1200, 'JPY'), '1200');
    assert.match(moneyText('12.50', 'EUR'), /12[.,]50/);
  });

  it('names who each entry was with', () => {
    const me = 'u-me';
    assert.deepEqual(describeEntry({ kind: 'topup', amountMinor: 500, counterparty: { kind: 'issuing' } }, me), {
      key: 'topup',
      name: '',
    });
    assert.deepEqual(describeEntry({ amountMinor: -500, counterparty: { kind: 'wallet', displayName: 'Bob' } }, me), {
      key: 'paidPerson',
      name: 'Bob',
    });
    assert.deepEqual(
      describeEntry({ amountMinor: -500, counterparty: { kind: 'merchant', ownerId: 'shop', name: 'Shop' } }, me),
      {
        key: 'paidApp',
        name: 'Shop',
      },
    );
    const packet = { kind: 'escrow', senderId: 'u-mei', senderName: 'Mei' };
    assert.deepEqual(describeEntry({ amountMinor: 500, counterparty: packet }, me), { key: 'packetFrom', name: 'Mei' });
    assert.equal(describeEntry({ amountMinor: -500, counterparty: { ...packet, senderId: me } }, me).key, 'packetSent');
    assert.equal(
      describeEntry({ amountMinor: 200, counterparty: { ...packet, senderId: me } }, me).key,
      'packetReturned',
    );
  });

  it('knows how much is missing to pay', () => {
    const wallets = [{ currency: 'EUR', balance: '2.00', balanceMinor: 200 }];
    assert.deepEqual(shortfall(wallets, '6.50', 'EUR'), { balanceMinor: 200, shortMinor: 450 });
    assert.deepEqual(shortfall(wallets, '1.00', 'EUR'), { balanceMinor: 200, shortMinor: 0 });
    assert.deepEqual(shortfall([], '1.00', 'USD'), { balanceMinor: 0, shortMinor: 100 });
  });

  it('has every string in en, de and ar', () => {
    const keys = Object.keys(catalogue.en).sort();
    for (const language of ['de', 'ar']) assert.deepEqual(Object.keys(catalogue[language]).sort(), keys, language);
  });
});
