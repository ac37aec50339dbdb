import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNotifier, keyBytes, notificationContent, shouldNotify, summaryOf } from '../src/notifications.js';

const me = 'me';
const direct = { id: 'c1', kind: 'direct', title: 'Ann', muted: false };
const group = { id: 'g1', kind: 'group', title: 'Meter readers', muted: false };
const fromAnn = { id: 'm1', conversationId: 'c1', senderId: 'ann', senderName: 'Ann', kind: 'text', text: 'hello' };
const base = {
  message: fromAnn,
  how: 'new',
  meId: me,
  conversation: direct,
  enabled: true,
  permission: 'granted',
  focused: false,
};

test('shouldNotify: a new message of someone else, not muted, while the page is not focused', () => {
  assert.equal(shouldNotify(base), true);
  assert.equal(shouldNotify({ ...base, focused: true }), false);
  assert.equal(shouldNotify({ ...base, enabled: false }), false);
  assert.equal(shouldNotify({ ...base, permission: 'default' }), false);
  assert.equal(shouldNotify({ ...base, how: 'updated' }), false);
  assert.equal(shouldNotify({ ...base, message: { ...fromAnn, senderId: me } }), false, 'never my own');
  assert.equal(shouldNotify({ ...base, conversation: { ...direct, muted: true } }), false, 'never muted');
  assert.equal(shouldNotify({ ...base, message: { ...fromAnn, kind: 'system' } }), false);
  assert.equal(shouldNotify({ ...base, conversation: undefined }), false);
});

test('notificationContent: the conversation as title, sender and text in a group', () => {
  assert.deepEqual(notificationContent(fromAnn, direct), { title: 'Ann', body: 'hello', tag: 'conversation-c1' });
  const inGroup = { ...fromAnn, conversationId: 'g1' };
  assert.deepEqual(notificationContent(inGroup, group), {
    title: 'Meter readers',
    body: 'Ann: hello',
    tag: 'conversation-g1',
  });
});

test('summaryOf: attachments and cards in words when there is no text', () => {
  assert.equal(summaryOf({ text: '', attachments: [{ kind: 'image' }] }), 'Photo');
  assert.equal(summaryOf({ text: '', attachments: [{ kind: 'voice' }] }), 'Voice message');
  assert.equal(
    summaryOf({ text: '', attachments: [{ kind: 'file', name: 'a.pdf' }, { kind: 'image' }] }),
    'File: a.pdf and 1 more',
  );
  assert.equal(summaryOf({ text: '', card: { title: 'Poll' } }), 'Poll');
  assert.equal(summaryOf({ text: 'x'.repeat(300) }).length, 180);
});

test('keyBytes decodes base64url', () => {
  assert.deepEqual([...keyBytes('BAEC_-8')], [4, 1, 2, 255, 239]);
});

/** A window with just what the notifier touches. */
function fakeWindow({ permission = 'default', focused = false } = {}) {
  const shown = [];
  const store = new Map();
  class FakeNotification {
    static permission = permission;
    static async requestPermission() {
      FakeNotification.permission = 'granted';
      return 'granted';
    }
    constructor(title, options) {
      shown.push({ title, ...options, self: this });
    }
    close() {}
  }
  return {
    shown,
    Notification: FakeNotification,
    localStorage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) },
    document: { visibilityState: focused ? 'visible' : 'hidden', hasFocus: () => focused },
    navigator: {},
    focus() {},
  };
}

test('the notifier asks permission only when turned on, then shows and opens on click', async () => {
  const win = fakeWindow();
  const opened = [];
  const notifier = createNotifier({
    api: {},
    meId: me,
    conversation: (id) => (id === 'c1' ? direct : undefined),
    onOpen: (id) => opened.push(id),
    win,
  });
  notifier.onMessage(fromAnn, 'new');
  assert.equal(win.shown.length, 0, 'off until the person turns it on');
  assert.equal(win.Notification.permission, 'default', 'no permission asked on load');

  assert.equal(await notifier.enable(), true);
  notifier.onMessage(fromAnn, 'new');
  assert.equal(win.shown.length, 1);
  assert.equal(win.shown[0].title, 'Ann');
  win.shown[0].self.onclick();
  assert.deepEqual(opened, ['c1']);

  await notifier.disable();
  notifier.onMessage(fromAnn, 'new');
  assert.equal(win.shown.length, 1);
});
