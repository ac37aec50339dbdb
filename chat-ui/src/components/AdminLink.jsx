import { namespace } from '../i18n.js';
import catalogue from '../locales/messenger.js';
import { ExternalIcon } from './Icons.jsx';

const t = namespace('messenger', catalogue);

/** The admin console, one click away: shown only to accounts with the admin role. */
export function AdminLink({ me }) {
  if (!me?.roles?.includes('admin')) return null;
  return (
    <a
      class="icon-button"
      href="/admin/"
      aria-label={t('adminConsole')}
      title={t('adminConsole')}
      data-testid="admin-console-link"
    >
      <ExternalIcon />
    </a>
  );
}
