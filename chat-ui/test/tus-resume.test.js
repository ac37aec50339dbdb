// The upload queue with the real tus-js-client (its Node build) against a small tus 1.0.0 server
// in this process: the connection drops halfway and the upload goes on from the server's offset;
// a refusal comes back as the problem's words.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Upload } from 'tus-js-client';
import { createUploads } from '../src/uploads.js';

const uploads = new Map(); // id -> { length, data: Buffer, metadata }
let seq = 0;
let dropOnce = true;
let refuse = false;
const seen = [];

function metadataOf(header) {
  const out = {};
  for (const pair of String(header ?? '').split(',')) {
    const [k, v] = pair.trim().split(' ');
    if (k) out[k] = v ? Buffer.from(v, 'base64').toString('utf8') : '';
  }
  return out;
}

const server = createServer((req, res) => {
  seen.push({ method: req.method, url: req.url, csrf: req.headers['x-csrf-token'] ?? null });
  res.setHeader('Tus-Resumable', '1.0.0');
  if (req.method === 'POST' && req.url === '/api/uploads') {
    const id = `att${++seq}`;
    uploads.set(id, {
      length: Number(req.headers['upload-length']),
      data: Buffer.alloc(0),
      metadata: metadataOf(req.headers['upload-metadata']),
    });
    res.writeHead(201, { Location: `/api/uploads/${id}` }).end();
    return;
  }
  const id = req.url.split('/').pop();
  const u = uploads.get(id);
  if (!u) {
    res.writeHead(404).end();
    return;
  }
  if (req.method === 'HEAD') {
    res.writeHead(200, { 'Upload-Offset': String(u.data.length), 'Upload-Length': String(u.length) }).end();
    return;
  }
  if (req.method === 'PATCH') {
    if (Number(req.headers['upload-offset']) !== u.data.length) {
      res.writeHead(409).end();
      return;
    }
    req.on('data', (chunk) => {
      u.data = Buffer.concat([u.data, chunk]);
      // The first time, keep what arrived of the first half and drop the connection.
      if (dropOnce && u.data.length >= u.length / 2) {
        dropOnce = false;
        req.socket.destroy();
      }
    });
    req.on('end', () => {
      if (u.data.length < u.length) {
        res.writeHead(204, { 'Upload-Offset': String(u.data.length) }).end();
        return;
      }
      if (refuse) {
        res.writeHead(415, { 'Content-Type': 'application/problem+json' }).end(
          JSON.stringify({
            type: 'https://parley.dev/problems/type-mismatch',
            detail: 'This is a PDF, not an image',
          }),
        );
        return;
      }
      res.writeHead(204, { 'Upload-Offset': String(u.data.length), 'Parley-Attachment-Id': id }).end();
    });
    return;
  }
  res.writeHead(405).end();
});

let base;
before(async () => {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

function queueFor(buffers) {
  return createUploads({
    endpoint: `${base}/api/uploads`,
    csrfToken: () => 'csrf-1',
    accountId: 'acc',
    // Node's tus reads Buffers; the browser build reads the File itself.
    makeUpload: (file, options) => new Upload(buffers.get(file), options),
  });
}

function waitFor(queue, cid, wanted) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out: ${JSON.stringify(queue.tray(cid))}`)), 10000);
    const check = () => {
      const s = queue.status(cid);
      if (wanted.includes(s)) {
        clearTimeout(t);
        resolve(s);
      }
    };
    queue.subscribe(check);
    check();
  });
}

describe('tus uploads (tus-js-client against a tus server)', () => {
  it('resumes from the server’s offset after the connection dropped, and the bytes arrive whole', async () => {
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    const blob = new File([bytes], 'bank statement.pdf', { type: 'application/pdf' });
    const queue = queueFor(new Map([[blob, bytes]]));
    queue.add('c1', [blob]);
    assert.equal(await waitFor(queue, 'c1', ['ready', 'failed']), 'ready');
    const item = queue.tray('c1')[0];
    const stored = uploads.get(item.attachmentId);
    assert.ok(stored.data.equals(bytes), 'the server holds the whole file');
    assert.equal(stored.metadata.filename, 'bank statement.pdf');
    assert.equal(stored.metadata.filetype, 'application/pdf');
    assert.equal(stored.metadata.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.ok(
      seen.some((s) => s.method === 'HEAD'),
      'asked the server for its offset after the drop',
    );
    assert.equal(seen.filter((s) => s.method === 'PATCH').length, 2, 'one PATCH dropped, one to finish');
    assert.ok(seen.filter((s) => s.method !== 'HEAD').every((s) => s.csrf === 'csrf-1'));
  });

  it('a refusal at the last byte is final and shows the problem’s detail', async () => {
    refuse = true;
    const bytes = Buffer.from('%PDF-1.7 not an image');
    const blob = new File([bytes], 'meter.jpg', { type: 'image/jpeg' });
    const queue = queueFor(new Map([[blob, bytes]]));
    queue.add('c2', [blob]);
    assert.equal(await waitFor(queue, 'c2', ['ready', 'failed']), 'failed');
    const item = queue.tray('c2')[0];
    assert.equal(item.problem.status, 415);
    assert.equal(item.problem.detail, 'This is a PDF, not an image');
  });
});
