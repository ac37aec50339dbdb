// Interactive messages: the pure helpers and what the component draws before any script runs.
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { describe, it } from 'node:test';
import {
  ANSWER_TIMEOUT_MS,
  answerBody,
  answerState,
  interactiveOf,
  mapUrl,
  quickRepliesOpen,
  safeUrl,
  telUrl,
  withoutCardMedia,
} from '../src/interactive.js';

register('./jsx-loader.js', import.meta.url);
const { h } = await import('preact');
const { renderToString } = await import('preact-render-to-string');
const { Interactive, SharedLocation } = await import('../src/components/Interactive.jsx');

const on = { answer() {}, openPage() {}, openLink() {}, requestFile() {}, shareLocation() {} };
const bank = { id: 'm1', seq: 4, senderId: 'bank', senderName: 'Acme Bank', createdAt: '2026-12-06T10:00:00Z' };

describe('interactive helpers', () => {
  it('draws only known kinds of live messages', () => {
    assert.equal(interactiveOf({ ...bank, interactive: { type: 'banner' } }), null);
    assert.equal(interactiveOf({ ...bank, deleted: true, interactive: { type: 'card', card: {} } }), null);
    assert.ok(interactiveOf({ ...bank, interactive: { type: 'list', sections: [] } }));
  });

  it('opens only https links and E.164 numbers', () => {
    assert.equal(safeUrl('javascript:alert(1)'), null);
    assert.equal(safeUrl('http://x.example/'), null);
    assert.equal(safeUrl('https://x.example/a'), 'https://x.example/a');
    assert.equal(telUrl('+4930123456'), 'tel:+4930123456');
    assert.equal(telUrl('0301234; x'), null);
    assert.match(mapUrl({ latitude: 52.52, longitude: 13.4 }), /mlat=52.52&mlon=13.4/);
  });

  it('an answer is the label as text and the reference the server checks', () => {
    assert.deepEqual(answerBody(bank, { id: 'notme', label: 'Not me', payload: 'x' }), {
      text: 'Not me',
      fields: { interactiveReply: { messageId: 'm1', actionId: 'notme' } },
    });
    assert.deepEqual(answerBody(bank, { id: 'day', label: '2026-12-24' }, '2026-12-24').fields.interactiveReply, {
      messageId: 'm1',
      actionId: 'day',
      value: '2026-12-24',
    });
  });

  it('waits for the sender, then says no answer came', () => {
    const at = Date.parse('2026-12-06T10:01:00Z');
    const pressed = { id: 'notme', at };
    const mine = { id: 'm2', seq: 5, senderId: 'ann', createdAt: '2026-12-06T10:01:00Z' };
    assert.equal(answerState(null, bank, [bank], at), 'idle');
    assert.equal(answerState(pressed, bank, [bank, mine], at + 1000), 'waiting');
    assert.equal(answerState(pressed, bank, [bank, mine], at + ANSWER_TIMEOUT_MS), 'silent');
    const reply = { id: 'm3', seq: 6, senderId: 'bank', createdAt: '2026-12-06T10:01:02Z' };
    assert.equal(answerState(pressed, bank, [bank, mine, reply], at + ANSWER_TIMEOUT_MS), 'answered');
  });

  it('offers quick replies on the newest message of someone else only', () => {
    const later = { id: 'm9', seq: 9, senderId: 'ann' };
    assert.equal(quickRepliesOpen(bank, [bank], 'ann'), true);
    assert.equal(quickRepliesOpen(bank, [bank, later], 'ann'), false);
    assert.equal(quickRepliesOpen(bank, [bank], 'bank'), false);
  });

  it('a card shows its own media; the bubble does not show it again', () => {
    const m = {
      ...bank,
      attachments: [{ id: 'a1' }, { id: 'a2' }],
      interactive: { type: 'card', card: { title: 'Cart', media: { attachmentId: 'a1' } } },
    };
    assert.deepEqual(
      withoutCardMedia(m).attachments.map((a) => a.id),
      ['a2'],
    );
  });
});

describe('Interactive', () => {
  it('draws a carousel as data: titles, bodies, buttons, no markup from the sender', () => {
    const m = {
      ...bank,
      interactive: {
        type: 'carousel',
        cards: [
          { title: '<b>Red</b>', body: 'Size 42', actions: [{ type: 'reply', id: 'red', label: 'Buy' }] },
          { title: 'Blue', actions: [{ type: 'open_url', label: 'Site', url: 'javascript:alert(1)' }] },
        ],
      },
    };
    const html = renderToString(h(Interactive, { message: m, messages: [m], meId: 'ann', on }));
    assert.match(html, /data-kind="carousel"/);
    assert.match(html, /&lt;b>Red&lt;\/b>/);
    assert.equal((html.match(/data-testid="interactive-card"/g) ?? []).length, 2);
    assert.doesNotMatch(html, /javascript:/);
    assert.match(html, /aria-label="Card 1 of 2"/);
  });

  it('draws quick replies, a list button and a bounded date input', () => {
    const q = {
      ...bank,
      interactive: { type: 'quick_replies', text: 'Was it you?', replies: [{ id: 'a', label: 'Yes' }] },
    };
    assert.match(
      renderToString(h(Interactive, { message: q, messages: [q], meId: 'ann', on })),
      /data-testid="quick-reply"/,
    );
    const d = {
      ...bank,
      interactive: {
        type: 'datetime',
        id: 'day',
        text: 'Which day?',
        mode: 'date',
        min: '2026-12-20',
        max: '2026-12-27',
      },
    };
    const html = renderToString(h(Interactive, { message: d, messages: [d], meId: 'ann', on }));
    assert.match(html, /type="date"/);
    assert.match(html, /min="2026-12-20"/);
    assert.match(
      renderToString(h(SharedLocation, { location: { latitude: 1, longitude: 2, label: 'Home' } })),
      /openstreetmap/,
    );
  });
});
