// Strings shared across the messenger. Keys are stable identifiers; every language has every key.
export default {
  en: { signOut: 'Sign out', cancel: 'Cancel', save: 'Save', close: 'Close', language: 'Language' },
  de: { signOut: 'Abmelden', cancel: 'Abbrechen', save: 'Speichern', close: 'Schließen', language: 'Sprache' },
  ar: { signOut: 'تسجيل الخروج', cancel: 'إلغاء', save: 'حفظ', close: 'إغلاق', language: 'اللغة' },
};
