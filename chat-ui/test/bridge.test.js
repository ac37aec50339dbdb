import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64url, BridgeError, createBridge, frameUrl, pageOrigin, pageUrlProblem, themeFrom } from '../src/bridge.js';

const APP = 'https://poll.apps.chat.example';
const HOST = 'https://chat.example';

/** A fake window: records postMessage calls with their target origin. */
function fakeWindow(name) {
  return {
    name,
    posted: [],
    postMessage(message, targetOrigin) {
      this.posted.push({ message, targetOrigin });
    },
  };
}

/** The messenger's window: lets tests dispatch `message` events to the listeners. */
function fakeHost() {
  const listeners = new Set();
  return {
    addEventListener(type, fn) {
      if (type === 'message') listeners.add(fn);
    },
    removeEventListener(type, fn) {
      if (type === 'message') listeners.delete(fn);
    },
    dispatch(event) {
      for (const fn of [...listeners]) fn(event);
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

function setup(handlers = {}) {
  const host = fakeHost();
  const frame = fakeWindow('frame');
  const ignored = [];
  let current = frame;
  const bridge = createBridge({
    window: host,
    frame: () => current,
    origin: APP,
    handlers: {
      ready: () => ({ theme: { scheme: 'light' } }),
      getLaunchParams: () => ({ launchParams: { appId: 'poll' }, signature: 's', platformSignature: 'p' }),
      ...handlers,
    },
    onIgnored: (i) => ignored.push(i.reason),
  });
  bridge.start();
  return { host, frame, bridge, ignored, setFrame: (w) => (current = w) };
}

describe('bridge', () => {
  it('answers clock and uploadMedia with their handlers, and emits broadcast events to the page', async () => {
    const file = new ArrayBuffer(2);
    const { host, frame, bridge } = setup({
      clock: (params) => ({ now: 42, offsetMs: 2, rttMs: 8, sync: params.sync }),
      uploadMedia: (params) => ({ id: 'm1', size: params.data.byteLength, name: params.name }),
    });
    host.dispatch({
      source: frame,
      origin: APP,
      data: { parley: 1, id: 'c', method: 'clock', params: { sync: true } },
    });
    host.dispatch({
      source: frame,
      origin: APP,
      data: { parley: 1, id: 'u', method: 'uploadMedia', params: { data: file, name: 'a.ogg' } },
    });
    await tick();
    assert.deepEqual(
      frame.posted.map((p) => p.message),
      [
        { parley: 1, id: 'c', result: { now: 42, offsetMs: 2, rttMs: 8, sync: true } },
        { parley: 1, id: 'u', result: { id: 'm1', size: 2, name: 'a.ogg' } },
      ],
    );
    assert.equal(bridge.emit('broadcast', { action: 'pause' }), true);
    assert.deepEqual(frame.posted.at(-1), {
      message: { parley: 1, event: 'broadcast', data: { action: 'pause' } },
      targetOrigin: APP,
    });
  });

  it('answers a request from its frame and origin, by id, to that origin only', async () => {
    const { host, frame } = setup();
    host.dispatch({ source: frame, origin: APP, data: { parley: 1, id: 'r1', method: 'ready', params: {} } });
    await tick();
    assert.deepEqual(frame.posted, [
      { message: { parley: 1, id: 'r1', result: { theme: { scheme: 'light' } } }, targetOrigin: APP },
    ]);
  });

  it('ignores messages from another window, even with the right origin', async () => {
    const { host, frame, ignored } = setup();
    const other = fakeWindow('other');
    host.dispatch({ source: other, origin: APP, data: { parley: 1, id: 1, method: 'getLaunchParams' } });
    host.dispatch({ source: null, origin: APP, data: { parley: 1, id: 2, method: 'getLaunchParams' } });
    host.dispatch({ source: host, origin: HOST, data: { parley: 1, id: 3, method: 'getLaunchParams' } });
    await tick();
    assert.deepEqual(frame.posted, []);
    assert.deepEqual(other.posted, []);
    assert.deepEqual(ignored, ['source', 'source', 'source']);
  });

  it('ignores messages from its frame with another origin (the frame navigated away)', async () => {
    const { host, frame, ignored } = setup();
    for (const origin of [
      'https://evil.example',
      HOST,
      'null',
      'https://poll.apps.chat.example:444',
      'http://poll.apps.chat.example',
      '',
    ]) {
      host.dispatch({ source: frame, origin, data: { parley: 1, id: 'x', method: 'getLaunchParams' } });
    }
    await tick();
    assert.deepEqual(frame.posted, []);
    assert.equal(ignored.length, 6);
    assert.ok(ignored.every((r) => r === 'origin'));
  });

  it('ignores messages that are not bridge requests', async () => {
    const { host, frame, ignored } = setup();
    for (const data of [
      null,
      'ready',
      [],
      { parley: 2, id: 1, method: 'ready' },
      { parley: 1, method: 'ready' },
      { parley: 1, id: {}, method: 'ready' },
      { parley: 1, id: 'x'.repeat(200), method: 'ready' },
      { parley: 1, id: 1 },
    ]) {
      host.dispatch({ source: frame, origin: APP, data });
    }
    await tick();
    assert.deepEqual(frame.posted, []);
    assert.ok(ignored.every((r) => r === 'shape'));
  });

  it('answers unknown methods and failures with an error, never internal details', async () => {
    const { host, frame } = setup({
      call: async () => {
        throw new BridgeError('refused', 'Polls may not read members.');
      },
      openLink: () => {
        throw new Error('secret internal stack');
      },
    });
    host.dispatch({ source: frame, origin: APP, data: { parley: 1, id: 1, method: 'eval', params: {} } });
    host.dispatch({
      source: frame,
      origin: APP,
      data: { parley: 1, id: 2, method: 'call', params: { capability: 'members.read' } },
    });
    host.dispatch({
      source: frame,
      origin: APP,
      data: { parley: 1, id: 3, method: 'openLink', params: { url: 'https://x' } },
    });
    host.dispatch({ source: frame, origin: APP, data: { parley: 1, id: 4, method: 'toString' } });
    await tick();
    const byId = Object.fromEntries(frame.posted.map((p) => [p.message.id, p.message]));
    assert.equal(byId[1].error.code, 'unknown_method');
    assert.deepEqual(byId[2].error, { code: 'refused', message: 'Polls may not read members.' });
    assert.deepEqual(byId[3].error, { code: 'failed', message: 'The request failed.' });
    assert.equal(byId[4].error.code, 'unknown_method', 'no prototype methods');
    assert.ok(frame.posted.every((p) => p.targetOrigin === APP));
  });

  it('hands params to the handler and waits for its promise', async () => {
    const seen = [];
    const { host, frame } = setup({
      call: async (params) => {
        seen.push(params);
        return { ok: true };
      },
    });
    host.dispatch({
      source: frame,
      origin: APP,
      data: { parley: 1, id: 7, method: 'call', params: { capability: 'server', args: { a: 1 } } },
    });
    host.dispatch({ source: frame, origin: APP, data: { parley: 1, id: 8, method: 'call', params: 'not an object' } });
    await tick();
    assert.deepEqual(seen, [{ capability: 'server', args: { a: 1 } }, {}]);
    assert.deepEqual(frame.posted[0].message, { parley: 1, id: 7, result: { ok: true } });
  });

  it('checks the current frame on every message and stops listening when stopped', async () => {
    const { host, frame, bridge, setFrame } = setup();
    const reloaded = fakeWindow('reloaded');
    setFrame(reloaded);
    host.dispatch({ source: frame, origin: APP, data: { parley: 1, id: 1, method: 'ready' } });
    host.dispatch({ source: reloaded, origin: APP, data: { parley: 1, id: 2, method: 'ready' } });
    await tick();
    assert.equal(frame.posted.length, 0);
    assert.equal(reloaded.posted.length, 1);
    bridge.stop();
    assert.equal(host.listenerCount, 0);
    host.dispatch({ source: reloaded, origin: APP, data: { parley: 1, id: 3, method: 'ready' } });
    await tick();
    assert.equal(reloaded.posted.length, 1);
    assert.equal(bridge.emit('theme', {}), false, 'nothing is sent after stop');
  });

  it('sends events to the page origin', () => {
    const { frame, bridge } = setup();
    assert.equal(bridge.emit('mainButton'), true);
    bridge.emit('theme', { scheme: 'dark' });
    assert.deepEqual(frame.posted, [
      { message: { parley: 1, event: 'mainButton' }, targetOrigin: APP },
      { message: { parley: 1, event: 'theme', data: { scheme: 'dark' } }, targetOrigin: APP },
    ]);
  });

  it('refuses to be created for a wildcard or opaque origin', () => {
    const base = { window: fakeHost(), frame: () => null, handlers: {} };
    assert.throws(() => createBridge({ ...base, origin: '*' }), TypeError);
    assert.throws(() => createBridge({ ...base, origin: 'null' }), TypeError);
    assert.throws(() => createBridge({ ...base, origin: '' }), TypeError);
  });

  it('embeds pages of another http(s) origin only', () => {
    assert.equal(pageOrigin('https://poll.apps.chat.example/index.html', HOST), APP);
    assert.equal(pageOrigin('/static/apps/poll/d/ui/index.html', HOST), null, "never the messenger's own origin");
    assert.equal(pageOrigin('https://chat.example/x', HOST), null);
    assert.equal(pageOrigin('javascript:alert(1)', HOST), null);
    assert.equal(pageOrigin('http://poll.apps.chat.example/', HOST), null, 'no plain http under https');
    assert.equal(
      pageOrigin('http://poll.apps.localhost:8080/', 'http://localhost:8080'),
      'http://poll.apps.localhost:8080',
    );
    assert.equal(pageOrigin('not a url', 'nope'), null);
  });

  it('puts the launch object and the host origin in the fragment', () => {
    const launch = {
      launchParams: { appId: 'poll', startParam: 'é' },
      signature: 'ab',
      platformSignature: 'cd',
      pageUrl: 'x',
      extra: 1,
    };
    const url = new URL(frameUrl('https://poll.apps.chat.example/ui/index.html#old', launch, HOST));
    assert.equal(url.origin + url.pathname, 'https://poll.apps.chat.example/ui/index.html');
    const params = new URLSearchParams(url.hash.slice(1));
    assert.equal(params.get('host'), HOST);
    const json = Buffer.from(params.get('launch'), 'base64url').toString('utf8');
    assert.deepEqual(JSON.parse(json), {
      launchParams: { appId: 'poll', startParam: 'é' },
      signature: 'ab',
      platformSignature: 'cd',
    });
    assert.match(base64url('??>>'), /^[A-Za-z0-9_-]+$/);
  });

  it('builds the theme from the CSS variables, refusing odd values', () => {
    const vars = { '--bg': '#eef0f4', '--text': 'url(javascript:x)', '--accent': 'rgb(79 70 229)' };
    const theme = themeFrom((n) => vars[n], 'light');
    assert.equal(theme.scheme, 'light');
    assert.equal(theme.colors.bg, '#eef0f4');
    assert.equal(theme.colors.accent, 'rgb(79 70 229)');
    assert.equal(theme.colors.text, '#14161b');
  });
});

it('pageUrlProblem points at the messenger\'s address, not the app (issue 20)', () => {
  assert.equal(pageOrigin('http://poll.apps.192.168.1.5:8080/', 'http://192.168.1.5:8080'), null);
  const why = pageUrlProblem('http://poll.apps.192.168.1.5:8080/', 'http://192.168.1.5:8080', 'Poll');
  assert.match(why, /IP address 192\.168\.1\.5/);
  assert.match(why, /publicBaseUrl/);
  assert.doesNotMatch(why, /Poll/);
  assert.match(pageUrlProblem('http://poll.apps.chat.example/', 'https://chat.example', 'Poll'), /https/);
});
