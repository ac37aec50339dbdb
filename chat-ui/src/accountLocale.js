// The account's language wins over the browser's: `me.locale` (set in the profile sheet) is
// adopted at sign-in and at start. Adopting a different language reloads the page (i18n.js).
import { changeLocale, locale, supportedLocale } from './i18n.js';

/** Switches to the account's `locale` if it names another catalogue language; true while the page reloads. */
export function adoptAccountLocale(account, { reload = true } = {}) {
  const wanted = supportedLocale(account?.locale);
  if (!wanted || wanted === locale()) return false;
  changeLocale(wanted, { reload });
  return reload;
}
