// Day separators and the conversation list's preview line (format.js).
export default {
  en: {
    today: 'Today',
    yesterday: 'Yesterday',
    groupCreated: 'Group created',
    noMessages: 'No messages yet',
    you: 'You: {{text}}',
    sender: '{{name}}: {{text}}',
  },
  de: {
    today: 'Heute',
    yesterday: 'Gestern',
    groupCreated: 'Gruppe erstellt',
    noMessages: 'Noch keine Nachrichten',
    you: 'Du: {{text}}',
    sender: '{{name}}: {{text}}',
  },
  ar: {
    today: 'اليوم',
    yesterday: 'أمس',
    groupCreated: 'تم إنشاء المجموعة',
    noMessages: 'لا توجد رسائل بعد',
    you: 'أنت: {{text}}',
    sender: '{{name}}: {{text}}',
  },
};
