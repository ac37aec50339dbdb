// App cards are data from third parties. This module turns whatever an app sent into a small,
// known shape that the view renders with text nodes and attributes only (never as HTML), and
// keeps only URLs that are https or the messenger's own /static/ files. Pure, for `node --test`.

export const MAX_BUTTONS = 8;
export const MAX_FIELDS = 20;
const MAX_TITLE = 200;
const MAX_TEXT = 4000;
const MAX_LABEL = 80;
const MAX_VALUE = 1000;
const BUTTON_TYPES = new Set(['callback', 'open_page', 'open_link', 'request_file']);

/**
 * The URL to use for an image or a link, or null: absolute https URLs, and paths under
 * `/static/` of the messenger's own origin (an app's files). Everything else — javascript:,
 * data:, http:, protocol-relative `//host`, other origins' /static/, credentials in the URL —
 * is refused.
 */
export function safeUrl(value, origin) {
  if (typeof value !== 'string') return null;
  const raw = value.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (!raw || raw.length > 2048 || /[\u0000-\u001f\u007f]/u.test(raw)) return null;
  let base;
  try {
    base = new URL(origin);
  } catch {
    return null;
  }
  let url;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:' && /^https:\/\//iu.test(raw)) return url.href;
  const relative = raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\');
  if (
    (relative || raw.startsWith(base.origin + '/')) &&
    url.origin === base.origin &&
    url.pathname.startsWith('/static/')
  ) {
    return url.href;
  }
  return null;
}

/** True when a URL leaves the messenger (anything not on its own origin). */
export function isExternal(href, origin) {
  try {
    return new URL(href).origin !== new URL(origin).origin;
  } catch {
    return true;
  }
}

function text(value, max) {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return '';
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  const s = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu, '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * A card as the view may show it:
 * `{title, text, image: {url, alt}|null, fields: [{label, value}], buttons: [{id, label, type, value, url, accept?}]}`
 * (the card's `files` are cardFiles.js's `sanitizeFiles`).
 * Unknown keys are dropped, strings are capped, a button of an unknown type or an open_link
 * button without a safe URL is dropped, at most 20 fields and 8 buttons are kept.
 */
export function sanitizeCard(card, origin) {
  const c = card && typeof card === 'object' && !Array.isArray(card) ? card : {};
  let image = null;
  const rawImage = c.image && typeof c.image === 'object' ? c.image.url : c.image;
  const imageUrl = safeUrl(rawImage, origin);
  if (imageUrl)
    image = { url: imageUrl, alt: text(c.image && typeof c.image === 'object' ? c.image.alt : '', MAX_LABEL) };

  const fields = [];
  for (const f of Array.isArray(c.fields) ? c.fields : []) {
    if (fields.length >= MAX_FIELDS) break;
    if (!f || typeof f !== 'object') continue;
    const label = text(f.label, MAX_LABEL);
    const value = text(f.value, MAX_VALUE);
    if (label || value) fields.push({ label, value });
  }

  const buttons = [];
  const ids = new Set();
  for (const b of Array.isArray(c.buttons) ? c.buttons : []) {
    if (buttons.length >= MAX_BUTTONS) break;
    if (!b || typeof b !== 'object' || !BUTTON_TYPES.has(b.type)) continue;
    const label = text(b.label, MAX_LABEL).trim();
    const id = typeof b.id === 'string' && b.id ? b.id.slice(0, 64) : `button-${buttons.length}`;
    if (!label || ids.has(id)) continue;
    let url = null;
    if (b.type === 'open_link') {
      url = safeUrl(b.url ?? b.value, origin);
      if (!url) continue;
    }
    if ((b.type === 'callback' || b.type === 'request_file') && !(typeof b.id === 'string' && b.id)) continue;
    ids.add(id);
    const value = typeof b.value === 'string' ? b.value.slice(0, MAX_VALUE) : undefined;
    const button = { id, label, type: b.type, value, url };
    // request_file: what the picker offers (the server checks what arrives, by content)
    if (b.type === 'request_file') button.accept = typeof b.accept === 'string' ? b.accept.slice(0, 300) : '';
    // for: the members who alone see and may press it (issue 18; the server refuses anyone else)
    if (Array.isArray(b.for)) button.for = b.for.filter((x) => typeof x === 'string').slice(0, 50);
    buttons.push(button);
  }

  return {
    title: text(c.title, MAX_TITLE),
    text: text(c.text, MAX_TEXT),
    image,
    fields,
    buttons,
  };
}

/** The app a card message came from: `{id, name, iconUrl}` with a safe icon or none. */
export function cardApp(message, origin) {
  const app = message && message.app && typeof message.app === 'object' ? message.app : {};
  return {
    id: typeof app.id === 'string' ? app.id : '',
    name: text(app.name, MAX_LABEL) || 'An app',
    iconUrl: safeUrl(app.iconUrl, origin),
  };
}

/** A short line for a card in the conversation list: its title, else its text. */
export function cardPreview(message) {
  const card = message && message.card && typeof message.card === 'object' ? message.card : {};
  const interactive = card.interactive && typeof card.interactive === 'object' ? card.interactive : {};
  const title =
    text(card.title, MAX_TITLE) ||
    text(card.text, MAX_TITLE) ||
    // a card of interactive content only (issue 21): its fallback or its question
    text(interactive.fallback ?? interactive.text ?? interactive.card?.title, MAX_TITLE) ||
    'Card';
  const name = text(message?.app?.name, MAX_LABEL) || 'App';
  return `${name}: ${title}`.replace(/\s+/gu, ' ').trim();
}

/** The buttons of a sanitized card that `meId` sees: those without `for`, and those for them. */
export function buttonsFor(buttons, meId) {
  return (buttons ?? []).filter((b) => !Array.isArray(b.for) || (meId != null && b.for.includes(meId)));
}
