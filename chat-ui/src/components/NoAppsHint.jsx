import { namespace } from '../i18n.js';
import catalogue from '../locales/ephemeral.js';

const t = namespace('ephemeral', catalogue);

/** Typing `/` where no app is installed offers the app directory instead of an empty list (issue 18). */
export function NoAppsHint({ onBrowse }) {
  return (
    <div class="suggestions no-apps" role="status" data-testid="no-apps-hint">
      <span>{t('noApps')}</span>{' '}
      <button type="button" class="link" data-testid="browse-apps" onClick={onBrowse}>
        {t('browseApps')}
      </button>
    </div>
  );
}
