// The composer's attachments: a tray per conversation of files on their way to the server with
// tus (docs/api.md "Uploads"), a few at a time, resumable, each with its progress and, when the
// server refuses one, its problem in words. No DOM: tus and hashing are handed in, so this runs
// under `node --test`.

import { guessKind, MAX_ATTACHMENTS } from './attachments.js';
import { namespace } from './i18n.js';
import errorsCatalogue from './locales/errors.js';

const te = namespace('errors', errorsCatalogue);

export const UPLOAD_ENDPOINT = '/api/uploads';
/** Retries after a dropped connection or a 5xx/429 (ms): about a minute before the file says it failed. */
export const RETRY_DELAYS = Object.freeze([0, 1000, 3000, 5000, 10000, 20000]);
/** PATCH bodies of at most this many bytes: a dropped connection loses at most one chunk. */
export const CHUNK_SIZE = 8 * 1024 * 1024;
/** Uploads running at once (the server also caps concurrent uploads per user; 429 beyond it). */
export const MAX_PARALLEL = 3;

/** Lowercase hex SHA-256 of a Blob, or null where SubtleCrypto is missing (plain-http LAN pages). */
export async function sha256Hex(blob, subtle = globalThis.crypto?.subtle) {
  if (!subtle || typeof subtle.digest !== 'function') return null;
  const digest = await subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The problem a failed upload carries, from tus-js-client's DetailedError (its
 * `originalResponse`), an ApiError, or anything else: `{status, type, title, detail, transient}`.
 * `transient`: the network or the server's load, worth another try by itself.
 */
