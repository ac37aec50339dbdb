import { useEffect, useRef, useState } from 'preact/hooks';
import { describeAttachment, MEDIA_TABS, storageSummary, formatBytes } from '../attachments.js';
import { fullTime, shortTime } from '../format.js';
import { BlurHash, FileChip, VoicePlayer } from './Attachments.jsx';
import { Modal } from './Modal.jsx';
import { namespace as mediaNamespace } from '../i18n.js';
import mediaCatalogue from '../locales/media.js';

const tm = mediaNamespace('media', mediaCatalogue);

const PAGE = 30;

/**
 * A conversation's "Media and files": tabs Media / Files / Voice over
 * GET /api/conversations/:id/attachments, newest first, a page at a time (`next`). Choosing an
 * item shows its message in the conversation (`around=`).
 */
export function MediaFilesDialog({ api, conv, onClose, onJump }) {
  const [tab, setTab] = useState(MEDIA_TABS[0].id);
  const [pages, setPages] = useState({}); // tab -> { items, next, loading, error, done }
  const current = pages[tab] ?? { items: [], next: null, loading: false, error: null, loaded: false };
  const tabRefs = useRef({});
  const generation = useRef(0);

  async function load(tabId, before) {
    const def = MEDIA_TABS.find((t) => t.id === tabId);
    const gen = generation.current;
    setPages((p) => ({ ...p, [tabId]: { ...(p[tabId] ?? { items: [] }), loading: true, error: null } }));
    try {
      const page = await api.listAttachments(conv.id, { kinds: def.kinds, before, limit: PAGE });
      if (gen !== generation.current) return;
      setPages((p) => ({
        ...p,
        [tabId]: {
          items: [...(before ? (p[tabId]?.items ?? []) : []), ...(page.items ?? [])],
          next: page.next ?? null,
          loading: false,
          error: null,
          loaded: true,
        },
      }));
    } catch (e) {
      if (gen !== generation.current) return;
      setPages((p) => ({ ...p, [tabId]: { ...(p[tabId] ?? { items: [] }), loading: false, error: e } }));
    }
  }

  useEffect(() => {
    if (!pages[tab]) load(tab, null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tab]);
  useEffect(() => () => generation.current++, []);

  function onTabKey(e) {
    const i = MEDIA_TABS.findIndex((t) => t.id === tab);
    let next = null;
    if (e.key === 'ArrowRight') next = MEDIA_TABS[(i + 1) % MEDIA_TABS.length];
    else if (e.key === 'ArrowLeft') next = MEDIA_TABS[(i + MEDIA_TABS.length - 1) % MEDIA_TABS.length];
    else if (e.key === 'Home') next = MEDIA_TABS[0];
    else if (e.key === 'End') next = MEDIA_TABS[MEDIA_TABS.length - 1];
    if (!next) return;
    e.preventDefault();
    setTab(next.id);
    tabRefs.current[next.id]?.focus();
  }

  const jump = (item) => onJump({ messageId: item.messageId, seq: item.seq ?? null });

  return (
    // Escape closes the dialog only, not the conversation it sits in (phones go back on Escape).
    <div class="contents" onKeyDown={(e) => e.key === 'Escape' && e.stopPropagation()}>
      <Modal id="media-files-dialog" title={tm('mediaFiles')} onClose={onClose} wide>
        <div class="tabs media-tabs" role="tablist" aria-label={tm('kinds')} onKeyDown={onTabKey}>
          {MEDIA_TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => (tabRefs.current[t.id] = el)}
              type="button"
              role="tab"
              id={`media-tab-${t.id}`}
              aria-selected={tab === t.id ? 'true' : 'false'}
              aria-controls="media-tab-panel"
              tabIndex={tab === t.id ? 0 : -1}
              class={`tab${tab === t.id ? ' active' : ''}`}
              data-testid={`media-tab-${t.id}`}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div
          id="media-tab-panel"
          role="tabpanel"
          aria-labelledby={`media-tab-${tab}`}
          class="media-panel"
          data-testid="media-panel"
          data-tab={tab}
        >
          {current.loaded && !current.items.length && (
            <p class="muted empty-note">
              {tab === 'media' ? tm('noMedia') : tab === 'files' ? tm('noFiles') : tm('noVoice')}
            </p>
          )}
          {tab === 'media' ? (
            <ul class="media-library">
              {current.items.map((item) => (
                <li key={item.attachment.id}>
                  <button
                    type="button"
                    class="media-library-tile"
                    aria-label={tm('itemLabel', {
                      what: describeAttachment(item.attachment),
                      sender: item.senderName,
                      time: fullTime(item.sentAt),
                    })}
                    data-testid="media-item"
                    data-message-id={item.messageId}
                    onClick={() => jump(item)}
                  >
                    <BlurHash hash={item.attachment.placeholder} />
                    {item.attachment.previewUrl && <img src={item.attachment.previewUrl} alt="" loading="lazy" />}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <ul class="file-library">
              {current.items.map((item) => (
                <li
                  key={item.attachment.id}
                  class="file-library-row"
                  data-testid="media-item"
                  data-message-id={item.messageId}
                >
                  {tab === 'voice' ? <VoicePlayer a={item.attachment} /> : <FileChip a={item.attachment} />}
                  <span class="muted small">
                    {item.senderName} · <time dateTime={item.sentAt}>{shortTime(item.sentAt)}</time> ·{' '}
                    <button type="button" class="link-button" onClick={() => jump(item)} data-testid="media-jump">
                      {tm('showInConversation')}
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {current.loading && (
            <p class="muted" role="status">
              <span class="spinner small" aria-hidden="true" /> {tm('loading')}
            </p>
          )}
          {current.error && (
            <div role="alert" class="load-error">
              <p>{current.error.userMessage ?? tm('couldNotLoad')}</p>
              <button
                type="button"
                class="button"
                onClick={() => load(tab, current.items.length ? current.next : null)}
              >
                {tm('tryAgain')}
              </button>
            </div>
          )}
          {current.next && !current.loading && !current.error && (
            <button type="button" class="link-button" data-testid="media-more" onClick={() => load(tab, current.next)}>
              {tm('showOlder')}
            </button>
          )}
        </div>
      </Modal>
    </div>
  );
}

/** Settings: the storage your attachments take, against your quota, and the size caps per kind. */
export function StorageDialog({ api, onClose }) {
  const [storage, setStorage] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    api
      .storage()
      .then((s) => live && setStorage(s))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [api]);
  const summary = storageSummary(storage);
  const caps = storage?.maxBytes ?? {};
  return (
    <Modal id="storage-dialog" title={tm('storage')} description={tm('storageIntro')} onClose={onClose}>
      {!storage && !error && (
        <p class="muted" role="status">
          <span class="spinner small" aria-hidden="true" /> {tm('loading')}
        </p>
      )}
      {error && (
        <p role="alert" class="form-error">
          {error.userMessage ?? tm('storageFailed')}
        </p>
      )}
      {summary && (
        <div class="storage" data-testid="storage">
          <p data-testid="storage-used">{summary.text}</p>
          {summary.share != null && (
            <progress class="storage-meter" max={1} value={summary.share} aria-label={tm('storageUsed')} />
          )}
          <dl class="storage-caps">
            {['image', 'video', 'voice', 'file']
              .filter((k) => caps[k] > 0)
              .map((k) => (
                <div key={k}>
                  <dt>
                    {{ image: tm('capPhotos'), video: tm('capVideos'), voice: tm('capVoice'), file: tm('capFiles') }[k]}
                  </dt>
                  <dd>{tm('upTo', { size: formatBytes(caps[k]) })}</dd>
                </div>
              ))}
          </dl>
        </div>
      )}
    </Modal>
  );
}
