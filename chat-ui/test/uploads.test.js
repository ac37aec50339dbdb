import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHUNK_SIZE, createUploads, problemOf, problemText, RETRY_DELAYS, sha256Hex } from '../src/uploads.js';

/** A stand-in for tus-js-client's Upload: records what it was given, finished by the test. */
function fakeTus() {
  const made = [];
  function makeUpload(file, options) {
    const u = {
      file,
      options,
      url: null,
      started: 0,
      aborted: null,
      previous: [],
      resumedFrom: null,
      start() {
        u.started++;
      },
      abort(terminate) {
        u.aborted = terminate;
        return Promise.resolve();
      },
      findPreviousUploads: () => Promise.resolve(u.previous),
      resumeFromPreviousUpload(p) {
        u.resumedFrom = p;
        u.url = p.uploadUrl;
      },
      // test helpers
      progress(sent) {
        options.onProgress(sent, file.size);
      },
      succeed(id, header = id) {
        u.url = `/api/uploads/${id}`;
        options.onSuccess({ lastResponse: { getHeader: (h) => (h === 'Parley-Attachment-Id' ? header : null) } });
      },
      fail(status, body) {
        options.onError({
          originalRequest: {},
          originalResponse: status == null ? null : { getStatus: () => status, getBody: () => body },
        });
      },
    };
    made.push(u);
    return u;
  }
  return { made, makeUpload };
}

const tick = () => new Promise((r) => setImmediate(r));
async function settle() {
  for (let i = 0; i < 5; i++) await tick();
}

function file(name, type, size = 10) {
  return new File([new Uint8Array(size).fill(7)], name, { type });
}

function setup(extra = {}) {
  const tus = fakeTus();
  const revoked = [];
  let n = 0;
  const timers = [];
  const uploads = createUploads({
    makeUpload: tus.makeUpload,
    csrfToken: () => 'tok',
    accountId: 'acc1',
    hash: async (f) => `hash-of-${f.name}`,
    objectUrls: { create: () => `blob:${++n}`, revoke: (u) => revoked.push(u) },
    setTimeout: (fn) => timers.push(fn),
    ...extra,
  });
  return { tus, uploads, revoked, timers };
}