export function problemOf(err) {
  const res = err && err.originalResponse;
  if (res && typeof res.getStatus === 'function') {
    const status = res.getStatus();
    let body = null;
    try {
      const text = res.getBody();
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    const p = body && typeof body === 'object' ? body : {};
    return {
      status,
      type: p.type ?? null,
      title: p.title ?? null,
      detail: p.detail ?? null,
      transient: status === 0 || status >= 500 || status === 429 || status === 423,
    };
  }
  if (err && typeof err.status === 'number') {
    return {
      status: err.status,
      type: err.type ?? null,
      title: err.title ?? null,
      detail: err.detail ?? null,
      transient: err.status === 0 || err.status >= 500 || err.status === 429,
    };
  }
  // No HTTP answer at all: offline, reset, or the request never left.
  return { status: 0, type: null, title: null, detail: null, transient: true };
}

/** A problem in words, next to its file: the server's detail first, never nothing. */
export function problemText(p) {
  if (!p) return '';
  if (p.detail) return p.detail;
  if (p.title) return p.title;
  if (p.status === 0) return te('uploadDropped');
  if (p.status === 413) return te('tooLarge');
  if (p.status === 415) return te('badType');
  if (p.status === 429) return te('tooManyUploads');
  if (p.status >= 500) return te('serverFileProblem');
  return te('uploadFailed', { status: p.status });
}

function makeKey(seq) {
  return `u${seq}`;
}

/**
 * @param {object} o
 * @param {(file: Blob, options: object) => {start(): void, abort(terminate?: boolean): Promise<void>,
 *   findPreviousUploads(): Promise<object[]>, resumeFromPreviousUpload(u: object): void, url: string|null}} o.makeUpload
 *   builds a tus Upload (tus-js-client's `new Upload(file, options)` in the browser)
 * @param {() => string|null} [o.csrfToken] the session's CSRF token, read for every request
 * @param {string} [o.accountId] part of the resume fingerprint, so one browser never resumes another person's upload
 * @param {(file: Blob) => Promise<string|null>} [o.hash]
 * @param {{create(b: Blob): string, revoke(url: string): void}} [o.objectUrls] thumbnails in the tray
 * @param {number} [o.maxParallel]
 * @param {(fn: () => void, ms: number) => unknown} [o.setTimeout]
 */
export function createUploads(o) {
  const makeUpload = o.makeUpload;
  const hash = o.hash ?? ((file) => sha256Hex(file));
  const csrfToken = o.csrfToken ?? (() => null);
  const objectUrls = o.objectUrls ?? null;
  const maxParallel = o.maxParallel ?? MAX_PARALLEL;
  const later = o.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
  const endpoint = o.endpoint ?? UPLOAD_ENDPOINT;

  let trays = {}; // conversationId -> [item]
  const running = new Map(); // key -> { upload, cancelled }
  const files = new Map(); // key -> Blob
  const uploads = new Map(); // key -> the tus Upload, kept for resuming and for termination
  const listeners = new Set();
  let seq = 0;
  let snapshot = { trays };

  function emit() {
    snapshot = { trays };
    for (const l of [...listeners]) l();
  }

  function find(key) {
    for (const [cid, list] of Object.entries(trays)) {
      const item = list.find((x) => x.key === key);
      if (item) return { cid, item };
    }
    return null;
  }

  function patch(key, changes) {
    const hit = find(key);
    if (!hit) return;
    trays = { ...trays, [hit.cid]: trays[hit.cid].map((x) => (x.key === key ? { ...x, ...changes } : x)) };
    emit();
  }

  function all() {
    return Object.values(trays).flat();
  }

  /** Starts queued files while fewer than maxParallel run. */
  function pump() {
    for (const item of all()) {
      if (running.size >= maxParallel) return;
      if (item.status === 'queued' && !running.has(item.key)) start(item);
    }
  }

  async function start(item) {
    const key = item.key;
    const slot = { upload: null, cancelled: false };
    running.set(key, slot);
    patch(key, { status: 'preparing', problem: null });
    const file = files.get(key);
    try {
      const sha256 = item.sha256 ?? (await hash(file));
      if (slot.cancelled) return;
      patch(key, { status: 'uploading', sha256 });
      const metadata = { filename: item.name, filetype: item.type || 'application/octet-stream' };
      if (sha256) metadata.sha256 = sha256;
      const upload = makeUpload(file, {
        endpoint,
        chunkSize: CHUNK_SIZE,
        retryDelays: [...RETRY_DELAYS],
        metadata,
        // Resumes across reloads too: the fingerprint names the person and the bytes.
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        fingerprint: async () => ['parley', o.accountId ?? '', endpoint, item.size, sha256 ?? item.name].join(':'),
        onBeforeRequest(req) {
          // The same CSRF header as api.js sends on state changes; the session cookie goes with it.
          const token = csrfToken();
          if (token && req.getMethod() !== 'HEAD') req.setHeader('X-CSRF-Token', token);
          const xhr = typeof req.getUnderlyingObject === 'function' ? req.getUnderlyingObject() : null;
          if (xhr && 'withCredentials' in xhr) xhr.withCredentials = true;
        },
        onShouldRetry(err) {
          const p = problemOf(err);
          // 4xx are the server's word on this file (too large, wrong type): final, shown as they are.
          return p.transient || p.status === 409;
        },
        onProgress(sent, total) {
          if (!slot.cancelled) patch(key, { loaded: sent, total: total || item.size });
        },
        onSuccess(payload) {
          running.delete(key);
          if (slot.cancelled) return;
          const res = payload && payload.lastResponse;
          const header = res && typeof res.getHeader === 'function' ? res.getHeader('Parley-Attachment-Id') : null;
          // The upload id is the attachment id: the last path segment of the upload's URL.
          const fromUrl = upload.url ? decodeURIComponent(String(upload.url).split('?')[0].split('/').pop()) : null;
          patch(key, { status: 'ready', loaded: item.size, attachmentId: header || fromUrl, problem: null });
          pump();
        },
        onError(err) {
          running.delete(key);
          if (slot.cancelled) return;
          const p = problemOf(err);
          patch(key, { status: 'failed', problem: p });
          pump();
        },
      });
      slot.upload = upload;
      uploads.set(key, upload);
      if (!item.resumed) {
        try {
          const previous = await upload.findPreviousUploads();
          if (previous && previous.length) upload.resumeFromPreviousUpload(previous[0]);
        } catch {
          // no stored uploads (private mode, storage full): start from byte 0
        }
      }
      if (slot.cancelled) return;
      upload.start();
    } catch (e) {
      running.delete(key);
      if (!slot.cancelled) patch(key, { status: 'failed', problem: problemOf(e) });
      pump();
    }
  }

  /**
   * Puts files in a conversation's tray and starts them. Answers the keys added; files past
   * the limit of a message are refused with `overflow` (how many did not fit).
   * @param {Blob[]} list
   * @param {{recorded?: boolean, durationMs?: number}} [extra] a recording from the mic button
   */
  function add(conversationId, list, extra = {}) {
    const current = trays[conversationId] ?? [];
    const room = Math.max(0, MAX_ATTACHMENTS - current.length);
    const taken = Array.from(list ?? []).slice(0, room);
    const added = [];
    for (const file of taken) {
      const key = makeKey(++seq);
      const type = file.type || '';
      const kind = guessKind(type, { recorded: !!extra.recorded });
      let thumbUrl = null;
      if (objectUrls && (kind === 'image' || kind === 'video')) {
        try {
          thumbUrl = objectUrls.create(file);
        } catch {
          thumbUrl = null;
        }
      }
      files.set(key, file);
      added.push({
        key,
        conversationId,
        name: file.name || (kind === 'image' ? 'image.png' : 'file'),
        type,
        size: file.size,
        kind,
        durationMs: extra.durationMs ?? null,
        thumbUrl,
        status: 'queued',
        loaded: 0,
        total: file.size,
        attachmentId: null,
        problem: null,
        sha256: null,
      });
    }
    if (added.length) {
      trays = { ...trays, [conversationId]: [...current, ...added] };
      emit();
      pump();
    }
    return { keys: added.map((x) => x.key), overflow: Array.from(list ?? []).length - taken.length };
  }

  function forget(key, { revokeLater = false } = {}) {
    const hit = find(key);
    if (!hit) return;
    const url = hit.item.thumbUrl;
    if (url && objectUrls) {
      // A sent message still shows the local picture until the server's preview arrives.
      if (revokeLater) later(() => objectUrls.revoke(url), 60000);
      else objectUrls.revoke(url);
    }
    files.delete(key);
    uploads.delete(key);
  }

  /** Takes a file out of the tray; a running or finished upload is ended on the server (DELETE). */
  function remove(conversationId, key) {
    const list = trays[conversationId];
    if (!list || !list.some((x) => x.key === key)) return;
    const slot = running.get(key);
    if (slot) slot.cancelled = true;
    running.delete(key);
    const upload = uploads.get(key);
    if (upload && upload.url) upload.abort(true).catch(() => {});
    else if (upload) upload.abort(false).catch(() => {});
    forget(key);
    trays = { ...trays, [conversationId]: list.filter((x) => x.key !== key) };
    if (!trays[conversationId].length) {
      const { [conversationId]: _gone, ...rest } = trays;
      trays = rest;
    }
    emit();
    pump();
  }

  /** Tries a failed file again: tus asks the server for its offset and goes on from there. */
  function retry(conversationId, key) {
    const item = (trays[conversationId] ?? []).find((x) => x.key === key);
    if (!item || item.status !== 'failed') return;
    const upload = uploads.get(key);
    if (upload && upload.url && item.problem?.transient) {
      // Same Upload object: it knows its URL and resumes with HEAD.
      const slot = { upload, cancelled: false };
      running.set(key, slot);
      patch(key, { status: 'uploading', problem: null });
      upload.start();
      return;
    }
    // Refused or never created: a fresh upload.
    uploads.delete(key);
    patch(key, { status: 'queued', problem: null, loaded: 0, resumed: true });
    pump();
  }

  /** Back online: every file that failed on the way goes on by itself. */
  function resumeAll() {
    for (const item of all()) {
      if (item.status === 'failed' && item.problem?.transient) retry(item.conversationId, item.key);
    }
  }

  function tray(conversationId) {
    return trays[conversationId] ?? [];
  }

  /** `empty`, `busy` (something still uploading), `failed` (some file cannot be sent) or `ready`. */
  function status(conversationId) {
    const list = tray(conversationId);
    if (!list.length) return 'empty';
    if (list.some((x) => x.status === 'failed')) return 'failed';
    if (list.some((x) => x.status !== 'ready')) return 'busy';
    return 'ready';
  }

  /**
   * Empties a ready tray for sending: the attachment ids in order and what the pending message
   * shows until the server's copy arrives.
   */
  function take(conversationId) {
    if (status(conversationId) !== 'ready') return null;
    const list = tray(conversationId);
    for (const x of list) forget(x.key, { revokeLater: true });
    const { [conversationId]: _gone, ...rest } = trays;
    trays = rest;
    emit();
    return {
      attachmentIds: list.map((x) => x.attachmentId),
      preview: list.map((x) => ({
        id: x.attachmentId,
        kind: x.kind,
        name: x.name,
        size: x.size,
        contentType: x.type,
        localUrl: x.thumbUrl,
        durationMs: x.durationMs,
      })),
    };
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    add,
    remove,
    retry,
    resumeAll,
    tray,
    status,
    take,
    /** Stops every upload here (signing out); the server ends unfinished ones by itself. */
    stop() {
      for (const [key, slot] of running) {
        slot.cancelled = true;
        const upload = uploads.get(key);
        if (upload) upload.abort(false).catch(() => {});
      }
      running.clear();
      listeners.clear();
    },
  };
}
