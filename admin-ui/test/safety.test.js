import assert from 'node:assert/strict';
import { test } from 'node:test';
import catalogue from '../src/locales/safety.js';
import { href, parseRoute } from '../src/routes.js';

test('safety catalogue: every key in en, de and ar', () => {
  const keys = (o, prefix = '') =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
  const en = keys(catalogue.en).sort();
  for (const language of ['de', 'ar']) assert.deepEqual(keys(catalogue[language]).sort(), en, language);
});

test('the reports queue has its address', () => {
  assert.equal(href.reports(), '/admin/reports');
  assert.equal(parseRoute('/admin/reports').page, 'reports');
});
