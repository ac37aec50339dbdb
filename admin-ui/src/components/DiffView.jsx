import { useState } from 'preact/hooks';
import { useAsync } from '../hooks.js';
import { AUTO_LOAD_BYTES, fileText } from '../files.js';
import { sideBySide, unfold } from '../diff.js';
import { formatBytes } from '../format.js';
import { ErrorBox, Loading } from './common.jsx';
import { namespace as listsNamespace } from '../i18n.js';
import listsCatalogue from '../locales/lists.js';

const tl = listsNamespace('lists', listsCatalogue);

const STATUS_LABEL = { added: 'new file', removed: 'removed', modified: 'changed', unchanged: 'unchanged' };

/** The side-by-side diff of one file between the compared version (left) and this one (right). */
export function FileDiff({ api, change, beforeLabel, afterLabel }) {
  const big = Math.max(change.before?.size ?? 0, change.after?.size ?? 0) > AUTO_LOAD_BYTES;
  const [wanted, setWanted] = useState(!big);
  return (
    <section class="diff-file" data-testid="diff-file" data-path={change.path} data-status={change.status}>
      <header class="diff-head">
        <strong class="mono">{change.path}</strong>
        <span class={`badge change-${change.status}`}>{STATUS_LABEL[change.status]}</span>
        <span class="muted small">
          {change.before ? formatBytes(change.before.size) : '—'} →{' '}
          {change.after ? formatBytes(change.after.size) : '—'}
        </span>
      </header>
      {!change.text ? (
        <p class="muted pad">{tl('binary')}</p>
      ) : wanted ? (
        <DiffBody api={api} change={change} beforeLabel={beforeLabel} afterLabel={afterLabel} />
      ) : (
        <p class="pad">
          <button type="button" class="button small" onClick={() => setWanted(true)}>
            Load the diff ({formatBytes(Math.max(change.before?.size ?? 0, change.after?.size ?? 0))})
          </button>
        </p>
      )}
    </section>
  );
}

function DiffBody({ api, change, beforeLabel, afterLabel }) {
  const { data, error, loading } = useAsync(
    () =>
      Promise.all([
        change.before ? fileText(api, change.before) : Promise.resolve(''),
        change.after ? fileText(api, change.after) : Promise.resolve(''),
      ]).then(([before, after]) => sideBySide(before, after, { context: 3 })),
    [change.path, change.before?.url, change.after?.url],
  );
  const [opened, setOpened] = useState(null);
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <Loading />;
  const rows = opened ?? data.rows;
  return (
    <div>
      <p class="muted small pad diff-stats" data-testid="diff-stats">
        <span class="plus">+{data.added}</span> <span class="minus">−{data.removed}</span>
        {data.identical && ' · same text'}
      </p>
      <div class="code-scroll">
        <table class="code diff" data-testid="diff-table">
          <colgroup>
            <col class="ln" />
            <col />
            <col class="ln" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th colSpan={2}>{beforeLabel}</th>
              <th colSpan={2}>{afterLabel}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) =>
              row.type === 'fold' ? (
                <tr key={`f${i}`} class="fold">
                  <td colSpan={4}>
                    <button
                      type="button"
                      class="link"
                      onClick={() => setOpened(unfold(rows, i))}
                      data-testid="diff-unfold"
                    >
                      Show {row.count} unchanged {row.count === 1 ? 'line' : 'lines'}
                    </button>
                  </td>
                </tr>
              ) : (
                <tr key={i} class={`row-${row.type}`} data-testid="diff-row" data-type={row.type}>
                  <td class="ln">{row.left?.num ?? ''}</td>
                  <td class={`src left ${row.left ? '' : 'blank'}`} data-testid="diff-left">
                    {row.left?.text ?? ''}
                  </td>
                  <td class="ln">{row.right?.num ?? ''}</td>
                  <td class={`src right ${row.right ? '' : 'blank'}`} data-testid="diff-right">
                    {row.right?.text ?? ''}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
