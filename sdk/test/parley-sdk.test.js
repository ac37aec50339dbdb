// Unit tests of parley-sdk.js with Node's test runner (as chat-ui's), on fake windows.
// Run: npm test in sdk/ (the Maven build runs it)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createParley, parseFragment, themeVariables, ParleyError } from '../src/parley-sdk.js';

const HOST = 'http://localhost:8080';
const LAUNCH = {
  launchParams: { appId: 'pay', version: '1.0.0', userId: 'u1', conversationId: 'c1', startParam: 'x', issuedAt: '2026-01-01T00:00:00Z', nonce: 'n' },
  signature: 'ab',
  platformSignature: 'cd',
};

function fragment(launch = LAUNCH, host = HOST) {
  const json = Buffer.from(JSON.stringify(launch), 'utf8').toString('base64url');
  return '#launch=' + json + '&host=' + encodeURIComponent(host);
}

/** A page window inside a messenger: `sent` holds what the page posted; `deliver` plays the messenger. */
function fakeWindow(hash = fragment()) {
  const listeners = [];
  const sent = [];
  const properties = {};
  const parent = { postMessage: (message, origin) => sent.push({ message, origin }) };
  const win = {
    location: { hash },
    parent,
    addEventListener: (type, fn) => type === 'message' && listeners.push(fn),
    removeEventListener: (type, fn) => listeners.splice(listeners.indexOf(fn), 1),
    document: { documentElement: { style: { setProperty: (name, value) => { properties[name] = value; } } } },
  };
  const deliver = (data, { source = parent, origin = HOST } = {}) => listeners.forEach((fn) => fn({ data, source, origin }));
  const answer = (result) => deliver({ parley: 1, id: sent.at(-1).message.id, result });
  return { win, sent, deliver, answer, properties, listeners };
}

test('parseFragment reads the launch object and the host origin', () => {
  const { launch, host } = parseFragment(fragment());
  assert.deepEqual(launch, LAUNCH);
  assert.equal(host, HOST);
  assert.deepEqual(parseFragment(''), { launch: null, host: null });
  assert.equal(parseFragment('#launch=!!!&host=' + HOST).launch, null);
  assert.equal(parseFragment(fragment(LAUNCH, 'javascript:alert(1)')).host, null);
  assert.equal(parseFragment(fragment(LAUNCH, 'http://localhost:8080/path')).host, null, 'an origin, not a URL');
  const unicode = { ...LAUNCH, launchParams: { ...LAUNCH.launchParams, startParam: 'ünï' } };
  assert.equal(parseFragment(fragment(unicode)).launch.launchParams.startParam, 'ünï');
});

test('launchParams come from the fragment', () => {
  const { win } = fakeWindow();
  const parley = createParley(win);
  assert.equal(parley.launched, true);
  assert.equal(parley.host, HOST);
  assert.deepEqual(parley.launchParams, LAUNCH.launchParams);
  assert.deepEqual(parley.launch, LAUNCH);
});

test('requests go to window.parent with the host origin, ids, and resolve with the answer', async () => {
  const { win, sent, answer } = fakeWindow();
  const parley = createParley(win);
  const result = parley.call('storage.get', { scope: 'user', key: 'k' });
  assert.equal(sent.length, 1);
  assert.equal(sent[0].origin, HOST);
  assert.deepEqual(sent[0].message, { parley: 1, id: 'p1', method: 'call', params: { capability: 'storage.get', args: { scope: 'user', key: 'k' } } });
  answer({ value: 42 });
  assert.deepEqual(await result, { value: 42 });
  const server = parley.server({ a: 1 });
  assert.deepEqual(sent[1].message, { parley: 1, id: 'p2', method: 'call', params: { capability: 'server', args: { a: 1 } } });
  answer('ok');
  assert.equal(await server, 'ok');
});

test('an error answer rejects with ParleyError and its code', async () => {
  const { win, sent, deliver } = fakeWindow();
  const parley = createParley(win);
  const p = parley.call('payments.request', {});
  deliver({ parley: 1, id: sent[0].message.id, error: { code: 'refused', message: 'no consent' } });
  await assert.rejects(p, (e) => e instanceof ParleyError && e.code === 'refused' && e.message === 'no consent');
});

test('messages from another window, another origin, or without parley: 1 are ignored', async () => {
  const { win, sent, deliver } = fakeWindow();
  const parley = createParley(win, { timeoutMs: 50 });
  const p = parley.close();
  const id = sent[0].message.id;
  deliver({ parley: 1, id, result: 'evil' }, { source: {} });
  deliver({ parley: 1, id, result: 'evil' }, { origin: 'http://evil.example' });
  deliver({ id, result: 'evil' });
  deliver('not an object');
  await assert.rejects(p, (e) => e.code === 'timeout');
});

