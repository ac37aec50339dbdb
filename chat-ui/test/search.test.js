import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChat } from '../src/chat.js';
import { createSearch, isEmpty, markParts, MIN_QUERY, resultItems } from '../src/search.js';
import { addMessages, hasNewer, initialState, showWindow, upsertConversation } from '../src/state.js';

function fakeTimers() {
  const timers = new Map();
  let seq = 0;
  return {
    setTimeout(fn, ms) {
      timers.set(++seq, { fn, ms });
      return seq;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    fireAll() {
      for (const [id, t] of [...timers]) {
        timers.delete(id);
        t.fn();
      }
    },
    get count() {
      return timers.size;
    },
  };
}

/** A search API whose answers the test hands out one by one; records each request and its signal. */
function fakeSearchApi() {
  const requests = [];
  return {
    requests,
    api: {
      search(q, { signal }) {
        return new Promise((resolve, reject) => {
          const r = { q, signal, resolve, reject };
          signal.addEventListener('abort', () => {
            const e = new Error('aborted');
            e.name = 'AbortError';
            reject(e);
          });
          requests.push(r);
        });
      },
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

const ANSWER = {
  query: 'pizza',
  conversations: [{ id: 'c1', kind: 'group', title: 'Pizza club', highlights: [{ start: 0, end: 5 }] }],
  messages: [
    {
      messageId: 'm1',
      conversationId: 'c2',
      conversationTitle: 'Friends',
      seq: 7,
      senderName: 'Bob',
      sentAt: '2026-01-01T10:00:00Z',
      snippet: 'Pizza tonight?',
      highlights: [{ start: 0, end: 5 }],
    },
  ],
  people: [],
  apps: [{ id: 'pizzeria', name: 'Pizzeria', highlights: [] }],
  appResults: {
    apps: [
      { app: { id: 'shop', name: 'Shop' }, conversationId: 'c3', results: [{ title: 'Pizza oven', start: 'oven-1' }] },
    ],
    late: [{ id: 'slow', name: 'Slow' }],
    failed: [],
  },
};

describe('markParts', () => {
  it('wraps the ranges and keeps the rest as text', () => {
    assert.deepEqual(
      markParts('Pizza tonight? pizza!', [
        { start: 0, end: 5 },
        { start: 15, end: 20 },
      ]),
      [
        { text: 'Pizza', mark: true },
        { text: ' tonight? ', mark: false },
        { text: 'pizza', mark: true },
        { text: '!', mark: false },
      ],
    );
  });

  it('clamps, orders and merges bad ranges, and never loses text', () => {
    const parts = markParts('abcdef', [
      { start: 4, end: 99 },
      { start: 1, end: 3 },
      { start: 2, end: 5 },
      { start: 3, end: 3 },
      { start: 'x', end: 2 },
      null,
    ]);
    assert.deepEqual(parts, [
      { text: 'a', mark: false },
      { text: 'bc', mark: true },
      { text: 'de', mark: true },
      { text: 'f', mark: true },
    ]);
    assert.equal(parts.map((p) => p.text).join(''), 'abcdef');
    assert.deepEqual(markParts('<b>x</b>', undefined), [{ text: '<b>x</b>', mark: false }]);
    assert.deepEqual(markParts(undefined, [{ start: 0, end: 2 }]), [{ text: '', mark: false }]);
  });
});

describe('resultItems', () => {
  it('lists the rows in the order shown: conversations, messages, people, apps, app results', () => {
    const items = resultItems(ANSWER);
    assert.deepEqual(
      items.map((i) => i.key),
      ['c:c1', 'm:m1', 'a:pizzeria', 'r:shop:0'],
    );
    assert.equal(items[3].conversationId, 'c3');
    assert.equal(items[3].result.start, 'oven-1');
    assert.equal(isEmpty(ANSWER), false);
    assert.equal(
      isEmpty({
        query: 'x',
        messages: [],
        appResults: { apps: [{ app: { id: 'a' }, results: [] }], late: [], failed: [] },
      }),
      true,
    );
  });
});

describe('createSearch', () => {
  function setup() {
    const timers = fakeTimers();
    const { api, requests } = fakeSearchApi();
    const search = createSearch({ api, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout });
    return { timers, requests, search };
  }

  it('waits for a pause in typing, then asks once for the last text', async () => {
    const { timers, requests, search } = setup();
    search.setQuery('p');
    assert.equal(search.getSnapshot().status, 'idle', `shorter than ${MIN_QUERY}: the list filters in place`);
    search.setQuery('pi');
    search.setQuery('piz');
    search.setQuery('pizza ');
    assert.equal(timers.count, 1);
    assert.equal(search.getSnapshot().status, 'loading');
    timers.fireAll();
    assert.deepEqual(
      requests.map((r) => r.q),
      ['pizza'],
    );
    requests[0].resolve(ANSWER);
    await flush();
    assert.equal(search.getSnapshot().status, 'done');
    assert.equal(search.getSnapshot().results, ANSWER);
  });

  it('aborts the request of an older text, and never shows its late answer', async () => {
    const { timers, requests, search } = setup();
    search.setQuery('pi');
    timers.fireAll();
    search.setQuery('pizza');
    assert.equal(requests[0].signal.aborted, true);
    requests[0].resolve({ query: 'pi', messages: [] }); // too late: ignored
    timers.fireAll();
    requests[1].resolve(ANSWER);
    await flush();
    assert.equal(search.getSnapshot().results.query, 'pizza');
    search.setQuery('');
    assert.equal(search.getSnapshot().results, null);
    assert.equal(search.getSnapshot().status, 'idle');
  });

  it('reports a failure, keeps the text, and tries again on request', async () => {
    const { timers, requests, search } = setup();
    search.setQuery('pizza');
    timers.fireAll();
    const failure = Object.assign(new Error('down'), { status: 503, userMessage: 'The server had a problem.' });
    requests[0].reject(failure);
    await flush();
    assert.equal(search.getSnapshot().status, 'error');
    assert.equal(search.getSnapshot().error, failure);
    search.retry();
    assert.equal(requests.length, 2);
    requests[1].resolve(ANSWER);
    await flush();
    assert.equal(search.getSnapshot().status, 'done');
  });

  it('moves through the rows with the keyboard and wraps back to the box', async () => {
    const { timers, requests, search } = setup();
    search.setQuery('pizza');
    timers.fireAll();
    requests[0].resolve(ANSWER);
    await flush();
    assert.equal(search.current().key, 'c:c1', 'Enter without moving opens the first row');
    search.move(1);
    search.move(1);
    assert.equal(search.current().key, 'm:m1');
    search.move(-1);
    search.move(-1);
    assert.equal(search.getSnapshot().active, -1);
    search.move(-1);
    assert.equal(search.current().key, 'r:shop:0');
    search.move(1);
    assert.equal(search.getSnapshot().active, -1);
  });
});

const me = { id: 'me', username: 'me', displayName: 'Me' };
const msg = (seq, extra = {}) => ({
  id: `m${seq}`,
  conversationId: 'c',
  seq,
  senderId: 'bob',
  senderName: 'Bob',
  kind: 'text',
  text: `message ${seq}`,
  createdAt: '2026-01-01T10:00:00Z',
  ...extra,
});
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));

describe('a window around a search hit', () => {
  function withLatest() {
    let s = initialState(me);
    s = upsertConversation(s, {
      id: 'c',
      kind: 'group',
      title: 'c',
      members: [],
      lastSeq: 300,
      lastReadSeq: 300,
      unread: 0,
    });
    return addMessages(s, 'c', range(251, 300), { loaded: true });
  }

  it('replaces what is held when it does not touch it, and holds no hole after it', () => {
    let s = showWindow(withLatest(), 'c', range(80, 120), { older: true, newer: true });
    assert.deepEqual([s.messages.c.items[0].seq, s.messages.c.items.at(-1).seq], [80, 120]);
    assert.equal(hasNewer(s, 'c'), true);
    // A live message far past the window counts for the summary but is not put after a hole.
    s = addMessages(s, 'c', [msg(301)]);
    assert.equal(s.messages.c.items.at(-1).seq, 120);
    assert.equal(s.conversations.c.lastSeq, 301);
    assert.equal(s.conversations.c.unread, 1);
    // Pages after it grow it; reaching the newest message ends the window.
    s = addMessages(s, 'c', range(121, 170));
    assert.equal(s.messages.c.items.at(-1).seq, 170);
    s = addMessages(s, 'c', range(171, 301));
    assert.equal(hasNewer(s, 'c'), false);
    assert.equal(s.messages.c.items.length, 301 - 80 + 1);
  });

  it('merges with what is held when it touches it', () => {
    const s = showWindow(withLatest(), 'c', range(230, 260), { older: true, newer: true });
    assert.deepEqual([s.messages.c.items[0].seq, s.messages.c.items.at(-1).seq], [230, 300]);
    assert.equal(hasNewer(s, 'c'), false);
  });
});

describe('chat.jumpTo', () => {
  function fakeLive() {
    return { start() {}, stop() {}, reconnectNow() {} };
  }

  it('loads the messages around a hit it does not hold, and marks the hit for the view', async () => {
    const calls = [];
    const api = {
      listConversations: async () => [
        { id: 'c', kind: 'group', title: 'c', members: [], lastSeq: 300, lastReadSeq: 300, unread: 0 },
      ],
      listMessages: async (id, params) => {
        calls.push(params);
        if (params.around) return { messages: range(76, 125), targetSeq: 100, nextBefore: 76, nextAfter: 125 };
        return { messages: range(251, 300).reverse(), nextBefore: 251 };
      },
      markRead: async () => {},
      session: async () => ({}),
    };
    const chat = createChat({ api, me, liveUrl: 'ws://x', createLive: fakeLive });
    await chat.start();
    chat.setActive('c');
    await flush();
    await chat.jumpTo('c', { messageId: 'm100', seq: 100 });
    const snap = chat.getSnapshot();
    assert.deepEqual(snap.focus && { id: snap.focus.conversationId, m: snap.focus.messageId }, { id: 'c', m: 'm100' });
    assert.deepEqual(calls.at(-1), { around: 'm100', limit: 50 });
    assert.ok(snap.state.messages.c.items.some((m) => m.id === 'm100'));
    assert.equal(snap.state.messages.c.detached, true);

    // A hit it holds needs no request.
    const before = calls.length;
    await chat.jumpTo('c', { messageId: 'm90', seq: 90 });
    assert.equal(calls.length, before);
    assert.equal(chat.getSnapshot().focus.messageId, 'm90');

    // Back to the newest messages: the window goes.
    await chat.jumpToLatest('c');
    assert.equal(chat.getSnapshot().state.messages.c.items.at(-1).seq, 300);
    assert.equal(hasNewer(chat.getSnapshot().state, 'c'), false);
    chat.stop();
  });
});
