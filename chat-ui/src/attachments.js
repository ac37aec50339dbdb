// Attachments as data for the view (docs/api.md "Uploads", "Attachments"): kinds, sizes, labels,
// the layout of a message's attachments, and what a recorder can make. No DOM, so it is tested
// in Node; the components only draw what these functions decide.

import { formatNumber, namespace } from './i18n.js';
import catalogue from './locales/attachments.js';

const tr = namespace('attachments', catalogue); // `t` is a local name for types here

/** Attachments a message may carry (the server's limit for `attachmentIds`). */
export const MAX_ATTACHMENTS = 10;

/** Images shown in a message are at most this wide (CSS px); the grid keeps their shape. */
export const MEDIA_MAX_WIDTH = 320;
export const MEDIA_MAX_HEIGHT = 360;
export const MEDIA_MIN_HEIGHT = 80;

const IMAGE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/heic',
  'image/heif',
  'image/avif',
]);
const VIDEO_TYPES = new Set(['video/mp4', 'video/webm', 'video/quicktime']);

/**
 * What a local file will most likely be, for the tray before the server decides by content:
 * `image`, `video`, `voice` (only what the recorder made) or `file`.
 */
export function guessKind(type, { recorded = false } = {}) {
  const t = String(type ?? '')
    .toLowerCase()
    .split(';')[0]
    .trim();
  if (recorded) return 'voice';
  if (IMAGE_TYPES.has(t)) return 'image';
  if (VIDEO_TYPES.has(t)) return 'video';
  return 'file';
}

/**
 * Sizes as the server states its limits (20 MiB = "20 MB"): 1 KB = 1024 bytes, as most
 * messengers and file managers on Windows show them: "812 B", "14 KB", "3.4 MB", "1 GB".
 */
