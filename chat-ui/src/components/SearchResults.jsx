import { useEffect } from 'preact/hooks';
import { safeUrl } from '../cards.js';
import { shortTime } from '../format.js';
import { isEmpty, markParts, MIN_QUERY, resultItems } from '../search.js';
import { AppIcon } from './AppIcon.jsx';
import { FileIcon } from './AttachmentIcons.jsx';
import { Avatar } from './Avatar.jsx';
import { namespace } from '../i18n.js';
import searchCatalogue from '../locales/search.js';

const t = namespace('search', searchCatalogue);

/** Text with the matched words in <mark>, built from ranges as text nodes (never markup). */
export function Marked({ text, highlights }) {
  return markParts(text, highlights).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : p.text));
}

export const optionId = (index) => `search-option-${index}`;

function Option({ index, active, item, onChoose, onHover, children, label }) {
  return (
    <li
      id={optionId(index)}
      role="option"
      aria-selected={active ? 'true' : 'false'}
      class={`search-result${active ? ' active' : ''}`}
      data-testid="search-result"
      data-kind={item.kind}
      data-key={item.key}
      aria-label={label}
      onMouseDown={(e) => e.preventDefault() /* keep focus in the box */}
      onMouseEnter={() => onHover(index)}
      onClick={() => onChoose(item)}
    >
      {children}
    </li>
  );
}

function Section({ title, testId, children }) {
  const id = `search-section-${testId}`;
  return (
    <li role="presentation" class="search-section" data-testid={`search-section-${testId}`}>
      <h3 id={id} class="search-section-title">
        {title}
      </h3>
      <ul role="group" aria-labelledby={id} class="search-section-items">
        {children}
      </ul>
    </li>
  );
}

/**
 * The answer of the one search box, in sections: Conversations, Messages, People, Apps and each
 * app's own results. The box keeps the focus; the active row is its `aria-activedescendant`.
 */
