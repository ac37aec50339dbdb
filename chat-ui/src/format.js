// Small pure helpers for the view: times, initials, colours and links in message text.

import { cardPreview } from './cards.js';
import { toWebLink } from './deeplink.js';
import { attachmentSummary } from './attachments.js';
import { locale as currentLocale, namespace } from './i18n.js';
import catalogue from './locales/format.js';

const t = namespace('format', catalogue);

function toDate(value) {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** 14:05 */
export function clockTime(value, locale = currentLocale()) {
  const d = toDate(value);
  return d ? d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) : '';
}

/** For the conversation list: a time today, a weekday this week, else a date. */
export function shortTime(value, now = new Date(), locale = currentLocale()) {
  const d = toDate(value);
  if (!d) return '';
  if (sameDay(d, now)) return clockTime(d, locale);
  const days = (now - d) / 86400000;
  if (days > 0 && days < 6) return d.toLocaleDateString(locale, { weekday: 'short' });
  if (d.getFullYear() === now.getFullYear()) return d.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** Today, Yesterday, or a full date: the separators between days in a conversation. */
export function dayLabel(value, now = new Date(), locale = currentLocale()) {
  const d = toDate(value);
  if (!d) return '';
  if (sameDay(d, now)) return t('today');
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(d, yesterday)) return t('yesterday');
  const opts = { weekday: 'long', day: 'numeric', month: 'long' };
  if (d.getFullYear() !== now.getFullYear()) opts.year = 'numeric';
  return d.toLocaleDateString(locale, opts);
}

export function fullTime(value, locale = currentLocale()) {
  const d = toDate(value);
  return d ? d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

export function dayKey(value) {
  const d = toDate(value);
  return d ? `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}` : '';
}

/** Up to two initials of a name, for avatars. */
export function initials(name) {
  const words = String(name ?? '')
    .trim()
    .split(/[\s._-]+/u)
    .filter(Boolean);
  if (!words.length) return '?';
  const first = Array.from(words[0])[0] ?? '';
  const second = words.length > 1 ? (Array.from(words[words.length - 1])[0] ?? '') : '';
  return (first + second).toUpperCase();
}

/** A stable hue (0–359) for an id, so a person keeps their colour everywhere. */
export function hueFor(id) {
  let h = 2166136261;
  for (const ch of String(id ?? '')) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 16777619);
  }
  return Math.abs(h) % 360;
}

const URL_RE = /\b(?:https?|parley):\/\/[^\s<>"'`]+/giu;
const TRAILING = /[.,;:!?'"»”’]+$/u;

/**
 * Splits message text into text and link parts. Only http(s) URLs become links, and
 * `parley://c/...` deep links, which point at the https form on `origin`; the view renders
 * each part as a text node or an <a>, never as HTML.
 */
export function splitLinks(text, origin = null) {
  const s = String(text ?? '');
  const parts = [];
  let last = 0;
  for (const match of s.matchAll(URL_RE)) {
    let url = match[0];
    const trail = url.match(TRAILING);
    if (trail) url = url.slice(0, -trail[0].length);
    // Keep a closing parenthesis only when the URL opened one.
    while (url.endsWith(')') && (url.match(/\(/g) ?? []).length < (url.match(/\)/g) ?? []).length) {
      url = url.slice(0, -1);
    }
    let href = null;
    try {
      const web = /^parley:/iu.test(url) ? (origin ? toWebLink(url, origin) : '') : url;
      const parsed = new URL(web);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') href = parsed.href;
    } catch {
      href = null;
    }
    if (!href) continue;
    if (match.index > last) parts.push({ type: 'text', value: s.slice(last, match.index) });
    // A parley:// link is shown as the https form it opens.
    parts.push({ type: 'link', value: /^parley:/iu.test(url) ? href : url, href });
    last = match.index + url.length;
  }
  if (last < s.length) parts.push({ type: 'text', value: s.slice(last) });
  return parts;
}

/** The line shown under a conversation's title in the list. */
export function previewOf(conv, meId) {
  const m = conv.lastMessage;
  if (!m) return conv.kind === 'group' ? t('groupCreated') : t('noMessages');
  const caption = String(m.text ?? '')
    .replace(/\s+/gu, ' ')
    .trim();
  // A message of attachments only is named by them (attachments.js).
  const text = caption || (m.deleted ? '' : attachmentSummary(m.attachments));
  if (m.kind === 'system') return text;
  if (m.kind === 'card') return cardPreview(m);
  if (m.senderId === meId) return t('you', { text });
  if (conv.kind === 'group') return t('sender', { name: firstName(m.senderName), text });
  return text;
}

function firstName(name) {
  const s = String(name ?? '').trim();
  return s.split(/\s+/u)[0] || s;
}

/**
 * The one colour of a person's initials avatar, stable for their account id, the same everywhere
 * (conversation list, messages, members, people picker, console). Dark enough for white initials
 * to keep a contrast of at least 4.5:1 (WCAG AA) whatever the hue.
 */
export function avatarColour(accountId) {
  return `hsl(${hueFor(accountId)} 60% 28%)`;
}
