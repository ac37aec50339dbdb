import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createDrafts,
  listSections,
  mentionContext,
  mentionIdsIn,
  mentionParts,
  mentions,
  notifyingUnread,
} from '../src/everyday.js';
import catalogue from '../src/locales/everyday.js';

const members = [
  { id: 'me', username: 'ann', displayName: 'Ann' },
  { id: 'b', username: 'ben', displayName: 'Ben Brown' },
  { id: 'c', username: 'cat.k', displayName: 'Cat' },
];

test('a mention is completed in an ordinary message, not in an e-mail address or a command', () => {
  assert.deepEqual(mentionContext('hi @be', 6), { kind: 'member', query: 'be', start: 3, end: 6 });
  assert.deepEqual(mentionContext('@', 1), { kind: 'member', query: '', start: 0, end: 1 });
  assert.equal(mentionContext('mail ann@example.org', 20), null);
  assert.equal(mentionContext('/poll @be', 9), null, 'a command completes its own arguments');
  assert.equal(mentionContext('hi there', 8), null);
});

test('the ids of the members a text names, never me, each once', () => {
  assert.deepEqual(mentionIdsIn('@ben and @cat.k, @ben again, @ann @nobody', members, 'me'), ['b', 'c']);
  assert.deepEqual(mentionIdsIn('email ben@x.org', members, 'me'), []);
  assert.deepEqual(mentionIdsIn('thanks @ben.', members, 'me'), ['b']);
});

test('only the mentions a message carries are highlighted', () => {
  const parts = mentionParts('hi @ben and @cat.k', [{ id: 'b', name: 'Ben Brown' }], members);
  assert.deepEqual(parts, [{ text: 'hi ' }, { text: '@ben', mention: 'b' }, { text: ' and @cat.k' }]);
  assert.deepEqual(mentionParts('plain @ben', [], members), [{ text: 'plain @ben' }]);
  assert.equal(mentions({ mentions: [{ id: 'b' }] }, 'b'), true);
  assert.equal(mentions({}, 'b'), false);
});

test('the list: pinned first in pin order, archived apart, the rest as given', () => {
  const list = [
    { id: 'r1' },
    { id: 'p2', pinned: true, pinnedAt: '2026-01-02T00:00:00Z' },
    { id: 'a1', archived: true, pinned: true, pinnedAt: '2026-01-01T00:00:00Z' },
    { id: 'p1', pinned: true, pinnedAt: '2026-01-01T00:00:00Z' },
    { id: 'r2' },
  ];
  const s = listSections(list);
  assert.deepEqual(
    s.pinned.map((c) => c.id),
    ['p1', 'p2'],
  );
  assert.deepEqual(
    s.recent.map((c) => c.id),
    ['r1', 'r2'],
  );
  assert.deepEqual(
    s.archived.map((c) => c.id),
    ['a1'],
  );
});

test('a muted conversation notifies only its unread mentions', () => {
  assert.equal(notifyingUnread({ muted: true, unread: 9, mentions: 1 }), 1);
  assert.equal(notifyingUnread({ muted: false, unread: 9, mentions: 1 }), 9);
});

test('drafts are kept per account in storage and tell when one starts or ends', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const drafts = createDrafts('acc', storage);
  let told = 0;
  drafts.subscribe(() => (told += 1));
  drafts.set('c1', 'hel');
  drafts.set('c1', 'hello');
  assert.equal(told, 1, 'only a draft starting is news to the list');
  assert.equal(createDrafts('acc', storage).get('c1'), 'hello', 'kept over a reload');
  assert.equal(createDrafts('other', storage).has('c1'), false);
  drafts.set('c1', '  ');
  assert.equal(drafts.has('c1'), false);
  assert.equal(told, 2);
  assert.equal(createDrafts('broken', { getItem: () => '{nope', setItem: () => {} }).has('x'), false);
});

test('the messenger catalogue has every key in every language', () => {
  const base = (k) => k.replace(/_(zero|one|two|few|many|other)$/u, '');
  const keys = (lang) => new Set(Object.keys(catalogue[lang]).map(base));
  for (const lang of ['de', 'ar']) assert.deepEqual([...keys(lang)].sort(), [...keys('en')].sort(), lang);
});

test('a mention of me notifies even in a muted conversation', async () => {
  const { shouldNotify } = await import('../src/notifications.js');
  const base = { how: 'new', meId: 'me', enabled: true, permission: 'granted', focused: false };
  const muted = { id: 'c', muted: true };
  const plain = { kind: 'text', senderId: 'b', text: 'hi' };
  assert.equal(shouldNotify({ ...base, message: plain, conversation: muted }), false);
  assert.equal(
    shouldNotify({ ...base, message: { ...plain, mentions: [{ id: 'me', name: 'Me' }] }, conversation: muted }),
    true,
  );
});

test('a live mention of me counts until it is read', async () => {
  const { applyMention } = await import('../src/everyday.js');
  const state = { me: { id: 'me' }, conversations: { c: { id: 'c', lastReadSeq: 3, unread: 1, mentions: 0 } } };
  const m = { conversationId: 'c', seq: 4, mentions: [{ id: 'me', name: 'Me' }] };
  const after = applyMention(state, m);
  assert.equal(after.conversations.c.mentions, 1);
  assert.equal(applyMention(state, { ...m, mentions: [{ id: 'x' }] }), state, 'not me');
  const read = { ...after, conversations: { c: { ...after.conversations.c, unread: 0, lastReadSeq: 4 } } };
  assert.equal(applyMention(read).conversations.c.mentions, 0);
});
