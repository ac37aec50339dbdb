import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adoptAccountLocale } from '../src/accountLocale.js';
import { changeLocale, locale } from '../src/i18n.js';
import { dayLabel } from '../src/format.js';
import { formatMoney } from '../src/payments.js';

test("the account's language wins; unknown or missing ones change nothing", () => {
  changeLocale('en', { reload: false });
  assert.equal(adoptAccountLocale({ locale: 'fr' }, { reload: false }), false);
  assert.equal(adoptAccountLocale({}, { reload: false }), false);
  assert.equal(locale(), 'en');
  adoptAccountLocale({ locale: 'de-AT' }, { reload: false });
  assert.equal(locale(), 'de');
  assert.equal(adoptAccountLocale({ locale: 'de' }, { reload: false }), false, 'already shown: no reload');
  changeLocale('en', { reload: false });
});

test('dates and money follow the language', () => {
  const now = new Date(2026, 2, 1, 12);
  changeLocale('de', { reload: false });
  assert.equal(dayLabel(now, now), 'Heute');
  assert.match(formatMoney('12.50', 'EUR'), /12,50\s€/);
  changeLocale('ar', { reload: false });
  assert.equal(dayLabel(now, now), 'اليوم');
  changeLocale('en', { reload: false });
  assert.equal(dayLabel(now, now), 'Today');
  assert.equal(formatMoney('12.50', 'EUR'), '€12.50');
});
