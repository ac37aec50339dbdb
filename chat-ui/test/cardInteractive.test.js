// Issue 21: a mini-app's card carries interactive content of the shared schema, drawn by the same
// component as a business's messages; its answers are the app's card actions.
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { describe, it } from 'node:test';

register('./jsx-loader.js', import.meta.url);
globalThis.window ??= { location: { origin: 'https://chat.example' } };
const { h } = await import('preact');
const { renderToString } = await import('preact-render-to-string');
const { cardPreview } = await import('../src/cards.js');
const { Card, interactiveAction, interactiveMessage } = await import('../src/components/Card.jsx');

const message = {
  id: 'm7',
  seq: 3,
  conversationId: 'c1',
  kind: 'card',
  senderId: 'ann',
  createdAt: '2026-12-06T10:00:00Z',
  app: { id: 'lunch', name: 'Lunch' },
  card: {
    title: 'Lunch?',
    interactive: {
      type: 'quick_replies',
      text: 'Coming?',
      replies: [
        { id: 'yes', label: 'Yes', payload: 'in' },
        { id: 'no', label: 'No' },
      ],
    },
  },
};
const handlers = { onAction: async () => ({ kind: 'done' }), onUpload() {}, onOpenPage() {}, onOpenLink() {} };

describe('interactive content on an app card', () => {
  it('draws the quick replies with the Interactive component, even for the member whose command posted it', () => {
    const html = renderToString(h(Card, { message, meId: 'ann', ...handlers }));
    assert.match(html, /data-testid="app-card"/);
    assert.match(html, /data-testid="interactive" data-kind="quick_replies"/);
    assert.match(html, /Coming\?/);
    assert.match(html, /data-action-id="yes"[^>]*>Yes</);
    assert.match(html, /data-action-id="no"[^>]*>No</);
  });

  it('is the app speaking, without media, and stays out of cards without it', () => {
    const m = interactiveMessage(message, { id: 'lunch', name: 'Lunch' });
    assert.equal(m.senderId, 'app:lunch');
    assert.equal(m.senderName, 'Lunch');
    assert.deepEqual(m.attachments, []);
    assert.equal(m.interactive.type, 'quick_replies');
    const plain = { ...message, card: { title: 'Lunch?' } };
    assert.doesNotMatch(
      renderToString(h(Card, { message: plain, meId: 'ann', ...handlers })),
      /data-testid="interactive"/,
    );
  });

  it("an answer is the app's card action: its id, and the picked value of a picker", async () => {
    const { answerBody } = await import('../src/interactive.js');
    const m = interactiveMessage(message, { id: 'lunch', name: 'Lunch' });
    assert.deepEqual(interactiveAction(answerBody(m, { id: 'yes', label: 'Yes', payload: 'in' }).fields), {
      id: 'yes',
      type: 'callback',
    });
    assert.deepEqual(interactiveAction(answerBody(m, { id: 'day', label: '2026-12-24' }, '2026-12-24').fields), {
      id: 'day',
      type: 'callback',
      value: '2026-12-24',
    });
    assert.equal(interactiveAction({}), null);
  });

  it('previews a card of interactive content only by its question', () => {
    const only = { ...message, card: { interactive: message.card.interactive } };
    assert.equal(cardPreview(only), 'Lunch: Coming?');
    assert.equal(cardPreview(message), 'Lunch: Lunch?');
  });

  it('draws a date picker and links of a card', () => {
    const picker = {
      ...message,
      card: { interactive: { type: 'datetime', id: 'day', text: 'Which day?', mode: 'date', min: '2026-12-01' } },
    };
    const html = renderToString(h(Card, { message: picker, meId: 'ann', ...handlers }));
    assert.match(html, /type="date"/);
    assert.match(html, /min="2026-12-01"/);
    const links = {
      ...message,
      card: {
        interactive: {
          type: 'card',
          card: {
            title: 'Menu',
            actions: [
              { type: 'open_url', label: 'Site', url: 'https://lunch.example' },
              { type: 'reply', id: 'order', label: 'Order' },
            ],
          },
        },
      },
    };
    const out = renderToString(h(Card, { message: links, meId: 'ann', ...handlers }));
    assert.match(out, /Site/);
    assert.match(out, /data-action-id="order"/);
  });
});
