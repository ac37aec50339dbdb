import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bridgeErrorOf, failureOf, outcomeOf } from '../src/answers.js';
import { ApiError } from '../src/api.js';
import { createApps, hasPage, SLOW_NOTE_MS } from '../src/apps.js';
import { BridgeError } from '../src/bridge.js';

const POLL = { id: 'poll', name: 'Polls', iconUrl: null };
const INSTALLED = [
  { app: POLL, commands: [{ name: 'poll', description: 'Ask', args: [] }], pageUrl: 'https://poll.apps.x/' },
];
const PERMS = [{ name: 'cards.post', userText: 'Post cards', reason: 'To show the poll' }];

function problem(status, detail, retryAfter) {
  return new ApiError(status, { title: 'x', status, detail }, retryAfter);
}

/** A fake API: each method answers from a queue of values or errors, and records its calls. */
function fakeApi(queues) {
  const calls = [];
  const api = {};
  for (const [name, queue] of Object.entries(queues)) {
    api[name] = async (...args) => {
      calls.push([name, ...args]);
      if (!queue.length) throw new Error(`unexpected call ${name}`);
      const next = queue.shift();
      if (next instanceof Error) throw next;
      return typeof next === 'function' ? next(...args) : next;
    };
  }
  return { api, calls };
}

