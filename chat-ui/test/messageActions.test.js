import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyDelivered,
  applyTyping,
  canDelete,
  canEdit,
  createTypingThrottle,
  draftQuote,
  lastEditable,
  marksOf,
  reactionsOf,
  readBy,
  stopTyping,
  tickOf,
  typingLine,
} from '../src/messageActions.js';
import { applyRead, initialState } from '../src/state.js';

const me = { id: 'me', displayName: 'Me' };
const conv = {
  id: 'c1',
  kind: 'group',
  members: [
    { id: 'me', displayName: 'Me', role: 'owner', lastReadSeq: 9, lastDeliveredSeq: 9 },
    { id: 'dana', displayName: 'Dana', role: 'member', lastReadSeq: 3, lastDeliveredSeq: 5 },
    { id: 'eli', displayName: 'Eli', role: 'member', lastReadSeq: 4, lastDeliveredSeq: 4 },
  ],
};

describe('reactions', () => {
  it('work out mine from accountIds, whatever the server said', () => {
    const m = {
      reactions: [
        { emoji: '👍', count: 2, mine: false, accountIds: ['dana', 'me'] },
        { emoji: 'x', count: 0 },
      ],
    };
    assert.deepEqual(reactionsOf(m, 'me'), [{ emoji: '👍', count: 2, accountIds: ['dana', 'me'], mine: true }]);
    assert.deepEqual(reactionsOf({}, 'me'), []);
  });
});

describe('typing', () => {
  it('shows who types for five seconds, never ourselves, and stops when their message comes', () => {
    let s = initialState(me);
    s = applyTyping(s, 'c1', 'dana', 'Dana', 1000);
    s = applyTyping(s, 'c1', 'me', 'Me', 1000);
    assert.equal(typingLine(s, 'c1', 2000), 'Dana is typing…');
    assert.equal(typingLine(s, 'c1', 6001), null);
    s = applyTyping(s, 'c1', 'eli', 'Eli', 1500);
    assert.equal(typingLine(s, 'c1', 2000), 'Dana and Eli are typing…');
    s = stopTyping(s, 'c1', 'dana');
    assert.equal(typingLine(s, 'c1', 2000), 'Eli is typing…');
  });

  it('is sent at most every three seconds per conversation', () => {
    const may = createTypingThrottle();
    assert.equal(may('c1', 0), true);
    assert.equal(may('c1', 2999), false);
    assert.equal(may('c2', 100), true);
    assert.equal(may('c1', 3000), true);
  });
});

describe('ticks', () => {
  it('come from the members of the conversation JSON and from live read and delivered events', () => {
    let s = initialState(me);
    let marks = marksOf(s, conv);
    assert.equal(tickOf(marks, 3), 'read');
    assert.equal(tickOf(marks, 4), 'delivered');
    assert.equal(tickOf(marks, 5), 'sent');
    s = applyDelivered(s, 'c1', 'eli', 6);
    s = applyDelivered(s, 'c1', 'eli', 2); // never back
    s = applyRead(s, 'c1', 'dana', 7);
    marks = marksOf(s, conv);
    assert.equal(tickOf(marks, 6), 'delivered');
    assert.equal(tickOf(marks, 7), 'sent');
    assert.deepEqual(readBy(marks, 4, conv.members), ['Dana', 'Eli']);
    assert.deepEqual(readBy(marks, 5, conv.members), ['Dana']);
  });

  it('are one tick when nobody else is in the conversation', () => {
    assert.equal(tickOf(marksOf(initialState(me), { id: 'c', members: [{ id: 'me' }] }), 1), 'sent');
  });
});

