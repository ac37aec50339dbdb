// The messenger's side of the page bridge (docs/api.md "The page bridge"). An app's page runs
// in a sandboxed iframe on the app's own origin and talks to us only with postMessage. This
// module accepts a message only when BOTH its `source` is that iframe's contentWindow AND its
// `origin` is the page's origin, answers every request by its id, and posts only to that
// origin (never "*"). No DOM beyond the window objects handed in, so it runs under `node --test`
// with fake windows.

export const BRIDGE_VERSION = 1;
export const METHODS = Object.freeze([
  'ready',
  'getLaunchParams',
  'call',
  'setMainButton',
  'openLink',
  'close',
  'clock',
  'uploadMedia',
  'setMiniPlayer',
]);
const MAX_ID = 128;

/** base64url of a UTF-8 string, without padding. */
export function base64url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
}

/** The launch object the page reads: `{launchParams, signature, platformSignature}`. */
export function launchObject(launch) {
  return {
    launchParams: launch.launchParams,
    signature: launch.signature,
    platformSignature: launch.platformSignature,
  };
}

/**
 * The origin of an app page, or null when it cannot be embedded safely: it must be an http(s)
 * URL on an origin other than the messenger's (the frame gets allow-same-origin, which would
 * hand a page on our own origin the messenger itself).
 */
export function pageOrigin(pageUrl, hostOrigin) {
  let url;
  try {
    url = new URL(pageUrl, hostOrigin);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  // An https messenger never frames a plain-http page.
  if (hostOrigin.startsWith('https:') && url.protocol !== 'https:') return null;
  if (url.origin === hostOrigin) return null;
  return url.origin;
}

/**
 * Why an app page cannot be framed, in words that point at what to fix: most often the
 * messenger's own address (an IP address gives pages no host name), not the app.
 */
export function pageUrlProblem(pageUrl, hostOrigin, appName) {
  let host = '';
  try {
    host = new URL(hostOrigin).hostname;
  } catch {
    /* keep the general sentence */
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) {
    return `App pages need a host name: they live at <app>.apps.<host>, and this messenger is open at the IP address ${host}. Open Parley at a host name (http://localhost:<port> on this machine), or ask the server's operator to set publicBaseUrl to a name whose *.apps. subdomains resolve (a wildcard DNS entry).`;
  }
  if (hostOrigin.startsWith('https:') && typeof pageUrl === 'string' && pageUrl.startsWith('http:')) {
    return `${appName}’s page is on plain http while Parley is on https; the server's publicBaseUrl must use https too.`;
  }
  return `${appName}’s page address (${String(pageUrl)}) is not an origin of its own beside this messenger's, so Parley will not open it. The server derives it from its publicBaseUrl setting or the address Parley is open at.`;
}

/** `pageUrl#launch=<base64url JSON>&host=<messenger origin>` (any fragment of pageUrl is replaced). */
export function frameUrl(pageUrl, launch, hostOrigin) {
  const url = new URL(pageUrl, hostOrigin);
  url.hash = `launch=${base64url(JSON.stringify(launchObject(launch)))}&host=${encodeURIComponent(hostOrigin)}`;
  return url.href;
}

function isRequest(data) {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  if (data.parley !== BRIDGE_VERSION) return false;
  const idOk =
    (typeof data.id === 'string' && data.id.length > 0 && data.id.length <= MAX_ID) ||
    (typeof data.id === 'number' && Number.isSafeInteger(data.id));
  return idOk && typeof data.method === 'string';
}

/** A failure with a code the page sees (`{code, message}`); anything else becomes "failed". */
export class BridgeError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
  }
}

/**
 * @param {object} o
 * @param {Window} o.window the messenger's window (receives `message` events)
 * @param {() => (Window|null)} o.frame the iframe's contentWindow, read on every message
 * @param {string} o.origin the page's origin: the only origin accepted and posted to
 * @param {Record<string, (params: object) => any>} o.handlers one per method in METHODS; may return a promise
 * @param {(info: {reason: string}) => void} [o.onIgnored] told about every message dropped (for tests and logs)
 */
export function createBridge(o) {
  if (!o || !o.window || typeof o.frame !== 'function' || typeof o.origin !== 'string' || !o.origin) {
    throw new TypeError('createBridge needs window, frame() and origin');
  }
  if (o.origin === 'null' || o.origin === '*') throw new TypeError(`refusing bridge origin ${o.origin}`);
  const handlers = o.handlers ?? {};
  let stopped = true;

  function ignore(reason) {
    if (o.onIgnored) o.onIgnored({ reason });
  }

  function post(message) {
    const target = o.frame();
    if (!target || stopped) return false;
    try {
      target.postMessage(message, o.origin);
      return true;
    } catch {
      return false;
    }
  }

  async function handle(data) {
    const { id, method } = data;
    const params = data.params && typeof data.params === 'object' && !Array.isArray(data.params) ? data.params : {};
    const handler = METHODS.includes(method) ? handlers[method] : null;
    if (typeof handler !== 'function') {
      post({
        parley: BRIDGE_VERSION,
        id,
        error: { code: 'unknown_method', message: `Unknown method ${method.slice(0, 64)}` },
      });
      return;
    }
    try {
      const result = await handler(params);
      post({ parley: BRIDGE_VERSION, id, result: result === undefined ? null : result });
    } catch (e) {
      // Only a BridgeError's words reach the page; anything else is an internal failure.
      const known = e instanceof BridgeError;
      const code = known ? e.code : 'failed';
      const message = known ? e.message : 'The request failed.';
      post({ parley: BRIDGE_VERSION, id, error: { code, message } });
    }
  }

  function onMessage(event) {
    if (stopped) return;
    const frame = o.frame();
    // Both checks, always: the source pins the one frame we opened, the origin pins the app
    // that frame is showing right now (it may have navigated elsewhere).
    if (!frame || event.source !== frame) return ignore('source');
    if (event.origin !== o.origin) return ignore('origin');
    if (!isRequest(event.data)) return ignore('shape');
    handle(event.data);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      o.window.addEventListener('message', onMessage);
    },
    stop() {
      stopped = true;
      o.window.removeEventListener('message', onMessage);
    },
    /** Sends an event to the page: `{parley: 1, event, data?}`. */
    emit(event, data) {
      return post(data === undefined ? { parley: BRIDGE_VERSION, event } : { parley: BRIDGE_VERSION, event, data });
    },
  };
}

/** The theme handed to pages: the messenger's colours as CSS-variable-ready values. */
export function themeFrom(readVar, scheme) {
  const pick = (name, fallback) => {
    const v = String(readVar(name) ?? '').trim();
    return /^[#a-z0-9(),.%\s/-]{1,64}$/iu.test(v) ? v : fallback;
  };
  return {
    scheme: scheme === 'dark' ? 'dark' : 'light',
    colors: {
      bg: pick('--bg', scheme === 'dark' ? '#0c0e12' : '#eef0f4'),
      surface: pick('--surface', scheme === 'dark' ? '#15181e' : '#ffffff'),
      text: pick('--text', scheme === 'dark' ? '#e9ebf0' : '#14161b'),
      hint: pick('--text-2', scheme === 'dark' ? '#a0a6b3' : '#5a606c'),
      accent: pick('--accent', scheme === 'dark' ? '#8c86ff' : '#4f46e5'),
      accentText: pick('--accent-text', scheme === 'dark' ? '#0c0e12' : '#ffffff'),
      border: pick('--border', scheme === 'dark' ? '#2a2f3a' : '#e1e4ea'),
      danger: pick('--danger', scheme === 'dark' ? '#ff7b72' : '#c2261d'),
    },
  };
}
