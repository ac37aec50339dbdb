import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { newClientId } from '../api.js';
import {
  applyConversation,
  applyMessage,
  cannedMatches,
  cannedQuery,
  canManage,
  careApi,
  lacksLinks,
  mergeThread,
  parseLabels,
  slaBadges,
  STATUSES,
  unreadCount,
  waitedMinutes,
} from '../care.js';
import { createLiveConnection, LIVE_STATUS } from '../live.js';
import { clockTime, fullTime } from '../format.js';
import { namespace } from '../i18n.js';
import catalogue from '../locales/care.js';
import { Attachments } from './Attachments.jsx';
import { InboxSettings } from './InboxSettings.jsx';
import './care.css';

const t = namespace('care', catalogue);

function liveUrl() {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api/live`;
}

/** Whether the address bar shows the inbox (`/inbox`). */
/** One of the inbox's view tabs (conversations, queues, settings): pressed while it is the view shown. */
function ViewTab({ id, view, setView, label }) {
  return (
    <button
      type="button"
      class={`button small${view === id ? ' primary' : ''}`}
      aria-pressed={view === id ? 'true' : 'false'}
      onClick={() => setView(id)}
      data-testid={`view-${id}`}
    >
      {label}
    </button>
  );
}

export function isInboxPath(pathname = window.location.pathname) {
  return /^\/inbox\/?$/.test(pathname);
}

/** The messenger header's link to the inbox: only for people who are agents, supervisors or owners. */
export function InboxLink({ api }) {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    careApi(api)
      .inboxes()
      .then((list) => live && setCount(Array.isArray(list) ? list.length : (list?.items?.length ?? 0)))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [api]);
  if (!count) return null;
  return (
    <a class="icon-button inbox-link" href="/inbox" title={t('openInbox')} data-testid="inbox-link">
      <span aria-hidden="true">✉</span>
      <span class="sr-only">{t('openInbox')}</span>
    </a>
  );
}

/** The agent inbox (`/inbox`): the business's customer conversations, one at a time, live. */
export function Inbox({ api, session }) {
  const care = useMemo(() => careApi(api), [api]);
  const me = session.account;
  const [inboxes, setInboxes] = useState(null);
  const [businessId, setBusinessId] = useState(null);
  const [view, setView] = useState('inbox'); // inbox | queues | settings
  const [filters, setFilters] = useState({ status: 'open', assignee: '', team: '', label: '', q: '' });
  const [list, setList] = useState([]);
  const [listError, setListError] = useState(null);
  const [openId, setOpenId] = useState(null);
  const [agents, setAgents] = useState([]);
  const [teams, setTeams] = useState([]);
  const [canned, setCanned] = useState([]);
  const [liveStatus, setLiveStatus] = useState(LIVE_STATUS.IDLE);
  const [customerTyping, setCustomerTyping] = useState({}); // conversationId -> until (ms)
  const [toast, setToast] = useState(null);
  const threadListener = useRef(null);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const openRef = useRef(openId);
  openRef.current = openId;

  const inbox = inboxes?.find((i) => (i.business?.id ?? i.businessId) === businessId) ?? null;
  const manager = canManage(inbox);
  // an agent's id is their account's id
  const meAgent = agents.find((a) => a.id === me.id || a.username === me.username);
  const meAgentId = meAgent?.id ?? me.id;

  useEffect(() => {
    care
      .inboxes()
      .then((l) => {
        const items = Array.isArray(l) ? l : (l?.items ?? []);
        setInboxes(items);
        if (items.length) setBusinessId(items[0].business?.id ?? items[0].businessId);
      })
      .catch((e) => setListError(e.userMessage ?? String(e)));
  }, [care]);

  useEffect(() => {
    if (!businessId) return;
    care
      .list(businessId, 'agents')
      .then(itemsOf)
      .then(setAgents)
      .catch(() => setAgents([]));
    care
      .list(businessId, 'teams')
      .then(itemsOf)
      .then(setTeams)
      .catch(() => setTeams([]));
    care
      .list(businessId, 'canned-replies')
      .then(itemsOf)
      .then(setCanned)
      .catch(() => setCanned([]));
  }, [care, businessId, view]);

  const reload = useCallback(() => {
    if (!businessId) return;
    const f = filtersRef.current;
    care
      .conversations(businessId, { ...f, limit: 50 })
      .then((l) => {
        setList(itemsOf(l));
        setListError(null);
      })
      .catch((e) => setListError(e.userMessage ?? String(e)));
  }, [care, businessId]);

  useEffect(() => {
    const timer = setTimeout(reload, filters.q ? 250 : 0);
    return () => clearTimeout(timer);
  }, [reload, filters]);

  // Live: care events of the agent's session on /api/live.
  useEffect(() => {
    if (!businessId) return undefined;
    const conn = createLiveConnection({
      url: liveUrl(),
      getCursors: () => ({}),
      onStatus: (s) => setLiveStatus(s),
      onEvent: (e) => {
        if (!e || typeof e.type !== 'string' || !e.type.startsWith('care.')) return;
        if (e.businessId && e.businessId !== businessId) return;
        if (e.type === 'care.conversation' && e.conversation) {
          setList((l) => applyConversation(l, e.conversation, filtersRef.current, meAgentId));
          threadListener.current?.({ kind: 'conversation', conversation: e.conversation });
        } else if (e.type === 'care.message') {
          const cid = e.conversationId ?? e.message?.conversationId;
          setList((l) => applyMessage(l, cid, e.message, openRef.current));
          if (cid === openRef.current) threadListener.current?.({ kind: 'message', message: e.message ?? e.note });
          setCustomerTyping((m) => ({ ...m, [cid]: 0 }));
        } else if (e.type === 'care.typing') {
          const cid = e.conversationId;
          if (e.from === 'agent' || e.agent) return;
          setCustomerTyping((m) => ({ ...m, [cid]: e.typing ? Date.now() + 6000 : 0 }));
        }
      },
    });
    conn.start?.();
    return () => conn.stop?.();
  }, [businessId, meAgentId]);

  const flash = (text) => {
    setToast(text);
    setTimeout(() => setToast(null), 4000);
  };

  if (inboxes === null && !listError)
    return (
      <div class="splash" role="status">
        {t('loading')}
      </div>
    );
  if (!inboxes?.length)
    return (
      <main class="care-inbox care-empty" data-testid="inbox-none">
        <h1>{t('title')}</h1>
        <p>{listError ?? t('noInbox')}</p>
        <a class="button" href="/">
          {t('backToChats')}
        </a>
      </main>
    );

  const open = list.find((c) => c.conversationId === openId) ?? null;
  const set = (k, v) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <div class={`care-inbox${openId ? ' has-open' : ''}`} data-testid="inbox">
      <header class="care-header">
        <a class="button small subtle" href="/" data-testid="inbox-back">
          {t('backToChats')}
        </a>
        <h1>{t('title')}</h1>
        {inboxes.length > 1 ? (
          <label class="care-business">
            <span class="sr-only">{t('business')}</span>
            <select
              value={businessId}
              onChange={(e) => setBusinessId(e.currentTarget.value)}
              data-testid="inbox-business"
            >
              {inboxes.map((i) => (
                <option key={i.business?.id} value={i.business?.id}>
                  {i.business?.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span class="care-business-name" data-testid="inbox-business-name">
            {inbox?.business?.name}
          </span>
        )}
        <span class="care-role muted small">{t(`role.${inbox?.role ?? 'agent'}`)}</span>
        <Availability care={care} businessId={businessId} agent={meAgent} onSaved={() => flash(t('saved'))} />
        <span class={`care-live ${liveStatus}`} role="status" data-testid="inbox-live" data-status={liveStatus}>
          {liveStatus === LIVE_STATUS.OPEN ? t('live') : t('connecting')}
        </span>
        <nav class="care-views" aria-label={t('views')}>
          <ViewTab id="inbox" view={view} setView={setView} label={t('conversations')} />
          {manager && <ViewTab id="queues" view={view} setView={setView} label={t('queues')} />}
          {manager && <ViewTab id="settings" view={view} setView={setView} label={t('settings')} />}
        </nav>
      </header>
      {toast && (
        <div class="care-toast" role="status" data-testid="inbox-toast">
          {toast}
        </div>
      )}
      {view === 'settings' && manager ? (
        <InboxSettings care={care} businessId={businessId} agents={agents} teams={teams} />
      ) : view === 'queues' && manager ? (
        <Queues
          care={care}
          businessId={businessId}
          agents={agents}
          teams={teams}
          onOpen={(id) => {
            setView('inbox');
            setFilters((f) => ({ ...f, status: 'open', assignee: '' }));
            setOpenId(id);
          }}
        />
      ) : (
        <div class="care-body">
          <section class="care-list" aria-label={t('conversations')}>
            <div class="care-tabs" role="tablist" aria-label={t('status')}>
              {STATUSES.map((s) => (
                <button
                  key={s}
                  type="button"
                  role="tab"
                  aria-selected={filters.status === s ? 'true' : 'false'}
                  class={`care-tab${filters.status === s ? ' selected' : ''}`}
                  data-testid={`tab-${s}`}
                  onClick={() => set('status', s)}
                >
                  {t(`statuses.${s}`)}
                </button>
              ))}
            </div>
            <div class="care-filters">
              <label>
                <span class="sr-only">{t('search')}</span>
                <input
                  type="search"
                  placeholder={t('search')}
                  value={filters.q}
                  maxLength={200}
                  data-testid="inbox-search"
                  onInput={(e) => set('q', e.currentTarget.value)}
                />
              </label>
              <label>
                <span class="sr-only">{t('assignee')}</span>
                <select
                  value={filters.assignee}
                  data-testid="filter-assignee"
                  onChange={(e) => set('assignee', e.currentTarget.value)}
                >
                  <option value="">{t('filter.everyone')}</option>
                  <option value="me">{t('filter.mine')}</option>
                  <option value="unassigned">{t('filter.unassigned')}</option>
                  {manager &&
                    agents.map((a) => (
                      <option key={a.id} value={a.id}>
                        {agentName(a)}
                      </option>
                    ))}
                </select>
              </label>
              {teams.length > 0 && (
                <label>
                  <span class="sr-only">{t('team')}</span>
                  <select
                    value={filters.team}
                    data-testid="filter-team"
                    onChange={(e) => set('team', e.currentTarget.value)}
                  >
                    <option value="">{t('filter.allTeams')}</option>
                    {teams.map((tm) => (
                      <option key={tm.id} value={tm.id}>
                        {tm.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label>
                <span class="sr-only">{t('label')}</span>
                <input
                  type="text"
                  placeholder={t('label')}
                  value={filters.label}
                  maxLength={60}
                  data-testid="filter-label"
                  onInput={(e) => set('label', e.currentTarget.value.trim())}
                />
              </label>
            </div>
            {listError && (
              <p class="care-error" role="alert">
                {listError}
              </p>
            )}
            {list.length === 0 ? (
              <p class="muted care-none" data-testid="inbox-empty">
                {t('empty')}
              </p>
            ) : (
              <ul class="care-items" data-testid="inbox-list">
                {list.map((c) => (
                  <li key={c.conversationId}>
                    <ListItem
                      item={c}
                      selected={c.conversationId === openId}
                      onOpen={() => setOpenId(c.conversationId)}
                    />
                  </li>
                ))}
              </ul>
            )}
          </section>
          {open || openId ? (
            <Thread
              key={openId}
              care={care}
              businessId={businessId}
              conversationId={openId}
              summary={open}
              me={me}
              manager={manager}
              agents={agents}
              canned={canned}
              typingUntil={customerTyping[openId] ?? 0}
              listen={(fn) => {
                threadListener.current = fn;
              }}
              onClose={() => setOpenId(null)}
              onChanged={(c) => c && setList((l) => applyConversation(l, c, filtersRef.current, meAgentId))}
              onError={(e) => flash(e.userMessage ?? String(e))}
            />
          ) : (
            <section class="care-thread care-placeholder muted">{t('pick')}</section>
          )}
        </div>
      )}
    </div>
  );
}

function itemsOf(l) {
  return Array.isArray(l) ? l : (l?.items ?? l?.conversations ?? []);
}

function agentName(a) {
  return a?.displayName ?? a?.name ?? a?.account?.displayName ?? a?.username ?? a?.account?.username ?? '';
}

function customerName(item) {
  return item?.customer?.displayName || t('customer');
}

function Availability({ care, businessId, agent, onSaved }) {
  const [on, setOn] = useState(agent?.available ?? true);
  useEffect(() => setOn(agent?.available ?? true), [agent?.available]);
  if (!agent) return null;
  return (
    <label class="care-available small">
      <input
        type="checkbox"
        checked={on}
        data-testid="availability"
        onChange={async (e) => {
          const next = e.currentTarget.checked;
          setOn(next);
          try {
            await care.availability(businessId, next);
            onSaved();
          } catch {
            setOn(!next);
          }
        }}
      />
      {t('available')}
    </label>
  );
}

function SlaBadges({ sla }) {
  const badges = slaBadges(sla);
  if (!badges.length) return null;
  return (
    <span class="care-sla">
      {badges.map((b) => (
        <span
          key={b.kind}
          class={`care-badge ${b.breached ? 'breached' : b.soon ? 'soon' : 'due'}`}
          data-testid="sla-badge"
          data-kind={b.kind}
          data-breached={b.breached ? 'true' : 'false'}
          title={b.dueAt ? fullTime(b.dueAt) : undefined}
        >
          {b.breached
            ? t('sla.breached', { what: t(`sla.${b.kind}`) })
            : t('sla.due', { what: t(`sla.${b.kind}`), time: clockTime(b.dueAt) })}
        </span>
      ))}
    </span>
  );
}

function ListItem({ item, selected, onOpen }) {
  const waited = waitedMinutes(item);
  return (
    <button
      type="button"
      class={`care-item${selected ? ' selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-testid="inbox-item"
      data-conversation-id={item.conversationId}
      data-state={item.state}
      onClick={onOpen}
    >
      <span class="care-item-top">
        <strong>{customerName(item)}</strong>
        {unreadCount(item.unread) > 0 && (
          <span class="care-unread" data-testid="inbox-unread">
            <span class="sr-only">{t('unread', { count: unreadCount(item.unread) })}</span>
            <span aria-hidden="true">{unreadCount(item.unread)}</span>
          </span>
        )}
      </span>
      <span class="care-item-text muted small">{previewText(item.lastMessage)}</span>
      <span class="care-item-meta small">
        <span class={`care-state ${item.state}`}>{t(`states.${item.state}`, { defaultValue: item.state })}</span>
        {item.assignee ? (
          <span>{t('assignedTo', { name: agentName(item.assignee) })}</span>
        ) : (
          <span>{t('unassigned')}</span>
        )}
        {waited != null && <span data-testid="wait-time">{t('waiting', { count: waited })}</span>}
        {(item.labels ?? []).map((l) => (
          <span key={l} class="care-label">
            {l}
          </span>
        ))}
      </span>
      <SlaBadges sla={item.sla} />
    </button>
  );
}

