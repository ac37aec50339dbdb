import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstPreviewUrl, previewField, siteOf } from '../src/links.js';

test('firstPreviewUrl takes the first http(s) URL exactly as typed', () => {
  assert.equal(firstPreviewUrl('see https://example.com/a?b=1, and http://other.org'), 'https://example.com/a?b=1');
  assert.equal(firstPreviewUrl('(https://example.com/x)'), 'https://example.com/x');
  assert.equal(firstPreviewUrl('no links here'), null);
  assert.equal(firstPreviewUrl('parley://c/abc only'), null);
});

test('firstPreviewUrl skips links to the messenger itself', () => {
  const origin = 'https://chat.example.org';
  assert.equal(
    firstPreviewUrl(`${origin}/c/abc then https://news.example.com/1`, origin),
    'https://news.example.com/1',
  );
});

test('previewField: the shown preview is sent, a removed one is refused, nothing else says anything', () => {
  const url = 'https://example.com/page';
  const shown = { url, preview: { url, title: 'T' }, dismissed: false };
  assert.deepEqual(previewField(`look ${url}`, shown), { linkPreview: { url } });
  assert.deepEqual(previewField(`look ${url}`, { ...shown, dismissed: true }), { linkPreview: false });
  assert.equal(previewField(`look ${url}`, { url, preview: null, dismissed: false }), undefined);
  assert.equal(previewField('the link was deleted', shown), undefined);
  assert.equal(previewField(`look ${url}`, null), undefined);
});

test('siteOf falls back to the host', () => {
  assert.equal(siteOf({ url: 'https://news.example.com/a', siteName: 'News' }), 'News');
  assert.equal(siteOf({ url: 'https://news.example.com/a', siteName: '' }), 'news.example.com');
});
