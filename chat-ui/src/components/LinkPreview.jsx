import { useEffect, useState } from 'preact/hooks';
import { firstPreviewUrl, PREVIEW_DEBOUNCE_MS, siteOf } from '../links.js';
import { namespace as mediaNamespace } from '../i18n.js';
import mediaCatalogue from '../locales/media.js';

const tm = mediaNamespace('media', mediaCatalogue);

/**
 * The link preview of a draft: after typing pauses, the first URL's preview from the server
 * (`GET /api/link-preview`). Returns `{url, preview, dismissed}` (or null) and `dismiss()`; a
 * removed preview stays removed for that URL.
 */
export function useLinkPreview(text, fetchPreview) {
  const url = fetchPreview ? firstPreviewUrl(text, window.location.origin) : null;
  const [state, setState] = useState(null);

  useEffect(() => {
    if (!url) {
      setState(null);
      return undefined;
    }
    if (state?.url === url) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchPreview(url, { signal: controller.signal })
        .then((preview) => setState((s) => (s?.url === url ? { ...s, preview } : s)))
        .catch(() => {}); // no preview: the message goes without one
    }, PREVIEW_DEBOUNCE_MS);
    setState({ url, preview: null, dismissed: false });
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // Only a new URL asks again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, fetchPreview]);

  const dismiss = () => setState((s) => (s ? { ...s, dismissed: true } : s));
  return [state, dismiss];
}

/** The preview above the composer's input, with ✕ to send the message without it. */
export function ComposerLinkPreview({ state, onDismiss }) {
  if (!state?.preview || state.dismissed) return null;
  return (
    <div class="composer-link-preview" data-testid="composer-link-preview">
      <LinkPreviewBody preview={state.preview} />
      <button
        type="button"
        class="icon-button link-preview-remove"
        aria-label={tm('removePreview')}
        title={tm('removePreviewShort')}
        data-testid="link-preview-remove"
        onClick={onDismiss}
      >
        ✕
      </button>
    </div>
  );
}

/** A message's link preview: a card linking to the page (the image comes from the server). */
export function LinkPreviewCard({ preview }) {
  if (!preview?.url) return null;
  return (
    <a
      class="link-preview"
      href={preview.url}
      target="_blank"
      rel="noopener noreferrer"
      data-testid="link-preview"
      title={preview.url}
    >
      <LinkPreviewBody preview={preview} />
    </a>
  );
}

function LinkPreviewBody({ preview }) {
  // Only the server's own image path: nothing else from the page reaches the browser.
  const image = typeof preview.imageUrl === 'string' && preview.imageUrl.startsWith('/api/link-preview/image/');
  return (
    <>
      {image && <img class="link-preview-image" src={preview.imageUrl} alt="" loading="lazy" />}
      <span class="link-preview-text">
        <span class="link-preview-site">{siteOf(preview)}</span>
        {preview.title && <span class="link-preview-title">{preview.title}</span>}
        {preview.description && <span class="link-preview-description">{preview.description}</span>}
      </span>
    </>
  );
}
