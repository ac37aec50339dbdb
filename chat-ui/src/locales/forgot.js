// "Forgot password?" on the sign-in screen and the e-mail address on the profile sheet (issue 17).
export default {
  en: {
    forgotLink: 'Forgot password?',
    forgotHeading: 'Reset your password',
    forgotIntro:
      'Enter your username or the e-mail address on your account. If it has an e-mail address, we send it a link to choose a new password.',
    forgotField: 'Username or e-mail',
    forgotEmpty: 'Enter your username or e-mail address.',
    forgotSend: 'Send link',
    forgotSending: 'Sending…',
    forgotSent: 'If an account matches, we sent a link. Check your e-mail; the link works once, for 24 hours.',
    forgotBack: 'Back to sign in',
    emailSection: 'E-mail',
    emailLabel: 'E-mail address',
    emailHint:
      'Only you see it. It is used to send you a link when you forget your password. Leave it empty to remove it.',
    emailSave: 'Save e-mail',
    emailSaved: 'Saved.',
    emailRemoved: 'E-mail address removed.',
  },
  de: {
    forgotLink: 'Passwort vergessen?',
    forgotHeading: 'Passwort zurücksetzen',
    forgotIntro:
      'Gib deinen Benutzernamen oder die E-Mail-Adresse deines Kontos ein. Hat es eine E-Mail-Adresse, senden wir dorthin einen Link, mit dem du ein neues Passwort wählst.',
    forgotField: 'Benutzername oder E-Mail',
    forgotEmpty: 'Gib deinen Benutzernamen oder deine E-Mail-Adresse ein.',
    forgotSend: 'Link senden',
    forgotSending: 'Wird gesendet …',
    forgotSent:
      'Falls ein Konto passt, haben wir einen Link gesendet. Sieh in deine E-Mails; der Link gilt einmal, 24 Stunden lang.',
    forgotBack: 'Zurück zur Anmeldung',
    emailSection: 'E-Mail',
    emailLabel: 'E-Mail-Adresse',
    emailHint:
      'Nur du siehst sie. Wir senden dorthin einen Link, wenn du dein Passwort vergisst. Leer lassen, um sie zu entfernen.',
    emailSave: 'E-Mail speichern',
    emailSaved: 'Gespeichert.',
    emailRemoved: 'E-Mail-Adresse entfernt.',
  },
  ar: {
    forgotLink: 'هل نسيت كلمة المرور؟',
    forgotHeading: 'إعادة تعيين كلمة المرور',
    forgotIntro:
      'أدخل اسم المستخدم أو عنوان البريد الإلكتروني المرتبط بحسابك. إذا كان للحساب بريد إلكتروني، فسنرسل إليه رابطًا لاختيار كلمة مرور جديدة.',
    forgotField: 'اسم المستخدم أو البريد الإلكتروني',
    forgotEmpty: 'أدخل اسم المستخدم أو عنوان بريدك الإلكتروني.',
    forgotSend: 'إرسال الرابط',
    forgotSending: 'جارٍ الإرسال…',
    forgotSent: 'إذا تطابق حساب، فقد أرسلنا رابطًا. تحقق من بريدك الإلكتروني؛ يعمل الرابط مرة واحدة لمدة 24 ساعة.',
    forgotBack: 'العودة إلى تسجيل الدخول',
    emailSection: 'البريد الإلكتروني',
    emailLabel: 'عنوان البريد الإلكتروني',
    emailHint: 'لا يراه أحد سواك. يُستخدم لإرسال رابط إليك عندما تنسى كلمة المرور. اتركه فارغًا لإزالته.',
    emailSave: 'حفظ البريد الإلكتروني',
    emailSaved: 'تم الحفظ.',
    emailRemoved: 'تمت إزالة عنوان البريد الإلكتروني.',
  },
};