describe('what may be done', () => {
  it('edits only our own live text, deletes ours or, as the owner, anyone’s', () => {
    const mine = { id: 'a', senderId: 'me', kind: 'text', text: 'hi', seq: 1 };
    const theirs = { id: 'b', senderId: 'dana', kind: 'text', text: 'yo', seq: 2 };
    assert.equal(canEdit(mine, 'me'), true);
    assert.equal(canEdit(theirs, 'me'), false);
    assert.equal(canEdit({ ...mine, deleted: true }, 'me'), false);
    assert.equal(canDelete(theirs, 'me', conv), true);
    assert.equal(canDelete(theirs, 'me', { ...conv, kind: 'direct' }), false);
    assert.equal(canDelete({ ...theirs, kind: 'system' }, 'me', conv), false);
    assert.equal(lastEditable([mine, theirs], 'me'), mine);
    assert.equal(lastEditable([theirs], 'me'), null);
  });

  it('quotes the start of a text, or what the attachment is', () => {
    assert.equal(
      draftQuote({ id: 'a', seq: 1, senderName: 'D', text: 'x'.repeat(130) }).excerpt,
      `${'x'.repeat(120)}…`,
    );
    assert.equal(draftQuote({ id: 'a', seq: 1, text: '', attachments: [{ kind: 'voice' }] }).excerpt, 'Voice message');
    assert.equal(
      draftQuote({ id: 'a', seq: 1, text: '', attachments: [{ kind: 'file', name: 'a.pdf' }] }).excerpt,
      'a.pdf',
    );
  });
});

describe('chat controller: message actions', () => {
  const flush = () => new Promise((r) => setTimeout(r, 0));
  function setup() {
    const frames = [];
    let onEvent = null;
    const calls = [];
    const held = {
      id: 'm1',
      conversationId: 'c1',
      seq: 1,
      senderId: 'dana',
      senderName: 'Dana',
      kind: 'text',
      text: 'hi',
      createdAt: '2026-01-01T00:00:00Z',
      reactions: [{ emoji: '👍', count: 1, mine: true, accountIds: ['me'] }],
    };
    const api = {
      listConversations: async () => [{ ...conv, lastSeq: 1, lastReadSeq: 1, unread: 0 }],
      listMessages: async () => ({ messages: [held], nextBefore: null }),
      markRead: async () => {},
      session: async () => ({}),
      sendMessage: async (id, clientId, text, extras) => {
        calls.push(['send', id, text, extras]);
        return {
          ...held,
          id: 'm2',
          seq: 2,
          senderId: 'me',
          clientId,
          text: 'copied',
          forwarded: { senderName: 'Dana' },
        };
      },
      react: async (id, messageId, emoji, on) => {
        calls.push(['react', id, messageId, emoji, on]);
        return { ...held, reactions: [] };
      },
    };
    const createLive = (o) => {
      onEvent = o.onEvent;
      return { start() {}, stop() {}, reconnectNow() {}, sendFrame: (f) => frames.push(f) };
    };
    return { api, createLive, frames, calls, emit: (e) => onEvent(e), held };
  }

  it('keeps reactions through an edit event, tracks typing and delivery, and sends typing at most every 3 s', async () => {
    const { createChat } = await import('../src/chat.js');
    const t = setup();
    const chat = createChat({ api: t.api, me, liveUrl: 'ws://x', createLive: t.createLive });
    await chat.start();
    chat.setActive('c1');
    await flush();
    t.emit({
      type: 'message_updated',
      message: { ...t.held, text: 'hi!', editedAt: '2026-01-01T00:01:00Z', reactions: undefined },
    });
    let m = chat.getSnapshot().state.messages.c1.items[0];
    assert.equal(m.text, 'hi!');
    assert.equal(m.reactions.length, 1);
    t.emit({ type: 'typing', conversationId: 'c1', accountId: 'dana', displayName: 'Dana' });
    assert.equal(typingLine(chat.getSnapshot().state, 'c1', Date.now()), 'Dana is typing…');
    t.emit({ type: 'delivered', conversationId: 'c1', accountId: 'eli', seq: 9 });
    assert.equal(chat.getSnapshot().state.delivered.c1.eli, 9);
    chat.typing('c1');
    chat.typing('c1');
    assert.deepEqual(t.frames, [{ type: 'typing', conversationId: 'c1' }]);

    await chat.react('c1', 'm1', '👍', false);
    assert.deepEqual(t.calls.at(-1), ['react', 'c1', 'm1', '👍', false]);
    m = chat.getSnapshot().state.messages.c1.items[0];
    assert.deepEqual(m.reactions, []);

    chat.forward('c1', 'c0', 'm9');
    await flush();
    assert.deepEqual(
      t.calls.find((c) => c[0] === 'send'),
      ['send', 'c1', '', { forward: { conversationId: 'c0', messageId: 'm9' } }],
    );
    chat.stop();
  });
});
