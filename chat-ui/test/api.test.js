import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, createApi, newClientId } from '../src/api.js';

function fakeFetch(responses) {
  const calls = [];
  const fn = async (url, init) => {
    calls.push({ url, ...init, headers: { ...init.headers } });
    const r = responses.shift();
    if (r instanceof Error) throw r;
    const headers = new Map(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    if (r.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return {
      ok: r.status >= 200 && r.status < 300,
      status: r.status,
      statusText: '',
      headers: { get: (k) => headers.get(k.toLowerCase()) ?? null },
      json: async () => r.body,
    };
  };
  return { fn, calls };
}

describe('api', () => {
  it('sends the CSRF token from sign-in on state changes only', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: { account: { id: 'u1' }, csrfToken: 'tok' } },
      { status: 200, body: [] },
      { status: 201, body: { id: 'm1' } },
    ]);
    const api = createApi({ fetch: fn });
    await api.signIn('ann', 'secret-password');
    await api.listConversations();
    await api.sendMessage('c/1', 'cid', 'hi');
    assert.equal(calls[0].headers['X-CSRF-Token'], undefined);
    assert.equal(calls[1].headers['X-CSRF-Token'], undefined);
    assert.equal(calls[2].headers['X-CSRF-Token'], 'tok');
    assert.equal(calls[2].url, '/api/conversations/c%2F1/messages');
    assert.deepEqual(JSON.parse(calls[2].body), { clientId: 'cid', text: 'hi' });
  });

  it('turns problem+json into an ApiError that names the field', async () => {
    const { fn } = fakeFetch([
      {
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
        body: { type: 'about:blank', title: 'Bad request', status: 400, detail: 'Too short', field: '/password' },
      },
    ]);
    const api = createApi({ fetch: fn });
    await assert.rejects(api.signUp('ann', 'Ann', 'x'), (e) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.fieldName, 'password');
      assert.equal(e.userMessage, 'Too short');
      return true;
    });
  });

  it('explains 429 with Retry-After', async () => {
    const { fn } = fakeFetch([{ status: 429, headers: { 'Retry-After': '30' }, body: { title: 'Too many' } }]);
    const api = createApi({ fetch: fn });
    await assert.rejects(api.signIn('ann', 'pw'), (e) => e.userMessage === 'Too many attempts. Try again in 30 s.');
  });

  it('reports a confirmed 401 outside sign-in to the session handler', async () => {
    const { fn, calls } = fakeFetch([
      { status: 401, body: { title: 'Unauthorized' } },
      { status: 401, body: {} }, // GET /api/session confirms
      { status: 401, body: {} }, // sign-in: never reported
    ]);
    let ended = 0;
    const api = createApi({ fetch: fn, onUnauthorized: () => ended++ });
    await assert.rejects(api.listConversations());
    await assert.rejects(api.signIn('a', 'b'));
    assert.equal(ended, 1);
    assert.deepEqual(
      calls.map((c) => c.url),
      ['/api/conversations', '/api/session', '/api/auth/signin'],
    );
  });

  it('retries once when the session turns out to be alive after a 401', async () => {
    const { fn, calls } = fakeFetch([
      { status: 401, body: {} },
      { status: 200, body: { account: { id: 'u1' }, csrfToken: 'fresh' } },
      { status: 200, body: [{ id: 'c1' }] },
    ]);
    let ended = 0;
    const api = createApi({ fetch: fn, onUnauthorized: () => ended++ });
    assert.deepEqual(await api.listConversations(), [{ id: 'c1' }]);
    assert.equal(ended, 0);
    assert.equal(api.csrfToken, 'fresh');
    assert.equal(calls.length, 3);
  });

  it('maps a failed fetch to a network error', async () => {
    const { fn } = fakeFetch([new TypeError('Failed to fetch')]);
    const api = createApi({ fetch: fn });
    await assert.rejects(api.listConversations(), (e) => e.isNetwork === true);
  });

  it('client ids fit the API’s alphabet, with or without randomUUID', () => {
    const re = /^[A-Za-z0-9_-]{1,64}$/;
    assert.match(newClientId(), re);
    const noUuid = { getRandomValues: (a) => globalThis.crypto.getRandomValues(a) };
    assert.match(newClientId(noUuid), re);
  });

  it('uploads media as the raw body with the CSRF token and the name in the query; reads the server time', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: { account: { id: 'u1' }, csrfToken: 'tok' } },
      { status: 201, body: { id: 'm1' } },
      { status: 200, body: { now: 1234 } },
    ]);
    const api = createApi({ fetch: fn });
    await api.signIn('ann', 'secret-password');
    const data = new ArrayBuffer(4);
    assert.deepEqual(await api.uploadMedia('c1', 'music', data, 'my song.ogg'), { id: 'm1' });
    assert.equal(calls[1].url, '/api/conversations/c1/apps/music/media?name=my%20song.ogg');
    assert.equal(calls[1].method, 'POST');
    assert.equal(calls[1].body, data, 'sent as it is, not as JSON');
    assert.equal(calls[1].headers['Content-Type'], 'application/octet-stream');
    assert.equal(calls[1].headers['X-CSRF-Token'], 'tok');
    assert.deepEqual(await api.serverTime(), { now: 1234 });
    assert.equal(calls[2].url, '/api/time');
  });
});
