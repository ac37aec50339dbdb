// The amount helpers the samples import (copied into their bundles as lib/amounts.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAmount, formatAmount, splitEvenly, exampleAmount } from '../src/index.js';

test('parseAmount reads the platform\'s decimal strings into minor units, integers only', () => {
  assert.deepEqual(parseAmount('12.50', 'EUR'), { minor: 1250 });
  assert.deepEqual(parseAmount('12.5', 'EUR'), { minor: 1250 });
  assert.deepEqual(parseAmount('1200', 'JPY'), { minor: 1200 });
  assert.deepEqual(parseAmount('1.234', 'BHD'), { minor: 1234 });
  assert.deepEqual(parseAmount('0.10', 'EUR'), { minor: 10 });
  assert.deepEqual(parseAmount('19.99', 'EUR'), { minor: 1999 }, 'no floating-point drift');
});

test('parseAmount refuses with a sentence for the user', () => {
  assert.match(parseAmount('-1', 'EUR').error, /not an amount/);
  assert.match(parseAmount('1,50', 'EUR').error, /not an amount/);
  assert.match(parseAmount('1e3', 'EUR').error, /not an amount/);
  assert.match(parseAmount('012', 'EUR').error, /leading zeros/);
  assert.match(parseAmount('1.5', 'JPY').error, /no cents/);
  assert.match(parseAmount('1.505', 'EUR').error, /2 decimal places/);
  assert.match(parseAmount('0', 'EUR').error, /more than zero/);
  assert.match(parseAmount('5', 'XXX').error, /don't handle XXX/);
  assert.match(parseAmount(undefined, 'EUR').error, /not an amount/);
  assert.equal(parseAmount('1000001', 'EUR', { max: 1000000, tooMuch: 'too much.' }).error,
    'That is more than 1000000 EUR; too much.');
  assert.deepEqual(parseAmount('1000000', 'EUR', { max: 1000000 }), { minor: 100000000 });
  assert.match(parseAmount('1000000.01', 'EUR', { max: 1000000 }).error, /more than/);
});

test('formatAmount writes minor units as the platform\'s strings', () => {
  assert.equal(formatAmount(1250, 'EUR'), '12.50');
  assert.equal(formatAmount(5, 'EUR'), '0.05');
  assert.equal(formatAmount(1200, 'JPY'), '1200');
  assert.equal(formatAmount(1234, 'BHD'), '1.234');
  assert.equal(exampleAmount('JPY'), '1200');
  for (const s of ['0.01', '12.50', '999999.99']) {
    assert.equal(formatAmount(parseAmount(s, 'EUR').minor, 'EUR'), s);
  }
});

test('splitEvenly sums to the total exactly', () => {
  assert.deepEqual(splitEvenly(1000, 3), [334, 333, 333]);
  assert.equal(splitEvenly(101, 7).reduce((a, b) => a + b, 0), 101);
});