describe('uploads', () => {
  it('uploads to /api/uploads with the file name, declared type and the whole file’s sha256', async () => {
    const { tus, uploads } = setup();
    uploads.add('c1', [file('meter.jpg', 'image/jpeg')]);
    await settle();
    assert.equal(tus.made.length, 1);
    const o = tus.made[0].options;
    assert.equal(o.endpoint, '/api/uploads');
    assert.deepEqual(o.metadata, { filename: 'meter.jpg', filetype: 'image/jpeg', sha256: 'hash-of-meter.jpg' });
    assert.deepEqual(o.retryDelays, [...RETRY_DELAYS]);
    assert.equal(o.chunkSize, CHUNK_SIZE);
    assert.equal(o.storeFingerprintForResuming, true);
    assert.equal(o.removeFingerprintOnSuccess, true);
    assert.equal(tus.made[0].started, 1);
    const item = uploads.tray('c1')[0];
    assert.equal(item.kind, 'image');
    assert.equal(item.thumbUrl, 'blob:1');
    assert.equal(item.status, 'uploading');
  });

  it('sends the CSRF header on unsafe requests and credentials on the XHR', async () => {
    const { tus, uploads } = setup();
    uploads.add('c1', [file('a.pdf', 'application/pdf')]);
    await settle();
    const headers = {};
    const xhr = { withCredentials: false };
    tus.made[0].options.onBeforeRequest({
      getMethod: () => 'PATCH',
      setHeader: (k, v) => (headers[k] = v),
      getUnderlyingObject: () => xhr,
    });
    assert.equal(headers['X-CSRF-Token'], 'tok');
    assert.equal(xhr.withCredentials, true);
  });

  it('a fingerprint names the person and the bytes, so another account never resumes it', async () => {
    const { tus, uploads } = setup();
    uploads.add('c1', [file('a.pdf', 'application/pdf', 33)]);
    await settle();
    const fp = await tus.made[0].options.fingerprint();
    assert.match(fp, /acc1/);
    assert.match(fp, /33/);
    assert.match(fp, /hash-of-a\.pdf/);
  });

  it('resumes an upload of the same bytes stored before (a reload mid-upload)', async () => {
    const tus = fakeTus();
    const orig = tus.makeUpload;
    const uploads = createUploads({
      makeUpload: (f, o) => {
        const u = orig(f, o);
        u.previous = [{ uploadUrl: '/api/uploads/old1' }];
        return u;
      },
      hash: async () => 'h',
    });
    uploads.add('c1', [file('a.pdf', 'application/pdf')]);
    await settle();
    assert.deepEqual(tus.made[0].resumedFrom, { uploadUrl: '/api/uploads/old1' });
    assert.equal(tus.made[0].started, 1);
  });

  it('shows progress, then the attachment id from Parley-Attachment-Id', async () => {
    const { tus, uploads } = setup();
    uploads.add('c1', [file('a.pdf', 'application/pdf', 100)]);
    await settle();
    tus.made[0].progress(40);
    assert.equal(uploads.tray('c1')[0].loaded, 40);
    assert.equal(uploads.status('c1'), 'busy');
    tus.made[0].succeed('att-1');
    assert.equal(uploads.tray('c1')[0].status, 'ready');
    assert.equal(uploads.tray('c1')[0].attachmentId, 'att-1');
    assert.equal(uploads.status('c1'), 'ready');
  });

  it('without the header, the attachment id is the upload URL’s last segment', async () => {
    const { tus, uploads } = setup();
    uploads.add('c1', [file('a.pdf', 'application/pdf')]);
    await settle();
    tus.made[0].succeed('att-9', null);
    assert.equal(uploads.tray('c1')[0].attachmentId, 'att-9');
  });

  it('a refused file shows the server’s problem detail next to it and is not retried', async () => {
    const { tus, uploads } = setup();
    uploads.add('c1', [file('scan.jpg', 'image/jpeg')]);
    await settle();
    const body = JSON.stringify({
      type: 'https://parley.dev/problems/type-mismatch',
      title: 'Type mismatch',
      detail: 'This is a PDF, not an image',
    });
    const err = { originalRequest: {}, originalResponse: { getStatus: () => 415, getBody: () => body } };
    assert.equal(tus.made[0].options.onShouldRetry(err), false);
    tus.made[0].fail(415, body);
    const item = uploads.tray('c1')[0];
    assert.equal(item.status, 'failed');
    assert.equal(problemText(item.problem), 'This is a PDF, not an image');
    assert.equal(item.problem.type, 'https://parley.dev/problems/type-mismatch');
    assert.equal(uploads.status('c1'), 'failed');
    assert.equal(uploads.take('c1'), null, 'a tray with a refused file cannot be sent');
  });

  it('retries dropped connections, 5xx and 429 (the concurrent-upload cap), not 413', () => {
    const err = (status) => ({ originalRequest: {}, originalResponse: { getStatus: () => status, getBody: () => '' } });
    const { tus, uploads } = setup();
    uploads.add('c1', [file('a.pdf', 'application/pdf')]);
    return settle().then(() => {
      const should = tus.made[0].options.onShouldRetry;
      assert.equal(should(err(0)), true);
      assert.equal(should(err(503)), true);
      assert.equal(should(err(429)), true);
      assert.equal(should(err(409)), true);
      assert.equal(should(err(413)), false);
      assert.equal(should({ originalRequest: {}, originalResponse: null }), true);
    });
  });

  it('a file that failed on the way resumes on the same upload (HEAD, then on from the offset)', async () => {
    const { tus, uploads } = setup();
    uploads.add('c1', [file('a.pdf', 'application/pdf')]);
    await settle();
    tus.made[0].url = '/api/uploads/x1';
    tus.made[0].fail(null);
    assert.equal(uploads.tray('c1')[0].problem.transient, true);
    uploads.resumeAll();
    assert.equal(tus.made.length, 1, 'no new upload');
    assert.equal(tus.made[0].started, 2);
    assert.equal(uploads.tray('c1')[0].status, 'uploading');
  });

  it('runs at most three uploads at once and starts the next when one ends', async () => {
    const { tus, uploads } = setup();
    uploads.add(
      'c1',
      [1, 2, 3, 4, 5].map((i) => file(`f${i}.pdf`, 'application/pdf')),
    );
    await settle();
    assert.equal(tus.made.length, 3);
    assert.deepEqual(
      uploads.tray('c1').map((x) => x.status),
      ['uploading', 'uploading', 'uploading', 'queued', 'queued'],
    );
    tus.made[1].succeed('b');
    await settle();
    assert.equal(tus.made.length, 4);
    assert.equal(tus.made[3].options.metadata.filename, 'f4.pdf');
  });

  it('takes at most ten files for one message', () => {
    const { uploads } = setup({ maxParallel: 0 });
    const r = uploads.add(
      'c1',
      Array.from({ length: 12 }, (_, i) => file(`f${i}.txt`, 'text/plain')),
    );
    assert.equal(r.keys.length, 10);
    assert.equal(r.overflow, 2);
  });

  it('removing a file ends its upload on the server and frees its thumbnail', async () => {
    const { tus, uploads, revoked } = setup();
    uploads.add('c1', [file('a.png', 'image/png')]);
    await settle();
    tus.made[0].url = '/api/uploads/x1';
    uploads.remove('c1', uploads.tray('c1')[0].key);
    assert.equal(tus.made[0].aborted, true, 'terminated (DELETE)');
    assert.deepEqual(revoked, ['blob:1']);
    assert.deepEqual(uploads.tray('c1'), []);
    assert.equal(uploads.status('c1'), 'empty');
  });

  it('take() hands over the ids in order and keeps thumbnails a while for the pending message', async () => {
    const { tus, uploads, revoked, timers } = setup();
    uploads.add('c1', [file('a.png', 'image/png'), file('b.pdf', 'application/pdf')]);
    await settle();
    tus.made[1].succeed('B');
    assert.equal(uploads.take('c1'), null, 'not while one is still uploading');
    tus.made[0].succeed('A');
    const taken = uploads.take('c1');
    assert.deepEqual(taken.attachmentIds, ['A', 'B']);
    assert.equal(taken.preview[0].localUrl, 'blob:1');
    assert.equal(taken.preview[1].kind, 'file');
    assert.deepEqual(uploads.tray('c1'), []);
    assert.deepEqual(revoked, []);
    timers.forEach((fn) => fn());
    assert.deepEqual(revoked, ['blob:1']);
  });

  it('trays are per conversation', async () => {
    const { uploads } = setup({ maxParallel: 0 });
    uploads.add('c1', [file('a.png', 'image/png')]);
    uploads.add('c2', [file('v.ogg', 'audio/ogg')], { recorded: true, durationMs: 3000 });
    assert.equal(uploads.tray('c1').length, 1);
    assert.equal(uploads.tray('c2')[0].kind, 'voice');
    assert.equal(uploads.tray('c2')[0].durationMs, 3000);
  });

  it('a problem without words still says something', () => {
    assert.equal(
      problemText(problemOf(new Error('x'))),
      'The connection dropped. It resumes when you are back online.',
    );
    assert.equal(problemText({ status: 413 }), 'This file is too large.');
    assert.equal(
      problemText(problemOf({ status: 413, detail: 'Images are at most 20 MB' })),
      'Images are at most 20 MB',
    );
  });

  it('sha256Hex is the lowercase hex of the whole file', async () => {
    const hex = await sha256Hex(new Blob(['abc']));
    assert.equal(hex, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(await sha256Hex(new Blob(['abc']), null), null);
  });
});
