// Formatting for the console: waiting times, sizes, dates. Pure functions.

import { namespace } from './i18n.js';
import catalogue from './locales/console.js';

const t = namespace('console', catalogue);

/**
 * A duration in seconds, short and rounded down to the largest unit that fits:
 * `42 s`, `5 min`, `3 h`, `2 d`. Negative or missing durations count as 0.
 */
export function formatDuration(seconds) {
  const s = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

/** How long a version has waited in the queue: "waiting 3 h". */
export function formatWaiting(seconds) {
  return t('waiting', { duration: formatDuration(seconds) });
}

/**
 * Seconds between an ISO time and now; the queue's `waitingSeconds` when the server sent it,
 * else computed from `submittedAt`.
 */
export function waitingSeconds(item, now = Date.now()) {
  if (item && Number.isFinite(item.waitingSeconds)) return item.waitingSeconds;
  const at = item && item.submittedAt ? Date.parse(item.submittedAt) : NaN;
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.floor((now - at) / 1000));
}

/** "3 min ago", "2 d ago"; "just now" under 10 s; the date itself for times in the future. */
export function formatAgo(iso, now = Date.now()) {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const s = Math.floor((now - at) / 1000);
  if (s < -5) return formatDateTime(iso);
  if (s < 10) return t('justNow');
  return t('ago', { duration: formatDuration(s) });
}

/** Bytes as people read them: `512 B`, `1.5 KB`, `3.2 MB` (1 KB = 1024 B). */
export function formatBytes(bytes) {
  const b = Number.isFinite(bytes) ? Math.max(0, bytes) : 0;
  if (b < 1024) return `${b} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = b / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** An ISO time as `2025-11-25 14:35 UTC` (admins compare times across zones; UTC is unambiguous). */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )} UTC`;
}

/**
 * The value of an `<input type="datetime-local">`, read as UTC (the console shows UTC), as an
 * ISO-8601 string for the API; '' stays ''.
 */
export function localInputToIso(value) {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return '';
  const [, y, mo, d, h, mi, s] = m;
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0)).toISOString();
}

/** A `{id, username}` person (or null for the system) as a label. */
export function personLabel(p) {
  if (!p) return t('system');
  if (p.displayName && p.username) return `${p.displayName} (@${p.username})`;
  return p.username ? `@${p.username}` : p.id || t('unknown');
}

/** Review states as people say them. */
export function stateLabel(state) {
  return (
    {
      draft: t('stateDraft'),
      in_review: t('stateInReview'),
      approved: t('stateApproved'),
      rejected: t('stateRejected'),
    }[state] ?? String(state ?? '')
  );
}