test('requests time out and late answers are dropped', async () => {
  const { win, sent, deliver } = fakeWindow();
  const parley = createParley(win, { timeoutMs: 20, callTimeoutMs: 30 });
  await assert.rejects(parley.ready(), (e) => e instanceof ParleyError && e.code === 'timeout' && /ready/.test(e.message));
  await assert.rejects(parley.call('x.y'), (e) => e.code === 'timeout' && /30 ms/.test(e.message));
  deliver({ parley: 1, id: sent[0].message.id, result: {} }); // too late: nothing happens
});

test('ready applies the theme as CSS variables and tells onTheme listeners; theme events too', async () => {
  const { win, answer, deliver, properties } = fakeWindow();
  const parley = createParley(win);
  const seen = [];
  const stop = parley.onTheme((t) => seen.push(t));
  const ready = parley.ready();
  answer({ theme: { bgColor: '#ffffff', textColor: '#111111' } });
  assert.deepEqual(await ready, { theme: { bgColor: '#ffffff', textColor: '#111111' } });
  assert.equal(properties['--parley-bg-color'], '#ffffff');
  assert.equal(properties['--parley-text-color'], '#111111');
  deliver({ parley: 1, event: 'theme', data: { colors: { accent: '#0088cc' }, scheme: 'dark' } });
  assert.equal(properties['--parley-accent'], '#0088cc');
  assert.equal(properties['--parley-scheme'], 'dark');
  assert.equal(parley.theme.scheme, 'dark');
  assert.equal(seen.length, 2);
  stop();
  deliver({ parley: 1, event: 'theme', data: {} });
  assert.equal(seen.length, 2);
});

test('themeVariables refuses values that could escape a declaration', () => {
  assert.deepEqual(themeVariables({ ok: 'red', bad: 'red; background: url(x)', nested: { n: 1 }, list: ['a'] }),
    { '--parley-ok': 'red', '--parley-n': '1' });
});

test('mainButton: set sends setMainButton, onClick hears mainButton events', async () => {
  const { win, sent, answer, deliver } = fakeWindow();
  const parley = createParley(win);
  const set = parley.mainButton.set({ text: 'Pay 12.50', visible: true });
  assert.deepEqual(sent[0].message.params, { text: 'Pay 12.50', visible: true });
  assert.equal(sent[0].message.method, 'setMainButton');
  answer(null);
  await set;
  let clicks = 0;
  const stop = parley.mainButton.onClick(() => clicks++);
  deliver({ parley: 1, event: 'mainButton' });
  deliver({ parley: 1, event: 'mainButton' }, { origin: 'http://evil.example' });
  stop();
  deliver({ parley: 1, event: 'mainButton' });
  assert.equal(clicks, 1);
});

test('miniPlayer: set sends setMiniPlayer, onChange hears miniPlayer events from the host only', async () => {
  const { win, sent, answer, deliver } = fakeWindow();
  const parley = createParley(win);
  const set = parley.miniPlayer.set({ enabled: 1, title: 'Song' });
  assert.equal(sent[0].message.method, 'setMiniPlayer');
  assert.deepEqual(sent[0].message.params, { enabled: true, title: 'Song' });
  answer(null);
  await set;
  const seen = [];
  const stop = parley.miniPlayer.onChange((s) => seen.push(s.docked));
  deliver({ parley: 1, event: 'miniPlayer', data: { docked: true } });
  deliver({ parley: 1, event: 'miniPlayer', data: { docked: false } }, { origin: 'http://evil.example' });
  deliver({ parley: 1, event: 'miniPlayer', data: { docked: false } });
  stop();
  deliver({ parley: 1, event: 'miniPlayer', data: { docked: true } });
  assert.deepEqual(seen, [true, false]);
});

test('openLink sends https links only; close and getLaunchParams are plain requests', async () => {
  const { win, sent, answer } = fakeWindow();
  const parley = createParley(win);
  await assert.rejects(parley.openLink('http://example.com'), (e) => e.code === 'invalid');
  await assert.rejects(parley.openLink('javascript:alert(1)'), (e) => e.code === 'invalid');
  await assert.rejects(parley.openLink('not a url'), (e) => e.code === 'invalid');
  assert.equal(sent.length, 0);
  const open = parley.openLink('https://example.com/a?b=1');
  assert.deepEqual(sent[0].message.params, { url: 'https://example.com/a?b=1' });
  answer(true);
  assert.equal(await open, true);
  const closing = parley.close();
  assert.equal(sent[1].message.method, 'close');
  answer(null);
  await closing;
  const launch = parley.getLaunchParams();
  assert.equal(sent[2].message.method, 'getLaunchParams');
  answer(LAUNCH);
  assert.deepEqual(await launch, LAUNCH);
});

