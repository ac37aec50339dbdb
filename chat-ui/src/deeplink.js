// Deep links into a conversation and a mini-app: `/c/<conversationId>?app=<appId>&start=<param>`
// on the messenger's origin, and `parley://c/<id>?app=..&start=..`, which is shown and followed
// as the https form. Pure, for `node --test`.

const APP_ID = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/u;
const MAX_START = 512;

function decode(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/**
 * `{conversationId, appId, startParam}` of a path and query string, or null when the path is
 * not a conversation. appId and startParam are null when absent or malformed.
 */
export function parseDeepLink(pathname, search = '') {
  const m = String(pathname ?? '').match(/^\/c\/([^/?#]+)\/?$/u);
  if (!m) return null;
  const conversationId = decode(m[1]);
  if (!conversationId) return null;
  const params = new URLSearchParams(search);
  const app = params.get('app');
  const appId = app && APP_ID.test(app) ? app : null;
  const start = params.get('start');
  const startParam =
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    appId && start && start.length <= MAX_START && !/[\u0000-\u001f\u007f]/u.test(start) ? start : null;
  return { conversationId, appId, startParam };
}

/** The https (messenger-origin) form of a link: `parley://c/x?app=y` → `<origin>/c/x?app=y`; other links as they are. */
export function toWebLink(href, origin) {
  const s = String(href ?? '');
  const m = s.match(/^parley:\/\/(c\/[^\s?#]+)(\?[^\s#]*)?$/iu);
  if (!m) return s;
  return `${origin}/${m[1]}${m[2] ?? ''}`;
}

/** A link that opens an app in a conversation, with an optional start parameter. */
export function appLink(origin, conversationId, appId, startParam) {
  const params = new URLSearchParams({ app: appId });
  if (startParam) params.set('start', startParam);
  return `${origin}/c/${encodeURIComponent(conversationId)}?${params}`;
}

/** The in-messenger target of an href on our own origin (`/c/...`), or null for anything else. */
export function internalTarget(href, origin) {
  let url;
  try {
    url = new URL(href, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  return parseDeepLink(url.pathname, url.search);
}
