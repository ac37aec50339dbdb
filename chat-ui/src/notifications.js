// Browser notifications of new messages (docs/api.md "Notifications and Web Push"): while a tab
// is open but not focused, the Notification API; with no tab open, Web Push through public/sw.js
// where the server has it configured. Asked for from a toggle, never on load. The decisions are
// pure functions, tested under `node --test`; the glue takes the browser objects it uses.

import { namespace } from './i18n.js';
import cardsCatalogue from './locales/cards.js';

const tc = namespace('cards', cardsCatalogue);

/** localStorage key of the person's choice (per browser). */
export const NOTIFY_KEY = 'parley.notifications';

/** Words for a message without text, from what it holds (attachments, a card). */
export function summaryOf(message) {
  const text = String(message?.text ?? '').trim();
  if (text) return text.length > 180 ? `${text.slice(0, 179)}…` : text;
  const attachments = Array.isArray(message?.attachments) ? message.attachments : [];
  if (attachments.length) {
    const first = attachments[0] ?? {};
    const one =
      first.kind === 'image'
        ? tc('photo')
        : first.kind === 'video'
          ? tc('video')
          : first.kind === 'voice'
            ? tc('voiceMessage')
            : tc('fileNamed', { name: first.name ?? '' }).trim();
    return attachments.length > 1 ? tc('andMore', { first: one, count: attachments.length - 1 }) : one;
  }
  if (message?.card) return message.card.title || tc('card');
  return tc('newMessage');
}

/**
 * Whether a live message should notify: a new message of someone else (not a system line), in a
 * conversation that is not muted (or that mentions me), while notifications are on and the page is not focused.
 */
export function shouldNotify({ message, how, meId, conversation, enabled, permission, focused }) {
  if (!enabled || permission !== 'granted' || focused) return false;
  if (how !== 'new' || !message || !conversation) return false;
  if (message.kind === 'system' || message.deleted) return false;
  if (message.senderId && message.senderId === meId) return false;
  // A mention of me notifies even in a muted conversation (issue 17).
  return !conversation.muted || (message.mentions ?? []).some((m) => m.id === meId);
}

/** Title (the conversation), body (sender and text in a group) and tag (one per conversation). */
export function notificationContent(message, conversation) {
  const what = summaryOf(message);
  const group = conversation?.kind === 'group';
  return {
    title: conversation?.title || message?.senderName || 'Parley',
    body: group ? `${message?.senderName ?? ''}: ${what}` : what,
    tag: `conversation-${message?.conversationId ?? conversation?.id ?? ''}`,
  };
}

/** The VAPID key (base64url) as the bytes PushManager.subscribe takes. */
export function keyBytes(base64url) {
  const padded = base64url.replace(/-/gu, '+').replace(/_/gu, '/') + '==='.slice((base64url.length + 3) % 4);
  const raw = atob(padded);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/**
 * The notifier of one signed-in messenger.
 * @param {{api: object, conversation: (id: string) => object|undefined, meId: string,
 *   onOpen: (conversationId: string) => void, win?: Window}} o
 */
export function createNotifier({ api, conversation, meId, onOpen, win = globalThis.window }) {
  const Notice = win?.Notification;
  const storage = win?.localStorage;
  const supported = !!Notice;

  function enabled() {
    return supported && storage?.getItem(NOTIFY_KEY) === 'on' && Notice.permission === 'granted';
  }

  /** Asks for permission (from the person's click) and turns notifications and push on. */
  async function enable() {
    if (!supported) return false;
    const permission = Notice.permission === 'granted' ? 'granted' : await Notice.requestPermission();
    if (permission !== 'granted') return false;
    storage?.setItem(NOTIFY_KEY, 'on');
    await subscribePush().catch(() => {}); // push is an extra: notifications work without it
    return true;
  }

  async function disable() {
    storage?.setItem(NOTIFY_KEY, 'off');
    const registration = await win.navigator?.serviceWorker?.getRegistration?.('/').catch(() => null);
    const subscription = await registration?.pushManager?.getSubscription().catch(() => null);
    if (subscription) {
      await api.unsubscribePush(subscription.endpoint).catch(() => {});
      await subscription.unsubscribe().catch(() => {});
    }
  }

  /** Web Push where the server has it (404 otherwise) and the browser can. */
  async function subscribePush() {
    const workers = win.navigator?.serviceWorker;
    if (!workers || !win.PushManager) return false;
    const { publicKey } = await api.pushKey();
    const registration = await workers.register('/sw.js', { scope: '/' });
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
    await api.subscribePush(subscription.toJSON());
    return true;
  }

  /** Told of every live message (chat's onMessage). */
  function onMessage(message, how) {
    const conv = conversation(message?.conversationId);
    const focused = win.document?.visibilityState === 'visible' && win.document?.hasFocus?.();
    if (
      !shouldNotify({
        message,
        how,
        meId,
        conversation: conv,
        enabled: enabled(),
        permission: Notice?.permission,
        focused,
      })
    )
      return;
    const { title, body, tag } = notificationContent(message, conv);
    try {
      const n = new Notice(title, { body, tag, icon: '/favicon.svg' });
      n.onclick = () => {
        win.focus();
        onOpen(message.conversationId);
        n.close();
      };
    } catch {
      // Some mobile browsers only show notifications from a service worker: the push covers them.
    }
  }

  // A click on a push notification in an open tab (sw.js posts it here).
  win?.navigator?.serviceWorker?.addEventListener?.('message', (e) => {
    if (e.data?.type === 'open-conversation' && e.data.conversationId) onOpen(e.data.conversationId);
  });

  return { supported, enabled, enable, disable, onMessage };
}
