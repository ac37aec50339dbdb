import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApps, hasPage } from '../apps.js';
import { createChat } from '../chat.js';
import { parseDeepLink } from '../deeplink.js';
import { COARSE_POINTER, NARROW, useChat, useMediaQuery } from '../hooks.js';
import { previewOf } from '../format.js';
import { sortedConversations } from '../state.js';
import { Avatar } from './Avatar.jsx';
import { ConnectionBanner } from './ConnectionBanner.jsx';
import { Notifications } from './Notifications.jsx';
import { ConversationList } from './ConversationList.jsx';
import { ConversationView } from './ConversationView.jsx';
import { AppDirectoryDialog, AppsSettingsDialog, ConsentSheet, LeaveDialog } from './AppDialogs.jsx';
import { AppPanel } from './AppPanel.jsx';
import { DeveloperButton, DeveloperDialog } from './DeveloperDialog.jsx';
import { isDeveloper } from '../developer.js';
import { NotificationToggle } from './Mute.jsx';
import { createNotifier } from '../notifications.js';
import { createServerClock } from '../clock.js';
import { PaymentSheet, WalletButton, WalletDialog } from './Payments.jsx';
import { createPayments } from '../payments.js';
import { createSearch, MIN_QUERY } from '../search.js';
import { optionId, SearchResults } from './SearchResults.jsx';
import { newClientId } from '../api.js';
import { AddMembersDialog, ConversationInfoDialog, NewDirectDialog, NewGroupDialog } from './Dialogs.jsx';
import { ChatIcon, EditIcon, GroupIcon, SearchIcon, ShieldIcon, SignOutIcon } from './Icons.jsx';
import { AdminLink } from './AdminLink.jsx';
import { InboxLink } from './Inbox.jsx';
import { useUploads } from '../useUploads.js';
import { cardUploader } from '../cardUpload.js';
import { StorageIcon } from './AttachmentIcons.jsx';
import { StorageDialog } from './MediaFiles.jsx';
import { BusinessLedgerDialog } from './BusinessConsent.jsx';
import { parseBusinessLink, rememberConversation, useBusinessApi } from '../business.js';
import { BusinessesDialog, BusinessSearchSection } from './Business.jsx';
import { BlockedPeopleButton, SafetyDialogs, initSafety } from './Safety.jsx';
import { inviteTokenOf, JoinPage } from './GroupAdmin.jsx';
import { createDrafts, notifyingUnread } from '../everyday.js';
// Profiles (issue 17): the profile/settings sheet, other people's profiles, live profile changes.
import { PersonSheet, ProfileSheet } from './ProfileSheet.jsx';
import { PersonName } from './Avatar.jsx';
import { onLiveEvent as peopleOnLiveEvent, setPersonSource } from '../people.js';
import { namespace as profileNamespace } from '../i18n.js';
import profileCatalogue from '../locales/profile.js';

const tProfile = profileNamespace('profile', profileCatalogue);
import { namespace } from '../i18n.js';
import messengerCatalogue from '../locales/messenger.js';

const t = namespace('messenger', messengerCatalogue);

