import { namespace } from '../i18n.js';
import catalogue from '../locales/consent.js';

const t = namespace('consent', catalogue);

/** On the consent sheet: whether a permission is granted for the whole conversation or for me. */
export function ScopeNote({ permission }) {
  if (!permission?.scope) return null;
  return (
    <span class="muted small consent-scope" data-testid="consent-scope" data-scope={permission.scope}>
      {permission.scope === 'conversation' ? t('forGroup') : t('forYou')}
    </span>
  );
}

/**
 * In the group's app list: who allowed each conversation permission, and which ones each person
 * decides for themselves (issue 18). Every member sees it.
 */
export function GrantedPermissions({ permissions }) {
  if (!Array.isArray(permissions) || !permissions.length) return null;
  const shared = permissions.filter((p) => p.scope === 'conversation');
  const personal = permissions.filter((p) => p.scope === 'personal');
  return (
    <ul class="muted small granted-permissions" data-testid="granted-permissions">
      {shared.map((p) => (
        <li key={p.name} data-permission={p.name}>
          {p.userText || p.name}:{' '}
          {p.granted
            ? p.grantedBy?.displayName
              ? t('grantedBy', { name: p.grantedBy.displayName })
              : t('grantedBySomeone')
            : t('notGranted')}
        </li>
      ))}
      {personal.length > 0 && (
        <li>{t('eachPerson', { what: personal.map((p) => p.userText || p.name).join(', ') })}</li>
      )}
    </ul>
  );
}