test('outside the messenger every request fails with not_launched, and nothing is posted', async () => {
  const { win, sent } = fakeWindow('');
  const parley = createParley(win);
  assert.equal(parley.launched, false);
  assert.equal(parley.launchParams, null);
  await assert.rejects(parley.ready(), (e) => e.code === 'not_launched');
  assert.equal(sent.length, 0);
  const top = { location: { hash: fragment() }, addEventListener() {} };
  top.parent = top; // a top-level window is its own parent
  assert.equal(createParley(top).launched, false);
});

test('dispose stops listening and fails pending requests', async () => {
  const { win, listeners } = fakeWindow();
  const parley = createParley(win);
  const p = parley.call('x.y');
  parley.dispose();
  assert.equal(listeners.length, 0);
  await assert.rejects(p, (e) => e.code === 'disposed');
});

test('onBroadcast hears broadcast events from the host only, until stopped', () => {
  const { win, deliver } = fakeWindow();
  const parley = createParley(win);
  const seen = [];
  const stop = parley.onBroadcast((data) => seen.push(data));
  deliver({ parley: 1, event: 'broadcast', data: { action: 'play', at: 12.5 } });
  deliver({ parley: 1, event: 'broadcast', data: { action: 'evil' } }, { origin: 'http://evil.example' });
  deliver({ parley: 1, event: 'broadcast', data: { action: 'evil' } }, { source: {} });
  stop();
  deliver({ parley: 1, event: 'broadcast', data: { action: 'pause' } });
  assert.deepEqual(seen, [{ action: 'play', at: 12.5 }]);
  assert.throws(() => parley.onBroadcast('not a function'), TypeError);
});

test('syncClock sets now() from the host clock over the bridge round trip; Date.now() before', async () => {
  const { win, sent, answer } = fakeWindow();
  let t = 1_000;
  const parley = createParley(win, { now: () => t });
  assert.equal(parley.now(), 1_000, 'the page clock until synced');
  assert.equal(parley.clockSynced, false);
  const sync = parley.syncClock();
  assert.equal(sent[0].message.method, 'clock');
  assert.deepEqual(sent[0].message.params, { sync: true });
  t = 1_010; // the answer comes 10 ms later, when the host says the server is at 51_005 (the midpoint)
  answer({ now: 51_005, offsetMs: 50_000, rttMs: 30 });
  assert.deepEqual(await sync, { offsetMs: 50_000, rttMs: 40 });
  assert.equal(parley.clockSynced, true);
  t = 2_000;
  assert.equal(parley.now(), 52_000);
});

test('ready starts a clock sync; a host without a clock leaves now() on the page clock', async () => {
  const { win, sent, answer, deliver } = fakeWindow();
  const parley = createParley(win, { now: () => 5 });
  const ready = parley.ready();
  answer({ theme: {} });
  await ready;
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(sent[1].message.method, 'clock');
  deliver({ parley: 1, id: sent[1].message.id, error: { code: 'unknown_method', message: 'Unknown method clock' } });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(parley.clockSynced, false);
  assert.equal(parley.now(), 5);
  const again = parley.syncClock();
  answer({ nothing: true });
  await assert.rejects(again, (e) => e instanceof ParleyError && e.code === 'clock');
});

test('media.upload hands a Blob or ArrayBuffer to the messenger with its name; refuses other things and big files', async () => {
  const { win, sent, answer, deliver } = fakeWindow();
  const parley = createParley(win);
  await assert.rejects(parley.media.upload('not a file'), (e) => e.code === 'invalid');
  await assert.rejects(parley.media.upload(new ArrayBuffer(20 * 1024 * 1024 + 1)), (e) => e.code === 'too_large' && /20 MiB/.test(e.message));
  assert.equal(sent.length, 0);
  const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'audio/ogg' });
  const up = parley.media.upload(blob, { name: 'song.ogg' });
  assert.equal(sent[0].message.method, 'uploadMedia');
  assert.equal(sent[0].message.params.data, blob);
  assert.equal(sent[0].message.params.name, 'song.ogg');
  const file = { id: 'm1', url: 'http://music.apps.localhost:8080/media/m1', contentType: 'audio/ogg', size: 3, name: 'song.ogg' };
  answer(file);
  assert.deepEqual(await up, file);
  const view = new Uint8Array([9, 8, 7, 6]).subarray(1, 3);
  const second = parley.media.upload(view);
  assert.deepEqual([...new Uint8Array(sent[1].message.params.data)], [8, 7]);
  assert.equal(sent[1].message.params.name, '');
  deliver({ parley: 1, id: sent[1].message.id, error: { code: 'refused', message: 'the file is not audio of an accepted format: its content is image/png' } });
  await assert.rejects(second, (e) => e instanceof ParleyError && e.code === 'refused' && /image\/png/.test(e.message));
});
