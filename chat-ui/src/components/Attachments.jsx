import { decode } from 'blurhash';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  describeAttachment,
  fileIcon,
  formatBytes,
  formatDuration,
  gridLayout,
  mediaBox,
  splitAttachments,
  typeLabel,
  waveformBars,
} from '../attachments.js';
import { DownloadIcon, FileIcon, PauseIcon, PlayIcon } from './AttachmentIcons.jsx';
import { namespace as mediaNamespace } from '../i18n.js';
import mediaCatalogue from '../locales/media.js';

const tm = mediaNamespace('media', mediaCatalogue);

const PLACEHOLDER_PX = 32;

/**
 * The BlurHash placeholder drawn on a small canvas that CSS stretches over the box, shown until
 * the thumbnail has loaded. A bad hash leaves the box's plain background.
 */
export function BlurHash({ hash }) {
  const ref = useRef(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas || !hash) return;
    try {
      const pixels = decode(hash, PLACEHOLDER_PX, PLACEHOLDER_PX);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const image = ctx.createImageData(PLACEHOLDER_PX, PLACEHOLDER_PX);
      image.data.set(pixels);
      ctx.putImageData(image, 0, 0);
    } catch {
      // not a BlurHash we can read: the background stays
    }
  }, [hash]);
  if (!hash) return null;
  return (
    <canvas
      ref={ref}
      class="blurhash"
      width={PLACEHOLDER_PX}
      height={PLACEHOLDER_PX}
      aria-hidden="true"
      data-testid="blurhash"
    />
  );
}

/** One picture or video poster in the grid: placeholder first, then the thumbnail over it. */
function MediaTile({ a, span, single, onOpen }) {
  const [loaded, setLoaded] = useState(false);
  const [broken, setBroken] = useState(false);
  const box = single ? mediaBox(a) : null;
  const style = box ? { width: `${box.width}px`, aspectRatio: `${box.width} / ${box.height}` } : undefined;
  const src = a.previewUrl ?? (a.kind === 'image' ? a.url : null);
  const label = tm('open', { what: describeAttachment(a) });

  if (a.kind === 'video' && single) {
    // A single video plays in place; the poster keeps its box until it starts.
    return (
      <div class="media-tile video single" style={style} data-testid="attachment-video" data-attachment-id={a.id}>
        <BlurHash hash={a.placeholder} />
        <video
          class="media-video"
          src={a.url}
          poster={a.previewUrl ?? undefined}
          controls
          preload="none"
          playsInline
          aria-label={describeAttachment(a)}
        />
      </div>
    );
  }

  return (
    <button
      type="button"
      class={`media-tile ${a.kind}${span ? ' span' : ''}${single ? ' single' : ''}${loaded ? ' loaded' : ''}`}
      style={style}
      aria-label={label}
      data-testid={a.kind === 'video' ? 'attachment-video' : 'attachment-image'}
      data-attachment-id={a.id}
      data-loaded={loaded ? 'true' : 'false'}
      onClick={() => onOpen && onOpen(a)}
    >
      <BlurHash hash={a.placeholder} />
      {!src && a.kind === 'video' && !broken && (
        // No poster from the server (WebM): the browser's own first frame stands in.
        <video
          class="media-frame"
          src={`${a.url}#t=0.1`}
          preload="metadata"
          muted
          playsInline
          tabIndex={-1}
          aria-hidden="true"
          onLoadedData={() => setLoaded(true)}
          onError={() => setBroken(true)}
        />
      )}
      {src && !broken && (
        <img
          src={src}
          alt=""
          loading="lazy"
          decoding="async"
          onLoad={() => setLoaded(true)}
          onError={() => setBroken(true)}
        />
      )}
      {a.kind === 'video' && (
        <span class="media-badge" aria-hidden="true">
          <PlayIcon size={14} />
          {a.durationMs ? formatDuration(a.durationMs) : ''}
        </span>
      )}
      {broken && <span class="media-broken">Preview not available</span>}
    </button>
  );
}

export function MediaGrid({ items, onOpen }) {
  const layout = gridLayout(items.length);
  return (
    <div class={`media-grid ${layout.className}`} data-count={items.length}>
      {items.map((a, i) => (
        <MediaTile key={a.id} a={a} span={layout.spans[i]} single={items.length === 1} onOpen={onOpen} />
      ))}
    </div>
  );
}

