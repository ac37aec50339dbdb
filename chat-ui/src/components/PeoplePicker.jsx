import { useEffect, useState } from 'preact/hooks';
import { useDebounced } from '../hooks.js';
import { Avatar } from './Avatar.jsx';
import { Field } from './Field.jsx';
import { CloseIcon } from './Icons.jsx';
import { namespace } from '../i18n.js';
import dialogsCatalogue from '../locales/dialogs.js';

const t = namespace('dialogs', dialogsCatalogue);

/**
 * Finds people by name or username prefix. With `multiple`, people are checkboxes and the
 * chosen ones show as chips; otherwise each person is a button that picks them at once.
 */
export function PeoplePicker({
  api,
  meId,
  excludeIds = [],
  selected,
  onToggle,
  multiple = true,
  onPick,
  error,
  autoFocus,
}) {
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim().replace(/^@/, ''), 200);
  const [results, setResults] = useState([]);
  const [status, setStatus] = useState('loading');

  useEffect(() => {
    const ac = new AbortController();
    setStatus('loading');
    api
      .searchAccounts(query, { signal: ac.signal })
      .then((list) => {
        setResults((Array.isArray(list) ? list : []).filter((a) => a.id !== meId));
        setStatus('done');
      })
      .catch((e) => {
        if (e && e.name === 'AbortError') return;
        setResults([]);
        // An empty prefix may be refused by the server: that is just "type something".
        setStatus(query ? 'error' : 'done');
      });
    return () => ac.abort();
  }, [api, query, meId]);

  const excluded = new Set(excludeIds);
  const chosen = selected ? [...selected.values()] : [];

  return (
    <div class="people-picker">
      <Field
        id="people-search"
        label={multiple ? t('addPeople') : t('findPerson')}
        type="search"
        placeholder={t('nameOrUsername')}
        autocomplete="off"
        autocapitalize="none"
        spellcheck={false}
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
        error={error}
        autoFocus={autoFocus}
        aria-controls="people-results"
      />
      {multiple && chosen.length > 0 && (
        <ul class="chips" aria-label="Chosen people" data-testid="chosen-people">
          {chosen.map((a) => (
            <li key={a.id} class="chip">
              <Avatar id={a.id} name={a.displayName} size={22} />
              <span>{a.displayName}</span>
              <button
                type="button"
                class="chip-remove"
                aria-label={t('removePerson', { name: a.displayName })}
                onClick={() => onToggle(a)}
              >
                <CloseIcon size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="sr-only" aria-live="polite">
        {status === 'loading' ? '' : `${results.length} ${results.length === 1 ? 'person' : 'people'} found`}
      </p>
      <ul class="people-list" id="people-results" data-testid="people-results" aria-busy={status === 'loading'}>
        {results.map((a) => {
          const isExcluded = excluded.has(a.id);
          const content = (
            <>
              <Avatar id={a.id} name={a.displayName} size={36} />
              <span class="person-text">
                <span class="person-name">{a.displayName}</span>
                <span class="muted">@{a.username}</span>
              </span>
              {isExcluded && <span class="tag">{t('member')}</span>}
            </>
          );
          return (
            <li key={a.id}>
              {multiple ? (
                <label
                  class={`person-option${isExcluded ? ' disabled' : ''}`}
                  data-testid="person-option"
                  data-username={a.username}
                >
                  <input
                    type="checkbox"
                    checked={isExcluded || (selected ? selected.has(a.id) : false)}
                    disabled={isExcluded}
                    onChange={() => onToggle(a)}
                  />
                  {content}
                </label>
              ) : (
                <button
                  type="button"
                  class="person-option"
                  data-testid="person-option"
                  data-username={a.username}
                  onClick={() => onPick(a)}
                >
                  {content}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {status === 'done' && results.length === 0 && (
        <p class="muted empty-note">{query ? t('nobodyFound', { query }) : t('typeName')}</p>
      )}
      {status === 'error' && (
        <p class="form-error" role="alert">
          {t('searchFailed')}
        </p>
      )}
    </div>
  );
}
