import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizeCard } from '../src/cards.js';
import {
  acceptWords,
  fileAccepted,
  MAX_CARD_FILES,
  safeFileUrl,
  sanitizeFiles,
  uploadCardFile,
} from '../src/cardFiles.js';

const ORIGIN = 'https://chat.example';

/** A fake tus Upload: records its options and ends as the test says. */
function fakeUploads(outcome) {
  const made = [];
  const makeUpload = (file, options) => {
    const upload = {
      url: 'https://chat.example/api/uploads/abcdefghijklmnopqrst',
      start() {
        const req = { headers: {}, getMethod: () => 'POST', setHeader: (k, v) => (req.headers[k] = v) };
        options.onBeforeRequest(req);
        made.push({ file, options, headers: req.headers });
        options.onProgress(5, 10);
        outcome(options);
      },
    };
    return upload;
  };
  return { made, makeUpload };
}

describe('card files', () => {
  it('keeps a request_file button with what it accepts', () => {
    const card = sanitizeCard(
      {
        title: 'Meter reading',
        buttons: [
          { id: 'photo', label: 'Send a photo', type: 'request_file', accept: 'image/*' },
          { label: 'no id', type: 'request_file' },
        ],
      },
      ORIGIN,
    );
    assert.deepEqual(card.buttons, [
      { id: 'photo', label: 'Send a photo', type: 'request_file', value: undefined, url: null, accept: 'image/*' },
    ]);
  });

  it("shows files with safe URLs only: the app's /static/ files, attachments, https", () => {
    assert.equal(
      safeFileUrl('/api/attachments/abc/content', ORIGIN),
      'https://chat.example/api/attachments/abc/content',
    );
    assert.equal(
      safeFileUrl('/static/apps/a/d/ui/menu.pdf', ORIGIN),
      'https://chat.example/static/apps/a/d/ui/menu.pdf',
    );
    for (const bad of [
      'javascript:alert(1)',
      '/api/me',
      '/api/attachments/abc/content?exp=1',
      '/api/attachments/../me/content',
      '//evil.example/api/attachments/a/content',
      'http://chat.example/static/x.png',
      'data:image/png;base64,AA',
    ]) {
      assert.equal(safeFileUrl(bad, ORIGIN), null, bad);
    }
    const files = sanitizeFiles(
      [
        {
          kind: 'image',
          name: 'meter.png',
          contentType: 'image/png',
          size: 10,
          url: '/api/attachments/a1/content',
          width: 64,
        },
        { kind: 'image', name: 'x.svg', contentType: 'image/svg+xml', url: '/static/apps/a/d/ui/x.svg' },
        { kind: 'file', name: 'evil', url: 'javascript:alert(1)' },
        { kind: 'file', name: 'menu.pdf', contentType: 'application/pdf', url: '/static/apps/a/d/ui/menu.pdf' },
      ],
      ORIGIN,
    );
    assert.deepEqual(
      files.map((f) => [f.kind, f.name]),
      [
        ['image', 'meter.png'],
        ['file', 'x.svg'], // an SVG is never shown as an image, only offered as a download
        ['file', 'menu.pdf'],
      ],
    );
    assert.equal(files[0].width, 64);
    const many = Array.from({ length: 9 }, (_, i) => ({ name: `f${i}`, url: '/static/f' }));
    assert.equal(sanitizeFiles(many, ORIGIN).length, MAX_CARD_FILES);
  });

  it('tells which chosen files a button accepts', () => {
    assert.equal(fileAccepted({ type: 'image/jpeg', name: 'a.jpg' }, 'image/*'), true);
    assert.equal(fileAccepted({ type: 'application/pdf', name: 'a.pdf' }, 'image/*'), false);
    assert.equal(fileAccepted({ type: '', name: 'Statement.PDF' }, 'image/*,.pdf'), true);
    assert.equal(fileAccepted({ type: 'text/plain', name: 'a.txt' }, ''), true);
    assert.equal(acceptWords('image/*,application/pdf'), 'a photo or a PDF');
  });

  it('uploads the chosen file with tus, with the CSRF header and checksum, and answers its attachment id', async () => {
    const { made, makeUpload } = fakeUploads((o) =>
      o.onSuccess({ lastResponse: { getHeader: (h) => (h === 'Parley-Attachment-Id' ? 'att42' : null) } }),
    );
    const progress = [];
    const file = { name: 'meter.jpg', type: 'image/jpeg', size: 10 };
    const id = await uploadCardFile(file, {
      makeUpload,
      csrfToken: () => 'tok',
      hash: async () => 'ab'.repeat(32),
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    assert.equal(id, 'att42');
    assert.equal(made[0].headers['X-CSRF-Token'], 'tok');
    assert.deepEqual(made[0].options.metadata, {
      filename: 'meter.jpg',
      filetype: 'image/jpeg',
      sha256: 'ab'.repeat(32),
    });
    assert.deepEqual(progress, [[5, 10]]);
  });

  it("rejects with the server's problem in words when the upload is refused", async () => {
    const { makeUpload } = fakeUploads((o) =>
      o.onError({
        originalResponse: {
          getStatus: () => 415,
          getBody: () => JSON.stringify({ status: 415, detail: 'declared image/jpeg but found text/plain' }),
        },
      }),
    );
    await assert.rejects(
      uploadCardFile({ name: 'a.jpg', type: 'image/jpeg', size: 3 }, { makeUpload, hash: async () => null }),
      (e) => e.message === 'declared image/jpeg but found text/plain' && e.problem.status === 415,
    );
  });
});
