// Parley's service worker: shows Web Push notifications of new messages (sent by the server
// only while none of the person's tabs is connected) and opens the conversation on a click.
// Served from the site's root, so its scope is the whole messenger.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'Parley';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : 'New message',
      tag: `conversation-${data.conversationId ?? ''}`,
      icon: '/favicon.svg',
      data: { conversationId: data.conversationId ?? null },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const id = event.notification.data?.conversationId;
  const url = id ? `/c/${encodeURIComponent(id)}` : '/';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((tabs) => {
      const tab = tabs.find((t) => new URL(t.url).origin === self.location.origin);
      if (tab) {
        tab.postMessage({ type: 'open-conversation', conversationId: id });
        return tab.focus();
      }
      return self.clients.openWindow(url);
    }),
  );
});
