import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChat } from '../src/chat.js';

function setup(answers) {
  const sent = [];
  const api = {
    listConversations: async () => [{ id: 'c1', kind: 'group', title: 'G', members: [], unread: 0 }],
    listMessages: async () => ({ messages: [], nextBefore: null }),
    markRead: async () => ({}),
    session: async () => ({}),
    sendMessage: async (id, clientId, text, fields) => {
      sent.push({ id, clientId, text, fields });
      const a = answers.shift();
      if (a instanceof Error) throw a;
      return { id: 'm1', conversationId: id, seq: 1, senderId: 'me', clientId, text, attachments: a };
    },
  };
  const chat = createChat({
    api,
    me: { id: 'me' },
    liveUrl: 'ws://x',
    newClientId: () => 'cid-1',
    createLive: () => ({ start() {}, stop() {}, reconnectNow() {} }),
  });
  return { chat, sent };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('sending attachments', () => {
  it('sends attachmentIds with the caption; the text may be empty', async () => {
    const { chat, sent } = setup([[{ id: 'a1', kind: 'image' }]]);
    await chat.start();
    const clientId = chat.send('c1', '', {
      fields: { attachmentIds: ['a1'] },
      attachments: [{ id: 'a1', kind: 'image' }],
    });
    assert.equal(clientId, 'cid-1');
    const pending = chat.getSnapshot().state.pending.c1;
    assert.deepEqual(pending[0].attachments, [{ id: 'a1', kind: 'image' }]);
    await tick();
    assert.deepEqual(sent, [{ id: 'c1', clientId: 'cid-1', text: '', fields: { attachmentIds: ['a1'] } }]);
    assert.equal(chat.getSnapshot().state.pending.c1.length, 0);
    assert.deepEqual(chat.getSnapshot().state.messages.c1.items[0].attachments, [{ id: 'a1', kind: 'image' }]);
    chat.stop();
  });

  it('a retry sends the same clientId and the same attachments', async () => {
    const down = Object.assign(new Error('offline'), { status: 0, isNetwork: true, userMessage: 'offline' });
    const { chat, sent } = setup([down, []]);
    await chat.start();
    chat.send('c1', 'caption', { fields: { attachmentIds: ['a1', 'a2'] } });
    await tick();
    assert.equal(chat.getSnapshot().state.pending.c1[0].status, 'failed');
    chat.retry('c1', 'cid-1');
    await tick();
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[1], sent[0]);
    chat.stop();
  });

  it('nothing to send without text or attachments', async () => {
    const { chat } = setup([]);
    await chat.start();
    assert.equal(chat.send('c1', '  '), null);
    assert.equal(chat.send('c1', '', { fields: { attachmentIds: [] } }), null);
    chat.stop();
  });
});
