import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { developerApi, isDeveloper, stateKey } from '../src/developer.js';
import catalogue from '../src/locales/developer.js';

describe('the developer screens', () => {
  it('call the registry and token routes the CLI uses', async () => {
    const calls = [];
    const dev = developerApi(async (...args) => calls.push(args));
    await dev.myApps();
    await dev.versions('my app');
    await dev.logs('x');
    await dev.createToken('laptop');
    await dev.revokeToken('t/1');
    assert.deepEqual(calls, [
      ['GET', '/api/developer/apps'],
      ['GET', '/api/developer/apps/my%20app/versions'],
      ['GET', '/api/developer/apps/x/logs?limit=50'],
      ['POST', '/api/tokens', { name: 'laptop' }],
      ['DELETE', '/api/tokens/t%2F1'],
    ]);
  });

  it('are for developers and admins only', () => {
    assert.equal(isDeveloper({ roles: ['developer'] }), true);
    assert.equal(isDeveloper({ roles: ['admin'] }), true);
    assert.equal(isDeveloper({ roles: [] }), false);
    assert.equal(isDeveloper(null), false);
  });

  it('name every review state, and have every string in en, de and ar', () => {
    for (const s of ['draft', 'in_review', 'approved', 'rejected', 'weird']) assert.ok(catalogue.en[stateKey(s)], s);
    const keys = Object.keys(catalogue.en).sort();
    for (const language of ['de', 'ar']) assert.deepEqual(Object.keys(catalogue[language]).sort(), keys, language);
  });
});
