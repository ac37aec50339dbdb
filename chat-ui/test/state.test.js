import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addMessages,
  addPending,
  applyRead,
  cursors,
  gapBefore,
  hasOlder,
  initialState,
  replaceMessages,
  removeConversation,
  setConversations,
  sortedConversations,
  totalUnread,
  upsertConversation,
} from '../src/state.js';

const me = { id: 'me', username: 'me', displayName: 'Me' };

function conv(id, extra = {}) {
  return {
    id,
    kind: 'group',
    title: id,
    members: [],
    lastSeq: 0,
    lastReadSeq: 0,
    unread: 0,
    lastMessage: null,
    updatedAt: '2025-01-01T00:00:00Z',
    ...extra,
  };
}

function msg(conversationId, seq, senderId = 'other', extra = {}) {
  return {
    id: `${conversationId}-${seq}`,
    conversationId,
    seq,
    senderId,
    senderName: senderId,
    clientId: `c-${conversationId}-${seq}`,
    kind: 'text',
    text: `message ${seq}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, seq)).toISOString(),
    ...extra,
  };
}

describe('addMessages', () => {
  it('deduplicates by (conversationId, seq) and keeps seq order', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    s = addMessages(s, 'a', [msg('a', 2), msg('a', 1)]);
    s = addMessages(s, 'a', [msg('a', 2), msg('a', 3), msg('a', 3)]);
    assert.deepEqual(
      s.messages.a.items.map((m) => m.seq),
      [1, 2, 3],
    );
  });

  it('ignores messages of another conversation', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    s = addMessages(s, 'a', [msg('b', 1)]);
    assert.equal(s.messages.a, undefined);
  });

  it('counts unread like the server: new messages not sent by us, system ones too', () => {
    let s = upsertConversation(initialState(me), conv('a', { lastSeq: 2, unread: 1, lastReadSeq: 1 }));
    s = addMessages(s, 'a', [msg('a', 2), msg('a', 3), msg('a', 4, 'me'), msg('a', 5, null, { kind: 'system' })]);
    assert.equal(s.conversations.a.unread, 3); // 1 from the server + seq 3 + seq 5
    assert.equal(s.conversations.a.lastSeq, 5);
    assert.equal(s.conversations.a.lastMessage.seq, 5);
  });

  it('keeps unread at zero while the conversation is on screen', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    s = addMessages(s, 'a', [msg('a', 1), msg('a', 2)], { visible: true });
    assert.equal(s.conversations.a.unread, 0);
  });

  it('settles a pending send when our message with its clientId arrives', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    s = addPending(s, 'a', { clientId: 'x1', text: 'hi', status: 'sending' });
    s = addPending(s, 'a', { clientId: 'x2', text: 'yo', status: 'failed' });
    s = addMessages(s, 'a', [msg('a', 1, 'me', { clientId: 'x1' })]);
    assert.deepEqual(
      s.pending.a.map((p) => p.clientId),
      ['x2'],
    );
  });

  it('returns the same state when nothing is new', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    s = addMessages(s, 'a', [msg('a', 1)]);
    assert.equal(addMessages(s, 'a', [msg('a', 1)]), s);
  });
});

describe('read markers', () => {
  it('our marker clears unread when it reaches the last seq', () => {
    let s = upsertConversation(initialState(me), conv('a', { lastSeq: 5, unread: 3, lastReadSeq: 2 }));
    s = applyRead(s, 'a', 'me', 5);
    assert.equal(s.conversations.a.unread, 0);
    assert.equal(s.conversations.a.lastReadSeq, 5);
  });

  it('our marker counts exactly what is left when the messages are held', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    s = addMessages(s, 'a', [msg('a', 1), msg('a', 2), msg('a', 3, 'me'), msg('a', 4)]);
    assert.equal(s.conversations.a.unread, 3);
    s = applyRead(s, 'a', 'me', 2);
    assert.equal(s.conversations.a.unread, 1);
  });

  it('never moves backwards', () => {
    let s = upsertConversation(initialState(me), conv('a', { lastSeq: 5, lastReadSeq: 4, unread: 1 }));
    assert.equal(applyRead(s, 'a', 'me', 3), s);
  });

  it('others’ markers are kept per account', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    s = applyRead(s, 'a', 'bob', 3);
    s = applyRead(s, 'a', 'bob', 2);
    assert.deepEqual(s.readers.a, { bob: 3 });
  });
});

describe('conversation list', () => {
  it('orders by latest activity', () => {
    let s = initialState(me);
    s = upsertConversation(s, conv('old', { updatedAt: '2025-01-01T00:00:00Z' }));
    s = upsertConversation(s, conv('new', { updatedAt: '2025-01-02T00:00:00.5Z' }));
    s = addMessages(s, 'old', [{ ...msg('old', 1), createdAt: '2025-01-03T00:00:00Z' }]);
    assert.deepEqual(
      sortedConversations(s).map((c) => c.id),
      ['old', 'new'],
    );
  });

  it('a server snapshot older than what we hold does not roll lastSeq or unread back', () => {
    let s = upsertConversation(initialState(me), conv('a', { lastSeq: 1, unread: 1 }));
    s = addMessages(s, 'a', [msg('a', 2)]);
    assert.equal(s.conversations.a.unread, 2);
    s = setConversations(s, [conv('a', { lastSeq: 1, unread: 1, title: 'renamed' })]);
    assert.equal(s.conversations.a.lastSeq, 2);
    assert.equal(s.conversations.a.unread, 2);
    assert.equal(s.conversations.a.title, 'renamed');
  });

  it('drops conversations no longer listed', () => {
    let s = initialState(me);
    s = upsertConversation(s, conv('a'));
    s = upsertConversation(s, conv('b'));
    s = setConversations(s, [conv('b')]);
    assert.deepEqual(Object.keys(s.conversations), ['b']);
    assert.equal(totalUnread(removeConversation(s, 'b')), 0);
  });

  it('resume cursors are the last seq seen per conversation', () => {
    let s = initialState(me);
    s = upsertConversation(s, conv('a', { lastSeq: 7 }));
    s = upsertConversation(s, conv('b'));
    s = addMessages(s, 'b', [msg('b', 1), msg('b', 2)]);
    assert.deepEqual(cursors(s), { a: 7, b: 2 });
  });
});

describe('history', () => {
  it('knows whether older messages exist from the dense seq', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    s = addMessages(s, 'a', [msg('a', 3), msg('a', 4)], { loaded: true });
    assert.equal(hasOlder(s, 'a'), true);
    s = addMessages(s, 'a', [msg('a', 1), msg('a', 2)]);
    assert.equal(hasOlder(s, 'a'), false);
  });

  it('finds a gap between held messages and a live one', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    s = addMessages(s, 'a', [msg('a', 1), msg('a', 2)], { loaded: true });
    assert.equal(gapBefore(s, 'a', 3), null);
    assert.equal(gapBefore(s, 'a', 5), 2);
  });
});

describe('replaceMessages', () => {
  it('replaces an updated card in place, keeping seq order and the summary in step', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    const card = (seq, title, extra = {}) =>
      msg('a', seq, null, { kind: 'card', app: { id: 'poll', name: 'Polls' }, card: { title }, ...extra });
    s = addMessages(s, 'a', [msg('a', 1), card(2, 'Lunch? 0 votes'), msg('a', 3)]);
    const unread = s.conversations.a.unread;
    s = replaceMessages(s, 'a', [card(2, 'Lunch? 1 vote', { edited: true })]);
    assert.deepEqual(
      s.messages.a.items.map((m) => m.seq),
      [1, 2, 3],
    );
    assert.equal(s.messages.a.items[1].card.title, 'Lunch? 1 vote');
    assert.equal(s.conversations.a.unread, unread, 'an update is not a new message');
    s = replaceMessages(s, 'a', [card(3, 'not the same message', { id: 'other' })]);
    assert.equal(s.messages.a.items[2].kind, 'text', 'a different id at the same seq is not replaced');
  });

  it('updates the last message shown in the list and adds messages it did not hold', () => {
    let s = upsertConversation(initialState(me), conv('a'));
    const card = (seq, title) => msg('a', seq, null, { kind: 'card', card: { title } });
    s = addMessages(s, 'a', [card(1, 'v1')]);
    s = replaceMessages(s, 'a', [card(1, 'v2')]);
    assert.equal(s.conversations.a.lastMessage.card.title, 'v2');
    s = replaceMessages(s, 'a', [card(2, 'new')]);
    assert.deepEqual(
      s.messages.a.items.map((m) => m.seq),
      [1, 2],
    );
    assert.equal(s.conversations.a.lastSeq, 2);
    assert.equal(replaceMessages(s, 'a', [msg('b', 1)]), s, 'other conversations are ignored');
  });
});

describe('notifications from apps', () => {
  it('keeps the newest few, once per id, as plain data', async () => {
    const { addNotification, dismissNotification, MAX_NOTIFICATIONS } = await import('../src/state.js');
    let s = initialState(me);
    s = addNotification(s, { id: 'n1', app: { id: 'lunch', name: 'Lunch' }, text: 'ready', extra: '<b>x</b>' });
    s = addNotification(s, { id: 'n1', app: { id: 'lunch', name: 'Lunch' }, text: 'again' });
    assert.deepEqual(s.notifications, [{ id: 'n1', app: { id: 'lunch', name: 'Lunch' }, text: 'ready' }]);
    for (let i = 2; i < 10; i++) s = addNotification(s, { id: 'n' + i, app: { id: 'a', name: 'A' }, text: 't' + i });
    assert.equal(s.notifications.length, MAX_NOTIFICATIONS);
    assert.equal(s.notifications[0].id, 'n9');
    s = dismissNotification(s, 'n9');
    assert.equal(s.notifications[0].id, 'n8');
    assert.equal(addNotification(s, { id: 5, text: 'bad id' }), s);
  });
});
