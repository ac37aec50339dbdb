import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canDecide, canRelease, domainRows, permissionRows, prettyJson } from '../src/review.js';

const v1 = {
  version: '1.0.0',
  permissions: [
    { name: 'cards.post', reason: 'to post results' },
    { name: 'storage.user', reason: 'to remember settings' },
  ],
  allowedDomains: ['api.example.com'],
  comparedTo: null,
};
const v2 = {
  version: '1.1.0',
  comparedTo: '1.0.0',
  permissions: [
    { name: 'cards.post', reason: 'to post the results' },
    { name: 'network.fetch', reason: 'to look up prices' },
  ],
  permissionChanges: { added: ['network.fetch'], removed: ['storage.user'] },
  allowedDomains: ['api.example.com', 'prices.example.org'],
  domainChanges: { added: ['prices.example.org'], removed: [] },
};

describe('review model', () => {
  it('flags new and removed permissions against the compared version, new first', () => {
    const rows = permissionRows(v2, v1);
    assert.deepEqual(
      rows.map((r) => [r.name, r.status, r.reason, r.previousReason, r.reasonChanged]),
      [
        ['network.fetch', 'new', 'to look up prices', null, false],
        ['cards.post', 'kept', 'to post the results', 'to post results', true],
        ['storage.user', 'removed', '', 'to remember settings', false],
      ],
    );
  });

  it('follows the server when the compared version is not loaded yet', () => {
    const rows = permissionRows(v2, null);
    assert.deepEqual(
      rows.map((r) => [r.name, r.status]),
      [
        ['network.fetch', 'new'],
        ['cards.post', 'kept'],
        ['storage.user', 'removed'],
      ],
    );
  });

  it('calls every permission new in a first version', () => {
    assert.deepEqual(
      permissionRows(v1).map((r) => r.status),
      ['new', 'new'],
    );
  });

  it('computes changes itself when the server sent none', () => {
    const { permissionChanges, domainChanges, ...bare } = v2;
    assert.deepEqual(
      permissionRows(bare, v1).map((r) => [r.name, r.status]),
      [
        ['network.fetch', 'new'],
        ['cards.post', 'kept'],
        ['storage.user', 'removed'],
      ],
    );
    assert.deepEqual(domainRows(bare, v1), [
      { domain: 'prices.example.org', status: 'new' },
      { domain: 'api.example.com', status: 'kept' },
    ]);
  });

  it('flags new domains and lists removed ones', () => {
    assert.deepEqual(
      domainRows({ ...v2, domainChanges: { added: ['prices.example.org'], removed: ['old.example.net'] } }),
      [
        { domain: 'prices.example.org', status: 'new' },
        { domain: 'api.example.com', status: 'kept' },
        { domain: 'old.example.net', status: 'removed' },
      ],
    );
  });

  it('pretty-prints manifests and says which actions apply', () => {
    assert.equal(prettyJson({ a: 1 }), '{\n  "a": 1\n}');
    assert.equal(prettyJson('{"a":1}'), '{\n  "a": 1\n}');
    assert.equal(prettyJson('not json'), 'not json');
    assert.equal(canDecide({ state: 'in_review' }), true);
    assert.equal(canDecide({ state: 'approved' }), false);
    assert.equal(canRelease({ state: 'approved', live: false }), true);
    assert.equal(canRelease({ state: 'approved', live: true }), false);
  });
});
