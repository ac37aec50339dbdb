import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, createApi, errorMessage, queryString } from '../src/api.js';

function fakeFetch(responses) {
  const calls = [];
  const fn = async (url, init) => {
    calls.push({ url, ...init, headers: { ...(init.headers ?? {}) } });
    const r = responses.shift();
    if (r instanceof Error) throw r;
    const headers = new Map(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    if (r.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return {
      ok: r.status >= 200 && r.status < 300,
      status: r.status,
      statusText: r.statusText ?? '',
      headers: { get: (k) => headers.get(k.toLowerCase()) ?? null },
      json: async () => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body),
      text: async () => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body)),
    };
  };
  return { fn, calls };
}

const problem = (status, detail, extra = {}) => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  body: { type: 'about:blank', title: 'Problem', status, detail, ...extra },
});

describe('admin api client', () => {
  it('sends the CSRF token from sign-in on state changes only', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: { account: { id: 'a1', roles: ['user', 'admin'] }, csrfToken: 'tok' } },
      { status: 200, body: [] },
      { status: 200, body: { state: 'rejected' } },
      { status: 200, body: { id: 'u2', roles: ['user'] } },
    ]);
    const api = createApi({ fetch: fn });
    await api.signIn('root', 'a long password');
    await api.reviews();
    await api.reject('pay/go', '1.0.0', 'No privacy policy');
    await api.revokeRole('u2', 'developer');
    assert.equal(calls[0].headers['X-CSRF-Token'], undefined);
    assert.equal(calls[1].headers['X-CSRF-Token'], undefined);
    assert.equal(calls[2].headers['X-CSRF-Token'], 'tok');
    assert.equal(calls[2].url, '/api/admin/apps/pay%2Fgo/versions/1.0.0/reject');
    assert.deepEqual(JSON.parse(calls[2].body), { reason: 'No privacy policy' });
    assert.equal(calls[3].method, 'DELETE');
    assert.equal(calls[3].url, '/api/admin/accounts/u2/roles/developer');
    assert.equal(calls[3].headers['X-CSRF-Token'], 'tok');
  });

  it('remembers the CSRF token of GET /api/session', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: { account: { id: 'a1' }, csrfToken: 'from-session' } },
      { status: 200, body: { status: 'suspended' } },
    ]);
    const api = createApi({ fetch: fn });
    await api.session();
    await api.suspend('app1', 'Phishing');
    assert.equal(calls[1].headers['X-CSRF-Token'], 'from-session');
    assert.deepEqual(JSON.parse(calls[1].body), { reason: 'Phishing' });
  });

  it('turns problem+json into an ApiError whose message is the detail', async () => {
    const { fn } = fakeFetch([problem(400, 'reason must not be blank', { field: '/reason' })]);
    const api = createApi({ fetch: fn });
    await assert.rejects(api.reject('a', '1.0.0', ' '), (e) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 400);
      assert.equal(e.fieldName, 'reason');
      assert.equal(e.userMessage, 'reason must not be blank');
      assert.equal(errorMessage(e), 'reason must not be blank');
      return true;
    });
  });

  it('keeps the problems of a refused bundle and falls back to the title or status', async () => {
    const { fn } = fakeFetch([
      problem(409, 'version 1.0.0 is not above 1.2.0', {
        reason: 'VERSION_NOT_ABOVE',
        problems: [{ path: '/version', message: 'x' }],
      }),
      {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
        body: { title: 'Not Found', status: 404 },
      },
      {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html>bad gateway</html>',
        statusText: 'Bad Gateway',
      },
    ]);
    const api = createApi({ fetch: fn });
    await assert.rejects(api.app('a'), (e) => e.reason === 'VERSION_NOT_ABOVE' && e.problems.length === 1);
    await assert.rejects(api.app('b'), (e) => e.userMessage === 'Not Found');
    await assert.rejects(api.app('c'), (e) => e.status === 502 && e.userMessage === 'Bad Gateway');
  });

  it('reports a 401 to the session handler, except for sign-in and the session probe', async () => {
    const { fn } = fakeFetch([
      problem(401, 'sign in first'),
      problem(401, 'wrong password'),
      problem(401, 'sign in first'),
    ]);
    let ended = 0;
    const api = createApi({ fetch: fn, onUnauthorized: () => ended++ });
    await assert.rejects(api.reviews(), (e) => e.status === 401);
    await assert.rejects(api.signIn('a', 'b'), (e) => e.userMessage === 'wrong password');
    await assert.rejects(api.session());
    assert.equal(ended, 1);
  });

  it('explains 429 with Retry-After and maps a failed fetch to a network error', async () => {
    const { fn } = fakeFetch([
      { status: 429, headers: { 'Retry-After': '90' }, body: { title: 'Too many' } },
      new TypeError('Failed'),
    ]);
    const api = createApi({ fetch: fn });
    await assert.rejects(api.signIn('a', 'b'), (e) => e.userMessage === 'Too many attempts. Try again in 2 min.');
    await assert.rejects(api.reviews(), (e) => e.isNetwork === true);
  });

  it('builds query strings from the filled-in filters only', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: { entries: [], nextBefore: null } },
      { status: 200, body: [] },
      { status: 200, body: [] },
    ]);
    const api = createApi({ fetch: fn });
    await api.audit({ action: 'version.approved', actor: '', appId: undefined, before: 'c1', limit: 50 });
    await api.searchApps({ q: 'pay', status: '' });
    await api.searchAccounts('');
    assert.equal(calls[0].url, '/api/admin/audit?action=version.approved&before=c1&limit=50');
    assert.equal(calls[1].url, '/api/admin/apps?q=pay');
    assert.equal(calls[2].url, '/api/admin/accounts?q=');
    assert.equal(queryString({}), '');
  });

  it('sends approve with an optional note and fetches file text', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: { state: 'approved' } },
      { status: 200, body: { state: 'approved' } },
      { status: 200, headers: { 'content-type': 'text/javascript' }, body: 'export function a() {}' },
      problem(403, 'files of a suspended app are for admins'),
    ]);
    const api = createApi({ fetch: fn });
    await api.approve('a', '1.0.0', '  ');
    await api.approve('a', '1.0.0', 'Looks good');
    assert.deepEqual(JSON.parse(calls[0].body), {});
    assert.deepEqual(JSON.parse(calls[1].body), { note: 'Looks good' });
    assert.equal(await api.fetchText('/static/apps/a/d/server.js'), 'export function a() {}');
    await assert.rejects(
      api.fetchText('/static/apps/a/d/x.js'),
      (e) => e.userMessage === 'files of a suspended app are for admins',
    );
  });
});
