import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REPORT_REASONS, collapsed, createSafety } from '../src/safety.js';
import catalogue from '../src/locales/safety.js';

function fakeApi(answers = {}) {
  const calls = [];
  return {
    calls,
    request: async (method, path, body) => {
      calls.push({ method, path, body });
      const answer = answers[`${method} ${path}`];
      if (answer instanceof Error) throw answer;
      return answer ?? null;
    },
  };
}

const ann = { id: 'annannannannannannan', username: 'ann', displayName: 'Ann' };

describe('safety store', () => {
  it('loads the blocked list, blocks and unblocks, telling subscribers', async () => {
    const api = fakeApi({ 'GET /api/blocks': [{ account: ann, blockedAt: '2026-01-01T00:00:00Z' }] });
    const safety = createSafety(api);
    let told = 0;
    safety.subscribe(() => told++);
    await safety.load();
    assert.equal(safety.isBlocked(ann.id), true);
    await safety.unblock(ann.id);
    assert.equal(safety.isBlocked(ann.id), false);
    assert.deepEqual(api.calls[1], { method: 'DELETE', path: `/api/blocks/${ann.id}`, body: undefined });
    await safety.block(ann);
    assert.equal(safety.list()[0].account.username, 'ann');
    assert.equal(told, 3);
  });

  it('keeps the list when a block is refused', async () => {
    const safety = createSafety(fakeApi({ [`PUT /api/blocks/${ann.id}`]: new Error('refused') }));
    await assert.rejects(safety.block(ann));
    assert.equal(safety.isBlocked(ann.id), false);
  });

  it('collapses a blocked person’s group messages until shown, never my own or a direct one', async () => {
    const safety = createSafety(fakeApi({ 'GET /api/blocks': [{ account: ann, blockedAt: 'x' }] }));
    await safety.load();
    const m = { id: 'm1', senderId: ann.id, text: 'hi' };
    assert.equal(collapsed(safety, m, 'me', true), true);
    assert.equal(collapsed(safety, m, 'me', false), false, 'direct conversations are not collapsed');
    assert.equal(collapsed(safety, { ...m, senderId: 'me' }, 'me', true), false);
    assert.equal(collapsed(safety, { ...m, deleted: true }, 'me', true), false);
    safety.reveal('m1');
    assert.equal(collapsed(safety, m, 'me', true), false);
  });

  it('files reports through POST /api/reports', async () => {
    const api = fakeApi({ 'POST /api/reports': { id: 'r1', status: 'open' } });
    const answer = await createSafety(api).report({ reason: 'spam', accountId: ann.id });
    assert.equal(answer.status, 'open');
    assert.equal(api.calls[0].body.reason, 'spam');
  });
});

describe('safety catalogue', () => {
  it('has every key in en, de and ar, and a word for every reason', () => {
    const keys = (o, prefix = '') =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    const en = keys(catalogue.en).sort();
    for (const language of ['de', 'ar']) assert.deepEqual(keys(catalogue[language]).sort(), en, language);
    for (const r of REPORT_REASONS) assert.ok(catalogue.en.reasons[r], r);
  });
});
