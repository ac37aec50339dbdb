import { useEffect, useRef, useState } from 'preact/hooks';
import { useLatest } from '../hooks.js';
import { formatBytes, formatDuration, recorderType, typeLabel, voiceFileName } from '../attachments.js';
import { problemText } from '../uploads.js';
import { CameraIcon, FileIcon, GalleryIcon, MicIcon, PaperclipIcon, RetryIcon, TrashIcon } from './AttachmentIcons.jsx';
import { CloseIcon, SendIcon } from './Icons.jsx';
import { formatNumber, namespace } from '../i18n.js';
import attachmentsCatalogue from '../locales/attachments.js';

const t = namespace('attachments', attachmentsCatalogue);

/** Longest voice message (ms); the recording stops and waits for send or cancel. */
export const MAX_RECORDING_MS = 15 * 60 * 1000;

function statusWords(item) {
  switch (item.status) {
    case 'queued':
      return t('waiting');
    case 'preparing':
      return t('preparing');
    case 'uploading':
      return formatNumber(Math.floor(((item.loaded || 0) / (item.total || item.size || 1)) * 100) / 100, {
        style: 'percent',
      });
    case 'ready':
      return t('ready');
    default:
      return '';
  }
}

/** The files waiting to go with the next message: thumbnail, name, progress, problem, remove. */
export function AttachmentTray({ items, onRemove, onRetry }) {
  if (!items.length) return null;
  return (
    <ul class="attachment-tray" aria-label={t('toSend')} data-testid="attachment-tray">
      {items.map((item) => {
        const share = item.total ? Math.min(1, (item.loaded || 0) / item.total) : 0;
        const failed = item.status === 'failed';
        return (
          <li
            key={item.key}
            class={`tray-item ${item.status}`}
            data-testid="tray-item"
            data-status={item.status}
            data-name={item.name}
          >
            <span class="tray-thumb" aria-hidden="true">
              {item.thumbUrl && item.kind === 'image' ? (
                <img src={item.thumbUrl} alt="" />
              ) : item.kind === 'voice' ? (
                <MicIcon size={20} />
              ) : (
                <FileIcon size={20} />
              )}
            </span>
            <span class="tray-text">
              <span class="tray-name" title={item.name}>
                {item.kind === 'voice'
                  ? t('voiceMessageLength', { duration: formatDuration(item.durationMs ?? 0) })
                  : item.name}
              </span>
              <span class="muted small">
                {formatBytes(item.size)} · {typeLabel(item.type, item.name)}
                {!failed && ` · ${statusWords(item)}`}
              </span>
              {!failed && item.status !== 'ready' && (
                <progress
                  class="tray-progress"
                  max={1}
                  value={item.status === 'uploading' ? share : undefined}
                  aria-label={t('uploading', { name: item.name })}
                  data-testid="upload-progress"
                />
              )}
              {failed && (
                <span class="tray-problem" role="alert" data-testid="upload-problem">
                  {problemText(item.problem)}
                </span>
              )}
            </span>
            {failed && item.problem?.transient && (
              <button
                type="button"
                class="icon-button tiny"
                aria-label={t('tryAgainName', { name: item.name })}
                title={t('tryAgain')}
                onClick={() => onRetry(item.key)}
              >
                <RetryIcon size={16} />
              </button>
            )}
            <button
              type="button"
              class="icon-button tiny"
              aria-label={t('removeName', { name: item.name })}
              title={t('remove')}
              data-testid="tray-remove"
              onClick={() => onRemove(item.key)}
            >
              <CloseIcon size={16} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The paperclip: a file picker for any files (several at once). On a phone-sized screen it
 * opens a small menu with the camera and the gallery as well (`capture` and `accept` inputs).
 */
export function AttachButton({ onFiles, narrow, disabled }) {
  const anyRef = useRef(null);
  const cameraRef = useRef(null);
  const galleryRef = useRef(null);
  const [menu, setMenu] = useState(false);
  const menuRef = useRef(null);

  // The menu takes focus when it opens, and closes when focus leaves it.
  useEffect(() => {
    if (menu) menuRef.current?.querySelector('button')?.focus();
  }, [menu]);

  function picked(e) {
    const list = Array.from(e.currentTarget.files ?? []);
    e.currentTarget.value = '';
    setMenu(false);
    if (list.length) onFiles(list);
  }

  return (
    <div class="attach">
      <button
        type="button"
        class="icon-button attach-button"
        aria-label={t('attachFiles')}
        title={t('attachFiles')}
        aria-haspopup={narrow ? 'menu' : undefined}
        aria-expanded={narrow ? (menu ? 'true' : 'false') : undefined}
        data-testid="attach"
        disabled={disabled}
        onClick={() => (narrow ? setMenu((m) => !m) : anyRef.current?.click())}
      >
        <PaperclipIcon />
      </button>
      {narrow && menu && (
        <div
          ref={menuRef}
          class="attach-menu"
          role="menu"
          aria-label={t('attach')}
          onFocusOut={(e) => {
            if (!e.relatedTarget || !e.currentTarget.contains(e.relatedTarget)) setMenu(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setMenu(false);
              e.currentTarget.parentElement?.querySelector('.attach-button')?.focus();
            } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const items = Array.from(e.currentTarget.querySelectorAll('button'));
              const i = items.indexOf(document.activeElement);
              const next = (i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
              items[next]?.focus();
            }
          }}
        >
          <button type="button" role="menuitem" onClick={() => cameraRef.current?.click()} data-testid="attach-camera">
            <CameraIcon size={18} /> {t('camera')}
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => galleryRef.current?.click()}
            data-testid="attach-gallery"
          >
            <GalleryIcon size={18} /> {t('photoOrVideo')}
          </button>
          <button type="button" role="menuitem" onClick={() => anyRef.current?.click()} data-testid="attach-file">
            <FileIcon size={18} /> {t('file')}
          </button>
        </div>
      )}
      <input
        ref={anyRef}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-hidden="true"
        data-testid="attach-input"
        onChange={picked}
      />
      <input
        ref={cameraRef}
        type="file"
        accept="image/*,video/*"
        capture="environment"
        hidden
        tabIndex={-1}
        aria-hidden="true"
        data-testid="camera-input"
        onChange={picked}
      />
      <input
        ref={galleryRef}
        type="file"
        accept="image/*,video/*"
        multiple
        hidden
        tabIndex={-1}
        aria-hidden="true"
        data-testid="gallery-input"
        onChange={picked}
      />
    </div>
  );
}

/** The mic button: starts recording (the browser asks for the microphone once). */
export function MicButton({ onStart, disabled }) {
  const supported =
    typeof window !== 'undefined' && 'MediaRecorder' in window && !!navigator.mediaDevices?.getUserMedia;
  if (!supported) return null;
  return (
    <button
      type="button"
      class="icon-button mic-button"
      aria-label={t('record')}
      title={t('record')}
      data-testid="record-voice"
      disabled={disabled}
      onClick={onStart}
    >
      <MicIcon />
    </button>
  );
}

/**
 * Recording a voice message with MediaRecorder (Opus in Ogg where the browser makes it, else in
 * WebM): a timer, Cancel, and Send, which hands the recording over as a file.
 */
export function VoiceRecorder({ onDone, onCancel }) {
  const [elapsed, setElapsed] = useState(0);
  const [problem, setProblem] = useState(null);
  const [ready, setReady] = useState(false);
  const rec = useRef(null);
  const stream = useRef(null);
  const chunks = useRef([]);
  const startedAt = useRef(0);
  const outcome = useRef('cancel');
  const sendRef = useRef(null);
  const done = useLatest(onDone);

  useEffect(() => {
    let stopped = false;
    let timer = null;
    (async () => {
      try {
        const s = await navigator.mediaDevices.getUserMedia({ audio: true });
        if (stopped) {
          s.getTracks().forEach((t) => t.stop());
          return;
        }
        stream.current = s;
        const type = recorderType((t) => MediaRecorder.isTypeSupported(t));
        const r = new MediaRecorder(s, type ? { mimeType: type } : undefined);
        rec.current = r;
        r.ondataavailable = (e) => {
          if (e.data && e.data.size) chunks.current.push(e.data);
        };
        r.onstop = () => {
          s.getTracks().forEach((t) => t.stop());
          if (outcome.current !== 'send') return;
          const made = (r.mimeType || type || 'audio/webm').split(';')[0];
          const blob = new Blob(chunks.current, { type: made });
          const durationMs = Date.now() - startedAt.current;
          done.current(new File([blob], voiceFileName(made), { type: made }), durationMs);
        };
        r.start(250);
        startedAt.current = Date.now();
        setReady(true);
        sendRef.current?.focus();
        timer = setInterval(() => {
          const ms = Date.now() - startedAt.current;
          setElapsed(ms);
          if (ms >= MAX_RECORDING_MS && r.state === 'recording') r.pause();
        }, 200);
      } catch (e) {
        setProblem(e && e.name === 'NotAllowedError' ? t('micBlocked') : t('noMic'));
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
      const r = rec.current;
      if (r && r.state !== 'inactive') r.stop();
      else stream.current?.getTracks().forEach((t) => t.stop());
    };
  }, [done]);

  function finish(how) {
    outcome.current = how;
    const r = rec.current;
    if (r && r.state !== 'inactive') r.stop();
    if (how === 'cancel') onCancel();
  }

  return (
    <div
      class="voice-recorder"
      role="group"
      aria-label={t('recording')}
      data-testid="voice-recorder"
      data-state={problem ? 'error' : ready ? 'recording' : 'starting'}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          finish('cancel');
        }
      }}
    >
      <button
        type="button"
        class="icon-button"
        aria-label={t('cancelRecording')}
        title={t('cancel')}
        data-testid="voice-cancel"
        onClick={() => finish('cancel')}
      >
        <TrashIcon />
      </button>
      {problem ? (
        <span class="tray-problem" role="alert">
          {problem}
        </span>
      ) : (
        <span class="recording" role="timer" aria-live="off" data-testid="voice-timer">
          <span class="rec-dot" aria-hidden="true" />
          {formatDuration(elapsed)}
          {elapsed >= MAX_RECORDING_MS && t('longest')}
        </span>
      )}
      <button
        ref={sendRef}
        type="button"
        class="send-button"
        aria-label={t('sendVoice')}
        data-testid="voice-send"
        disabled={!ready || !!problem}
        onClick={() => finish('send')}
      >
        <SendIcon />
      </button>
    </div>
  );
}
