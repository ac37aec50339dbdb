import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileChanges, isTextFile, sideBySide, splitLines, unfold } from '../src/diff.js';

const lines = (n, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n');

describe('side-by-side diff', () => {
  it('pairs a changed line with its replacement and numbers each side', () => {
    const d = sideBySide('a\nb\nc\n', 'a\nB\nc\nd\n', { context: -1 });
    assert.deepEqual(
      d.rows.map((r) => [
        r.type,
        r.left?.num ?? null,
        r.left?.text ?? null,
        r.right?.num ?? null,
        r.right?.text ?? null,
      ]),
      [
        ['same', 1, 'a', 1, 'a'],
        ['change', 2, 'b', 2, 'B'],
        ['same', 3, 'c', 3, 'c'],
        ['add', null, null, 4, 'd'],
      ],
    );
    assert.equal(d.added, 2);
    assert.equal(d.removed, 1);
    assert.equal(d.identical, false);
  });

  it('keeps line numbers right when more lines are removed than added', () => {
    const d = sideBySide('x\n1\n2\n3\ny\n', 'x\nONE\ny\n', { context: -1 });
    assert.deepEqual(
      d.rows.map((r) => [r.type, r.left?.num ?? null, r.right?.num ?? null]),
      [
        ['same', 1, 1],
        ['change', 2, 2],
        ['del', 3, null],
        ['del', 4, null],
        ['same', 5, 3],
      ],
    );
  });

  it('treats a missing final newline and CRLF as no change', () => {
    assert.equal(sideBySide('a\r\nb\r\n', 'a\nb').identical, true);
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('a\n\nb\n'), ['a', '', 'b']);
  });

  it('shows a new file as all added and a removed one as all deleted', () => {
    const added = sideBySide('', 'one\ntwo\n');
    assert.deepEqual(
      added.rows.map((r) => r.type),
      ['add', 'add'],
    );
    const removed = sideBySide('one\n', null);
    assert.deepEqual(
      removed.rows.map((r) => r.type),
      ['del'],
    );
  });

  it('folds long unchanged stretches, keeping context around changes, and unfolds them', () => {
    const before = lines(40);
    const after = before.replace('line 20', 'line twenty');
    const d = sideBySide(before, after, { context: 3 });
    const types = d.rows.map((r) => r.type);
    assert.deepEqual(types, ['fold', 'same', 'same', 'same', 'change', 'same', 'same', 'same', 'fold']);
    assert.equal(d.rows[0].count, 16);
    assert.equal(d.rows[8].count, 17);
    assert.equal(d.rows[1].left.num, 17);
    const opened = unfold(d.rows, 0);
    assert.equal(opened.length, d.rows.length - 1 + 16);
    assert.equal(opened[0].left.num, 1);
    assert.equal(unfold(opened, 1), opened, 'unfolding a row that is no fold changes nothing');
  });

  it('does not fold a stretch that is barely longer than the context', () => {
    const d = sideBySide('a\nb\nc\nd\ne\n', 'A\nb\nc\nd\ne\n', { context: 3 });
    assert.deepEqual(
      d.rows.map((r) => r.type),
      ['change', 'same', 'same', 'same', 'same'],
    );
  });
});

describe('file changes', () => {
  it('lists files of both versions, manifest and server code first, with their status', () => {
    const before = [
      { path: 'server.js', size: 10, sha256: 'a' },
      { path: 'manifest.json', size: 5, sha256: 'm' },
      { path: 'ui/old.html', size: 3, sha256: 'o' },
      { path: 'icon.png', size: 70, sha256: 'i' },
    ];
    const after = [
      { path: 'manifest.json', size: 6, sha256: 'm2' },
      { path: 'server.js', size: 10, sha256: 'a' },
      { path: 'icon.png', size: 70, sha256: 'i2' },
      { path: 'ui/new.html', size: 3, sha256: 'n' },
    ];
    const changes = fileChanges(before, after);
    assert.deepEqual(
      changes.map((c) => [c.path, c.status, c.text]),
      [
        ['manifest.json', 'modified', true],
        ['server.js', 'unchanged', true],
        ['icon.png', 'modified', false],
        ['ui/new.html', 'added', true],
        ['ui/old.html', 'removed', true],
      ],
    );
  });

  it('trusts the server on what is text', () => {
    assert.equal(isTextFile({ path: 'data.bin', text: true }), true);
    assert.equal(isTextFile({ path: 'server.js', text: false }), false);
    assert.equal(isTextFile({ path: 'README.MD' }), true);
    assert.equal(isTextFile({ path: 'icon.png' }), false);
  });
});
