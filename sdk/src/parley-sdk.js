// parley-sdk.js: the page side of the Parley page bridge (docs/api.md, "The page bridge").
// A plain ES module with no dependencies, served at /parley-sdk.js on every app origin:
//
//   <script type="module">
//     import Parley from '/parley-sdk.js';
//     const { theme } = await Parley.ready();
//     const result = await Parley.server({ hello: 'world' });
//   </script>
//
// The messenger opens the page at `pageUrl#launch=<base64url JSON>&host=<messenger origin>`.
// The SDK talks only to window.parent, only with that origin, and ignores every other message.

/** Milliseconds a request waits for the messenger's answer, unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** `call` and `server` wait longer: the messenger may ask the user first (consent, payments). */
export const CALL_TIMEOUT_MS = 120_000;
/** How long a clock request may take before `syncClock` gives up (the messenger may sync with the server first). */
export const CLOCK_TIMEOUT_MS = 5_000;
/** The most bytes `media.upload` hands over (the platform refuses more). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** A failed request: `code` is the messenger's (`refused`, `timeout`, `not_launched`…). */
export class ParleyError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'ParleyError';
    this.code = code;
  }
}

function decodeBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/**
 * Reads the launch fragment (`#launch=…&host=…`): `{launch, host}`, each null when missing or
 * malformed. `host` must be an http(s) origin.
 */
export function parseFragment(hash) {
  const params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  let launch = null;
  let host = null;
  try {
    const raw = params.get('launch');
    if (raw) {
      const parsed = JSON.parse(decodeBase64Url(raw));
      if (parsed && typeof parsed === 'object' && parsed.launchParams && typeof parsed.launchParams === 'object') {
        launch = parsed;
      }
    }
  } catch {
    launch = null;
  }
  const h = params.get('host');
  if (h) {
    try {
      const url = new URL(h);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === h.replace(/\/$/, '')) {
        host = url.origin;
      }
    } catch {
      host = null;
    }
  }
  return { launch, host };
}

function cssName(key) {
  return '--parley-' + String(key).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()).replace(/[^a-z0-9-]/g, '');
}

/** Theme data as CSS custom properties: `{bgColor: '#fff'}` → `{'--parley-bg-color': '#fff'}`. */
export function themeVariables(theme) {
  const out = {};
  const add = (key, value) => {
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value);
      if (!/[;{}<>]/.test(text) && text.length <= 200) {
        out[cssName(key)] = text;
      }
    }
  };
  if (theme && typeof theme === 'object') {
    for (const [key, value] of Object.entries(theme)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [inner, v] of Object.entries(value)) add(inner, v);
      } else {
        add(key, value);
      }
    }
  }
  return out;
}

/**
 * Creates the SDK for a window. Pages use the default export, made for their own window;
 * tests pass a fake one.
 *
 * @param win the page's window: `location.hash`, `parent`, `addEventListener`, `document`
 * @param options `{timeoutMs, callTimeoutMs}`
 */
