// The people page's one-time password reset links (issue 17). Every language has every key.
export default {
  en: {
    issue: 'Issue reset link',
    issueFor: 'Issue a password reset link for {{name}}',
    shownOnce:
      'One-time reset link for {{name}}, shown only now. It works once, until {{expires}}. Hand it over privately.',
    copy: 'Copy',
    copied: 'Copied',
    link: 'Reset link',
  },
  de: {
    issue: 'Link zum Zurücksetzen erstellen',
    issueFor: 'Einen Link zum Zurücksetzen des Passworts für {{name}} erstellen',
    shownOnce:
      'Einmal-Link zum Zurücksetzen für {{name}}, nur jetzt sichtbar. Er funktioniert einmal, bis {{expires}}. Gib ihn vertraulich weiter.',
    copy: 'Kopieren',
    copied: 'Kopiert',
    link: 'Link zum Zurücksetzen',
  },
  ar: {
    issue: 'إصدار رابط إعادة التعيين',
    issueFor: 'إصدار رابط لإعادة تعيين كلمة مرور {{name}}',
    shownOnce: 'رابط إعادة تعيين لمرة واحدة لـ {{name}}، يُعرض الآن فقط. يعمل مرة واحدة حتى {{expires}}. سلّمه بشكل خاص.',
    copy: 'نسخ',
    copied: 'تم النسخ',
    link: 'رابط إعادة التعيين',
  },
};