function fakeTimers() {
  const timers = new Map();
  let seq = 0;
  return {
    setTimeout(fn, ms) {
      timers.set(++seq, { fn, ms });
      return seq;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    fireAll() {
      for (const [id, t] of [...timers]) {
        timers.delete(id);
        t.fn();
      }
    },
    get pending() {
      return [...timers.values()];
    },
  };
}

function setup(queues) {
  const { api, calls } = fakeApi({ listInstalledApps: [INSTALLED], ...queues });
  const ingested = [];
  const timers = fakeTimers();
  let ids = 0;
  const apps = createApps({
    api,
    chat: { ingest: (id, messages) => ingested.push([id, messages]) },
    newClientId: () => `cid-${++ids}`,
    timers,
    now: () => 1000,
  });
  return { apps, calls, ingested, timers };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('answers', () => {
  it('turns each answer into an outcome', () => {
    assert.deepEqual(outcomeOf({ status: 'done', messages: [{ id: 'm' }] }), { kind: 'done', messages: [{ id: 'm' }] });
    assert.equal(outcomeOf({ status: 'consent_required', app: POLL, permissions: PERMS }).kind, 'consent');
    assert.deepEqual(outcomeOf({ status: 'pending', requestId: 'r' }), { kind: 'pending', requestId: 'r', app: null });
    assert.deepEqual(outcomeOf({ status: 'pending', requestId: 'r', app: POLL }).app, POLL);
    assert.equal(outcomeOf(null).kind, 'error');
    assert.equal(outcomeOf({ status: 'weird' }).kind, 'error');
  });

  it("shows the server's detail for problems, and says something for each status without one", () => {
    assert.equal(
      failureOf(problem(404, 'no installed app has the command /x')).message,
      'no installed app has the command /x',
    );
    assert.match(failureOf(new ApiError(403, {}), 'Polls').message, /Polls is not available/);
    assert.match(failureOf(new ApiError(429, {}, '7')).message, /7 s/);
    assert.match(failureOf(new ApiError(502, {}), 'Polls').message, /Polls failed/);
    assert.equal(failureOf(new ApiError(429, {}, '3')).transient, true);
    assert.equal(failureOf(problem(404, 'x')).transient, false);
    assert.deepEqual(bridgeErrorOf(problem(403, 'Polls may not read members')), {
      code: 'refused',
      message: 'Polls may not read members',
    });
    assert.equal(bridgeErrorOf(problem(429, 'slow down')).code, 'rate_limited');
  });
});

describe('apps', () => {
  it('runs a command; "done" hands the posted messages to the conversation', async () => {
    const { apps, calls, ingested } = setup({ runCommand: [{ status: 'done', messages: [{ id: 'm1', seq: 3 }] }] });
    const outcome = await apps.runCommand('c1', '/poll Lunch?');
    assert.equal(outcome.kind, 'done');
    assert.deepEqual(calls.at(-1), ['runCommand', 'c1', '/poll Lunch?', 'cid-1']);
    assert.deepEqual(ingested, [['c1', [{ id: 'm1', seq: 3 }]]]);
  });

  it('asks for consent, grants it and sends the command again by itself', async () => {
    const { apps, calls } = setup({
      runCommand: [
        { status: 'consent_required', app: POLL, permissions: PERMS },
        { status: 'done', messages: [] },
      ],
      grantConsent: [{ appId: 'poll', granted: ['cards.post'] }],
    });
    const running = apps.runCommand('c1', '/poll Lunch?');
    await tick();
    const sheet = apps.getSnapshot().consent;
    assert.equal(sheet.app.name, 'Polls');
    assert.deepEqual(sheet.permissions, PERMS);
    await apps.allowConsent();
    const outcome = await running;
    assert.equal(outcome.kind, 'done');
    assert.equal(apps.getSnapshot().consent, null);
    assert.deepEqual(
      calls.filter((c) => c[0] !== 'listInstalledApps'),
      [
        ['runCommand', 'c1', '/poll Lunch?', 'cid-1'],
        ['grantConsent', 'poll', ['cards.post'], 'c1'],
        ['runCommand', 'c1', '/poll Lunch?', 'cid-2'],
      ],
    );
  });

  it('"Not now" runs nothing and keeps the text (declined)', async () => {
    const { apps, calls } = setup({ runCommand: [{ status: 'consent_required', app: POLL, permissions: PERMS }] });
    const running = apps.runCommand('c1', '/poll');
    await tick();
    apps.declineConsent();
    const outcome = await running;
    assert.equal(outcome.kind, 'declined');
    assert.equal(calls.filter((c) => c[0] === 'runCommand').length, 1);
  });

  it('keeps the sheet open with the error when the grant fails', async () => {
    const { apps } = setup({
      runCommand: [{ status: 'consent_required', app: POLL, permissions: PERMS }],
      grantConsent: [problem(409, 'The live version changed')],
    });
    const running = apps.runCommand('c1', '/poll');
    await tick();
    await apps.allowConsent();
    assert.equal(apps.getSnapshot().consent.error, 'The live version changed');
    assert.equal(apps.getSnapshot().consent.busy, false);
    apps.declineConsent();
    assert.equal((await running).kind, 'declined');
  });

  it('"pending" shows that the app is slow until its card arrives', async () => {
    const { apps, timers } = setup({ runCommand: [{ status: 'pending', requestId: 'r1' }] });
    const outcome = await apps.runCommand('c1', '/poll');
    assert.equal(outcome.kind, 'pending');
    const notes = apps.getSnapshot().slow.c1;
    assert.equal(notes.length, 1);
    assert.match(notes[0].text, /^Polls is taking longer than usual/);
    assert.equal(timers.pending[0].ms, SLOW_NOTE_MS);
    apps.onMessage({ conversationId: 'c1', kind: 'text', senderId: 'u' });
    assert.equal(apps.getSnapshot().slow.c1.length, 1, 'a person talking is not the answer');
    apps.onMessage({ conversationId: 'c1', kind: 'card', app: POLL });
    assert.equal(apps.getSnapshot().slow.c1.length, 0);
    assert.equal(timers.pending.length, 0);
  });

  it('the slow note goes away on its own after a while', async () => {
    const { apps, timers } = setup({ runCommand: [{ status: 'pending', requestId: 'r1' }] });
    await apps.runCommand('c1', '/poll');
    timers.fireAll();
    assert.equal(apps.getSnapshot().slow.c1.length, 0);
  });

  for (const [status, detail] of [
    [404, 'no installed app has the command /nope'],
    [403, 'Polls is suspended'],
    [429, 'Polls is over its rate'],
    [502, 'Polls failed'],
  ]) {
    it(`a ${status} answer is an error with the server's detail`, async () => {
      const { apps } = setup({
        runCommand: [problem(status, detail, status === 429 ? '5' : null)],
        listInstalledApps: [INSTALLED, INSTALLED],
      });
      const outcome = await apps.runCommand('c1', '/poll');
      assert.equal(outcome.kind, 'error');
      assert.equal(outcome.status, status);
      assert.ok(outcome.message.startsWith(detail));
    });
  }

  it('sends the same text again with the same clientId after a failure on the way', async () => {
    const { apps, calls } = setup({
      runCommand: [problem(0, 'offline'), { status: 'done', messages: [] }, { status: 'done', messages: [] }],
    });
    assert.equal((await apps.runCommand('c1', '/poll a')).kind, 'error');
    await apps.runCommand('c1', '/poll a');
    await apps.runCommand('c1', '/poll a');
    assert.deepEqual(
      calls.filter((c) => c[0] === 'runCommand').map((c) => c[3]),
      ['cid-1', 'cid-1', 'cid-2'],
    );
  });

  it('presses a callback button with the same answer handling', async () => {
    const { apps, calls } = setup({
      cardAction: [
        { status: 'consent_required', app: POLL, permissions: PERMS },
        { status: 'pending', requestId: 'r' },
      ],
      grantConsent: [{}],
    });
    const message = { id: 'm9', conversationId: 'c1', app: POLL };
    const pressing = apps.pressButton('c1', message, { id: 'yes', value: 'y', type: 'callback' });
    await tick();
    await apps.allowConsent();
    assert.equal((await pressing).kind, 'pending');
    assert.deepEqual(
      calls.filter((c) => c[0] === 'cardAction'),
      [
        ['cardAction', 'c1', 'm9', 'yes', 'y'],
        ['cardAction', 'c1', 'm9', 'yes', 'y'],
      ],
    );
    assert.match(apps.getSnapshot().slow.c1[0].text, /^Polls is taking longer/);
  });

  it('presses a request_file button with the chosen file, asking consent first and sending it again', async () => {
    const { apps, calls } = setup({
      cardAction: [
        { status: 'consent_required', app: POLL, permissions: [{ name: 'files.receive', userText: 'receive files' }] },
        { status: 'done', messages: [] },
      ],
      grantConsent: [{}],
    });
    const message = { id: 'm9', conversationId: 'c1', app: POLL };
    const button = { id: 'photo', type: 'request_file', accept: 'image/*' };
    const pressing = apps.pressButton('c1', message, button, { attachmentIds: ['att1'] });
    await tick();
    await apps.allowConsent();
    assert.equal((await pressing).kind, 'done');
    assert.deepEqual(
      calls.filter((c) => c[0] === 'cardAction'),
      [
        ['cardAction', 'c1', 'm9', 'photo', undefined, ['att1']],
        ['cardAction', 'c1', 'm9', 'photo', undefined, ['att1']],
      ],
    );
  });

  it('installs, uninstalls and pins, putting a refused pin back', async () => {
    const entry = { app: { id: 'music', name: 'Music' }, commands: [] };
    const { apps } = setup({
      installApp: [entry],
      uninstallApp: [undefined],
      pinApp: [problem(404, 'gone')],
      listPins: [[POLL]],
      unpinApp: [undefined],
    });
    await apps.loadInstalled('c1');
    await apps.install('c1', 'music');
    assert.deepEqual(
      apps.getSnapshot().installed.c1.items.map((x) => x.app.id),
      ['poll', 'music'],
    );
    await apps.uninstall('c1', 'poll');
    assert.deepEqual(
      apps.getSnapshot().installed.c1.items.map((x) => x.app.id),
      ['music'],
    );
    await apps.loadPins();
    await assert.rejects(apps.setPinned(entry.app, true));
    assert.deepEqual(
      apps.getSnapshot().pins.items.map((a) => a.id),
      ['poll'],
    );
    await apps.setPinned(POLL, false);
    assert.deepEqual(apps.getSnapshot().pins.items, []);
  });

  it('keeps an install answered while an older list of installed apps was on its way', async () => {
    const entry = { app: { id: 'music', name: 'Music' }, commands: [] };
    let answerList;
    const { apps, calls } = setup({
      // The first list is asked for before the install and answers after it (a slow server).
      listInstalledApps: [() => new Promise((r) => (answerList = () => r([]))), [...INSTALLED, entry]],
      installApp: [entry],
    });
    const loading = apps.loadInstalled('c1', { force: true });
    await tick();
    await apps.install('c1', 'music');
    answerList();
    await loading;
    assert.deepEqual(
      apps.getSnapshot().installed.c1.items.map((x) => x.app.id),
      ['poll', 'music'],
    );
    assert.equal(calls.filter((c) => c[0] === 'listInstalledApps').length, 2);
  });

  it('opens the panel with the launch answer and forwards page calls', async () => {
    const launch = {
      app: POLL,
      pageUrl: 'https://poll.apps.x/',
      launchParams: { appId: 'poll' },
      signature: 's',
      platformSignature: 'p',
    };
    const { apps, calls } = setup({
      launchApp: [launch],
      appCall: [
        { result: { votes: 3 } },
        problem(403, 'Polls may not read members'),
        { status: 'consent_required', app: POLL, permissions: PERMS },
        { result: 1 },
      ],
      grantConsent: [{}],
    });
    await apps.loadInstalled('c1');
    await apps.openPanel('c1', 'poll', 'vote-7');
    const panel = apps.getSnapshot().panel;
    assert.equal(panel.status, 'open');
    assert.equal(panel.startParam, 'vote-7');
    assert.deepEqual(
      calls.find((c) => c[0] === 'launchApp'),
      ['launchApp', 'c1', 'poll', 'vote-7'],
    );
    assert.deepEqual(await apps.pageCall({ capability: 'server', args: { q: 1 } }), { votes: 3 });
    await assert.rejects(
      apps.pageCall({ capability: 'members.read' }),
      (e) => e instanceof BridgeError && e.code === 'refused' && e.message === 'Polls may not read members',
    );
    await assert.rejects(apps.pageCall({ capability: 'Bad Name!' }), (e) => e.code === 'invalid');
    const consenting = apps.pageCall({ capability: 'storage.get', args: [] });
    await tick();
    assert.ok(apps.getSnapshot().consent);
    await apps.allowConsent();
    assert.equal(await consenting, 1);
    assert.deepEqual(calls.filter((c) => c[0] === 'appCall').at(-1), ['appCall', 'c1', 'poll', 'storage.get', {}]);
    apps.setMainButton({ text: 'Vote', visible: true });
    assert.deepEqual(apps.getSnapshot().panel.mainButton, { text: 'Vote' });
    apps.setMainButton({ text: 'Vote', visible: false });
    assert.equal(apps.getSnapshot().panel.mainButton, null);
    apps.closePanel();
    await assert.rejects(apps.pageCall({ capability: 'server' }), (e) => e.code === 'closed');
  });

  it('knows whether an installed app has a page', () => {
    assert.equal(hasPage({ pageUrl: 'https://poll.apps.x/' }), true);
    assert.equal(hasPage({ hasPage: true }), true);
    assert.equal(hasPage({ pageUrl: null, hasPage: false }), false);
    assert.equal(hasPage(null), false);
  });

  it('a slow page call is an error the page can tell apart', async () => {
    const launch = { pageUrl: 'https://poll.apps.x/', launchParams: {}, signature: 's', platformSignature: 'p' };
    const { apps } = setup({ launchApp: [launch], appCall: [{ status: 'pending', requestId: 'r' }] });
    await apps.openPanel('c1', 'poll');
    await assert.rejects(apps.pageCall({ capability: 'server' }), (e) => e.code === 'pending');
  });

  it('shows why a panel could not open', async () => {
    const { apps } = setup({ launchApp: [problem(404, 'poll is not installed in this conversation')] });
    await apps.openPanel('c1', 'poll');
    const panel = apps.getSnapshot().panel;
    assert.equal(panel.status, 'error');
    assert.equal(panel.errorStatus, 404);
    assert.equal(panel.error, 'poll is not installed in this conversation');
  });

  it('adds an app a business message names but nobody added yet, then opens its page', async () => {
    const launch = { pageUrl: 'https://shop.apps.x/', launchParams: {}, signature: 's', platformSignature: 'p' };
    const { apps } = setup({
      launchApp: [problem(404, 'shop is not installed in this conversation'), launch],
      installApp: [{ app: { id: 'shop', name: 'Shop' } }],
    });
    await apps.openPanel('c1', 'shop');
    assert.equal(apps.getSnapshot().panel.status, 'open');
  });

  it('hands a page_broadcast only to the open page of that app in that conversation', async () => {
    const launch = { pageUrl: 'https://poll.apps.x/', launchParams: {}, signature: 's', platformSignature: 'p' };
    const { apps } = setup({ launchApp: [launch] });
    const seen = [];
    const detach = apps.attachPage((event, data) => seen.push([event, data]));
    apps.onLiveEvent({ type: 'page_broadcast', conversationId: 'c1', appId: 'poll', data: { early: true } });
    assert.deepEqual(seen, [], 'no open panel: nothing');
    await apps.openPanel('c1', 'poll');
    apps.onLiveEvent({ type: 'page_broadcast', conversationId: 'c1', appId: 'poll', data: { action: 'play', at: 3 } });
    apps.onLiveEvent({ type: 'page_broadcast', conversationId: 'c1', appId: 'other', data: { x: 1 } });
    apps.onLiveEvent({ type: 'page_broadcast', conversationId: 'c2', appId: 'poll', data: { x: 2 } });
    apps.onLiveEvent({ type: 'message', conversationId: 'c1', appId: 'poll', data: { x: 3 } });
    assert.deepEqual(seen, [['broadcast', { action: 'play', at: 3 }]]);
    detach();
    apps.onLiveEvent({ type: 'page_broadcast', conversationId: 'c1', appId: 'poll', data: { action: 'pause' } });
    assert.equal(seen.length, 1);
    apps.closePanel();
  });

  it('opens the page again, with a fresh launch, when a dev save of that app goes live in that conversation', async () => {
    const first = { pageUrl: 'https://poll.apps.x/', launchParams: { n: 1 }, signature: 's1', platformSignature: 'p' };
    const second = { pageUrl: 'https://poll.apps.x/', launchParams: { n: 2 }, signature: 's2', platformSignature: 'p' };
    const { apps, calls } = setup({ launchApp: [first, second] });
    await apps.openPanel('c1', 'poll', 'start-1');
    apps.onLiveEvent({ type: 'app_reloaded', conversationId: 'c2', appId: 'poll' });
    apps.onLiveEvent({ type: 'app_reloaded', conversationId: 'c1', appId: 'other' });
    assert.equal(calls.filter((c) => c[0] === 'launchApp').length, 1, 'another conversation or app: no reload');
    apps.onLiveEvent({ type: 'app_reloaded', conversationId: 'c1', appId: 'poll' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const launches = calls.filter((c) => c[0] === 'launchApp');
    assert.deepEqual(launches[1], ['launchApp', 'c1', 'poll', 'start-1']);
    const panel = apps.getSnapshot().panel;
    assert.equal(panel.status, 'open');
    assert.equal(panel.launch.signature, 's2');
    apps.closePanel();
  });

  it('uploads media from the open page, asking consent first when the server says so; refusals reach the page', async () => {
    const launch = { pageUrl: 'https://poll.apps.x/', launchParams: {}, signature: 's', platformSignature: 'p' };
    const file = { id: 'm1', url: 'https://poll.apps.x/media/m1', contentType: 'audio/ogg', size: 3, name: 'a.ogg' };
    const { apps, calls } = setup({
      launchApp: [launch],
      uploadMedia: [
        {
          status: 'consent_required',
          app: POLL,
          permissions: [{ name: 'media.upload', userText: 'upload audio', reason: 'songs' }],
        },
        file,
        problem(400, 'the file is not audio of an accepted format: its content is image/png'),
        problem(413, 'the file is larger than 20 MiB, the most an app may upload'),
      ],
      grantConsent: [{ appId: 'poll', granted: ['media.upload'] }],
    });
    await assert.rejects(apps.uploadMedia({ data: new ArrayBuffer(3) }), (e) => e.code === 'closed');
    await apps.openPanel('c1', 'poll');
    const data = new ArrayBuffer(3);
    const uploading = apps.uploadMedia({ data, name: 'a.ogg' });
    await tick();
    assert.equal(apps.getSnapshot().consent.permissions[0].name, 'media.upload');
    await apps.allowConsent();
    assert.deepEqual(await uploading, file);
    assert.deepEqual(calls.filter((c) => c[0] === 'uploadMedia').at(-1), ['uploadMedia', 'c1', 'poll', data, 'a.ogg']);
    await assert.rejects(
      apps.uploadMedia({ data: new Blob(['png']), name: 'x.mp3' }),
      (e) => e.code === 'invalid' && /image\/png/.test(e.message),
    );
    await assert.rejects(
      apps.uploadMedia({ data: new ArrayBuffer(1) }),
      (e) => e.code === 'too_large' && /20 MiB/.test(e.message),
    );
    await assert.rejects(apps.uploadMedia({ data: 'text' }), (e) => e.code === 'invalid');
  });
});
