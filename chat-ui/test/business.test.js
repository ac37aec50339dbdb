import { test } from 'node:test';
import assert from 'node:assert/strict';
import { businessHandleOf, businessLink, parseBusinessLink, rememberConversation } from '../src/business.js';

test('a business deep link gives its handle and a context parameter', () => {
  assert.deepEqual(parseBusinessLink('/b/volt_energy', '?ctx=meter-42'), {
    handle: 'volt_energy',
    context: 'meter-42',
  });
  assert.deepEqual(parseBusinessLink('/b/Volt_Energy/'), { handle: 'volt_energy', context: null });
  assert.equal(parseBusinessLink('/c/abc'), null);
  assert.equal(parseBusinessLink('/b/x'), null, 'too short a handle');
  assert.equal(parseBusinessLink('/b/volt', '?ctx=%3Cscript%3E').context, null, 'a bad context is dropped');
});

test('the QR link round-trips', () => {
  const link = businessLink('https://chat.example', 'volt', 'a=b');
  const url = new URL(link);
  assert.deepEqual(parseBusinessLink(url.pathname, url.search), { handle: 'volt', context: 'a=b' });
});

test('a conversation is known as a business one from its bot messages only', () => {
  assert.equal(businessHandleOf('c1', [{ senderKind: 'person', business: { handle: 'fake' } }]), null);
  assert.equal(businessHandleOf('c1', [{ senderKind: 'bot', business: { handle: 'volt' } }]), 'volt');
  assert.equal(businessHandleOf('c1', []), 'volt');
});

test('a conversation opened by a business link stays known after a reload (no bot message yet)', async () => {
  const store = new Map();
  globalThis.localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)) };
  try {
    rememberConversation('c9', 'shop');
    const reloaded = await import('../src/business.js?reload=1');
    assert.equal(reloaded.businessHandleOf('c9', []), 'shop');
    assert.equal(reloaded.businessHandleOf('c10', []), null);
  } finally {
    delete globalThis.localStorage;
  }
});
