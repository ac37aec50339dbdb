// The user's language: i18next with one catalogue module per feature (src/locales/<feature>.js,
// each holding every language), so features add strings without touching a shared file.
//
//   import { namespace } from './i18n.js';
//   import catalogue from './locales/profile.js';
//   const t = namespace('profile', catalogue);
//   t('title')                      // "Profile", "Profil", "الملف الشخصي"
//   t('members', { count: 3 })      // plural forms by Intl.PluralRules (members_one, members_other)
//
// The locale comes from the account (when signed in) or the browser; changing it reloads the page,
// so no component has to re-render on a language switch.

import i18next from 'i18next';

/** The languages the catalogues are complete for; the first is the fallback. */
export const LANGUAGES = ['en', 'de', 'ar'];
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);
const STORAGE_KEY = 'parley.locale';

function initialLocale() {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  const browser = typeof navigator !== 'undefined' ? navigator.language : null;
  return supportedLocale(stored) || supportedLocale(browser) || 'en';
}

/** `de-AT` → `de`; null when no catalogue language matches. */
export function supportedLocale(tag) {
  if (!tag || typeof tag !== 'string') return null;
  const language = tag.toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(language) ? language : null;
}

i18next.init({
  lng: initialLocale(),
  fallbackLng: 'en',
  resources: {},
  initAsync: false,
  interpolation: { escapeValue: false }, // Preact escapes text nodes itself
  returnNull: false,
});

/** Registers a feature's catalogue (`{ en: {...}, de: {...}, ar: {...} }`) and returns its `t`. */
export function namespace(name, catalogue) {
  for (const [language, strings] of Object.entries(catalogue)) {
    i18next.addResourceBundle(language, name, strings, true, false);
  }
  return i18next.getFixedT(null, name);
}

/** The current language tag (`en`, `de`, `ar`). */
export function locale() {
  return i18next.language || 'en';
}

export function isRightToLeft(language = locale()) {
  return RIGHT_TO_LEFT.has(language);
}

/** Sets `<html lang dir>` for the current language; called once at start. */
export function applyDocumentLanguage(doc = typeof document !== 'undefined' ? document : null) {
  if (!doc) return;
  doc.documentElement.lang = locale();
  doc.documentElement.dir = isRightToLeft() ? 'rtl' : 'ltr';
}

/** Switches language: remembered in this browser, then the page reloads to draw everything anew. */
export function changeLocale(language, { reload = true } = {}) {
  const chosen = supportedLocale(language) || 'en';
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, chosen);
  if (reload && typeof location !== 'undefined') location.reload();
  else i18next.changeLanguage(chosen);
}

/** Numbers, dates and money in the user's locale. */
export function formatNumber(value, options) {
  return new Intl.NumberFormat(locale(), options).format(value);
}

export function formatDateTime(value, options = { dateStyle: 'medium', timeStyle: 'short' }) {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? '' : new Intl.DateTimeFormat(locale(), options).format(d);
}

/** Minor units (integer cents) of an ISO currency → "12,50 €" / "€12.50" by locale. */
export function formatMoney(minorUnits, currency) {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(minorUnits / 10 ** digits);
}
