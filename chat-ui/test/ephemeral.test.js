import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addEphemeral, removeEphemeral, setEphemeral, splitEphemeral, withEphemeral } from '../src/ephemeral.js';
import { buttonsFor } from '../src/cards.js';
import { errorSentence } from '../src/errorWords.js';
import { ApiError } from '../src/api.js';
import { failureOf } from '../src/answers.js';

const eph = (id, seq, extra = {}) => ({
  id,
  conversationId: 'c1',
  seq,
  kind: 'card',
  visibility: 'caller',
  createdAt: '2026-01-01T00:00:00Z',
  card: { title: id },
  ...extra,
});

describe('ephemeral answers (issue 18)', () => {
  it('are kept apart from the conversation: no lastSeq, no unread, replaced by id', () => {
    let s = { me: { id: 'me' }, conversations: { c1: { id: 'c1', lastSeq: 5, unread: 0 } }, messages: {} };
    s = addEphemeral(s, 'c1', [eph('e1', 5)]);
    assert.equal(s.ephemeral.c1.length, 1);
    assert.equal(s.conversations.c1.lastSeq, 5);
    assert.equal(s.conversations.c1.unread, 0);
    s = addEphemeral(s, 'c1', [eph('e1', 5, { edited: 1, card: { title: 'Bought' } })]);
    assert.equal(s.ephemeral.c1.length, 1);
    assert.equal(s.ephemeral.c1[0].card.title, 'Bought');
    s = addEphemeral(s, 'c1', [eph('e1', 5, { edited: 0 })]);
    assert.equal(s.ephemeral.c1[0].card.title, 'Bought', 'an older copy never replaces a newer one');
    s = removeEphemeral(s, 'c1', 'e1');
    assert.deepEqual(s.ephemeral.c1, []);
    s = setEphemeral(s, 'c1', [eph('e2', 1), { id: 'x', conversationId: 'c1', seq: 2 }]);
    assert.deepEqual(
      s.ephemeral.c1.map((m) => m.id),
      ['e2'],
    );
  });

  it('split from a command answer, and placed after the message they follow', () => {
    const { shared, mine } = splitEphemeral([eph('e1', 2), { id: 'm3', seq: 3 }]);
    assert.deepEqual(
      mine.map((m) => m.id),
      ['e1'],
    );
    assert.deepEqual(
      shared.map((m) => m.id),
      ['m3'],
    );
    const rows = [
      { type: 'day', key: 'd' },
      { type: 'message', key: 'm-2', m: { seq: 2 } },
      { type: 'message', key: 'm-3', m: { seq: 3 } },
    ];
    const keys = withEphemeral(rows, [eph('e1', 2), eph('e9', 9)]).map((r) => r.key);
    assert.deepEqual(keys, ['d', 'm-2', 'e-e1', 'm-3', 'e-e9']);
    const expired = eph('old', 2, { expiresAt: '2000-01-01T00:00:00Z' });
    assert.equal(withEphemeral(rows, [expired]).length, 3);
  });

  it('buttons for named members are shown to those members only', () => {
    const buttons = [{ id: 'pay', for: ['bob'] }, { id: 'view' }];
    assert.deepEqual(
      buttonsFor(buttons, 'bob').map((b) => b.id),
      ['pay', 'view'],
    );
    assert.deepEqual(
      buttonsFor(buttons, 'carol').map((b) => b.id),
      ['view'],
    );
  });
});

describe('errors in words (issue 18)', () => {
  const problem = (status, type, extra = {}) =>
    new ApiError(status, {
      type: `https://parley.dev/problems/${type}`,
      status,
      detail: 'raw server text id=42',
      ...extra,
    });

  it('words a shortfall with its numbers, never the server text', () => {
    const e = problem(409, 'insufficient-funds', { currency: 'EUR', shortfall: '4.50' });
    assert.equal(errorSentence(e), 'You need 4.50 EUR more. Top up?');
    assert.equal(failureOf(e).message, 'You need 4.50 EUR more. Top up?');
    assert.doesNotMatch(failureOf(problem(403, 'forbidden')).message, /raw|42/);
    assert.match(failureOf(problem(502, 'app-failed'), 'Polls').message, /^Polls could not answer/);
  });

  it('leaves an unknown type to the caller', () => {
    assert.equal(errorSentence(new ApiError(418, { detail: 'teapot' })), null);
  });
});
