import { useState } from 'preact/hooks';
import { Svg } from './Icons.jsx';
import { namespace } from '../i18n.js';
import messagesCatalogue from '../locales/messages.js';

const t = namespace('messages', messagesCatalogue);

/** A bell, struck through when muted. */
function BellIcon({ muted, size = 20 }) {
  return (
    <Svg size={size}>
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      {muted && <path d="M3 3l18 18" />}
    </Svg>
  );
}

/** The conversation header's mute toggle: a muted conversation counts unread but never notifies. */
export function MuteButton({ conv, chat }) {
  const [busy, setBusy] = useState(false);
  const muted = !!conv.muted;
  const label = muted ? t('unmute') : t('mute');
  return (
    <button
      type="button"
      class="icon-button"
      aria-label={label}
      aria-pressed={muted ? 'true' : 'false'}
      title={label}
      data-testid="mute-toggle"
      data-muted={muted ? 'true' : 'false'}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        chat
          .setMuted(conv.id, !muted)
          .catch(() => {})
          .finally(() => setBusy(false));
      }}
    >
      <BellIcon muted={muted} />
    </button>
  );
}

/** The small struck-through bell beside a muted conversation in the list. */
export function MutedMark() {
  return (
    <span class="muted-mark" title={t('muted')} data-testid="muted-mark">
      <BellIcon muted size={14} />
      <span class="sr-only">{t('mutedSr')}</span>
    </span>
  );
}

/**
 * The sidebar's notification toggle: asks the browser's permission on the person's click (never
 * on load) and subscribes to Web Push where the server offers it.
 */
export function NotificationToggle({ notifier }) {
  const [on, setOn] = useState(() => notifier.enabled());
  const [busy, setBusy] = useState(false);
  if (!notifier.supported) return null;
  const label = on ? t('notificationsOff') : t('notificationsOn');
  return (
    <button
      type="button"
      class="icon-button"
      aria-label={label}
      aria-pressed={on ? 'true' : 'false'}
      title={label}
      data-testid="notifications-toggle"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          if (on) {
            await notifier.disable();
            setOn(false);
          } else {
            setOn(await notifier.enable());
          }
        } finally {
          setBusy(false);
        }
      }}
    >
      <BellIcon muted={!on} />
    </button>
  );
}
