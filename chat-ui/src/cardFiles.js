// Files in app cards: what a card shows (`card.files`, docs/api.md "Cards") kept to a known shape
// with safe URLs, and the `request_file` button's part: which files its `accept` takes, and one
// tus upload of the chosen file whose attachment id the broker then hands to the app. No DOM:
// tus and hashing are handed in, so this runs under `node --test`.

import { problemOf, problemText, RETRY_DELAYS, sha256Hex, UPLOAD_ENDPOINT } from './uploads.js';

export const MAX_CARD_FILES = 4;
const MAX_NAME = 200;

/**
 * A URL a card's file may use, or null: the app's own files (same-origin `/static/`), the
 * messenger's attachments (same-origin `/api/attachments/<id>/content|preview`), or https.
 */
export function safeFileUrl(value, origin) {
  if (typeof value !== 'string' || !value || value.length > 2048) return null;
  let base;
  let url;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:' && /^https:\/\//iu.test(value)) return url.href;
  const relative = value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\');
  if (!relative || url.origin !== base.origin || url.search || url.hash) return null;
  if (url.pathname.startsWith('/static/') && !url.pathname.includes('..')) return url.href;
  if (/^\/api\/attachments\/[A-Za-z0-9_-]{1,64}\/(content|preview)$/u.test(url.pathname)) return url.href;
  return null;
}

function clean(value, max) {
  if (typeof value !== 'string') return '';
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  const s = value.replace(/[\u0000-\u001f\u007f]/gu, '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * A card's `files` as the view may show them: `[{kind: "image"|"file", name, contentType, size,
 * url, previewUrl, width, height}]`, at most 4, each with a safe URL (others dropped). Only an
 * image of a known raster type is shown as an image; anything else is a download.
 */
export function sanitizeFiles(files, origin) {
  const out = [];
  for (const f of Array.isArray(files) ? files : []) {
    if (out.length >= MAX_CARD_FILES) break;
    if (!f || typeof f !== 'object') continue;
    const url = safeFileUrl(f.url, origin);
    if (!url) continue;
    const contentType = clean(f.contentType, 100).toLowerCase();
    const image = f.kind === 'image' && /^image\/(png|jpeg|gif|webp|avif)$/u.test(contentType);
    out.push({
      kind: image ? 'image' : 'file',
      name: clean(f.name, MAX_NAME) || 'file',
      contentType,
      size: Number.isFinite(f.size) && f.size >= 0 ? f.size : null,
      url,
      previewUrl: safeFileUrl(f.previewUrl, origin),
      width: Number.isFinite(f.width) && f.width > 0 ? f.width : null,
      height: Number.isFinite(f.height) && f.height > 0 ? f.height : null,
    });
  }
  return out;
}

/** The entries of an accept list (`image/*,application/pdf,.pdf`), lower case. */
export function acceptList(accept) {
  return String(accept ?? '')
    .toLowerCase()
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Whether a chosen file fits a button's accept list (the server checks again, by content). */
export function fileAccepted(file, accept) {
  const list = acceptList(accept);
  if (list.length === 0) return true;
  const type = String(file?.type ?? '').toLowerCase();
  const name = String(file?.name ?? '').toLowerCase();
  return list.some((a) =>
    a.startsWith('.') ? name.endsWith(a) : a.endsWith('/*') ? type.startsWith(a.slice(0, -1)) : type === a,
  );
}

/** Words for an accept list, for the button's status: "image or PDF". */
export function acceptWords(accept) {
  const words = acceptList(accept).map((a) =>
    a === 'image/*'
      ? 'a photo'
      : a === 'application/pdf' || a === '.pdf'
        ? 'a PDF'
        : a.endsWith('/*')
          ? `a ${a.slice(0, -2)} file`
          : a,
  );
  return [...new Set(words)].join(' or ') || 'a file';
}

/**
 * Uploads one file with tus, as the composer's uploads do (the same endpoint, retries, CSRF
 * header and checksum); resolves with the attachment id, or rejects with an Error whose message
 * is the server's problem in words (`problem` holds it whole).
 *
 * @param {Blob & {name?: string}} file
 * @param {{makeUpload: Function, csrfToken?: () => string|null, endpoint?: string,
 *   hash?: (b: Blob) => Promise<string|null>, onProgress?: (sent: number, total: number) => void}} o
 */
export async function uploadCardFile(file, o) {
  const hash = o.hash ?? ((b) => sha256Hex(b));
  const sha256 = await hash(file);
  const metadata = { filename: file.name || 'file', filetype: file.type || 'application/octet-stream' };
  if (sha256) metadata.sha256 = sha256;
  return new Promise((resolve, reject) => {
    const upload = o.makeUpload(file, {
      endpoint: o.endpoint ?? UPLOAD_ENDPOINT,
      retryDelays: [...RETRY_DELAYS],
      metadata,
      onBeforeRequest(req) {
        const token = o.csrfToken ? o.csrfToken() : null;
        if (token && req.getMethod() !== 'HEAD') req.setHeader('X-CSRF-Token', token);
      },
      onShouldRetry(err) {
        const p = problemOf(err);
        return p.transient || p.status === 409;
      },
      onProgress(sent, total) {
        if (o.onProgress) o.onProgress(sent, total || file.size);
      },
      onSuccess(payload) {
        const res = payload && payload.lastResponse;
        const header = res && typeof res.getHeader === 'function' ? res.getHeader('Parley-Attachment-Id') : null;
        const fromUrl = upload.url ? decodeURIComponent(String(upload.url).split('?')[0].split('/').pop()) : null;
        const id = header || fromUrl;
        if (id) resolve(id);
        else reject(new Error('The server did not name the uploaded file.'));
      },
      onError(err) {
        const problem = problemOf(err);
        const e = new Error(problemText(problem));
        e.problem = problem;
        reject(e);
      },
    });
    upload.start();
  });
}