export function SearchResults({ snap, onChoose, onHover, onRetry }) {
  const { status, results, error, active, query } = snap;
  const items = resultItems(results);

  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  if (query.length < MIN_QUERY) return null;
  if (status === 'error' && !results) {
    return (
      <div class="list-placeholder" role="alert" data-testid="search-error">
        <p>{error?.userMessage ?? t('failed')}</p>
        <button type="button" class="button" onClick={onRetry}>
          {t('tryAgain')}
        </button>
      </div>
    );
  }
  if (!results) {
    return (
      <div class="list-placeholder" role="status" data-testid="search-loading">
        <span class="spinner" aria-hidden="true" /> {t('searching')}
      </div>
    );
  }
  const now = new Date();
  const index = new Map(items.map((item, i) => [item.key, i]));
  const opt = (item, label, children) => (
    <Option
      key={item.key}
      index={index.get(item.key)}
      active={index.get(item.key) === active}
      item={item}
      onChoose={onChoose}
      onHover={onHover}
      label={label}
    >
      {children}
    </Option>
  );
  const byKind = (kind) => items.filter((i) => i.kind === kind);
  const appAnswers = results.appResults?.apps ?? [];
  const late = results.appResults?.late ?? [];
  const failed = results.appResults?.failed ?? [];

  return (
    <div
      class="search-results"
      data-testid="search-results"
      data-status={status}
      aria-busy={status === 'loading' ? 'true' : 'false'}
    >
      {status === 'error' && (
        <p class="search-note" role="alert">
          {error?.userMessage ?? t('failed')}{' '}
          <button type="button" class="link-button" onClick={onRetry}>
            {t('tryAgain')}
          </button>
        </p>
      )}
      {isEmpty(results) ? (
        <p class="list-placeholder muted" data-testid="search-empty">
          {t('nothingFound', { query: results.query ?? query })}
        </p>
      ) : (
        <ul
          id="search-listbox"
          role="listbox"
          aria-label={t('resultsFor', { query: results.query ?? query })}
          class="search-sections"
        >
          {byKind('conversation').length > 0 && (
            <Section title={t('conversations')} testId="conversations">
              {byKind('conversation').map((item) =>
                opt(item, item.conversation.title, [
                  <Avatar
                    key="a"
                    id={item.conversation.id}
                    name={item.conversation.title}
                    group={item.conversation.kind === 'group'}
                    lookup={false}
                    size={32}
                  />,
                  <span key="t" class="search-main">
                    <span class="search-title">
                      <Marked text={item.conversation.title} highlights={item.conversation.highlights} />
                    </span>
                  </span>,
                ]),
              )}
            </Section>
          )}
          {byKind('message').length > 0 && (
            <Section title={t('messages')} testId="messages">
              {byKind('message').map((item) =>
                opt(
                  item,
                  t('messageHit', {
                    sender: item.hit.senderName,
                    conversation: item.hit.conversationTitle,
                    file: fileWords(item.hit),
                    snippet: item.hit.snippet,
                  }),
                  [
                    <Avatar
                      key="a"
                      id={item.hit.conversationId}
                      name={item.hit.conversationTitle}
                      group={item.hit.conversationKind === 'group'}
                      lookup={false}
                      size={32}
                    />,
                    <span key="t" class="search-main">
                      <span class="search-top">
                        <span class="search-title">{item.hit.conversationTitle}</span>
                        <time dateTime={item.hit.sentAt}>{shortTime(item.hit.sentAt, now)}</time>
                      </span>
                      <span class="search-snippet" data-testid="search-snippet">
                        <span class="search-sender">{item.hit.senderName}: </span>
                        {typeof item.hit.attachmentName === 'string' && (
                          // the hit is a file, found by its name
                          <span class="search-file" data-testid="search-file" title={item.hit.attachmentName}>
                            <FileIcon size={14} />
                            {item.hit.attachmentName !== item.hit.snippet && ` ${item.hit.attachmentName} · `}
                          </span>
                        )}
                        <Marked text={item.hit.snippet} highlights={item.hit.highlights} />
                      </span>
                    </span>,
                  ],
                ),
              )}
            </Section>
          )}
          {byKind('person').length > 0 && (
            <Section title={t('people')} testId="people">
              {byKind('person').map((item) =>
                opt(item, `${item.person.displayName} @${item.person.username}`, [
                  <Avatar key="a" id={item.person.id} name={item.person.displayName} size={32} />,
                  <span key="t" class="search-main">
                    <span class="search-title">
                      <Marked text={item.person.displayName} highlights={item.person.highlights} />
                    </span>
                    <span class="muted">@{item.person.username}</span>
                  </span>,
                ]),
              )}
            </Section>
          )}
          {byKind('app').length > 0 && (
            <Section title={t('apps')} testId="apps">
              {byKind('app').map((item) =>
                opt(item, item.app.name, [
                  <AppIcon key="a" app={item.app} size={32} />,
                  <span key="t" class="search-main">
                    <span class="search-title">
                      <Marked text={item.app.name} highlights={item.app.highlights} />
                    </span>
                    <span class="muted search-snippet">{item.app.description}</span>
                  </span>,
                ]),
              )}
            </Section>
          )}
          {appAnswers
            .filter((answer) => (answer.results ?? []).length > 0)
            .map((answer) => (
              <Section key={answer.app.id} title={answer.app.name} testId={`app-${answer.app.id}`}>
                {items
                  .filter((i) => i.kind === 'appResult' && i.app?.id === answer.app.id)
                  .map((item) => {
                    const image = safeUrl(item.result.image, window.location.origin);
                    return opt(item, `${item.result.title} (${answer.app.name})`, [
                      image ? (
                        <img
                          key="a"
                          class="search-image"
                          src={image}
                          alt=""
                          width={32}
                          height={32}
                          referrerpolicy="no-referrer"
                        />
                      ) : (
                        <AppIcon key="a" app={answer.app} size={32} />
                      ),
                      <span key="t" class="search-main">
                        <span class="search-title">{item.result.title}</span>
                        {item.result.subtitle && <span class="muted search-snippet">{item.result.subtitle}</span>}
                      </span>,
                    ]);
                  })}
              </Section>
            ))}
        </ul>
      )}
      {(late.length > 0 || failed.length > 0) && (
        <p class="search-note muted" data-testid="search-apps-missing">
          {late.length > 0 && t('late', { apps: late.map((a) => a.name).join(', ') })}
          {failed.length > 0 && t('appsFailed', { apps: failed.map((a) => a.name).join(', ') })}
        </p>
      )}
    </div>
  );
}

/** "file meter.jpg: " before a hit's words when the hit is a file (for its accessible name). */
function fileWords(hit) {
  return typeof hit.attachmentName === 'string' ? t('fileHit', { name: hit.attachmentName }) : '';
}
