import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardApp, cardPreview, isExternal, MAX_BUTTONS, MAX_FIELDS, safeUrl, sanitizeCard } from '../src/cards.js';

const ORIGIN = 'https://chat.example';

describe('cards', () => {
  it('keeps https URLs and same-origin /static/ paths only', () => {
    assert.equal(safeUrl('https://img.example/a.png', ORIGIN), 'https://img.example/a.png');
    assert.equal(
      safeUrl('/static/apps/poll/abc/icon.png', ORIGIN),
      'https://chat.example/static/apps/poll/abc/icon.png',
    );
    assert.equal(safeUrl('https://chat.example/static/x.png', ORIGIN), 'https://chat.example/static/x.png');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'http://img.example/a.png',
      '//evil.example/static/x.png',
      '/\\evil.example/static/x.png',
      '/api/conversations',
      '/static/../api/me/pins',
      '/static/%2e%2e/api/x',
      'static/x.png',
      'https://user:pass@img.example/a.png',
      'https://img.example/\u0000a.png',
      'vbscript:x',
      'blob:https://chat.example/1',
      42,
      null,
      { url: 'https://x' },
    ]) {
      assert.equal(safeUrl(bad, ORIGIN), null, String(bad));
    }
  });

  it('sanitises a card to the known shape and drops what is unknown', () => {
    const card = sanitizeCard(
      {
        title: 'Lunch?',
        text: 'Vote\u0007 now',
        image: 'javascript:alert(1)',
        fields: [
          { label: 'Where', value: 'Cafe' },
          { label: 'Votes', value: 3 },
          { label: { html: '<b>' }, value: null },
          'junk',
        ],
        buttons: [
          { id: 'yes', label: 'Yes', type: 'callback', value: 'y' },
          { id: 'page', label: 'Open', type: 'open_page', value: 'poll-1' },
          { id: 'docs', label: 'Docs', type: 'open_link', url: 'https://docs.example/p' },
          { id: 'evil', label: 'Evil', type: 'open_link', url: 'javascript:alert(1)' },
          { id: 'x', label: 'Script', type: 'script' },
          { label: 'No id', type: 'callback' },
          { id: 'yes', label: 'Duplicate', type: 'callback' },
        ],
        html: '<img src=x onerror=alert(1)>',
        onclick: 'alert(1)',
      },
      ORIGIN,
    );
    assert.deepEqual(Object.keys(card).sort(), ['buttons', 'fields', 'image', 'text', 'title']);
    assert.equal(card.title, 'Lunch?');
    assert.equal(card.text, 'Vote now');
    assert.equal(card.image, null);
    assert.deepEqual(card.fields, [
      { label: 'Where', value: 'Cafe' },
      { label: 'Votes', value: '3' },
    ]);
    assert.deepEqual(
      card.buttons.map((b) => [b.id, b.type, b.url]),
      [
        ['yes', 'callback', null],
        ['page', 'open_page', null],
        ['docs', 'open_link', 'https://docs.example/p'],
      ],
    );
  });

  it('keeps text that looks like HTML as text', () => {
    const card = sanitizeCard({ title: '<script>alert(1)</script>', text: '<img src=x onerror=alert(1)>' }, ORIGIN);
    assert.equal(card.title, '<script>alert(1)</script>');
    assert.equal(card.text, '<img src=x onerror=alert(1)>');
  });

  it('caps buttons, fields and long strings', () => {
    const card = sanitizeCard(
      {
        title: 'x'.repeat(500),
        fields: Array.from({ length: 30 }, (_, i) => ({ label: `f${i}`, value: 'v' })),
        buttons: Array.from({ length: 12 }, (_, i) => ({ id: `b${i}`, label: `B${i}`, type: 'callback' })),
        image: { url: '/static/apps/a/d/i.png', alt: 'A chart' },
      },
      ORIGIN,
    );
    assert.equal(card.fields.length, MAX_FIELDS);
    assert.equal(card.buttons.length, MAX_BUTTONS);
    assert.equal(card.title.length, 200);
    assert.deepEqual(card.image, { url: 'https://chat.example/static/apps/a/d/i.png', alt: 'A chart' });
  });

  it('survives anything that is not a card', () => {
    for (const bad of [null, undefined, 'text', 42, [], { fields: 'x', buttons: {} }]) {
      const card = sanitizeCard(bad, ORIGIN);
      assert.deepEqual(card, { title: '', text: '', image: null, fields: [], buttons: [] });
    }
  });

  it('labels the app and tells external links apart', () => {
    assert.deepEqual(cardApp({ app: { id: 'poll', name: 'Polls', iconUrl: 'javascript:x' } }, ORIGIN), {
      id: 'poll',
      name: 'Polls',
      iconUrl: null,
    });
    assert.equal(cardApp({}, ORIGIN).name, 'An app');
    assert.equal(cardPreview({ app: { name: 'Polls' }, card: { title: 'Lunch?' } }), 'Polls: Lunch?');
    assert.equal(isExternal('https://docs.example/x', ORIGIN), true);
    assert.equal(isExternal('https://chat.example/static/x', ORIGIN), false);
  });
});
