// Ephemeral answers ("only visible to you") and the app messages around them (issue 18).
export default {
  en: {
    onlyYou: 'Only visible to you',
    share: 'Share with the group',
    dismiss: 'Dismiss',
    shareFailed: 'Could not share it. Try again.',
    sharedBy: 'Shared by {{name}}',
    noApps: 'No apps in this conversation yet.',
    browseApps: 'Browse apps',
  },
  de: {
    onlyYou: 'Nur für dich sichtbar',
    share: 'Mit der Gruppe teilen',
    dismiss: 'Ausblenden',
    shareFailed: 'Teilen hat nicht geklappt. Versuch es noch einmal.',
    sharedBy: 'Geteilt von {{name}}',
    noApps: 'In dieser Unterhaltung gibt es noch keine Apps.',
    browseApps: 'Apps entdecken',
  },
  ar: {
    onlyYou: 'مرئية لك فقط',
    share: 'مشاركة مع المجموعة',
    dismiss: 'تجاهل',
    shareFailed: 'تعذّرت المشاركة. حاول مرة أخرى.',
    sharedBy: 'شاركها {{name}}',
    noApps: 'لا توجد تطبيقات في هذه المحادثة بعد.',
    browseApps: 'تصفّح التطبيقات',
  },
};