function idFromUrl() {
  const m = window.location.pathname.match(/^\/c\/([^/]+)\/?$/);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/** `?app=<appId>&start=<param>` of a deep link in the address bar, or null. */
function appFromUrl() {
  const link = parseDeepLink(window.location.pathname, window.location.search);
  return link && link.appId ? link : null;
}

function liveUrl() {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api/live`;
}

/** The signed-in messenger: conversation list and the open conversation. */
export function Messenger({ api, session, onSignedOut }) {
  const me = session.account;
  const endedRef = useRef(onSignedOut);
  endedRef.current = onSignedOut;
  const appsRef = useRef(null);
  const notifierRef = useRef(null);
  const payments = useMemo(() => createPayments({ api, newKey: () => newClientId() }), [api, me.id]);
  const chat = useMemo(
    () =>
      createChat({
        api,
        me,
        liveUrl: liveUrl(),
        onSessionEnded: () => endedRef.current(t('sessionEnded')),
        onMessage: (m, how) => {
          appsRef.current?.onMessage(m);
          notifierRef.current?.onMessage(m, how);
        },
        onAccountEvent: (e) => {
          if (peopleOnLiveEvent(e)) return;
          payments.onEvent(e);
          appsRef.current?.onLiveEvent(e);
        },
      }),
    // One controller per signed-in account.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, me.id],
  );
  const apps = useMemo(() => {
    const a = createApps({ api, chat });
    appsRef.current = a;
    return a;
  }, [api, chat]);
  // The server's clock as this messenger estimates it, for pages that play in step.
  const clock = useMemo(() => createServerClock({ fetchTime: () => api.serverTime() }), [api]);
  const search = useMemo(() => createSearch({ api }), [api, me.id]);
  useMemo(() => initSafety(api, me.id), [api, me.id]); // blocks and reports (Safety.jsx)
  const searchSnap = useChat(search);
  useEffect(() => () => search.stop(), [search]);
  const snap = useChat(chat);
  const appsSnap = useChat(apps);
  const paySnap = useChat(payments);
  const [pendingLaunch, setPendingLaunch] = useState(appFromUrl);
  const [leave, setLeave] = useState(null); // { url, resolve }
  const [prefill, setPrefill] = useState(null);
  const narrow = useMediaQuery(NARROW);
  const touch = useMediaQuery(COARSE_POINTER);
  const [activeId, setActiveId] = useState(idFromUrl);
  const [dialog, setDialog] = useState(null);
  const [filter, setFilter] = useState('');
  const [toast, setToast] = useState(null);
  const [composerFocus, setComposerFocus] = useState(0);
  // Drafts per conversation, kept in this browser (issue 17: "Draft" in the list, kept over a reload).
  const drafts = useMemo(() => createDrafts(me.id), [me.id]);
  const [, setDraftsChanged] = useState(0);
  useEffect(() => drafts.subscribe(() => setDraftsChanged((n) => n + 1)), [drafts]);
  const [joinToken, setJoinToken] = useState(() => inviteTokenOf(window.location.pathname));
  useMemo(() => {
    setPersonSource((id) => api.request('GET', `/api/people/${encodeURIComponent(id)}`));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, me.id]);
  const uploads = useUploads(api, me);
  const previousActive = useRef(null);
  const searchRef = useRef(null);

  // Start and stop the controller with this view.
  useEffect(() => {
    api.setOnUnauthorized(() => endedRef.current(t('sessionEnded')));
    chat.setVisible(document.visibilityState === 'visible');
    chat.start().catch(() => {});
    apps.loadPins();
    const onVisibility = () => chat.setVisible(document.visibilityState === 'visible');
    const onOnline = () => chat.reconnectNow();
    const onPop = () => {
      setActiveId(idFromUrl());
      setPendingLaunch(appFromUrl());
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('online', onOnline);
    window.addEventListener('popstate', onPop);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('popstate', onPop);
      api.setOnUnauthorized(null);
      apps.stop();
      chat.stop();
    };
  }, [api, chat, apps]);

  useEffect(() => {
    chat.setActive(activeId);
  }, [chat, activeId]);

  // Signed in with a keyboard at hand and nothing open: start in the conversation search.
  useEffect(() => {
    if (!touch && !idFromUrl()) searchRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const navigate = useCallback((id, { replace = false } = {}) => {
    const url = id ? `/c/${encodeURIComponent(id)}` : '/';
    if (url !== window.location.pathname) {
      if (replace) window.history.replaceState({ parley: true }, '', url);
      else window.history.pushState({ parley: true, fromList: !!id }, '', url);
    }
    setActiveId(id);
  }, []);

  const open = useCallback(
    (id) => {
      navigate(id, { replace: !!idFromUrl() });
      setComposerFocus((n) => n + 1);
    },
    [navigate],
  );

  // Browser notifications of live messages while this tab is not focused (and Web Push).
  const openRef = useRef(open);
  openRef.current = open;
  const notifier = useMemo(() => {
    const n = createNotifier({
      api,
      meId: me.id,
      conversation: (id) => chat.getSnapshot().state.conversations[id],
      onOpen: (id) => openRef.current(id),
    });
    notifierRef.current = n;
    return n;
  }, [api, chat, me.id]);

  const back = useCallback(() => {
    const st = window.history.state;
    if (st && st.parley && st.fromList) window.history.back();
    else navigate(null, { replace: true });
  }, [navigate]);

  // Leaving a conversation on a phone: put focus back on its entry in the list.
  useEffect(() => {
    const prev = previousActive.current;
    previousActive.current = activeId;
    if (prev && !activeId) {
      requestAnimationFrame(() => {
        const el = document.querySelector(`[data-conversation-id="${CSS.escape(prev)}"].conversation-item`);
        if (el) el.focus();
      });
    }
  }, [activeId]);

  // The conversation disappeared (we left or were removed): go back to the list.
  useEffect(() => {
    if (snap.notice) {
      setToast(snap.notice);
      chat.dismissNotice();
    }
    if (activeId && snap.listState.loaded && !snap.state.conversations[activeId] && snap.activeId === null) {
      navigate(null, { replace: true });
    }
  }, [snap.notice, snap.activeId, snap.listState.loaded, activeId, chat, navigate, snap.state.conversations]);

  useEffect(() => {
    if (!toast) return undefined;
    const timer = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);

  // A deep link `/c/<id>?app=<appId>&start=<param>`: open the app's panel once the
  // conversation is known, then keep the plain conversation address.
  useEffect(() => {
    if (!pendingLaunch || !snap.listState.loaded) return;
    const { conversationId, appId, startParam } = pendingLaunch;
    setPendingLaunch(null);
    if (conversationId !== activeId) return;
    if (window.location.search)
      window.history.replaceState(window.history.state, '', `/c/${encodeURIComponent(conversationId)}`);
    if (snap.state.conversations[conversationId]) apps.openPanel(conversationId, appId, startParam);
  }, [pendingLaunch, snap.listState.loaded, activeId, apps, snap.state.conversations]);

  // The panel belongs to one conversation: leaving it closes the panel (a page that asked for the
  // mini-player docks instead and keeps running; closePanel does nothing to a docked one).
  useEffect(() => {
    if (appsSnap.panel && appsSnap.panel.conversationId !== activeId) apps.closePanel();
  }, [activeId, appsSnap.panel, apps]);

  const confirmLink = useCallback(
    (url) =>
      new Promise((resolve) => {
        setLeave((prev) => {
          if (prev) prev.resolve(false);
          return { url, resolve };
        });
      }),
    [],
  );

  function answerLeave(yes) {
    const current = leave;
    setLeave(null);
    if (!current) return;
    if (yes) window.open(current.url, '_blank', 'noopener,noreferrer');
    current.resolve(yes);
  }

  const cards = useMemo(
    () => ({
      onAction: (message, button, extra) => apps.pressButton(message.conversationId, message, button, extra),
      onUpload: cardUploader(api), // a request_file button's file goes up with tus like any attachment
      onOpenPage: (appId, value) => activeId && apps.openPanel(activeId, appId, value),
      onOpenLink: (url) => confirmLink(url),
      onDeepLink: (target) => {
        navigate(target.conversationId);
        if (target.appId) setPendingLaunch(target);
      },
    }),
    // navigate is stable
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [apps, activeId, confirmLink, api],
  );

  /** A pinned app pressed in a conversation: open its page, or start its first command; add it first when needed. */
  async function openShortcut(app, startParam) {
    if (!activeId) {
      setToast({ id: Date.now(), text: t('openConversationForApp', { app: app.name }) });
      return;
    }
    const id = activeId;
    try {
      const list = await apps.loadInstalled(id);
      let entry = list.find((x) => x.app?.id === app.id);
      if (!entry) entry = await apps.install(id, app.id);
      if (hasPage(entry)) apps.openPanel(id, app.id, startParam);
      else if (entry?.commands?.length) setPrefill({ text: `/${entry.commands[0].name} ` });
    } catch (e) {
      setToast({ id: Date.now(), text: e.userMessage ?? String(e) });
    }
  }

  const conversations = useMemo(() => sortedConversations(snap.state), [snap.state]);
  // The tab title counts what notifies: a muted conversation only its unread mentions (issue 17).
  const unread = Object.values(snap.state.conversations).reduce((n, c) => n + notifyingUnread(c), 0);
  const active = activeId ? snap.state.conversations[activeId] : null;

  useEffect(() => {
    document.title = `${unread ? `(${unread}) ` : ''}${active ? `${active.title} · ` : ''}Parley`;
  }, [unread, active?.title]);

  // Keyboard: Ctrl/Cmd+K finds a conversation, Alt+Up/Down moves between conversations.
  useEffect(() => {
    function onKey(e) {
      if (document.querySelector('dialog[open]')) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (narrow && activeId) back();
        requestAnimationFrame(() => searchRef.current?.focus());
      } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && conversations.length) {
        e.preventDefault();
        const i = conversations.findIndex((c) => c.id === activeId);
        const next = e.key === 'ArrowUp' ? Math.max(0, i - 1) : Math.min(conversations.length - 1, i + 1);
        open(conversations[i < 0 ? 0 : next].id);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [conversations, activeId, narrow, back, open]);

  async function signOut() {
    try {
      await api.signOut();
    } catch {
      // the session is dropped locally either way
    }
    chat.stop();
    onSignedOut(null);
  }

  /** A row of the search's answer chosen (click or Enter). */
  async function choose(item) {
    if (!item) return;
    try {
      switch (item.kind) {
        case 'conversation':
          open(item.conversation.id);
          break;
        case 'message':
          chat.jumpTo(item.hit.conversationId, { messageId: item.hit.messageId, seq: item.hit.seq });
          navigate(item.hit.conversationId, { replace: !!idFromUrl() });
          break;
        case 'person': {
          const conv = await chat.createDirect(item.person.id);
          open(conv.id);
          break;
        }
        case 'app':
          await openShortcut(item.app);
          break;
        case 'appResult':
          if (item.conversationId) {
            navigate(item.conversationId, { replace: !!idFromUrl() });
            setPendingLaunch({
              conversationId: item.conversationId,
              appId: item.app.id,
              startParam: item.result.start ?? undefined,
            });
          } else {
            await openShortcut(item.app, item.result.start ?? undefined);
          }
          break;
        default:
          break;
      }
    } catch (e) {
      setToast({ id: Date.now(), text: e.userMessage ?? String(e) });
    }
  }

  const searching = filter.trim().length >= MIN_QUERY;
  const f = filter.trim().toLowerCase();
  const shown = f
    ? conversations.filter((c) => c.title.toLowerCase().includes(f) || previewOf(c, me.id).toLowerCase().includes(f))
    : conversations;

  const closeDialog = () => setDialog(null);

  // Businesses (issue 21): a deep link or QR code /b/<handle>?ctx=<context> opens the conversation
  // with the business's bot; the directory and the search box open it the same way.
  const businesses = useBusinessApi(api);
  const openBusiness = useCallback(
    async (handle, context) => {
      const started = await businesses.start(handle, context);
      rememberConversation(started.conversation.id, handle);
      const conv = await chat.createDirect(started.business.botAccountId);
      open(conv.id);
    },
    [businesses, chat, open],
  );
  useEffect(() => {
    const link = parseBusinessLink(window.location.pathname, window.location.search);
    if (link) openBusiness(link.handle, link.context).catch(() => navigate(null, { replace: true }));
  }, []);
  const dialogDone = (conv) => {
    setDialog(null);
    if (conv) open(conv.id);
  };

  const pane = activeId ? 'conversation' : 'list';

  return (
    <div class="messenger" data-pane={pane} data-testid="messenger">
      {active && (
        <a
          class="skip-link"
          href="#composer-input"
          onClick={(e) => {
            e.preventDefault();
            document.getElementById('composer-input')?.focus();
          }}
        >
          {t('skipToComposer')}
        </a>
      )}
      <ConnectionBanner live={snap.live} onRetry={() => chat.reconnectNow()} />
      <Notifications items={snap.state.notifications} onDismiss={(id) => chat.dismissNotification(id)} />
      <nav class="sidebar" aria-label={t('conversations')}>
        <h1 class="sr-only">{t('title')}</h1>
        <header class="sidebar-header">
          <button
            type="button"
            class="icon-button profile-open"
            title={tProfile('openProfile')}
            data-testid="profile-open"
            onClick={() => setDialog({ kind: 'profile' })}
          >
            {/* named by the hidden text, not aria-label: the initials are decoration (axe label-content-name-mismatch) */}
            <span aria-hidden="true">
              <Avatar id={me.id} name={me.displayName} size={36} />
            </span>
            <span class="sr-only">{tProfile('openProfile')}</span>
          </button>
          <div class="me" data-testid="current-user" data-username={me.username}>
            <span class="me-name">
              <PersonName id={me.id} name={me.displayName} />
            </span>
            <span class="muted">@{me.username}</span>
          </div>
          <WalletButton snap={paySnap} onOpen={() => setDialog({ kind: 'wallet' })} />
          <NotificationToggle notifier={notifier} />
          <BlockedPeopleButton />
          <button
            type="button"
            class="icon-button"
            aria-label={t('appsPermissions')}
            title={t('appsPermissions')}
            data-testid="apps-settings-open"
            onClick={() => setDialog({ kind: 'app-settings' })}
          >
            <ShieldIcon />
          </button>
          <button
            type="button"
            class="icon-button"
            aria-label="Businesses"
            title="Businesses"
            data-testid="businesses-open"
            onClick={() => setDialog({ kind: 'businesses' })}
          >
            <ChatIcon />
          </button>
          <button
            type="button"
            class="icon-button"
            aria-label={t('storage')}
            title={t('storage')}
            data-testid="storage-open"
            onClick={() => setDialog({ kind: 'storage' })}
          >
            <StorageIcon />
          </button>
          <InboxLink api={api} />
          <AdminLink me={me} />
          {isDeveloper(me) && <DeveloperButton onOpen={() => setDialog({ kind: 'developer' })} />}
          <button
            type="button"
            class="icon-button"
            aria-label={t('signOut')}
            title={t('signOut')}
            data-testid="signout"
            onClick={signOut}
          >
            <SignOutIcon />
          </button>
        </header>
        <div class="sidebar-tools">
          <div class="search-box">
            <SearchIcon size={16} />
            <input
              ref={searchRef}
              id="conversation-search"
              type="search"
              placeholder={t('search')}
              aria-label={t('searchLabel')}
              aria-keyshortcuts="Control+K"
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={searching ? 'true' : 'false'}
              aria-controls={searching ? 'search-listbox' : undefined}
              aria-activedescendant={searching && searchSnap.active >= 0 ? optionId(searchSnap.active) : undefined}
              data-testid="search-input"
              maxLength={200}
              value={filter}
              onInput={(e) => {
                setFilter(e.currentTarget.value);
                search.setQuery(e.currentTarget.value);
              }}
              onKeyDown={(e) => {
                if (searching && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
                  e.preventDefault();
                  search.move(e.key === 'ArrowDown' ? 1 : -1);
                } else if (e.key === 'Enter' && searching) {
                  e.preventDefault();
                  choose(search.current());
                } else if (e.key === 'Enter' && shown.length) {
                  e.preventDefault();
                  open(shown[0].id);
                }
                if (e.key === 'Escape' && filter) {
                  e.preventDefault();
                  setFilter('');
                  search.clear();
                }
              }}
            />
          </div>
          <button
            type="button"
            class="icon-button"
            aria-label={t('newMessage')}
            title={t('newMessage')}
            data-testid="new-direct"
            onClick={() => setDialog({ kind: 'direct' })}
          >
            <EditIcon />
          </button>
          <button
            type="button"
            class="icon-button accent"
            aria-label={t('newGroup')}
            title={t('newGroup')}
            data-testid="new-group"
            onClick={() => setDialog({ kind: 'group' })}
          >
            <GroupIcon />
          </button>
        </div>
        {searching && <BusinessSearchSection query={filter} onOpenBusiness={(h) => openBusiness(h).catch(() => {})} />}
        {searching ? (
          <SearchResults
            snap={searchSnap}
            onChoose={choose}
            onHover={(i) => search.setActive(i)}
            onRetry={() => search.retry()}
          />
        ) : (
          <ConversationList
            conversations={shown}
            activeId={activeId}
            me={me}
            onOpen={open}
            listState={snap.listState}
            filter={filter.trim()}
            onRetry={() => chat.refreshList().catch(() => {})}
            onNewGroup={() => setDialog({ kind: 'group' })}
            onNewDirect={() => setDialog({ kind: 'direct' })}
            drafts={drafts}
          />
        )}
      </nav>
      <main
        class="conversation-pane"
        id="conversation-pane"
        data-panel={active && appsSnap.panel?.conversationId === active.id ? 'open' : undefined}
      >
        {joinToken && !active ? (
          <JoinPage
            chat={chat}
            token={joinToken}
            onOpen={(id) => {
              setJoinToken(null);
              navigate(id, { replace: true });
            }}
            onCancel={() => {
              setJoinToken(null);
              navigate(null, { replace: true });
            }}
          />
        ) : active ? (
          <ConversationView
            chat={chat}
            snap={snap}
            apps={apps}
            appsSnap={appsSnap}
            cards={cards}
            prefill={prefill}
            onApps={() => setDialog({ kind: 'apps', id: active.id })}
            onShortcut={openShortcut}
            conv={active}
            narrow={narrow}
            drafts={drafts}
            focusComposer={touch ? null : `${active.id}:${composerFocus}`}
            onBack={back}
            onAddPeople={() => setDialog({ kind: 'add', id: active.id })}
            onInfo={() => setDialog({ kind: 'info', id: active.id })}
            api={api}
            uploads={uploads}
          />
        ) : activeId && snap.listState.loaded ? (
          <div class="empty-pane" data-testid="not-found">
            <h2>{t('notFound')}</h2>
            <p class="muted">{t('notFoundHint')}</p>
            <button type="button" class="button" onClick={() => navigate(null, { replace: true })}>
              {t('backToConversations')}
            </button>
          </div>
        ) : (
          <div class="empty-pane">
            <ChatIcon size={48} />
            <h2>{t('yourConversations')}</h2>
            <p class="muted">{t('chooseConversation')}</p>
            <div class="row">
              <button type="button" class="button" onClick={() => setDialog({ kind: 'direct' })}>
                {t('newMessage')}
              </button>
              <button type="button" class="button primary" onClick={() => setDialog({ kind: 'group' })}>
                {t('newGroup')}
              </button>
            </div>
          </div>
        )}
        {appsSnap.panel && (appsSnap.panel.docked || appsSnap.panel.conversationId === active?.id) && (
          <AppPanel
            key={appsSnap.panel.key}
            apps={apps}
            panel={appsSnap.panel}
            onOpenLink={confirmLink}
            clock={clock}
            onReopen={() => {
              // Back to the page's conversation first, so leaving-closes-the-panel sees it there.
              if (appsSnap.panel.conversationId !== activeId) navigate(appsSnap.panel.conversationId);
              apps.undockPanel();
            }}
          />
        )}
      </main>
      {dialog?.kind === 'businesses' && (
        <BusinessesDialog
          me={me}
          onOpenBusiness={(h) => {
            closeDialog();
            openBusiness(h).catch(() => {});
          }}
          onLedger={() => setDialog({ kind: 'business-ledger' })}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'group' && (
        <NewGroupDialog chat={chat} api={api} me={me} onClose={closeDialog} onDone={dialogDone} />
      )}
      {dialog?.kind === 'direct' && (
        <NewDirectDialog chat={chat} api={api} me={me} onClose={closeDialog} onDone={dialogDone} />
      )}
      {dialog?.kind === 'add' && snap.state.conversations[dialog.id] && (
        <AddMembersDialog
          chat={chat}
          api={api}
          me={me}
          conv={snap.state.conversations[dialog.id]}
          onClose={closeDialog}
          onDone={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'info' && snap.state.conversations[dialog.id] && (
        <ConversationInfoDialog
          chat={chat}
          me={me}
          conv={snap.state.conversations[dialog.id]}
          onClose={closeDialog}
          onAddPeople={() => setDialog({ kind: 'add', id: dialog.id })}
          onOpenPerson={(personId) => setDialog({ kind: 'person', personId })}
          onLeft={(conv) => {
            setDialog(null);
            setToast({ id: Date.now(), text: t('leftConversation', { title: conv.title }) });
            navigate(null, { replace: true });
          }}
        />
      )}
      {dialog?.kind === 'apps' && snap.state.conversations[dialog.id] && (
        <AppDirectoryDialog
          api={api}
          apps={apps}
          appsSnap={appsSnap}
          chat={chat}
          conv={snap.state.conversations[dialog.id]}
          me={me}
          onClose={closeDialog}
          onOpenApp={(appId) => {
            setDialog(null);
            apps.openPanel(dialog.id, appId);
          }}
        />
      )}
      {dialog?.kind === 'app-settings' && (
        <AppsSettingsDialog api={api} apps={apps} appsSnap={appsSnap} onClose={closeDialog} />
      )}
      {dialog?.kind === 'storage' && <StorageDialog api={api} onClose={closeDialog} />}
      {dialog?.kind === 'business-ledger' && <BusinessLedgerDialog api={api} onClose={closeDialog} />}
      <SafetyDialogs />
      {dialog?.kind === 'profile' && <ProfileSheet api={api} me={me} onClose={closeDialog} />}
      {dialog?.kind === 'person' && <PersonSheet api={api} personId={dialog.personId} onClose={closeDialog} />}
      {dialog?.kind === 'developer' && <DeveloperDialog api={api} onClose={closeDialog} />}
      {dialog?.kind === 'wallet' && (
        <WalletDialog api={api} payments={payments} snap={paySnap} onClose={closeDialog} meId={me.id} />
      )}
      <PaymentSheet payments={payments} snap={paySnap} />
      {appsSnap.consent && <ConsentSheet key={appsSnap.consent.key} apps={apps} consent={appsSnap.consent} />}
      {leave && <LeaveDialog key={leave.url} url={leave.url} onAnswer={answerLeave} />}
      <div class="toast-region" role="status" aria-live="polite">
        {toast && (
          <div class="toast" data-testid="toast">
            <span>{toast.text}</span>
            <button type="button" class="link-button" onClick={() => setToast(null)}>
              {t('dismiss')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
