import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApps } from '../src/apps.js';
import { BridgeError, METHODS } from '../src/bridge.js';
import catalogue from '../src/locales/miniplayer.js';

const MUSIC = { id: 'music', name: 'Music', iconUrl: null };
const PAGE = { pageUrl: 'https://music.apps.x/', launchParams: {}, signature: 's', platformSignature: 'p' };

function setup(launches) {
  const queue = [...launches];
  const api = {
    listInstalledApps: async () => [{ app: MUSIC, commands: [], pageUrl: PAGE.pageUrl }],
    launchApp: async () => queue.shift(),
  };
  return createApps({ api, chat: { ingest() {} }, newClientId: () => 'cid', now: () => 0 });
}

describe('the mini-player', () => {
  it('is a bridge method', () => {
    assert.ok(METHODS.includes('setMiniPlayer'));
  });

  it('docks a page that asked for it when its panel is closed, keeps it through leaving, and stops on Stop', async () => {
    const apps = setup([{ ...PAGE, miniPlayer: true }]);
    await apps.openPanel('c1', 'music');
    assert.deepEqual(apps.setMiniPlayer({ enabled: true, title: '  Song · Artist  ' }), { enabled: true });
    assert.deepEqual(apps.getSnapshot().panel.miniPlayer, { enabled: true, title: 'Song · Artist' });
    const key = apps.getSnapshot().panel.key;

    apps.closePanel();
    const docked = apps.getSnapshot().panel;
    assert.equal(docked.docked, true, 'closing docks it');
    assert.equal(docked.key, key, 'the same page: no reload');
    apps.closePanel(); // leaving the conversation again: nothing changes
    assert.equal(apps.getSnapshot().panel.docked, true);

    apps.undockPanel();
    assert.equal(apps.getSnapshot().panel.docked, false, 'Open brings the panel back');
    assert.equal(apps.getSnapshot().panel.key, key);

    apps.closePanel();
    apps.stopPanel();
    assert.equal(apps.getSnapshot().panel, null, 'Stop closes it for good');
  });

  it('closes as before when the page did not ask, or asked to stop', async () => {
    const apps = setup([
      { ...PAGE, miniPlayer: true },
      { ...PAGE, miniPlayer: true },
    ]);
    await apps.openPanel('c1', 'music');
    apps.closePanel();
    assert.equal(apps.getSnapshot().panel, null);
    await apps.openPanel('c1', 'music');
    apps.setMiniPlayer({ enabled: true });
    apps.setMiniPlayer({ enabled: false });
    apps.closePanel();
    assert.equal(apps.getSnapshot().panel, null);
  });

  it('refuses a page whose manifest does not ask for it, and a closed one', async () => {
    const apps = setup([{ ...PAGE }]);
    assert.throws(
      () => apps.setMiniPlayer({ enabled: true }),
      (e) => e instanceof BridgeError && e.code === 'closed',
    );
    await apps.openPanel('c1', 'music');
    assert.throws(
      () => apps.setMiniPlayer({ enabled: true }),
      (e) => e instanceof BridgeError && e.code === 'not_allowed',
    );
    assert.equal(apps.getSnapshot().panel.miniPlayer, undefined);
  });

  it('has every string in en, de and ar', () => {
    const keys = Object.keys(catalogue.en).sort();
    for (const language of ['de', 'ar']) assert.deepEqual(Object.keys(catalogue[language]).sort(), keys, language);
  });
});
