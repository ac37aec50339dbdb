import { useAsync } from '../hooks.js';
import { fileText } from '../files.js';
import { splitLines } from '../diff.js';
import { formatBytes } from '../format.js';
import { ErrorBox, Loading } from './common.jsx';
import { namespace as listsNamespace } from '../i18n.js';
import listsCatalogue from '../locales/lists.js';

const tl = listsNamespace('lists', listsCatalogue);

/** One text file of a version with line numbers, as text (never as HTML). */
export function FileViewer({ api, file, onClose }) {
  const { data, error, loading } = useAsync(() => fileText(api, file), [file.url, file.path]);
  const lines = data == null ? [] : splitLines(data);
  return (
    <div class="viewer" data-testid="file-viewer" data-path={file.path}>
      <div class="viewer-head">
        <strong class="mono">{file.path}</strong>
        <span class="muted">
          {formatBytes(file.size)}
          {data != null ? ` · ${lines.length} lines` : ''}
        </span>
        {file.url && (
          <a class="button small" href={file.url} target="_blank" rel="noopener noreferrer">
            {tl('raw')}
          </a>
        )}
        <button type="button" class="button small" onClick={onClose} data-testid="viewer-close">
          {tl('close')}
        </button>
      </div>
      <ErrorBox error={error} />
      {loading && <Loading />}
      {data != null && (
        <div class="code-scroll">
          <table class="code" data-testid="file-content">
            <colgroup>
              <col class="ln" />
              <col />
            </colgroup>
            <tbody>
              {lines.map((text, i) => (
                <tr key={i}>
                  <td class="ln">{i + 1}</td>
                  <td class="src">{text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
