import { useEffect, useRef, useState } from 'preact/hooks';
import { describeAttachment } from '../attachments.js';
import { ChevronLeftIcon, ChevronRightIcon, DownloadIcon } from './AttachmentIcons.jsx';
import { BlurHash } from './Attachments.jsx';
import { CloseIcon } from './Icons.jsx';
import { namespace as mediaNamespace } from '../i18n.js';
import mediaCatalogue from '../locales/media.js';

const tm = mediaNamespace('media', mediaCatalogue);

/**
 * The full picture or video over everything, on the native modal <dialog>: the page behind is
 * inert (focus stays inside), Escape closes, ←/→ move through the conversation's media, and
 * focus goes back to the tile that opened it.
 * @param {{items: object[], startId: string, onClose: () => void}} props items: attachments (+ senderName, sentAt)
 */
export function MediaViewer({ items, startId, onClose }) {
  const ref = useRef(null);
  const mounted = useRef(false);
  const [index, setIndex] = useState(() =>
    Math.max(
      0,
      items.findIndex((a) => a.id === startId),
    ),
  );
  const a = items[Math.min(index, items.length - 1)];

  useEffect(() => {
    mounted.current = true;
    const d = ref.current;
    const opener = document.activeElement;
    if (d && !d.open) d.showModal();
    return () => {
      mounted.current = false;
      if (d && d.open) d.close();
      if (opener && typeof opener.focus === 'function' && opener.isConnected) opener.focus();
    };
  }, []);

  if (!a) return null;
  const hasPrev = index > 0;
  const hasNext = index < items.length - 1;
  const go = (step) => setIndex((i) => Math.max(0, Math.min(items.length - 1, i + step)));

  return (
    <dialog
      ref={ref}
      class="media-viewer"
      aria-label={tm('position', { what: describeAttachment(a), index: index + 1, total: items.length })}
      data-testid="media-viewer"
      data-attachment-id={a.id}
      onClose={() => mounted.current && onClose()}
      onKeyDown={(e) => {
        // Escape closes this dialog only, not the conversation around it (phones go back on Escape).
        if (e.key === 'Escape') e.stopPropagation();
        if (e.key === 'ArrowLeft' && hasPrev) {
          e.preventDefault();
          go(-1);
        } else if (e.key === 'ArrowRight' && hasNext) {
          e.preventDefault();
          go(1);
        }
      }}
      onMouseDown={(e) => {
        if (e.target === ref.current || e.target.classList?.contains('viewer-stage')) ref.current?.close();
      }}
    >
      <header class="viewer-bar">
        <span class="viewer-title">
          <span>{a.name}</span>
          <span class="muted small">
            {tm('indexOf', { index: index + 1, total: items.length })}
            {a.senderName ? ` · ${a.senderName}` : ''}
          </span>
        </span>
        <a
          class="icon-button"
          href={a.url}
          download={a.name}
          aria-label={tm('downloadName', { name: a.name })}
          title={tm('download')}
          data-testid="viewer-download"
        >
          <DownloadIcon />
        </a>
        <button
          type="button"
          class="icon-button"
          aria-label={tm('close')}
          data-testid="viewer-close"
          onClick={() => ref.current?.close()}
          autoFocus
        >
          <CloseIcon />
        </button>
      </header>
      <div class="viewer-stage">
        {a.kind === 'video' ? (
          <video
            key={a.id}
            class="viewer-media"
            src={a.url}
            poster={a.previewUrl ?? undefined}
            controls
            autoPlay
            playsInline
            data-testid="viewer-video"
          />
        ) : (
          <ViewerImage key={a.id} a={a} />
        )}
        {hasPrev && (
          <button
            type="button"
            class="viewer-nav prev"
            aria-label={tm('previous')}
            data-testid="viewer-prev"
            onClick={() => go(-1)}
          >
            <ChevronLeftIcon size={28} />
          </button>
        )}
        {hasNext && (
          <button
            type="button"
            class="viewer-nav next"
            aria-label={tm('next')}
            data-testid="viewer-next"
            onClick={() => go(1)}
          >
            <ChevronRightIcon size={28} />
          </button>
        )}
      </div>
    </dialog>
  );
}

/** The full image, over its placeholder at the same shape while it loads. */
function ViewerImage({ a }) {
  const [loaded, setLoaded] = useState(false);
  const ratio = a.width > 0 && a.height > 0 ? `${a.width} / ${a.height}` : undefined;
  return (
    <div class={`viewer-image${loaded ? ' loaded' : ''}`} style={ratio ? { aspectRatio: ratio } : undefined}>
      {!loaded && <BlurHash hash={a.placeholder} />}
      <img
        src={a.url}
        alt={a.name ?? tm('photo')}
        data-testid="viewer-image"
        data-loaded={loaded ? 'true' : 'false'}
        onLoad={() => setLoaded(true)}
      />
    </div>
  );
}
