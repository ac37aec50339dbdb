// The live channel: WebSocket /api/live (docs/api.md). Reconnects with capped exponential
// backoff and jitter, resumes from the last seq seen per conversation, keeps the socket
// alive with pings and notices a dead one by a missing pong. No DOM access, so it runs
// under `node --test` with a fake WebSocket and fake timers.

export const LIVE_STATUS = Object.freeze({
  IDLE: 'idle',
  CONNECTING: 'connecting',
  SYNCING: 'syncing',
  OPEN: 'open',
  OFFLINE: 'offline',
});

/** Close code the server uses for a client that reads too slowly. */
export const CLOSE_TOO_SLOW = 4008;

/** Close code the server uses when the session ended (signed out, revoked): reconnecting cannot help. */
export const CLOSE_SESSION_ENDED = 4001;

/**
 * Delay before reconnect attempt `attempt` (0-based): min * 2^attempt capped at max, with
 * "equal jitter" so that a server restart does not bring every client back at once.
 */
export function backoffDelay(attempt, { minDelayMs = 500, maxDelayMs = 30000, random = Math.random } = {}) {
  const base = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(attempt, 20));
  return Math.round(base / 2 + random() * (base / 2));
}

/**
 * @param {object} o
 * @param {string} o.url ws:// or wss:// URL of /api/live
 * @param {() => Record<string, number>} o.getCursors last seq seen per conversation
 * @param {(event: object) => void} o.onEvent every server event except pong
 * @param {(status: string, info: object) => void} [o.onStatus]
 * @param {(info: {code: number, attempt: number}) => void} [o.onDisconnect]
 */
export function createLiveConnection(o) {
  const WebSocketImpl = o.WebSocket ?? globalThis.WebSocket;
  const timers = o.timers ?? globalThis;
  const now = o.now ?? (() => Date.now());
  const pingIntervalMs = o.pingIntervalMs ?? 25000;
  const pongTimeoutMs = o.pongTimeoutMs ?? 10000;
  const connectTimeoutMs = o.connectTimeoutMs ?? 10000;
  const backoff = {
    minDelayMs: o.minDelayMs ?? 500,
    maxDelayMs: o.maxDelayMs ?? 30000,
    random: o.random ?? Math.random,
  };

  let socket = null;
  let stopped = true;
  let attempt = 0;
  let status = LIVE_STATUS.IDLE;
  let reconnectTimer = null;
  let pingTimer = null;
  let pongTimer = null;
  let connectTimer = null;

  function setStatus(next, info = {}) {
    status = next;
    if (o.onStatus) o.onStatus(next, info);
  }

  function clearTimers() {
    if (reconnectTimer) timers.clearTimeout(reconnectTimer);
    if (pingTimer) timers.clearInterval(pingTimer);
    if (pongTimer) timers.clearTimeout(pongTimer);
    if (connectTimer) timers.clearTimeout(connectTimer);
    reconnectTimer = pingTimer = pongTimer = connectTimer = null;
  }

  function send(sock, obj) {
    try {
      sock.send(JSON.stringify(obj));
      return true;
    } catch {
      return false;
    }
  }

  function connect() {
    clearTimers();
    if (stopped) return;
    setStatus(LIVE_STATUS.CONNECTING, { attempt });
    let sock;
    try {
      // resume=1: the server holds live events until our resume frame is handled, so none
      // overtakes the backlog it asks for (docs/api.md).
      sock = new WebSocketImpl(o.url + (o.url.includes('?') ? '&' : '?') + 'resume=1');
    } catch {
      scheduleReconnect(1006);
      return;
    }
    socket = sock;
    // A handshake that never completes (a proxy or server that holds it) must not stall us.
    connectTimer = timers.setTimeout(() => {
      connectTimer = null;
      if (socket === sock) drop(sock, 4000);
    }, connectTimeoutMs);

    sock.onopen = () => {
      if (socket !== sock) return;
      if (connectTimer) timers.clearTimeout(connectTimer);
      connectTimer = null;
      send(sock, { type: 'resume', cursors: o.getCursors() });
      setStatus(LIVE_STATUS.SYNCING);
      pingTimer = timers.setInterval(() => {
        if (socket !== sock || pongTimer) return;
        send(sock, { type: 'ping' });
        pongTimer = timers.setTimeout(() => {
          pongTimer = null;
          // No pong: the connection is dead even if the browser has not noticed yet.
          if (socket === sock) drop(sock, 4000);
        }, pongTimeoutMs);
      }, pingIntervalMs);
    };

    sock.onmessage = (ev) => {
      if (socket !== sock) return;
      let event;
      try {
        event = JSON.parse(typeof ev.data === 'string' ? ev.data : String(ev.data));
      } catch {
        return;
      }
      if (!event || typeof event !== 'object') return;
      if (event.type === 'pong') {
        if (pongTimer) timers.clearTimeout(pongTimer);
        pongTimer = null;
        return;
      }
      if (event.type === 'ready') {
        attempt = 0;
        setStatus(LIVE_STATUS.OPEN);
      }
      o.onEvent(event);
    };

    sock.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };

    sock.onclose = (ev) => {
      if (socket !== sock) return;
      socket = null;
      if (stopped) return;
      scheduleReconnect(ev && typeof ev.code === 'number' ? ev.code : 1006);
    };
  }

  function drop(sock, code) {
    socket = null;
    try {
      sock.onopen = sock.onmessage = sock.onclose = sock.onerror = null;
      sock.close();
    } catch {
      // already closed
    }
    if (!stopped) scheduleReconnect(code);
  }

  function scheduleReconnect(code) {
    clearTimers();
    const failed = attempt;
    if (code === CLOSE_SESSION_ENDED) {
      // Signed out here or elsewhere: stay closed and let the owner show the sign-in.
      stopped = true;
      setStatus(LIVE_STATUS.IDLE, { code });
      if (o.onDisconnect) o.onDisconnect({ code, attempt: failed });
      return;
    }
    // A "too slow" close is not the server being down: come back at once and resume.
    const delay = code === CLOSE_TOO_SLOW ? 0 : backoffDelay(attempt, backoff);
    attempt += 1;
    setStatus(LIVE_STATUS.OFFLINE, { retryAt: now() + delay, code, attempt: failed });
    if (o.onDisconnect) o.onDisconnect({ code, attempt: failed });
    reconnectTimer = timers.setTimeout(connect, delay);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      attempt = 0;
      connect();
    },
    stop() {
      stopped = true;
      clearTimers();
      const sock = socket;
      socket = null;
      if (sock) {
        try {
          sock.onopen = sock.onmessage = sock.onclose = sock.onerror = null;
          sock.close(1000);
        } catch {
          // ignore
        }
      }
      setStatus(LIVE_STATUS.IDLE);
    },
    /** Sends a frame when connected (a typing notice); dropped otherwise. */
    sendFrame(frame) {
      if (socket && socket.readyState === 1) send(socket, frame);
    },
    /** Reconnect at once when waiting for a retry (the page came back online or into view). */
    reconnectNow() {
      if (stopped || socket) return;
      connect();
    },
    get status() {
      return status;
    },
  };
}
