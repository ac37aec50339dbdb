import { useState } from 'preact/hooks';
import { safeUrl } from '../cards.js';
import { hueFor, initials } from '../format.js';

/** An app's icon: its image when the URL is safe (https or our /static/), else its initials. Decorative. */
export function AppIcon({ app, size = 20 }) {
  const [broken, setBroken] = useState(false);
  const url = app && !broken ? safeUrl(app.iconUrl, window.location.origin) : null;
  const style = { width: `${size}px`, height: `${size}px`, fontSize: `${Math.round(size * 0.45)}px` };
  if (url) {
    return (
      <img
        class="app-icon"
        src={url}
        alt=""
        aria-hidden="true"
        width={size}
        height={size}
        style={style}
        referrerpolicy="no-referrer"
        onError={() => setBroken(true)}
      />
    );
  }
  return (
    <span class="app-icon letter" aria-hidden="true" style={{ ...style, '--avatar-hue': hueFor(app?.id ?? app?.name) }}>
      {initials(app?.name ?? '?').slice(0, 1)}
    </span>
  );
}
