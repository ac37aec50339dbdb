// The messenger's controller: owns the state (state.js), talks to the HTTP API (api.js) and
// the live channel (live.js), and tells the view when anything changed. No DOM access: the
// view reports visibility and the active conversation, so this runs under `node --test`.

import { addEphemeral, removeEphemeral, setEphemeral, splitEphemeral } from './ephemeral.js';
import { newClientId } from './api.js';
import { CLOSE_SESSION_ENDED, createLiveConnection, LIVE_STATUS } from './live.js';
import {
  addNotification,
  dismissNotification,
  addMessages,
  addPending,
  applyRead,
  cursors,
  gapBefore,
  hasOlder,
  initialState,
  lastKnownSeq,
  oldestSeq,
  removeConversation,
  removePending,
  replaceMessages,
  resetMessages,
  setConversations,
  showWindow,
  setNoOlder,
  updatePending,
  upsertConversation,
} from './state.js';
import { applyDelivered, applyTyping, createTypingThrottle, stopTyping } from './messageActions.js';
import { applyMention } from './everyday.js';
import { namespace } from './i18n.js';
import cardsCatalogue from './locales/cards.js';

const tc = namespace('cards', cardsCatalogue);

export const PAGE_SIZE = 50;
/** The largest page the server hands out (docs/api.md leaves it open; platform-core says 200). */
export const MAX_PAGE = 200;
export const MAX_TEXT = 4000;

/**
 * @param {object} o
 * @param {ReturnType<import('./api.js').createApi>} o.api
 * @param {object} o.me the signed-in account
 * @param {string} o.liveUrl
 * @param {() => void} [o.onSessionEnded] the server no longer knows our session
 * @param {(message: object, how: 'new'|'updated') => void} [o.onMessage] told about every live message and update
 */