/** A voice message: play/pause, the waveform as a seek bar, and the time. */
export function VoicePlayer({ a }) {
  const audio = useRef(null);
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0); // seconds
  const [duration, setDuration] = useState(a.durationMs ? a.durationMs / 1000 : 0);
  const [failed, setFailed] = useState(false);
  const bars = waveformBars(a.waveform, 40);
  const share = duration > 0 ? Math.min(1, position / duration) : 0;

  useEffect(() => {
    const el = audio.current;
    return () => el && el.pause();
  }, []);

  function toggle() {
    const el = audio.current;
    if (!el) return;
    if (el.paused) {
      // One voice message at a time, as in every messenger.
      document.querySelectorAll('audio[data-voice]').forEach((other) => other !== el && other.pause());
      // A refusal without a user's gesture (autoplay rules) is no fault of the file: stay paused.
      el.play().catch((e) => {
        if (e?.name !== 'NotAllowedError' && e?.name !== 'AbortError') setFailed(true);
      });
    } else el.pause();
  }

  function seekBy(seconds) {
    const el = audio.current;
    if (!el || !duration) return;
    el.currentTime = Math.max(0, Math.min(duration, el.currentTime + seconds));
  }

  return (
    <div
      class="voice"
      data-testid="attachment-voice"
      data-attachment-id={a.id}
      data-playing={playing ? 'true' : 'false'}
    >
      <audio
        ref={audio}
        data-voice
        src={a.url}
        preload="metadata"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => {
          setPlaying(false);
          setPosition(0);
        }}
        onTimeUpdate={(e) => setPosition(e.currentTarget.currentTime)}
        onLoadedMetadata={(e) => {
          const d = e.currentTarget.duration;
          if (Number.isFinite(d) && d > 0) setDuration(d);
        }}
        onError={() => setFailed(true)}
      />
      <button
        type="button"
        class="voice-play"
        aria-label={playing ? tm('pause') : tm('play')}
        data-testid="voice-play"
        onClick={toggle}
      >
        {playing ? <PauseIcon size={18} /> : <PlayIcon size={18} />}
      </button>
      <div
        class="waveform"
        role="slider"
        tabIndex={0}
        aria-label={tm('voicePosition')}
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(position)}
        aria-valuetext={tm('positionOf', {
          position: formatDuration(position * 1000),
          duration: formatDuration(duration * 1000),
        })}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
            e.preventDefault();
            seekBy(e.key === 'ArrowRight' ? 5 : -5);
          }
        }}
        onClick={(e) => {
          const el = audio.current;
          const rect = e.currentTarget.getBoundingClientRect();
          if (el && duration && rect.width) el.currentTime = ((e.clientX - rect.left) / rect.width) * duration;
        }}
      >
        {bars.map((v, i) => (
          <span
            key={i}
            class={`bar${(i + 0.5) / bars.length <= share ? ' played' : ''}`}
            style={{ height: `${Math.max(8, v)}%` }}
          />
        ))}
      </div>
      <span class="voice-time muted small" data-testid="voice-time">
        {playing || position > 0 ? formatDuration(position * 1000) : formatDuration(duration * 1000)}
      </span>
      {failed && (
        <span class="attachment-note" role="alert">
          This voice message cannot be played here.{' '}
          <a href={a.url} download={a.name || 'voice'}>
            {tm('download')}
          </a>
        </span>
      )}
    </div>
  );
}

/** A file: its icon (or a PDF's first page), name, size, type and pages, and a download link. */
export function FileChip({ a }) {
  const [thumbBroken, setThumbBroken] = useState(false);
  const details = [
    formatBytes(a.size),
    typeLabel(a.contentType, a.name),
    a.pageCount ? tm('pages', { count: a.pageCount }) : null,
  ].filter(Boolean);
  const icon = fileIcon(a.contentType);
  return (
    <div class="file-chip" data-testid="attachment-file" data-attachment-id={a.id} data-icon={icon}>
      {a.previewUrl && !thumbBroken ? (
        <img
          class="file-thumb"
          src={a.previewUrl}
          alt={tm('firstPage', { name: a.name })}
          loading="lazy"
          onError={() => setThumbBroken(true)}
          data-testid="file-thumb"
        />
      ) : (
        <span class={`file-icon ${icon}`} aria-hidden="true">
          <FileIcon size={22} />
          <span class="file-ext">{typeLabel(a.contentType, a.name).slice(0, 4)}</span>
        </span>
      )}
      <span class="file-text">
        <a class="file-name" href={a.url} download={a.name} data-testid="file-open" title={a.name}>
          {a.name}
        </a>
        <span class="muted small">{details.join(' · ')}</span>
      </span>
      <a class="icon-button file-download" href={a.url} download={a.name} aria-label={`Download ${a.name}`}>
        <DownloadIcon size={18} />
      </a>
    </div>
  );
}

/** Why there is no preview, in the server's words. */
function Failures({ list }) {
  // A voice message's preview is its waveform: with one, there is nothing missing to explain.
  const notes = list.filter((a) => a.previewFailure && !(a.kind === 'voice' && a.waveform?.length));
  if (!notes.length) return null;
  return (
    <ul class="attachment-notes">
      {notes.map((a) => (
        <li key={a.id} class="attachment-note" data-testid="preview-failure">
          {list.length > 1 ? `${a.name}: ` : ''}
          {a.previewFailure}
        </li>
      ))}
    </ul>
  );
}

/**
 * A message's attachments: the media grid, voice players, file chips, and the reasons previews
 * are missing. A deleted message shows none (its tombstone says so).
 */
export function Attachments({ message, onOpen }) {
  if (!message || message.deleted) return null;
  const list = message.attachments;
  if (!Array.isArray(list) || !list.length) return null;
  const { media, voice, files } = splitAttachments(list);
  return (
    <div class="attachments" data-testid="attachments">
      {media.length > 0 && <MediaGrid items={media} onOpen={onOpen} />}
      {voice.map((a) => (
        <VoicePlayer key={a.id} a={a} />
      ))}
      {files.map((a) => (
        <FileChip key={a.id} a={a} />
      ))}
      <Failures list={list} />
    </div>
  );
}

/** What a message still on its way shows: the local pictures, or the files' names. */
export function PendingAttachments({ items }) {
  if (!Array.isArray(items) || !items.length) return null;
  return (
    <div class="attachments pending-attachments" data-testid="pending-attachments">
      <div class={`media-grid ${items.length === 1 ? 'one' : 'many'}`}>
        {items.map((a) =>
          a.localUrl && a.kind === 'image' ? (
            <span key={a.key ?? a.id} class={`media-tile image${items.length === 1 ? ' single' : ''}`}>
              <img src={a.localUrl} alt="" />
            </span>
          ) : (
            <span key={a.key ?? a.id} class="file-chip compact">
              <span class="file-icon" aria-hidden="true">
                <FileIcon size={18} />
              </span>
              <span class="file-text">
                <span class="file-name">{a.kind === 'voice' ? tm('voiceMessage') : a.name}</span>
                <span class="muted small">{formatBytes(a.size)}</span>
              </span>
            </span>
          ),
        )}
      </div>
    </div>
  );
}
