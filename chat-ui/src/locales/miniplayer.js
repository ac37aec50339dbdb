// The docked mini-player of an app page that keeps running when its panel is closed.
export default {
  en: {
    label: '{{app}}, playing in the background',
    playing: 'Keeps playing while you chat',
    open: 'Open',
    reopen: 'Open {{app}}',
    stop: 'Stop {{app}}',
  },
  de: {
    label: '{{app}}, läuft im Hintergrund',
    playing: 'Läuft weiter, während du chattest',
    open: 'Öffnen',
    reopen: '{{app}} öffnen',
    stop: '{{app}} beenden',
  },
  ar: {
    label: '{{app}}، يعمل في الخلفية',
    playing: 'يستمر في التشغيل أثناء الدردشة',
    open: 'فتح',
    reopen: 'فتح {{app}}',
    stop: 'إيقاف {{app}}',
  },
};
