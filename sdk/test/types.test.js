// The declarations against what they describe: the handler types name an event for every entry
// point of the manifest schema the platform calls, the helpers' types every export, and the
// package exports files that exist. (parley-host.d.ts against the server's capability list:
// platform-core's HostDeclarationsTest, which generates it.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import * as helpers from '../src/index.js';

const here = new URL('..', import.meta.url);
const read = (p) => readFileSync(new URL(p, here), 'utf8');
const schema = JSON.parse(read('../miniapp-runtime/src/main/resources/dev/parley/runtime/manifest.schema.json'));

test('every entry point the platform calls has its event type', () => {
  const handlers = read('types/handlers.d.ts');
  const types = { commands: 'command', card_actions: 'card_action', search: 'search', page_call: 'page_call' };
  for (const [entry, type] of Object.entries(types)) {
    const known = entry in schema.properties || entry in schema.properties.events.properties;
    assert.ok(known, `${entry} is no longer an entry point of the manifest`);
    assert.match(handlers, new RegExp(`type: '${type}'`), `${entry} → event type '${type}'`);
  }
  assert.match(handlers, /'payment\.completed' \| 'payment\.cancelled'/);
  assert.ok('payment' in schema.properties.events.properties);
  assert.match(handlers, /interface ParleyContext/);
  assert.match(handlers, /args: string\[\]/, 'arguments arrive as strings');
});

test('the helpers\' types name every export', () => {
  const types = read('types/amounts.d.ts');
  for (const name of Object.keys(helpers)) {
    assert.match(types, new RegExp(`export declare (const|function) ${name}\\b`), name);
  }
});

test('the package exports files that exist', () => {
  const pkg = JSON.parse(read('package.json'));
  for (const target of Object.values(pkg.exports)) {
    for (const file of Object.values(target)) {
      assert.ok(existsSync(new URL(file, here)), file);
    }
  }
  assert.match(read('types/server.d.ts'), /parley-host\.d\.ts/);
  assert.match(read('types/parley-host.d.ts'), /declare const parley: ParleyHost;/);
});
