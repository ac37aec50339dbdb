import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webhooksApi, plausibleUrl, EVENT_TYPES } from '../src/businessWebhooks.js';
import catalogue from '../src/locales/businessWebhooks.js';

test('the console webhook calls name the business and escape ids', async () => {
  const calls = [];
  const request = async (method, path, body) => {
    calls.push([method, path, body]);
    return {};
  };
  const api = webhooksApi(request, 'biz/1');
  await api.list();
  await api.add('https://hooks.example.org/parley');
  await api.setEnabled('e1', false);
  await api.rotateSecret('e1');
  await api.remove('e1');
  await api.deliveries('dead');
  await api.replay('d 1');
  assert.deepEqual(calls, [
    ['GET', '/api/businesses/biz%2F1/webhooks', undefined],
    ['POST', '/api/businesses/biz%2F1/webhooks', { url: 'https://hooks.example.org/parley', events: [] }],
    ['PATCH', '/api/businesses/biz%2F1/webhooks/e1', { enabled: false }],
    ['POST', '/api/businesses/biz%2F1/webhooks/e1/rotate-secret', undefined],
    ['DELETE', '/api/businesses/biz%2F1/webhooks/e1', undefined],
    ['GET', '/api/businesses/biz%2F1/webhooks/deliveries?status=dead', undefined],
    ['POST', '/api/businesses/biz%2F1/webhooks/deliveries/d%201/replay', undefined],
  ]);
});

test('a URL is plausible only as http(s)', () => {
  assert.equal(plausibleUrl(' https://hooks.example.org/x '), true);
  assert.equal(plausibleUrl('ftp://example.org'), false);
  assert.equal(plausibleUrl('not a url'), false);
  assert.equal(EVENT_TYPES.length, 7);
});

test('every language has every key of the webhooks catalogue', () => {
  const keys = Object.keys(catalogue.en).sort();
  for (const language of ['de', 'ar']) assert.deepEqual(Object.keys(catalogue[language]).sort(), keys, language);
});
