import { LANGUAGES, changeLocale, locale, namespace } from '../i18n.js';
import catalogue from '../locales/common.js';
import './LanguagePicker.css';

const t = namespace('common', catalogue);

/** Each language named in itself, so a reader finds theirs whatever the page shows. */
export const LANGUAGE_NAMES = { en: 'English', de: 'Deutsch', ar: 'العربية' };

/** A small language select: remembers the choice in this browser and redraws the page in it. */
export function LanguagePicker({ onChange = changeLocale }) {
  return (
    <label class="language-picker">
      <span>{t('language')}</span>
      <select data-testid="language-picker" value={locale()} onChange={(e) => onChange(e.currentTarget.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l] ?? l}
          </option>
        ))}
      </select>
    </label>
  );
}