function previewText(m) {
  if (!m) return '';
  if (m.text) return m.text;
  if (m.attachments?.length) return t('attachment', { count: m.attachments.length });
  return '';
}

/** One customer conversation: its messages and notes, the actions, and the reply box. */
function Thread({
  care,
  businessId,
  conversationId,
  summary,
  me,
  manager,
  agents,
  canned,
  typingUntil,
  listen,
  onClose,
  onChanged,
  onError,
}) {
  const [conv, setConv] = useState(summary);
  const [thread, setThread] = useState([]);
  const [text, setText] = useState('');
  const [mode, setMode] = useState('reply'); // reply | note
  const [cannedId, setCannedId] = useState(null);
  const [picker, setPicker] = useState(false);
  const [busy, setBusy] = useState(false);
  const [labelsText, setLabelsText] = useState((summary?.labels ?? []).join(', '));
  const [now, setNow] = useState(Date.now());
  const listRef = useRef(null);
  const typingSent = useRef(0);

  useEffect(() => {
    let live = true;
    care
      .conversation(businessId, conversationId)
      .then((c) => live && (setConv(c), setLabelsText((c.labels ?? []).join(', '))))
      .catch(() => {});
    Promise.all([
      care.messages(businessId, conversationId, { limit: 100 }).then(itemsOf),
      care
        .notes(businessId, conversationId)
        .then(itemsOf)
        .catch(() => []),
    ])
      .then(([messages, notes]) => {
        if (!live) return;
        // merged into what arrived live meanwhile, so a message sent while the page loaded stays
        setThread((th) => {
          let all = th;
          for (const m of messages) all = mergeThread(all, m);
          for (const n of notes) all = mergeThread(all, { ...n, kind: 'note' });
          return all;
        });
        const last = messages[messages.length - 1];
        if (last?.seq) care.read(businessId, conversationId, last.seq).catch(() => {});
      })
      .catch(onError);
    return () => {
      live = false;
    };
  }, [care, businessId, conversationId]);

  useEffect(() => {
    listen((e) => {
      if (e.kind === 'conversation' && e.conversation.conversationId === conversationId)
        setConv((c) => ({ ...c, ...e.conversation }));
      if (e.kind === 'message' && e.message) {
        setThread((th) => mergeThread(th, e.message));
        if (e.message.seq) care.read(businessId, conversationId, e.message.seq).catch(() => {});
        // a photo whose live copy came without links: the page's copy has them
        if (lacksLinks(e.message))
          care
            .messages(businessId, conversationId, { limit: 20 })
            .then(itemsOf)
            .then((page) => setThread((th) => page.reduce(mergeThread, th)))
            .catch(() => {});
      }
    });
    return () => listen(null);
  }, [conversationId]);

  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [thread.length]);

  useEffect(() => {
    if (typingUntil <= Date.now()) return undefined;
    const timer = setTimeout(() => setNow(Date.now()), typingUntil - Date.now() + 10);
    return () => clearTimeout(timer);
  }, [typingUntil]);

  const c = conv ?? summary;
  const mine = !!c?.assignee && c.assignee.id === me.id;
  const mayReply = mine || manager;

  async function act(action, body) {
    setBusy(true);
    try {
      const result = await care.act(businessId, conversationId, action, body);
      const next = result && result.conversationId ? result : await care.conversation(businessId, conversationId);
      setConv(next);
      onChanged(next);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  }

  async function assign(agentId) {
    setBusy(true);
    try {
      const result = await care.assign(businessId, conversationId, agentId || null);
      const next = result && result.conversationId ? result : await care.conversation(businessId, conversationId);
      setConv(next);
      onChanged(next);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  }

  async function saveLabels() {
    try {
      const labels = parseLabels(labelsText);
      const result = await care.labels(businessId, conversationId, labels);
      const next = result && result.conversationId ? result : { ...c, labels };
      setConv(next);
      onChanged(next);
    } catch (e) {
      onError(e);
    }
  }

  async function pickCanned(r) {
    setPicker(false);
    try {
      const rendered = await care.render(businessId, r.id, conversationId);
      setText(typeof rendered === 'string' ? rendered : (rendered?.text ?? r.text));
    } catch {
      setText(r.text);
    }
    setCannedId(r.id);
    setMode('reply');
    document.getElementById('care-reply')?.focus();
  }

  function typed(value) {
    setText(value);
    if (!value) setCannedId(null);
    if (mode === 'reply' && mayReply && Date.now() - typingSent.current > 3000 && value) {
      typingSent.current = Date.now();
      care.typing(businessId, conversationId, true).catch(() => {});
    }
  }

  async function send(e) {
    e.preventDefault();
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    try {
      if (mode === 'note') {
        const note = await care.addNote(businessId, conversationId, body);
        setThread((th) => mergeThread(th, { ...(note ?? {}), kind: 'note', text: note?.text ?? body }));
      } else {
        const payload = { text: body, clientId: newClientId() };
        if (cannedId) payload.cannedReplyId = cannedId;
        const m = await care.reply(businessId, conversationId, payload);
        if (m) setThread((th) => mergeThread(th, m));
        typingSent.current = 0;
      }
      setText('');
      setCannedId(null);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  }

  const q = mode === 'reply' ? cannedQuery(text) : null;
  const suggestions = q != null ? cannedMatches(canned, q) : picker ? canned : [];
  const customerTyping = typingUntil > now;
  const status = c?.status;

  return (
    <section
      class="care-thread"
      aria-label={t('conversationWith', { name: customerName(c) })}
      data-testid="inbox-thread"
      data-state={c?.state}
      data-status={status}
    >
      <header class="care-thread-header">
        <button type="button" class="button small subtle care-close" onClick={onClose} data-testid="thread-close">
          {t('close')}
        </button>
        <h2>{customerName(c)}</h2>
        <span class={`care-state ${c?.state}`} data-testid="thread-state">
          {t(`states.${c?.state}`, { defaultValue: c?.state ?? '' })}
        </span>
        <span class="muted small" data-testid="thread-assignee">
          {c?.assignee ? t('assignedTo', { name: agentName(c.assignee) }) : t('unassigned')}
        </span>
        <SlaBadges sla={c?.sla} />
      </header>
      <div class="care-actions" role="group" aria-label={t('actions')}>
        {(!mine || c?.state !== 'agent') && status !== 'resolved' && (
          <button
            type="button"
            class="button small primary"
            disabled={busy}
            data-testid="care-take"
            onClick={() => act('take')}
          >
            {t('take')}
          </button>
        )}
        {mine && status !== 'resolved' && (
          <button
            type="button"
            class="button small"
            disabled={busy}
            data-testid="care-release"
            onClick={() => act('release')}
          >
            {t('release')}
          </button>
        )}
        {status !== 'resolved' && (
          <button
            type="button"
            class="button small"
            disabled={busy}
            data-testid="care-resolve"
            onClick={() => act('resolve')}
          >
            {t('resolve')}
          </button>
        )}
        {status === 'resolved' && (
          <button
            type="button"
            class="button small"
            disabled={busy}
            data-testid="care-reopen"
            onClick={() => act('reopen')}
          >
            {t('reopen')}
          </button>
        )}
        {status !== 'resolved' && (
          <label class="small">
            <span class="sr-only">{t('snooze')}</span>
            <select
              value=""
              disabled={busy}
              data-testid="care-snooze"
              onChange={(e) => {
                const minutes = Number(e.currentTarget.value);
                if (minutes) act('snooze', { until: new Date(Date.now() + minutes * 60000).toISOString() });
              }}
            >
              <option value="">{t('snooze')}</option>
              <option value="60">{t('snoozeFor.hour')}</option>
              <option value="240">{t('snoozeFor.hours4')}</option>
              <option value="1440">{t('snoozeFor.day')}</option>
            </select>
          </label>
        )}
        {manager && (
          <label class="small">
            <span class="sr-only">{t('assign')}</span>
            <select
              value={c?.assignee?.id ?? ''}
              disabled={busy}
              data-testid="care-assign"
              onChange={(e) => assign(e.currentTarget.value)}
            >
              <option value="">{t('assignNobody')}</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {t('assignTo', { name: agentName(a) })}
                </option>
              ))}
            </select>
          </label>
        )}
        <form
          class="care-labels"
          onSubmit={(e) => {
            e.preventDefault();
            saveLabels();
          }}
        >
          <label>
            <span class="sr-only">{t('labels')}</span>
            <input
              type="text"
              placeholder={t('labelsPlaceholder')}
              value={labelsText}
              maxLength={200}
              data-testid="care-labels"
              onInput={(e) => setLabelsText(e.currentTarget.value)}
            />
          </label>
          <button type="submit" class="button small subtle" data-testid="care-labels-save">
            {t('saveLabels')}
          </button>
        </form>
      </div>
      <ol class="care-messages" ref={listRef} data-testid="care-messages" aria-live="polite">
        {thread.map((m) => (
          <ThreadEntry key={`${m.kind === 'note' ? 'n' : 'm'}-${m.id ?? m.seq}`} m={m} />
        ))}
      </ol>
      <p class="care-typing small muted" aria-live="polite" data-testid="care-customer-typing">
        {customerTyping ? t('customerTyping', { name: customerName(c) }) : ''}
      </p>
      {suggestions.length > 0 && (
        <ul class="care-canned" aria-label={t('cannedReplies')} data-testid="canned-list">
          {suggestions.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                data-testid="canned-option"
                data-shortcut={r.shortcut}
                onClick={() => pickCanned(r)}
              >
                <strong>/{r.shortcut}</strong> <span class="muted">{r.text}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class={`care-compose ${mode}`} onSubmit={send}>
        <div class="care-mode" role="group" aria-label={t('replyOrNote')}>
          <button
            type="button"
            class={`button small${mode === 'reply' ? ' primary' : ''}`}
            aria-pressed={mode === 'reply' ? 'true' : 'false'}
            data-testid="mode-reply"
            onClick={() => setMode('reply')}
          >
            {t('reply')}
          </button>
          <button
            type="button"
            class={`button small${mode === 'note' ? ' primary' : ''}`}
            aria-pressed={mode === 'note' ? 'true' : 'false'}
            data-testid="mode-note"
            onClick={() => setMode('note')}
          >
            {t('note')}
          </button>
          <button
            type="button"
            class="button small subtle"
            aria-expanded={picker ? 'true' : 'false'}
            data-testid="canned-open"
            onClick={() => setPicker((p) => !p)}
          >
            {t('cannedReplies')}
          </button>
        </div>
        <label for="care-reply" class="sr-only">
          {mode === 'note' ? t('notePlaceholder') : t('replyPlaceholder')}
        </label>
        <textarea
          id="care-reply"
          rows={3}
          maxLength={4000}
          value={text}
          disabled={mode === 'reply' && !mayReply}
          placeholder={mode === 'note' ? t('notePlaceholder') : mayReply ? t('replyPlaceholder') : t('takeFirst')}
          data-testid="care-reply"
          onInput={(e) => typed(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) send(e);
          }}
        />
        <button type="submit" class="button primary" disabled={busy || !text.trim()} data-testid="care-send">
          {mode === 'note' ? t('addNote') : t('send')}
        </button>
      </form>
    </section>
  );
}

function ThreadEntry({ m }) {
  if (m.kind === 'note' || m.note)
    return (
      <li class="care-entry note" data-testid="care-note">
        <span class="care-entry-who small">
          {t('noteBy', { name: m.author?.displayName ?? m.authorName ?? agentName(m.agent ?? m.author) })}
        </span>
        <span class="care-entry-text">{m.text}</span>
        <span class="muted small">{m.createdAt ? clockTime(m.createdAt) : ''}</span>
      </li>
    );
  if (m.kind === 'system' || m.from === 'system')
    return (
      <li class="care-entry system muted small" data-testid="care-entry" data-kind="system">
        {m.text}
      </li>
    );
  const who = m.from && m.from !== 'note' ? m.from : m.agent ? 'agent' : m.senderKind === 'bot' ? 'bot' : 'customer';
  return (
    <li class={`care-entry ${who}`} data-testid="care-entry" data-who={who}>
      <span class="care-entry-who small">
        {who === 'agent'
          ? t('agentSaid', { name: m.agent.name })
          : who === 'bot'
            ? t('botSaid')
            : m.senderName || t('customer')}
      </span>
      <Attachments message={m} onOpen={(a) => a.url && window.open(a.url, '_blank', 'noopener')} />
      {m.text && (
        <span class="care-entry-text" data-testid="care-entry-text">
          {m.text}
        </span>
      )}
      <span class="muted small">{m.createdAt ? clockTime(m.createdAt) : ''}</span>
    </li>
  );
}

/** A supervisor's view of every queue: each agent's load against the cap, and who waits how long. */
function Queues({ care, businessId, agents, teams, onOpen }) {
  const [open, setOpen] = useState(null);
  useEffect(() => {
    care
      .conversations(businessId, { status: 'open', limit: 200 })
      .then(itemsOf)
      .then(setOpen)
      .catch(() => setOpen([]));
  }, [care, businessId]);
  if (!open) return <p class="muted">{t('loading')}</p>;
  const waiting = open
    .filter((c) => !c.assignee)
    .sort((a, b) => Date.parse(a.waitingSince ?? 0) - Date.parse(b.waitingSince ?? 0));
  return (
    <section class="care-queues" data-testid="queues">
      <h2>{t('waitingQueue')}</h2>
      {waiting.length === 0 ? (
        <p class="muted">{t('nobodyWaiting')}</p>
      ) : (
        <table class="care-table">
          <thead>
            <tr>
              <th scope="col">{t('customer')}</th>
              <th scope="col">{t('team')}</th>
              <th scope="col">{t('waited')}</th>
            </tr>
          </thead>
          <tbody>
            {waiting.map((c) => (
              <tr key={c.conversationId} data-testid="queue-row">
                <td>
                  <button type="button" class="link-button" onClick={() => onOpen(c.conversationId)}>
                    {customerName(c)}
                  </button>
                </td>
                <td>{c.team?.name ?? teams.find((tm) => tm.id === c.team)?.name ?? '—'}</td>
                <td data-testid="queue-wait">{t('waiting', { count: waitedMinutes(c) ?? 0 })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('agents')}</h2>
      <table class="care-table">
        <thead>
          <tr>
            <th scope="col">{t('agent')}</th>
            <th scope="col">{t('available')}</th>
            <th scope="col">{t('load')}</th>
            <th scope="col">{t('longestWait')}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => {
            const theirs = open.filter((c) => (c.assignee?.id ?? c.assignee?.agentId) === a.id);
            const longest = Math.max(0, ...theirs.map((c) => waitedMinutes(c) ?? 0));
            return (
              <tr key={a.id} data-testid="agent-row">
                <td>{agentName(a)}</td>
                <td>{a.available === false ? t('no') : t('yes')}</td>
                <td>{t('loadOf', { open: theirs.length, max: a.maxOpen ?? 5 })}</td>
                <td>{theirs.length ? t('waiting', { count: longest }) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