export function formatBytes(n) {
  const b = Number(n);
  if (!Number.isFinite(b) || b < 0) return '';
  if (b < 1024) return `${formatNumber(b)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = b;
  let i = -1;
  do {
    v /= 1024;
    i++;
  } while (v >= 1024 && i < units.length - 1);
  // the number in the reader's locale ("3,4 MB" in German); Intl drops a trailing .0 itself
  return `${formatNumber(v < 10 ? Math.round(v * 10) / 10 : Math.round(v), { maximumFractionDigits: 1 })} ${units[i]}`;
}

/** 0:07, 1:05, 1:02:03 */
export function formatDuration(ms) {
  const total = Math.max(0, Math.round(Number(ms) / 1000) || 0);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const TYPE_LABELS = [
  [/^application\/pdf$/, 'typePdf'],
  [/^application\/(zip|x-zip-compressed)$/, 'typeZip'],
  [/^application\/(x-7z-compressed|x-rar-compressed|vnd\.rar|gzip|x-tar)$/, 'typeArchive'],
  [/wordprocessingml|^application\/msword$|opendocument\.text/, 'typeWord'],
  [/spreadsheetml|^application\/vnd\.ms-excel$|opendocument\.spreadsheet/, 'typeSpreadsheet'],
  [/presentationml|^application\/vnd\.ms-powerpoint$|opendocument\.presentation/, 'typePresentation'],
  [/^text\/csv$/, 'typeCsv'],
  [/^text\/plain$/, 'typeText'],
  [/^application\/json$/, 'typeJson'],
  [/^audio\//, 'typeAudio'],
  [/^video\//, 'typeVideo'],
  [/^image\//, 'typeImage'],
];

/** A type in words for a file chip: "PDF", "Word document", else the extension in capitals. */
export function typeLabel(contentType, name) {
  const t = String(contentType ?? '').toLowerCase();
  for (const [re, label] of TYPE_LABELS) if (re.test(t)) return tr(label);
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(String(name ?? ''));
  return ext ? ext[1].toUpperCase() : tr('file');
}

/** The icon a file chip shows: pdf, doc, sheet, slides, archive, audio, video, image, text or file. */
export function fileIcon(contentType) {
  const t = String(contentType ?? '').toLowerCase();
  if (t === 'application/pdf') return 'pdf';
  if (/wordprocessingml|msword|opendocument\.text/.test(t)) return 'doc';
  if (/spreadsheetml|ms-excel|opendocument\.spreadsheet|text\/csv/.test(t)) return 'sheet';
  if (/presentationml|ms-powerpoint|opendocument\.presentation/.test(t)) return 'slides';
  if (/zip|compressed|rar|tar|gzip/.test(t)) return 'archive';
  if (t.startsWith('audio/')) return 'audio';
  if (t.startsWith('video/')) return 'video';
  if (t.startsWith('image/')) return 'image';
  if (t.startsWith('text/')) return 'text';
  return 'file';
}

/**
 * A message's attachments as the bubble lays them out: images and videos shown inline form the
 * media grid (in order), voice messages get players, everything else is a file chip (including
 * media the server does not show inline, which are downloads).
 */
export function splitAttachments(list) {
  const media = [];
  const voice = [];
  const files = [];
  for (const a of Array.isArray(list) ? list : []) {
    if (!a || typeof a !== 'object' || typeof a.id !== 'string') continue;
    if ((a.kind === 'image' || a.kind === 'video') && a.inline !== false) media.push(a);
    else if (a.kind === 'voice' && a.inline !== false) voice.push(a);
    else files.push(a);
  }
  return { media, voice, files };
}

/**
 * Classes for a message's row: `with-attachments`, and `media-only` when pictures or videos are
 * all it holds (the time then sits on the picture).
 */
export function attachmentClass(m) {
  if (!m || m.deleted || !Array.isArray(m.attachments) || !m.attachments.length) return '';
  const { media } = splitAttachments(m.attachments);
  return !m.text && media.length === m.attachments.length ? ' with-attachments media-only' : ' with-attachments';
}

/** width / height of an attachment, or null when the server did not say (or said nonsense). */
export function aspectOf(a) {
  const w = Number(a?.width);
  const h = Number(a?.height);
  if (!(w > 0) || !(h > 0)) return null;
  return w / h;
}

/**
 * The box a single image or video takes in a bubble, in CSS px, decided before anything loads so
 * the layout never jumps: as wide as allowed, then clamped in height (very tall or very wide
 * pictures are cropped to a sane box rather than drawn as slivers). Unknown size: a 4:3 box.
 */
export function mediaBox(a, maxWidth = MEDIA_MAX_WIDTH) {
  const ratio = aspectOf(a) ?? 4 / 3;
  const natural = Number(a?.width) > 0 ? Math.min(Number(a.width), maxWidth) : maxWidth;
  const width = Math.max(120, Math.round(natural));
  const height = Math.round(Math.min(MEDIA_MAX_HEIGHT, Math.max(MEDIA_MIN_HEIGHT, width / ratio)));
  return { width, height, cropped: Math.abs(width / height - ratio) > 0.02 };
}

/**
 * The grid's shape for n media: 1 → one box at its own ratio; 2 → two squares side by side; 3 →
 * one wide then two; 4 and more → rows of two (odd last one spans). Answers the CSS class and,
 * per item, whether it spans both columns.
 */
export function gridLayout(n) {
  if (n <= 1) return { className: 'one', spans: [true] };
  const spans = [];
  for (let i = 0; i < n; i++) {
    if (n === 3) spans.push(i === 0);
    else spans.push(n % 2 === 1 && i === n - 1);
  }
  return { className: 'many', spans };
}

/** Bars to draw for a voice message: the server's 64 values (0..100) folded into `count`, at least 4 %. */
export function waveformBars(waveform, count = 40) {
  const src = Array.isArray(waveform) ? waveform.map((v) => Math.max(0, Math.min(100, Number(v) || 0))) : [];
  if (!src.length) return Array.from({ length: count }, () => 4);
  const out = [];
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * src.length) / count);
    const to = Math.max(from + 1, Math.floor(((i + 1) * src.length) / count));
    let peak = 0;
    for (let j = from; j < to && j < src.length; j++) peak = Math.max(peak, src[j]);
    out.push(Math.max(4, peak));
  }
  return out;
}

/** What the attachment is, in a few words, for screen readers and the Media view. */
export function describeAttachment(a) {
  if (!a) return '';
  const size = formatBytes(a.size);
  switch (a.kind) {
    case 'image':
      return a.name ? tr('photoNamed', { name: a.name }) : tr('photo');
    case 'video':
      return [tr('video'), a.durationMs ? formatDuration(a.durationMs) : null, a.name].filter(Boolean).join(', ');
    case 'voice':
      return [tr('voiceMessage'), a.durationMs ? formatDuration(a.durationMs) : null].filter(Boolean).join(', ');
    default:
      return [a.name ?? tr('file'), typeLabel(a.contentType, a.name), size].filter(Boolean).join(', ');
  }
}

/**
 * The type the recorder asks for: Opus in Ogg where the browser records it, else Opus in WebM,
 * else whatever the browser makes (answers '' for its default).
 */
export function recorderType(isTypeSupported) {
  const wanted = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/ogg', 'audio/webm'];
  if (typeof isTypeSupported !== 'function') return '';
  for (const t of wanted) {
    try {
      if (isTypeSupported(t)) return t;
    } catch {
      // a browser that throws on the question supports none of them
    }
  }
  return '';
}

/** A file name for a voice recording: voice-2026-12-06-1405.ogg (the extension from the type). */
export function voiceFileName(type, at = new Date()) {
  const ext = String(type).startsWith('audio/webm') ? 'webm' : String(type).startsWith('audio/ogg') ? 'ogg' : 'webm';
  const p = (n) => String(n).padStart(2, '0');
  return `voice-${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}.${ext}`;
}

/**
 * Files from a paste or a drop: only real files (a pasted image arrives as a file item; pasted
 * text is left to the text box). `items` is a DataTransferItemList or an array of its items.
 */
export function filesFromTransfer(dt) {
  if (!dt) return [];
  const out = [];
  if (dt.items && dt.items.length) {
    for (const item of Array.from(dt.items)) {
      if (item.kind !== 'file') continue;
      const f = item.getAsFile();
      if (f) out.push(f);
    }
    if (out.length) return out;
  }
  return dt.files ? Array.from(dt.files) : [];
}

/** True when a drag carries files (not text or a link dragged within the page). */
export function dragHasFiles(dt) {
  if (!dt || !dt.types) return false;
  return Array.from(dt.types).includes('Files');
}

/** The kinds filter of the "Media and files" view's tabs (docs/api.md, `kinds=`). */
export const MEDIA_TABS = Object.freeze([
  { id: 'media', label: tr('tabMedia'), kinds: ['image', 'video'] },
  { id: 'files', label: tr('tabFiles'), kinds: ['file'] },
  { id: 'voice', label: tr('tabVoice'), kinds: ['voice'] },
]);

/** Storage in words for settings: "14 MB of 1 GB used" and a 0..1 share (null: no quota). */
export function storageSummary(s) {
  if (!s || typeof s !== 'object') return null;
  const used = Math.max(0, Number(s.usedBytes) || 0);
  const quota = Number(s.quotaBytes);
  if (!(quota > 0)) return { text: tr('used', { used: formatBytes(used) }), share: null };
  return {
    text: tr('usedOf', { used: formatBytes(used), quota: formatBytes(quota) }),
    share: Math.min(1, used / quota),
  };
}

/**
 * A message's attachments in a few words for the conversation list: "Photo", "3 photos",
 * "Voice message (0:04)", "statement.pdf", "4 attachments"; '' when there are none.
 */
export function attachmentSummary(list) {
  const all = Array.isArray(list) ? list.filter((a) => a && typeof a === 'object') : [];
  if (!all.length) return '';
  const kinds = new Set(all.map((a) => a.kind));
  if (all.length === 1) {
    const a = all[0];
    if (a.kind === 'image') return tr('photo');
    if (a.kind === 'video') return tr('video');
    if (a.kind === 'voice')
      return a.durationMs ? tr('voiceMessageLength', { duration: formatDuration(a.durationMs) }) : tr('voiceMessage');
    return a.name || tr('file');
  }
  if (kinds.size === 1 && kinds.has('image')) return tr('photos', { count: all.length });
  if (kinds.size === 1 && kinds.has('video')) return tr('videos', { count: all.length });
  if (kinds.size === 1 && kinds.has('file')) return tr('files', { count: all.length });
  return tr('attachments', { count: all.length });
}
