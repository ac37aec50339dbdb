import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appLink, internalTarget, parseDeepLink, toWebLink } from '../src/deeplink.js';

const ORIGIN = 'https://chat.example';

describe('deep links', () => {
  it('reads the conversation, app and start parameter', () => {
    assert.deepEqual(parseDeepLink('/c/abc', '?app=poll&start=vote-7'), {
      conversationId: 'abc',
      appId: 'poll',
      startParam: 'vote-7',
    });
    assert.deepEqual(parseDeepLink('/c/a%2Fb/', ''), { conversationId: 'a/b', appId: null, startParam: null });
    assert.deepEqual(
      parseDeepLink('/c/abc', '?start=x'),
      { conversationId: 'abc', appId: null, startParam: null },
      'no start without an app',
    );
    assert.deepEqual(parseDeepLink('/c/abc', '?app=Bad%20App&start=x'), {
      conversationId: 'abc',
      appId: null,
      startParam: null,
    });
    assert.equal(parseDeepLink('/c/abc', `?app=poll&start=${'x'.repeat(600)}`).startParam, null);
    assert.equal(parseDeepLink('/', ''), null);
    assert.equal(parseDeepLink('/c/%E0%A4%A', ''), null);
    assert.equal(parseDeepLink('/admin', '?app=poll'), null);
  });

  it('turns parley:// links into the https form', () => {
    assert.equal(toWebLink('parley://c/abc?app=poll&start=x', ORIGIN), 'https://chat.example/c/abc?app=poll&start=x');
    assert.equal(toWebLink('PARLEY://c/abc', ORIGIN), 'https://chat.example/c/abc');
    assert.equal(toWebLink('parley://settings', ORIGIN), 'parley://settings');
    assert.equal(toWebLink('https://x.example', ORIGIN), 'https://x.example');
  });

  it('builds app links and knows which links stay in the messenger', () => {
    const link = appLink(ORIGIN, 'c 1', 'poll', 'a&b');
    assert.equal(link, 'https://chat.example/c/c%201?app=poll&start=a%26b');
    assert.deepEqual(internalTarget(link, ORIGIN), { conversationId: 'c 1', appId: 'poll', startParam: 'a&b' });
    assert.equal(internalTarget('https://evil.example/c/x', ORIGIN), null);
    assert.equal(internalTarget('https://chat.example/api/x', ORIGIN), null);
  });
});