export function createParley(win, options = {}) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const callTimeoutMs = options.callTimeoutMs ?? CALL_TIMEOUT_MS;
  const { launch, host } = parseFragment(win && win.location ? win.location.hash : '');
  const parent = win && win.parent && win.parent !== win ? win.parent : null;
  const launched = Boolean(host && parent);
  const pending = new Map();
  const themeListeners = new Set();
  const buttonListeners = new Set();
  const broadcastListeners = new Set();
  const miniPlayerListeners = new Set();
  const clockNow = typeof options.now === 'function' ? options.now : () => Date.now();
  let nextId = 1;
  let theme = null;
  let clockOffset = null; // host clock − our clock, in ms, once synced

  function applyTheme(data) {
    theme = data && typeof data === 'object' ? data : {};
    const style = win && win.document && win.document.documentElement && win.document.documentElement.style;
    if (style && typeof style.setProperty === 'function') {
      for (const [name, value] of Object.entries(themeVariables(theme))) style.setProperty(name, value);
    }
    for (const fn of themeListeners) {
      try {
        fn(theme);
      } catch (e) {
        setTimeout(() => { throw e; });
      }
    }
  }

  function onMessage(event) {
    if (!launched || event.source !== parent || event.origin !== host) return;
    const m = event.data;
    if (!m || typeof m !== 'object' || m.parley !== 1) return;
    if (typeof m.id === 'string' && pending.has(m.id)) {
      const { resolve, reject, timer } = pending.get(m.id);
      pending.delete(m.id);
      clearTimeout(timer);
      if (m.error) {
        reject(new ParleyError(String(m.error.code || 'error'), String(m.error.message || 'the request failed')));
      } else {
        resolve(m.result);
      }
      return;
    }
    if (m.event === 'theme') {
      applyTheme(m.data);
    } else if (m.event === 'mainButton') {
      for (const fn of buttonListeners) fn();
    } else if (m.event === 'miniPlayer') {
      for (const fn of [...miniPlayerListeners]) fn({ docked: !!(m.data && m.data.docked) });
    } else if (m.event === 'broadcast') {
      for (const fn of [...broadcastListeners]) {
        try {
          fn(m.data);
        } catch (e) {
          setTimeout(() => { throw e; });
        }
      }
    }
  }

  if (win && typeof win.addEventListener === 'function') {
    win.addEventListener('message', onMessage);
  }

  function request(method, params, wait = timeoutMs) {
    if (!launched) {
      return Promise.reject(new ParleyError('not_launched', 'the page was not opened by the Parley messenger'));
    }
    const id = 'p' + nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new ParleyError('timeout', method + ' got no answer within ' + wait + ' ms'));
      }, wait);
      pending.set(id, { resolve, reject, timer });
      try {
        parent.postMessage({ parley: 1, id, method, params: params ?? {} }, host);
      } catch (e) {
        pending.delete(id);
        clearTimeout(timer);
        reject(new ParleyError('bridge', String(e && e.message ? e.message : e)));
      }
    });
  }

  const parley = {
    /** Whether the page runs inside the messenger (a host origin and a parent window). */
    launched,
    /** The messenger's origin, or null. */
    host,
    /** `{launchParams, signature, platformSignature}` as handed over: send it to your backend to verify. */
    launch,
    /** `{appId, version, userId, conversationId, startParam, locale, issuedAt, nonce}`, or null. */
    launchParams: launch ? launch.launchParams : null,
    /** The last theme received, or null. */
    get theme() {
      return theme;
    },
    /**
     * Tells the messenger the page is ready; resolves to `{theme}` and applies the theme. Then
     * starts a `syncClock` without waiting for it: `now()` follows the host's clock from its
     * answer on (await `syncClock()` yourself to know when); a messenger that cannot tell the
     * time leaves `now()` on the page's own clock.
     */
    async ready() {
      const result = await request('ready', {});
      if (result && result.theme) applyTheme(result.theme);
      parley.syncClock().catch(() => null);
      return result;
    },
    /** Asks the messenger for the launch object (the same as `launch`, fresh from the host). */
    getLaunchParams() {
      return request('getLaunchParams', {});
    },
    /** A host call, checked by the messenger and the platform like the app's server code. */
    call(capability, args = {}) {
      if (typeof capability !== 'string' || !capability) {
        return Promise.reject(new ParleyError('invalid', 'capability must be a non-empty string'));
      }
      return request('call', { capability, args }, callTimeoutMs);
    },
    /** Calls the app's own `page_call` handler in its server code. */
    server(args = {}) {
      return parley.call('server', args);
    },
    mainButton: {
      /** Shows, hides or relabels the messenger's main button. */
      set({ text, visible } = {}) {
        const params = {};
        if (text !== undefined) params.text = String(text);
        if (visible !== undefined) params.visible = Boolean(visible);
        return request('setMainButton', params);
      },
      /** Calls `fn` on each tap of the main button; returns a function that stops it. */
      onClick(fn) {
        buttonListeners.add(fn);
        return () => buttonListeners.delete(fn);
      },
    },
    /** Opens an https link outside the app (the messenger asks the user first). */
    openLink(url) {
      let parsed;
      try {
        parsed = new URL(String(url));
      } catch {
        return Promise.reject(new ParleyError('invalid', 'not a URL: ' + url));
      }
      if (parsed.protocol !== 'https:') {
        return Promise.reject(new ParleyError('invalid', 'only https links can be opened'));
      }
      return request('openLink', { url: parsed.href });
    },
    miniPlayer: {
      /**
       * Asks to keep running in the messenger's docked mini-player when the user closes the panel
       * or leaves the conversation (`enabled: true`; the manifest must say `"mini_player": true`),
       * or to close with the panel again (`enabled: false`). `title` is the player's line, such as
       * the track playing (at most 80 characters).
       */
      set({ enabled, title } = {}) {
        const params = { enabled: Boolean(enabled) };
        if (title !== undefined && title !== null) params.title = String(title);
        return request('setMiniPlayer', params);
      },
      /** Calls `fn({docked})` when the page moves into the mini-player or back; returns a function that stops it. */
      onChange(fn) {
        miniPlayerListeners.add(fn);
        return () => miniPlayerListeners.delete(fn);
      },
    },
    /** Closes the app's panel (and its mini-player). */
    close() {
      return request('close', {});
    },
    /**
     * Calls `fn(data)` with each `parley.pages.broadcast({data})` of this app's server code (or
     * pages) in this conversation, for every member's open page; returns a function that stops it.
     */
    onBroadcast(fn) {
      if (typeof fn !== 'function') throw new TypeError('onBroadcast takes a function');
      broadcastListeners.add(fn);
      return () => broadcastListeners.delete(fn);
    },
    /** The host's clock (server time as the messenger estimates it) in epoch ms; the page's own clock until synced. */
    now() {
      return clockNow() + (clockOffset ?? 0);
    },
    /** Whether `now()` follows the host's clock yet. */
    get clockSynced() {
      return clockOffset !== null;
    },
    /**
     * Asks the messenger for the server's time (it re-syncs with the server first) and sets
     * `now()` from it: resolves `{offsetMs, rttMs}`, the offset of the host's clock from the
     * page's and the round trip it was measured over (bridge and server; the error is at most half).
     */
    async syncClock() {
      const sent = clockNow();
      const answer = await request('clock', { sync: true }, CLOCK_TIMEOUT_MS);
      const received = clockNow();
      if (!answer || typeof answer.now !== 'number' || !Number.isFinite(answer.now)) {
        throw new ParleyError('clock', 'the messenger did not tell the time');
      }
      const bridgeRtt = Math.max(0, received - sent);
      clockOffset = answer.now - (sent + received) / 2;
      const hostRtt = typeof answer.rttMs === 'number' && Number.isFinite(answer.rttMs) ? answer.rttMs : 0;
      return { offsetMs: clockOffset, rttMs: bridgeRtt + hostRtt };
    },
    media: {
      /**
       * Uploads an audio file the user chose (a Blob, File or ArrayBuffer; permission
       * `media.upload`, asked like the others): resolves `{id, url, contentType, size, name}` with
       * `url` on the app's own origin. The platform checks the format by content (MP3, Ogg
       * Vorbis/Opus, WAV, FLAC, MP4 audio) and the size (20 MiB); refusals reject with a
       * ParleyError saying what was wrong.
       */
      upload(file, { name } = {}) {
        const isBlob = typeof Blob !== 'undefined' && file instanceof Blob;
        const isBuffer = file instanceof ArrayBuffer || ArrayBuffer.isView(file);
        if (!isBlob && !isBuffer) {
          return Promise.reject(new ParleyError('invalid', 'media.upload takes a Blob, File or ArrayBuffer'));
        }
        const size = isBlob ? file.size : file.byteLength;
        if (size > MAX_UPLOAD_BYTES) {
          return Promise.reject(new ParleyError('too_large', 'the file is larger than 20 MiB, the most an app may upload'));
        }
        const label = name !== undefined ? String(name) : (file && typeof file.name === 'string' ? file.name : '');
        const data = isBuffer && ArrayBuffer.isView(file) ? file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) : file;
        return request('uploadMedia', { data, name: label }, callTimeoutMs);
      },
    },
    /** Calls `fn(theme)` on each theme change; returns a function that stops it. */
    onTheme(fn) {
      themeListeners.add(fn);
      return () => themeListeners.delete(fn);
    },
    /** Stops listening to the messenger; pending requests fail. */
    dispose() {
      if (win && typeof win.removeEventListener === 'function') win.removeEventListener('message', onMessage);
      broadcastListeners.clear();
      miniPlayerListeners.clear();
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.reject(new ParleyError('disposed', 'the SDK was disposed'));
        pending.delete(id);
      }
    },
  };
  return parley;
}

/** The SDK of this page's window (undefined outside a browser). */
export const Parley = typeof window !== 'undefined' ? createParley(window) : undefined;
export default Parley;
