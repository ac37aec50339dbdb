import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, createLiveConnection } from '../src/live.js';

/** Timers driven by hand: no test waits for real time. */
function fakeTimers() {
  let now = 0;
  let nextId = 1;
  const tasks = new Map();
  const api = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      tasks.set(id, { fn, at: now + ms });
      return id;
    },
    clearTimeout(id) {
      tasks.delete(id);
    },
    setInterval(fn, ms) {
      const id = nextId++;
      tasks.set(id, { fn, at: now + ms, every: ms });
      return id;
    },
    clearInterval(id) {
      tasks.delete(id);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next = null;
        for (const [id, t] of tasks) if (t.at <= end && (!next || t.at < next[1].at)) next = [id, t];
        if (!next) break;
        const [id, t] = next;
        now = t.at;
        if (t.every) t.at += t.every;
        else tasks.delete(id);
        t.fn();
      }
      now = end;
    },
  };
  return api;
}

function fakeSockets() {
  const sockets = [];
  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.sent = [];
      this.closed = false;
      sockets.push(this);
    }
    send(data) {
      this.sent.push(JSON.parse(data));
    }
    close() {
      this.closed = true;
    }
    // test helpers
    open() {
      this.onopen?.({});
    }
    receive(obj) {
      this.onmessage?.({ data: JSON.stringify(obj) });
    }
    drop(code = 1006) {
      this.onclose?.({ code });
    }
  }
  return { FakeSocket, sockets };
}

function setup(cursors = { a: 3 }) {
  const timers = fakeTimers();
  const { FakeSocket, sockets } = fakeSockets();
  const events = [];
  const statuses = [];
  const live = createLiveConnection({
    url: 'ws://test/api/live',
    getCursors: () => cursors,
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    WebSocket: FakeSocket,
    timers,
    now: timers.now,
    random: () => 0.5,
    pingIntervalMs: 1000,
    pongTimeoutMs: 500,
  });
  return { live, timers, sockets, events, statuses };
}

describe('live connection', () => {
  it('sends resume with the cursors on open and reports open on ready', () => {
    const { live, sockets, events, statuses } = setup({ a: 3, b: 0 });
    live.start();
    sockets[0].open();
    assert.deepEqual(sockets[0].sent[0], { type: 'resume', cursors: { a: 3, b: 0 } });
    sockets[0].receive({ type: 'message', message: { conversationId: 'a', seq: 4 } });
    sockets[0].receive({ type: 'ready' });
    assert.deepEqual(
      events.map((e) => e.type),
      ['message', 'ready'],
    );
    assert.equal(statuses.at(-1), 'open');
  });

  it('reconnects with growing backoff and resumes with fresh cursors', () => {
    const cursors = { a: 3 };
    const { live, sockets, timers } = setup(cursors);
    live.start();
    sockets[0].drop();
    assert.equal(sockets.length, 1);
    timers.advance(375); // attempt 0: 500 ms with equal jitter at 0.5 -> 375
    assert.equal(sockets.length, 2);
    sockets[1].drop();
    timers.advance(700);
    assert.equal(sockets.length, 2, 'second wait is longer');
    timers.advance(50);
    assert.equal(sockets.length, 3);
    cursors.a = 9;
    sockets[2].open();
    assert.deepEqual(sockets[2].sent[0], { type: 'resume', cursors: { a: 9 } });
  });

  it('comes back at once after a too-slow close', () => {
    const { live, sockets, timers } = setup();
    live.start();
    sockets[0].open();
    sockets[0].drop(4008);
    timers.advance(0);
    assert.equal(sockets.length, 2);
  });

  it('stays closed after a session-ended close (4001) and says so', () => {
    const disconnects = [];
    const timers = fakeTimers();
    const { FakeSocket, sockets } = fakeSockets();
    const live = createLiveConnection({
      url: 'ws://test/api/live',
      getCursors: () => ({}),
      onEvent: () => {},
      onDisconnect: (d) => disconnects.push(d),
      WebSocket: FakeSocket,
      timers,
      now: timers.now,
      random: () => 0.5,
    });
    live.start();
    sockets[0].open();
    sockets[0].drop(4001);
    timers.advance(60000);
    assert.equal(sockets.length, 1, 'no reconnect after the session ended');
    assert.equal(live.status, 'idle');
    assert.deepEqual(disconnects, [{ code: 4001, attempt: 0 }]);
  });

  it('drops a connection whose pong never comes', () => {
    const { live, sockets, timers } = setup();
    live.start();
    sockets[0].open();
    timers.advance(1000);
    assert.deepEqual(sockets[0].sent.at(-1), { type: 'ping' });
    timers.advance(500);
    assert.equal(sockets[0].closed, true);
    timers.advance(400);
    assert.equal(sockets.length, 2);
  });

  it('gives up on a handshake that hangs and tries again', () => {
    const { live, sockets, timers } = setup();
    live.start();
    timers.advance(9999);
    assert.equal(sockets[0].closed, false);
    timers.advance(1);
    assert.equal(sockets[0].closed, true);
    timers.advance(375);
    assert.equal(sockets.length, 2);
    sockets[1].open();
    timers.advance(10000);
    assert.equal(sockets[1].sent[0].type, 'resume', 'an opened socket is not timed out');
  });

  it('keeps a connection that answers pings', () => {
    const { live, sockets, timers } = setup();
    live.start();
    sockets[0].open();
    for (let i = 0; i < 5; i++) {
      timers.advance(1000);
      sockets[0].receive({ type: 'pong' });
    }
    assert.equal(sockets[0].closed, false);
    assert.equal(sockets.length, 1);
  });

  it('stops for good', () => {
    const { live, sockets, timers, statuses } = setup();
    live.start();
    sockets[0].open();
    live.stop();
    assert.equal(sockets[0].closed, true);
    timers.advance(60000);
    assert.equal(sockets.length, 1);
    assert.equal(statuses.at(-1), 'idle');
  });

  it('backoff is capped', () => {
    assert.equal(backoffDelay(50, { minDelayMs: 500, maxDelayMs: 30000, random: () => 1 }), 30000);
    assert.equal(backoffDelay(0, { minDelayMs: 500, maxDelayMs: 30000, random: () => 0 }), 250);
  });
});
