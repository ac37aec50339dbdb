import { namespace } from '../i18n.js';
import catalogue from '../locales/miniplayer.js';
import { AppIcon } from './AppIcon.jsx';
import { CloseIcon } from './Icons.jsx';

export const t = namespace('miniplayer', catalogue);

/**
 * The bar of a docked app page (AppPanel keeps the page's frame mounted under it, hidden): the
 * app's icon and name, the page's own line (the track playing), Open to bring the panel back in
 * its conversation, and Stop to close the page for good.
 */
export function MiniPlayerBar({ app, title, apps, onReopen }) {
  return (
    <div class="mini-player-bar">
      <AppIcon app={app} size={32} />
      <div class="mini-player-text">
        <strong class="mini-player-name">{app.name}</strong>
        <span class="mini-player-title" data-testid="mini-player-title">
          {title || t('playing')}
        </span>
      </div>
      <button
        type="button"
        class="button"
        data-testid="mini-player-open"
        aria-label={t('reopen', { app: app.name })}
        onClick={() => (onReopen ? onReopen() : apps.undockPanel())}
      >
        {t('open')}
      </button>
      <button
        type="button"
        class="icon-button"
        data-testid="mini-player-stop"
        aria-label={t('stop', { app: app.name })}
        title={t('stop', { app: app.name })}
        onClick={() => apps.stopPanel()}
      >
        <CloseIcon />
      </button>
    </div>
  );
}
