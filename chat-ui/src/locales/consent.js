// Who decides which permission (issue 18): the group's app settings and the consent sheet.
export default {
  en: {
    forGroup: 'For everyone in this conversation',
    forYou: 'Only for you',
    grantedBy: 'Allowed for this group by {{name}}',
    grantedBySomeone: 'Allowed for this group',
    notGranted: 'Not allowed for this group yet',
    eachPerson: 'Each person decides: {{what}}',
  },
  de: {
    forGroup: 'Für alle in dieser Unterhaltung',
    forYou: 'Nur für dich',
    grantedBy: 'Für diese Gruppe erlaubt von {{name}}',
    grantedBySomeone: 'Für diese Gruppe erlaubt',
    notGranted: 'Für diese Gruppe noch nicht erlaubt',
    eachPerson: 'Jede Person entscheidet selbst: {{what}}',
  },
  ar: {
    forGroup: 'لكل من في هذه المحادثة',
    forYou: 'لك فقط',
    grantedBy: 'سمح به {{name}} لهذه المجموعة',
    grantedBySomeone: 'مسموح به لهذه المجموعة',
    notGranted: 'غير مسموح به لهذه المجموعة بعد',
    eachPerson: 'كل شخص يقرّر بنفسه: {{what}}',
  },
};