export function createChat(o) {
  const { api, me } = o;
  const makeClientId = o.newClientId ?? (() => newClientId());
  const createLive = o.createLive ?? createLiveConnection;

  let state = initialState(me);
  let activeId = null;
  let visible = true;
  let live = { status: LIVE_STATUS.IDLE };
  let listState = { loading: false, loaded: false, error: null };
  let load = {}; // conversationId -> { loading, olderLoading, error }
  let everReady = false;
  let notice = null; // { id, text } for the view to show once
  let noticeSeq = 0;
  let focus = null; // { conversationId, messageId, seq, key }: a message to show and mark (a search hit)
  let focusSeq = 0;
  const listeners = new Set();
  const readPosted = {}; // conversationId -> seq we told the server
  const seenUpTo = {}; // conversationId -> newest seq the open view saw on screen (when it watches)
  let pins = {}; // conversationId -> pinned messages [{message, pinnedBy, pinnedAt}]
  const readInFlight = new Set();
  const fetchingConversation = new Set();
  const filling = new Set();
  let stopped = false;
  const mayType = createTypingThrottle();

  let snapshot = null;
  function makeSnapshot() {
    snapshot = { state, activeId, live, listState, load, notice, me, focus, pins };
  }
  makeSnapshot();

  function emit() {
    makeSnapshot();
    for (const l of [...listeners]) l();
  }

  function set(next) {
    if (next !== state) {
      state = next;
      emit();
    }
  }

  function setLoad(id, patch) {
    load = { ...load, [id]: { ...(load[id] ?? {}), ...patch } };
    emit();
  }

  function notify(text) {
    notice = { id: ++noticeSeq, text };
    emit();
  }

  const isOnScreen = (id) => id != null && id === activeId && visible;

  function handleUnauthorized(error) {
    if (error && error.status === 401 && o.onSessionEnded) o.onSessionEnded();
  }

  async function guard(promise) {
    try {
      return await promise;
    } catch (e) {
      handleUnauthorized(e);
      throw e;
    }
  }

  // ---- live channel ----------------------------------------------------------------------

  const connection = createLive({
    url: o.liveUrl,
    getCursors: () => cursors(state),
    onEvent: handleEvent,
    onStatus: (status, info) => {
      live = { status, ...info };
      emit();
    },
    onDisconnect: ({ code, attempt }) => {
      if (code === CLOSE_SESSION_ENDED) {
        if (o.onSessionEnded) o.onSessionEnded();
        return;
      }
      // Failing twice in a row may mean the session is gone (the upgrade answers 401).
      if (attempt >= 1) {
        api.session().catch((e) => handleUnauthorized(e));
      }
    },
    ...(o.liveOptions ?? {}),
  });

  function handleEvent(event) {
    if (stopped) return;
    // Account events of other features (payment requests, wallets) and reconnects go to their owners too.
    if (o.onAccountEvent) o.onAccountEvent(event);
    switch (event.type) {
      case 'message':
        onLiveMessage(event.message);
        break;
      case 'message_updated':
        onLiveUpdate(event.message);
        break;
      // Ephemeral answers reach only my own sessions; they never touch lastSeq or unread.
      case 'ephemeral':
      case 'ephemeral_updated':
        if (event.message) set(addEphemeral(state, event.message.conversationId, [event.message]));
        break;
      case 'ephemeral_removed':
        set(removeEphemeral(state, event.conversationId, event.messageId));
        break;
      case 'conversation':
        if (event.conversation) {
          set(upsertConversation(state, event.conversation, { visible: isOnScreen(event.conversation.id) }));
        }
        break;
      case 'removed':
        onRemoved(event.conversationId);
        break;
      case 'read':
        set(applyRead(state, event.conversationId, event.accountId, event.seq));
        break;
      case 'notification':
        set(addNotification(state, event.notification));
        break;
      case 'typing':
        set(applyTyping(state, event.conversationId, event.accountId, event.displayName, Date.now()));
        break;
      case 'delivered':
        set(applyDelivered(state, event.conversationId, event.accountId, event.seq));
        break;
      case 'pins':
        pins = { ...pins, [event.conversationId]: event.pins ?? [] };
        emit();
        break;
      case 'ready':
        if (everReady) {
          // Conversations created while we were away are not in our cursors: list again.
          refreshList().catch(() => {});
          // Cards updated while we were away are not in the backlog (it only has new seqs).
          if (activeId && state.messages[activeId]?.loaded) refreshLatest(activeId);
        }
        everReady = true;
        retryFailedSends();
        break;
      default:
        break;
    }
  }

  function onLiveMessage(m) {
    if (!m || !m.conversationId) return;
    const id = m.conversationId;
    if (!state.conversations[id]) fetchConversation(id);
    const gap = gapBefore(state, id, m.seq);
    set(applyMention(stopTyping(addMessages(state, id, [m], { visible: isOnScreen(id) }), id, m.senderId), m));
    if (gap != null) fillAfter(id, gap);
    if (isOnScreen(id)) markRead(id);
    tell(m, 'new');
  }

  /** An app updated one of its cards: replace it in place (by seq, same id), or add it if new to us. */
  function onLiveUpdate(m) {
    if (!m || !m.conversationId || typeof m.seq !== 'number') return;
    if (!state.conversations[m.conversationId]) return;
    const held = state.messages[m.conversationId]?.items.find((x) => x.seq === m.seq);
    // An edit's event carries no reactions: keep the ones we hold (a tombstone has none).
    if (held && !m.reactions && held.reactions && !m.deleted) m = { ...m, reactions: held.reactions };
    set(replaceMessages(state, m.conversationId, [m], { visible: isOnScreen(m.conversationId) }));
    tell(m, 'updated');
  }

  function tell(m, how) {
    if (!o.onMessage) return;
    try {
      o.onMessage(m, how);
    } catch {
      // a listener's failure is not the live channel's
    }
  }

  async function refreshLatest(id) {
    try {
      const page = await guard(api.listMessages(id, { limit: PAGE_SIZE }));
      set(replaceMessages(state, id, page.messages ?? [], { visible: isOnScreen(id) }));
    } catch {
      // what we hold stays; the next reconnect tries again
    }
  }

  function onRemoved(id) {
    const conv = state.conversations[id];
    set(removeConversation(state, id));
    if (activeId === id) {
      activeId = null;
      notify(conv ? tc('noLongerIn', { title: conv.title }) : tc('noLongerInThat'));
    }
  }

  async function fetchConversation(id) {
    if (fetchingConversation.has(id)) return;
    fetchingConversation.add(id);
    try {
      const conv = await guard(api.getConversation(id));
      set(upsertConversation(state, conv, { visible: isOnScreen(id) }));
    } catch {
      // a later list refresh will catch up
    } finally {
      fetchingConversation.delete(id);
    }
  }

  async function fillAfter(id, after) {
    if (filling.has(id)) return;
    filling.add(id);
    try {
      const page = await guard(api.listMessages(id, { after, limit: 200 }));
      set(addMessages(state, id, page.messages ?? [], { visible: isOnScreen(id) }));
    } catch {
      // the next resume will fill it
    } finally {
      filling.delete(id);
    }
  }

  // ---- list and messages -----------------------------------------------------------------

  async function refreshList() {
    listState = { ...listState, loading: true, error: null };
    emit();
    try {
      const list = await guard(api.listConversations());
      set(setConversations(state, Array.isArray(list) ? list : [], { visibleId: visible ? activeId : null }));
      listState = { loading: false, loaded: true, error: null };
      emit();
      if (activeId && state.conversations[activeId] && !state.messages[activeId]?.loaded) loadLatest(activeId);
    } catch (e) {
      listState = { ...listState, loading: false, error: e };
      emit();
      throw e;
    }
  }

  async function loadLatest(id) {
    if (load[id]?.loading) return;
    setLoad(id, { loading: true, error: null });
    try {
      // Enough to reach the first unread message (up to the server's page limit), so that
      // opening a busy conversation lands on "New messages" with what came before it.
      const unread = state.conversations[id]?.unread ?? 0;
      const limit = Math.min(MAX_PAGE, Math.max(PAGE_SIZE, unread + 20));
      const page = await guard(api.listMessages(id, { limit }));
      let next = addMessages(state, id, page.messages ?? [], { visible: isOnScreen(id), loaded: true });
      if (page.nextBefore == null) next = setNoOlder(next, id);
      set(next);
      setLoad(id, { loading: false });
      loadEphemeral(id);
      if (isOnScreen(id)) markRead(id);
    } catch (e) {
      setLoad(id, { loading: false, error: e });
    }
  }

  /** My ephemeral answers in a conversation (they survive a reload for a while); quiet on failure. */
  async function loadEphemeral(id) {
    if (!api.listEphemeral) return;
    try {
      const answer = await guard(api.listEphemeral(id));
      set(setEphemeral(state, id, answer?.messages ?? []));
    } catch {
      // not essential: live events and command answers still bring new ones
    }
  }

  async function loadOlder(id) {
    if (load[id]?.olderLoading || !hasOlder(state, id)) return;
    const before = oldestSeq(state, id);
    setLoad(id, { olderLoading: true, olderError: null });
    try {
      const page = await guard(api.listMessages(id, { before, limit: PAGE_SIZE }));
      let next = addMessages(state, id, page.messages ?? [], { visible: isOnScreen(id) });
      if (page.nextBefore == null || !(page.messages ?? []).length) next = setNoOlder(next, id);
      set(next);
      setLoad(id, { olderLoading: false });
    } catch (e) {
      setLoad(id, { olderLoading: false, olderError: e });
    }
  }

  /**
   * Shows a message in its conversation with the messages around it (a search hit): loaded with
   * `around=` unless we hold it, and marked for the view to scroll to.
   */
  async function jumpTo(id, { messageId, seq = null }) {
    const key = ++focusSeq;
    focus = { conversationId: id, messageId, seq, key };
    emit();
    const bucket = state.messages[id];
    if (bucket?.loaded && bucket.items.some((m) => m.id === messageId)) return;
    setLoad(id, { jumping: true, jumpError: null });
    try {
      const page = await guard(api.listMessages(id, { around: messageId, limit: PAGE_SIZE }));
      set(
        showWindow(state, id, page.messages ?? [], {
          older: page.nextBefore != null,
          newer: page.nextAfter != null,
          visible: isOnScreen(id),
        }),
      );
      setLoad(id, { jumping: false });
    } catch (e) {
      setLoad(id, { jumping: false, jumpError: e });
      if (focus?.key === key) {
        focus = null;
        notify(e.status === 404 ? tc('messageGone') : (e.userMessage ?? tc('cannotOpenMessage')));
      }
    }
  }

  /** The next page after a window opened around a search hit, toward the newest message. */
  async function loadNewer(id) {
    const bucket = state.messages[id];
    if (!bucket?.detached || load[id]?.newerLoading || !bucket.items.length) return;
    const after = bucket.items[bucket.items.length - 1].seq;
    setLoad(id, { newerLoading: true, newerError: null });
    try {
      const page = await guard(api.listMessages(id, { after, limit: PAGE_SIZE }));
      const list = page.messages ?? [];
      let next = addMessages(state, id, list, { visible: isOnScreen(id) });
      if (list.length < PAGE_SIZE && next.messages[id]?.detached) {
        next = { ...next, messages: { ...next.messages, [id]: { ...next.messages[id], detached: false } } };
      }
      set(next);
      setLoad(id, { newerLoading: false });
      if (isOnScreen(id)) markRead(id);
    } catch (e) {
      setLoad(id, { newerLoading: false, newerError: e });
    }
  }

  /** Leaves a window around a search hit for the newest messages. */
  function jumpToLatest(id) {
    if (focus?.conversationId === id) focus = null;
    set(resetMessages(state, id));
    return loadLatest(id);
  }

  // ---- read markers ----------------------------------------------------------------------

  /** Tells the server we have read up to the newest message held, when it is on screen. */
  async function markRead(id) {
    if (!isOnScreen(id)) return;
    const bucket = state.messages[id];
    if (!bucket || !bucket.loaded || !bucket.items.length) return;
    // While the open view watches what is on screen, only what it saw is read (issue 17).
    const newest = bucket.items[bucket.items.length - 1].seq;
    const seq = seenUpTo[id] != null ? Math.min(newest, seenUpTo[id]) : newest;
    const conv = state.conversations[id];
    if (!conv) return;
    if (readPosted[id] == null) readPosted[id] = conv.lastReadSeq || 0;
    set(applyMention(applyRead(state, id, me.id, seq)));
    if (seq <= readPosted[id] || readInFlight.has(id)) return;
    readInFlight.add(id);
    try {
      await guard(api.markRead(id, seq));
      readPosted[id] = Math.max(readPosted[id] ?? 0, seq);
    } catch {
      // not fatal: the next message or visit tries again
    } finally {
      readInFlight.delete(id);
    }
    // Something newer arrived while we were posting.
    const now = state.messages[id]?.items;
    if (now && now.length && Math.min(now[now.length - 1].seq, seenUpTo[id] ?? Infinity) > (readPosted[id] ?? 0)) {
      if (isOnScreen(id)) markRead(id);
    }
  }

  // ---- sending ---------------------------------------------------------------------------

  async function deliver(id, clientId, text, fields) {
    try {
      const message = await guard(api.sendMessage(id, clientId, text, fields));
      let next = addMessages(state, id, [message], { visible: isOnScreen(id) });
      next = removePending(next, id, clientId);
      set(next);
      if (isOnScreen(id)) markRead(id);
      return true;
    } catch (e) {
      const transient = e.isNetwork || e.status >= 500 || e.status === 429 || e.status === 408;
      set(updatePending(state, id, clientId, { status: 'failed', error: e.userMessage ?? String(e), transient }));
      return false;
    }
  }

  /**
   * Sends a message. `extra.fields` go into the send body (`attachmentIds`: the text is then an
   * optional caption); `extra.attachments` is what the pending message shows meanwhile.
   */
  function send(id, rawText, extra = {}) {
    const text = String(rawText ?? '').trim();
    const fields = extra.fields ?? undefined;
    // Without text, only attachments, a forward or a shared place make a message.
    if (!text && !fields?.attachmentIds?.length && !fields?.forward && !fields?.location) return null;
    if (text.length > MAX_TEXT) throw new RangeError(`text longer than ${MAX_TEXT}`);
    // Reading old messages around a search hit: a new message belongs with the newest ones.
    if (state.messages[id]?.detached) jumpToLatest(id);
    const clientId = makeClientId();
    set(
      addPending(state, id, {
        clientId,
        text,
        status: 'sending',
        error: null,
        createdAt: new Date().toISOString(),
        ...(fields ? { fields, attachments: extra.attachments ?? [] } : {}),
      }),
    );
    deliver(id, clientId, text, fields);
    return clientId;
  }

  function retry(id, clientId) {
    const entry = (state.pending[id] ?? []).find((p) => p.clientId === clientId);
    if (!entry || entry.status === 'sending') return;
    set(updatePending(state, id, clientId, { status: 'sending', error: null }));
    deliver(id, clientId, entry.text, entry.fields);
  }

  function retryFailedSends() {
    for (const [id, list] of Object.entries(state.pending)) {
      for (const p of list) if (p.status === 'failed' && p.transient) retry(id, p.clientId);
    }
  }

  // ---- conversations ---------------------------------------------------------------------

  async function adopt(promise) {
    const conv = await guard(promise);
    set(upsertConversation(state, conv, { visible: isOnScreen(conv.id) }));
    return conv;
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async start() {
      stopped = false;
      try {
        await refreshList();
      } finally {
        if (!stopped) connection.start();
      }
    },
    stop() {
      stopped = true;
      connection.stop();
      listeners.clear();
    },
    refreshList,
    reconnectNow: () => connection.reconnectNow(),
    dismissNotification(id) {
      set(dismissNotification(state, id));
    },

    setActive(id) {
      activeId = id ?? null;
      emit();
      if (activeId && state.conversations[activeId]) {
        if (!state.messages[activeId]?.loaded) loadLatest(activeId);
        else markRead(activeId);
      }
    },
    setVisible(v) {
      visible = !!v;
      emit();
      if (visible) {
        connection.reconnectNow();
        if (activeId) markRead(activeId);
      }
    },
    loadLatest,
    loadOlder,
    loadNewer,
    jumpTo,
    jumpToLatest,
    markRead,
    send,
    retry,
    discard: (id, clientId) => set(removePending(state, id, clientId)),
    /** A line for the view to show once (a toast). */
    notify,
    dismissNotice: () => {
      notice = null;
      emit();
    },

    createGroup: (title, memberIds) => adopt(api.createGroup(title, memberIds)),
    createDirect: (memberId) => adopt(api.createDirect(memberId)),
    rename: (id, title) => adopt(api.renameConversation(id, title)),
    setAppInstallPolicy: (id, policy) => adopt(api.setAppInstallPolicy(id, policy)),
    /** The preview of a URL (the server fetches it), for the composer. */
    linkPreview: (url, options) => api.linkPreview(url, options),
    // ---- everyday messenger features (issue 17) ----
    /** Archives or unarchives a conversation for me. */
    setArchived: (id, on) => adopt(api.setArchived(id, on)),
    /** Pins or unpins a conversation at the top of my list. */
    setPinned: (id, on) => adopt(api.setPinned(id, on)),
    /** The messages pinned in a conversation (kept live by `pins` events). */
    async loadPins(id) {
      const answer = await guard(api.pinnedMessages(id));
      pins = { ...pins, [id]: answer.pins ?? [] };
      emit();
    },
    async pinMessage(id, messageId, on) {
      const answer = await guard(api.pinMessage(id, messageId, on));
      pins = { ...pins, [id]: answer.pins ?? [] };
      emit();
    },
    setMemberRole: (id, accountId, role) => adopt(api.setMemberRole(id, accountId, role)),
    updateGroup: (id, fields) => adopt(api.updateGroup(id, fields)),
    listInvites: (id) => guard(api.listInvites(id)).then((a) => a.invites ?? []),
    createInvite: (id, fields) => guard(api.createInvite(id, fields)),
    revokeInvite: (id, inviteId) => guard(api.revokeInvite(id, inviteId)),
    invitePreview: (token) => guard(api.invitePreview(token)),
    /** Joins a group through an invite link; answers the conversation, now in the list. */
    joinInvite: (token) => adopt(api.joinInvite(token)),
    /** The open view watches what is on screen: from now on only what it reports seen is marked read. */
    watchRead(id, lastReadSeq) {
      seenUpTo[id] = Math.max(seenUpTo[id] ?? 0, lastReadSeq || 0);
    },
    unwatchRead(id) {
      delete seenUpTo[id];
    },
    /** The open view saw the message `seq` on screen. */
    seen(id, seq) {
      if (seenUpTo[id] == null || seq <= seenUpTo[id]) return;
      seenUpTo[id] = seq;
      markRead(id);
    },
    /** Mutes (no notifications, still counted unread) or unmutes a conversation for me. */
    setMuted: (id, muted) => adopt(muted ? api.muteConversation(id) : api.unmuteConversation(id)),
    /** Messages an app posted that came back in a command's answer (the live copy may come later). */
    ingest(id, messages) {
      if (!state.conversations[id] || !Array.isArray(messages) || !messages.length) return;
      const { shared, mine } = splitEphemeral(messages);
      if (mine.length) set(addEphemeral(state, id, mine));
      if (!shared.length) return;
      // Added only when new: a live update may already hold a newer copy of the same card.
      set(addMessages(state, id, shared, { visible: isOnScreen(id) }));
      if (isOnScreen(id)) markRead(id);
    },
    /** Hides one of my ephemeral answers for good (my other tabs too, by their live event). */
    async dismissEphemeral(id, messageId) {
      await guard(api.dismissEphemeral(id, messageId));
      set(removeEphemeral(state, id, messageId));
    },
    /** Posts a normal copy of one of my ephemeral cards for the whole conversation. */
    async shareEphemeral(id, messageId) {
      const m = await guard(api.shareEphemeral(id, messageId));
      if (m && state.conversations[id]) set(addMessages(state, id, [m], { visible: isOnScreen(id) }));
      return m;
    },
    addMembers: (id, accountIds) => adopt(api.addMembers(id, accountIds)),
    async removeMember(id, accountId) {
      await guard(api.removeMember(id, accountId));
      if (accountId === me.id) {
        if (activeId === id) activeId = null;
        set(removeConversation(state, id));
      } else {
        await fetchConversation(id);
      }
    },
    lastKnownSeq: (id) => lastKnownSeq(state, id),

    // ---- message actions (messageActions.js; the live message_updated brings them to others) ----
    async editMessage(id, messageId, text) {
      const m = await guard(api.editMessage(id, messageId, text));
      set(replaceMessages(state, id, [m], { visible: isOnScreen(id) }));
      return m;
    },
    async deleteMessage(id, messageId) {
      await guard(api.deleteMessage(id, messageId));
    },
    async react(id, messageId, emoji, on) {
      const m = await guard(api.react(id, messageId, emoji, on));
      set(replaceMessages(state, id, [m], { visible: isOnScreen(id) }));
      return m;
    },
    messageEdits: (id, messageId) => guard(api.messageEdits(id, messageId)),
    /** Forwards a message into conversation `targetId`. */
    forward: (targetId, fromId, messageId) =>
      send(targetId, '', { fields: { forward: { conversationId: fromId, messageId } } }),
    /** Tells the other members we are typing, at most every 3 s per conversation. */
    typing(id) {
      if (id && mayType(id, Date.now()) && connection.sendFrame)
        connection.sendFrame({ type: 'typing', conversationId: id });
    },
  };
}
