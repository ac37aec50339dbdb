// The attachment components rendered to HTML (preact-render-to-string): what a bubble, the tray
// and the file chips show before any script runs in them.
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { describe, it } from 'node:test';

register('./jsx-loader.js', import.meta.url);
const { h } = await import('preact');
const { renderToString } = await import('preact-render-to-string');
const { Attachments, PendingAttachments } = await import('../src/components/Attachments.jsx');
const { AttachmentTray } = await import('../src/components/AttachmentTray.jsx');

const image = {
  id: 'img1',
  kind: 'image',
  contentType: 'image/jpeg',
  name: 'meter.jpg',
  size: 120_000,
  width: 1600,
  height: 1200,
  placeholder: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
  inline: true,
  url: '/api/attachments/img1/content',
  previewUrl: '/api/attachments/img1/preview',
};
const pdf = {
  id: 'pdf1',
  kind: 'file',
  contentType: 'application/pdf',
  name: 'statement <b>May</b>.pdf',
  size: 2500,
  pageCount: 3,
  inline: false,
  url: '/api/attachments/pdf1/content',
  previewUrl: '/api/attachments/pdf1/preview',
};
const voice = {
  id: 'v1',
  kind: 'voice',
  contentType: 'audio/ogg',
  name: 'voice.ogg',
  size: 9000,
  durationMs: 4000,
  waveform: Array.from({ length: 64 }, (_, i) => i),
  inline: true,
  url: '/api/attachments/v1/content',
};

const render = (vnode) => renderToString(vnode);

describe('attachments in a message', () => {
  it('an image keeps its shape before loading: the box, the BlurHash canvas, then the thumbnail', () => {
    const html = render(h(Attachments, { message: { id: 'm', attachments: [image] } }));
    assert.match(html, /data-testid="attachment-image"/);
    assert.match(html, /width:\s*320px/);
    assert.match(html, /aspect-ratio:\s*320 \/ 240/);
    assert.match(html, /<canvas[^>]*class="blurhash"/);
    assert.match(html, /src="\/api\/attachments\/img1\/preview"/);
    assert.match(html, /aria-label="Photo meter\.jpg\. Open"/);
  });

  it('several pictures form a grid; the third of three spans', () => {
    const many = [1, 2, 3].map((i) => ({ ...image, id: `i${i}` }));
    const html = render(h(Attachments, { message: { id: 'm', attachments: many } }));
    assert.match(html, /class="media-grid many" data-count="3"/);
    assert.equal((html.match(/media-tile image span/g) ?? []).length, 1);
  });

  it('a file chip: first page, name as text, size · type · pages, a download link', () => {
    const html = render(h(Attachments, { message: { id: 'm', attachments: [pdf] } }));
    assert.match(html, /data-testid="file-thumb"/);
    assert.match(html, /statement &lt;b>May&lt;\/b>\.pdf/);
    assert.doesNotMatch(html, /<b>May<\/b>/);
    assert.match(html, /2\.4 KB · PDF · 3 pages/);
    assert.match(html, /href="\/api\/attachments\/pdf1\/content" download="statement &lt;b>May&lt;\/b>\.pdf"/);
  });

  it('a voice message: a labelled play button, the waveform, the duration', () => {
    const html = render(h(Attachments, { message: { id: 'm', attachments: [voice] } }));
    assert.match(html, /aria-label="Play voice message"/);
    assert.equal((html.match(/class="bar/g) ?? []).length, 40);
    assert.match(html, /role="slider"/);
    assert.match(html, />0:04</);
  });

  it('a missing preview says why, in words', () => {
    const broken = { ...pdf, previewUrl: undefined, previewFailure: 'This PDF is protected by a password.' };
    const html = render(h(Attachments, { message: { id: 'm', attachments: [broken] } }));
    assert.match(html, /data-testid="preview-failure"[^>]*>This PDF is protected by a password\./);
    assert.match(html, /class="file-icon pdf"/);
  });

  it('a voice message with its waveform has nothing missing to explain', () => {
    const v = { ...voice, previewFailure: 'no preview for this type' };
    assert.doesNotMatch(render(h(Attachments, { message: { id: 'm', attachments: [v] } })), /preview-failure/);
    const bare = { ...v, waveform: undefined };
    assert.match(render(h(Attachments, { message: { id: 'm', attachments: [bare] } })), /preview-failure/);
  });

  it('a video without a poster in the grid shows the browser’s first frame', () => {
    const clip = { ...image, id: 'v', kind: 'video', contentType: 'video/webm', previewUrl: undefined, url: '/c' };
    const html = render(h(Attachments, { message: { id: 'm', attachments: [clip, image] } }));
    assert.match(html, /<video class="media-frame" src="\/c#t=0\.1" preload="metadata"/);
  });

  it('a deleted message shows no attachments (its tombstone speaks)', () => {
    assert.equal(render(h(Attachments, { message: { id: 'm', deleted: true, attachments: [image] } })), '');
    assert.equal(render(h(Attachments, { message: { id: 'm' } })), '');
  });

  it('a pending message shows the local picture', () => {
    const html = render(h(PendingAttachments, { items: [{ id: 'a', kind: 'image', localUrl: 'blob:x', size: 1 }] }));
    assert.match(html, /src="blob:x"/);
  });
});

describe('the tray', () => {
  const base = { conversationId: 'c', type: 'image/png', kind: 'image', size: 2000, total: 2000, thumbUrl: 'blob:1' };
  it('shows each file with its progress, and a refusal in the server’s words', () => {
    const items = [
      { ...base, key: 'a', name: 'a.png', status: 'uploading', loaded: 1000 },
      {
        ...base,
        key: 'b',
        name: 'scan.jpg',
        status: 'failed',
        problem: { status: 415, detail: 'This is a PDF, not an image', transient: false },
      },
    ];
    const html = render(h(AttachmentTray, { items, onRemove() {}, onRetry() {} }));
    assert.match(html, /<progress[^>]*value="0\.5"/);
    assert.match(html, /50\s?%/);
    assert.match(html, /role="alert" data-testid="upload-problem">This is a PDF, not an image</);
    assert.match(html, /aria-label="Remove scan\.jpg"/);
    assert.doesNotMatch(html, /Try scan\.jpg again/, 'a refusal is final: no retry');
  });

  it('renders nothing without files', () => {
    assert.equal(render(h(AttachmentTray, { items: [], onRemove() {}, onRetry() {} })), '');
  });
});
