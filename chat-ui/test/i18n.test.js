import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespace, supportedLocale, formatMoney, changeLocale, isRightToLeft } from '../src/i18n.js';

test('a namespace translates, pluralises and falls back to English', () => {
  const t = namespace('sample', {
    en: { hello: 'Hello {{name}}', members_one: '{{count}} member', members_other: '{{count}} members', onlyEn: 'x' },
    de: { hello: 'Hallo {{name}}', members_one: '{{count}} Mitglied', members_other: '{{count}} Mitglieder' },
  });
  changeLocale('en', { reload: false });
  assert.equal(t('hello', { name: 'Ann' }), 'Hello Ann');
  assert.equal(t('members', { count: 1 }), '1 member');
  changeLocale('de', { reload: false });
  assert.equal(t('members', { count: 3 }), '3 Mitglieder');
  assert.equal(t('onlyEn'), 'x');
  changeLocale('en', { reload: false });
});

test('locales: tags reduce to a catalogue language; Arabic is right-to-left', () => {
  assert.equal(supportedLocale('de-AT'), 'de');
  assert.equal(supportedLocale('fr-FR'), null);
  assert.equal(isRightToLeft('ar'), true);
  assert.equal(isRightToLeft('de'), false);
  assert.match(formatMoney(1250, 'EUR'), /12[.,]50/);
});
