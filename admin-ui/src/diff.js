// The side-by-side diff model of the review page: which files changed between two versions, and
// for a text file the rows of a two-column diff, with long unchanged stretches folded. The line
// diff itself is jsdiff's (`diff` on npm); this module only shapes it for the view.
import { diffLines } from 'diff';

/** Files whose content the console shows as text (by extension, when the server does not say). */
const TEXT_EXTENSIONS = new Set([
  'js',
  'mjs',
  'cjs',
  'json',
  'html',
  'htm',
  'css',
  'txt',
  'md',
  'svg',
  'xml',
  'csv',
  'ts',
  'map',
  'yml',
  'yaml',
]);

/** True when `file` (`{path, text?}` of a versionDetail) holds text the console can show. */
export function isTextFile(file) {
  if (!file) return false;
  if (typeof file.text === 'boolean') return file.text;
  if (typeof file.text === 'string') return true;
  const dot = file.path.lastIndexOf('.');
  return dot >= 0 && TEXT_EXTENSIONS.has(file.path.slice(dot + 1).toLowerCase());
}

/** Review order: the manifest and the server code first, then the rest by path. */
export function compareFilePaths(a, b) {
  const rank = (p) => (p === 'manifest.json' ? 0 : p === 'server.js' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The files of two versions side by side: `[{path, status, before, after, text}]` where status is
 * `added`, `removed`, `modified` or `unchanged` (same SHA-256, or same size when a digest is missing),
 * `before` / `after` the file entries (or null), `text` whether a text diff is possible.
 */
export function fileChanges(beforeFiles = [], afterFiles = []) {
  const before = new Map(beforeFiles.map((f) => [f.path, f]));
  const after = new Map(afterFiles.map((f) => [f.path, f]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort(compareFilePaths);
  return paths.map((path) => {
    const b = before.get(path) ?? null;
    const a = after.get(path) ?? null;
    let status;
    if (!b) status = 'added';
    else if (!a) status = 'removed';
    else if (b.sha256 && a.sha256) status = b.sha256 === a.sha256 ? 'unchanged' : 'modified';
    else status = b.size === a.size ? 'unchanged' : 'modified';
    const text = (!b || isTextFile(b)) && (!a || isTextFile(a));
    return { path, status, before: b, after: a, text };
  });
}

/** Splits text into lines without their terminators; '' has no lines. CRLF counts as one break. */
export function splitLines(text) {
  if (text == null || text === '') return [];
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function normalize(text) {
  const lines = splitLines(text);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * A two-column diff of `before` and `after`.
 *
 * Rows are `{type, left, right}` with `left` / `right` = `{num, text}` or null, and type
 * `same` (both sides), `change` (a removed line beside an added one), `del` (left only) or `add`
 * (right only). With `context` >= 0, runs of unchanged lines longer than twice the context are
 * folded into one `{type: 'fold', count, rows}` row that keeps the hidden rows for expanding.
 *
 * @returns {{rows: object[], added: number, removed: number, identical: boolean}}
 */
export function sideBySide(before, after, { context = 3 } = {}) {
  const chunks = diffLines(normalize(before), normalize(after));
  const rows = [];
  let leftNum = 0;
  let rightNum = 0;
  let added = 0;
  let removed = 0;
  let dels = [];
  let adds = [];

  const flush = () => {
    const n = Math.max(dels.length, adds.length);
    for (let i = 0; i < n; i++) {
      const l = i < dels.length ? { num: ++leftNum, text: dels[i] } : null;
      const r = i < adds.length ? { num: ++rightNum, text: adds[i] } : null;
      rows.push({ type: l && r ? 'change' : l ? 'del' : 'add', left: l, right: r });
    }
    dels = [];
    adds = [];
  };

  for (const chunk of chunks) {
    const lines = splitLines(chunk.value);
    if (chunk.removed) {
      removed += lines.length;
      dels.push(...lines);
    } else if (chunk.added) {
      added += lines.length;
      adds.push(...lines);
    } else {
      flush();
      for (const text of lines) {
        rows.push({ type: 'same', left: { num: ++leftNum, text }, right: { num: ++rightNum, text } });
      }
    }
  }
  flush();
  return { rows: context >= 0 ? fold(rows, context) : rows, added, removed, identical: added === 0 && removed === 0 };
}

/** Folds unchanged runs, keeping `context` lines next to every change (and at no other place). */
export function fold(rows, context) {
  const out = [];
  let i = 0;
  while (i < rows.length) {
    if (rows[i].type !== 'same') {
      out.push(rows[i++]);
      continue;
    }
    let j = i;
    while (j < rows.length && rows[j].type === 'same') j++;
    const run = rows.slice(i, j);
    const keepBefore = i === 0 ? 0 : context; // lines after the previous change
    const keepAfter = j === rows.length ? 0 : context; // lines before the next change
    if (run.length > keepBefore + keepAfter + 1) {
      out.push(...run.slice(0, keepBefore));
      const hidden = run.slice(keepBefore, run.length - keepAfter);
      out.push({ type: 'fold', count: hidden.length, rows: hidden });
      out.push(...run.slice(run.length - keepAfter));
    } else {
      out.push(...run);
    }
    i = j;
  }
  return out;
}

/** Replaces the fold at `index` of `rows` by the rows it hid. */
export function unfold(rows, index) {
  const row = rows[index];
  if (!row || row.type !== 'fold') return rows;
  return [...rows.slice(0, index), ...row.rows, ...rows.slice(index + 1)];
}
