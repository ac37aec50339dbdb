import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { BotSender, BusinessBar } from './Business.jsx';
import { AgentSender, CareSystemLine, RatingWidget } from './CareCustomer.jsx';
import { isRatingRequest } from '../care.js';
import { clockTime, dayKey, dayLabel, fullTime, hueFor, splitLinks } from '../format.js';
import { internalTarget } from '../deeplink.js';
import { Avatar, PersonName } from './Avatar.jsx';
import { Card } from './Card.jsx';
import { Attachments, PendingAttachments } from './Attachments.jsx';
import { MediaViewer } from './MediaViewer.jsx';
import { attachmentClass, splitAttachments } from '../attachments.js';
import { LinkPreviewCard } from './LinkPreview.jsx';
import { Interactive, SharedLocation } from './Interactive.jsx';
import { BusinessMessageLinks } from './BusinessConsent.jsx';
import { interactiveOf, withoutCardMedia } from '../interactive.js';
import { AlertIcon, ArrowDownIcon, CheckIcon, ClockIcon, DoubleCheckIcon } from './Icons.jsx';
import { marksOf, tickOf } from '../messageActions.js';
import { MessageMenu } from './MessageMenu.jsx';
import { CollapsedMessage, useSafety } from './Safety.jsx';
import { collapsed } from '../safety.js';
import { Reactions } from './Reactions.jsx';
import { ReplyQuote } from './ReplyQuote.jsx';
import { JumpToLatest, useSeenMarks } from './Everyday.jsx';
import { mentionParts, mentions as mentionsMe } from '../everyday.js';
import { EphemeralCard } from './EphemeralCard.jsx';
import { withEphemeral } from '../ephemeral.js';
import { namespace } from '../i18n.js';
import messagesCatalogue from '../locales/messages.js';

const t = namespace('messages', messagesCatalogue);

const GROUP_GAP_MS = 5 * 60 * 1000;
const NEAR_BOTTOM_PX = 64;
const NEAR_TOP_PX = 240;

/**
 * Message text as text nodes and safe http(s) links: never parsed as HTML. Links to a
 * conversation of ours (`/c/...`, `parley://c/...`) open in place.
 */
function MessageText({ text, onDeepLink, message, members }) {
  const origin = window.location.origin;
  return splitLinks(text, origin).map((part, i) =>
    part.type !== 'link' && message?.mentions?.length ? (
      // @mentions of members the message names (issue 17), highlighted; text nodes only.
      mentionParts(part.value, message.mentions, members).map((mp, j) =>
        mp.mention ? (
          <span key={`${i}-${j}`} class="mention" data-testid="mention" data-account-id={mp.mention}>
            {mp.text}
          </span>
        ) : (
          mp.text
        ),
      )
    ) : part.type === 'link' ? (
      <a
        key={i}
        href={part.href}
        target="_blank"
        rel="noopener noreferrer nofollow ugc"
        onClick={(e) => {
          const target = onDeepLink && internalTarget(part.href, origin);
          if (target && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
            e.preventDefault();
            onDeepLink(target);
          }
        }}
      >
        {part.value}
      </a>
    ) : (
      part.value
    ),
  );
}

/** Invisible room at the end of the last line for the time, which sits in the bubble's corner. */
function MetaSpacer({ time, tick }) {
  return (
    <span class="meta-spacer" aria-hidden="true">
      {time}
      {tick && <span class="tick-space" />}
    </span>
  );
}

function buildRows(items, meId, unreadAfterSeq) {
  const rows = [];
  let prev = null;
  let dividerPlaced = false;
  for (const m of items) {
    const newDay = !prev || dayKey(prev.createdAt) !== dayKey(m.createdAt);
    if (newDay) rows.push({ type: 'day', key: `day-${m.seq}`, label: dayLabel(m.createdAt), at: m.createdAt });
    let divider = false;
    if (!dividerPlaced && unreadAfterSeq != null && m.seq > unreadAfterSeq && m.senderId !== meId) {
      rows.push({ type: 'divider', key: `unread-${m.seq}` });
      dividerPlaced = true;
      divider = true;
    }
    if (m.kind === 'system') {
      rows.push({ type: 'system', key: `m-${m.seq}`, m });
    } else if (m.kind === 'card') {
      rows.push({ type: 'card', key: `m-${m.seq}`, m });
    } else {
      const continues =
        prev &&
        !newDay &&
        !divider &&
        prev.kind !== 'system' &&
        prev.kind !== 'card' &&
        prev.senderId === m.senderId &&
        Date.parse(m.createdAt) - Date.parse(prev.createdAt) < GROUP_GAP_MS;
      rows.push({ type: 'message', key: `m-${m.seq}`, m, first: !continues });
    }
    prev = m;
  }
  return rows;
}

/** Every picture and video of the loaded messages, oldest first: what the viewer pages through. */
function mediaOf(items) {
  const out = [];
  for (const m of items) {
    if (m.deleted || !m.attachments?.length) continue;
    for (const a of splitAttachments(m.attachments).media) out.push({ ...a, senderName: m.senderName });
  }
  return out;
}

function Status({ status, seenLabel, tick }) {
  if (status === 'sending')
    return (
      <span class="tick" title={t('sending')}>
        <ClockIcon size={14} />
        <span class="sr-only">{t('sending')}</span>
      </span>
    );
  if (status === 'failed') return null;
  if (tick === 'delivered' && !seenLabel)
    return (
      <span class="tick delivered" title={t('delivered')} data-tick="delivered">
        <DoubleCheckIcon size={16} />
        <span class="sr-only">{t('delivered')}</span>
      </span>
    );
  return seenLabel ? (
    <span class="tick seen" title={seenLabel} data-tick="read">
      <DoubleCheckIcon size={16} />
      <span class="sr-only">{seenLabel}</span>
    </span>
  ) : (
    <span class="tick" title={t('sent')} data-tick="sent">
      <CheckIcon size={14} />
      <span class="sr-only">{t('sent')}</span>
    </span>
  );
}

/** The scrolling log of a conversation's messages, with pending sends at its end. */
export function MessageList({
  chat,
  conv,
  bucket,
  pending,
  load,
  me,
  readers,
  unreadAfterSeq,
  hasOlder,
  cards,
  focus,
  actions,
  state,
  interactive,
}) {
  const scroller = useRef(null);
  const metrics = useRef({
    convId: null,
    atBottom: true,
    scrollTop: 0,
    scrollHeight: 0,
    firstSeq: null,
    lastSeq: null,
    pendingCount: 0,
    focusKey: null,
  });
  const content = useRef(null);
  // issue 17: "jump to latest" while scrolled up; only what was on screen is read.
  const [scrolledUp, setScrolledUp] = useState(false);
  const detached = !!bucket?.detached;
  const focusId = focus && focus.conversationId === conv.id ? focus.messageId : null;
  const [newBelow, setNewBelow] = useState(0);
  const [viewing, setViewing] = useState(null); // the attachment id open in the viewer
  const items = bucket?.items ?? [];
  const loaded = !!bucket?.loaded;
  const firstSeq = items.length ? items[0].seq : null;
  const lastSeq = items.length ? items[items.length - 1].seq : null;
  const isGroup = conv.kind === 'group';
  const safety = useSafety(); // a blocked person's messages in a group are collapsed

  function remember(el, atBottom) {
    const m = metrics.current;
    m.scrollTop = el.scrollTop;
    m.scrollHeight = el.scrollHeight;
    m.atBottom = atBottom;
  }

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const m = metrics.current;
    const target =
      focusId && focus.key !== m.focusKey ? el.querySelector(`[data-message-id="${CSS.escape(focusId)}"]`) : null;
    if (target) {
      // A search hit: bring it to the middle of the view (its row is marked while focused).
      el.scrollTop = Math.max(0, target.offsetTop - el.clientHeight / 2 + target.offsetHeight / 2);
      m.focusKey = focus.key;
      m.convId = conv.id;
      setNewBelow(0);
    } else if (m.convId !== conv.id) {
      if (!loaded) return;
      // Just opened: show the first unread message, or the newest.
      const divider = el.querySelector('[data-testid="unread-divider"]');
      el.scrollTop = divider ? Math.max(0, divider.offsetTop - 56) : el.scrollHeight;
      m.convId = conv.id;
      setNewBelow(0);
    } else if (firstSeq != null && m.firstSeq != null && firstSeq < m.firstSeq) {
      // Older messages were put above: keep what the reader sees where it was.
      el.scrollTop = m.scrollTop + (el.scrollHeight - m.scrollHeight);
    } else if (m.atBottom || pending.length > m.pendingCount) {
      el.scrollTop = el.scrollHeight;
    } else if (lastSeq != null && m.lastSeq != null && lastSeq > m.lastSeq) {
      const added = items.filter((x) => x.seq > m.lastSeq && x.senderId !== me.id).length;
      if (added) setNewBelow((n) => n + added);
    }
    m.firstSeq = firstSeq;
    m.lastSeq = lastSeq;
    m.pendingCount = pending.length;
    remember(el, el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX);
    // Opened above the bottom (at "New messages") without a scroll: "jump to latest" at once.
    setScrolledUp(el.scrollHeight - el.scrollTop - el.clientHeight > el.clientHeight);
  }, [conv.id, items, pending, loaded, focusId, focus?.key]);

  // Keep the newest message in view when the box changes size (window, keyboard, composer).
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(() => {
      if (metrics.current.atBottom) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    // ... and when the content grows under a reader at the bottom (images and cards that load late).
    if (content.current) ro.observe(content.current);
    return () => ro.disconnect();
  }, []);

  function onScroll() {
    const el = scroller.current;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    remember(el, atBottom);
    setScrolledUp(el.scrollHeight - el.scrollTop - el.clientHeight > el.clientHeight);
    if (atBottom && newBelow) setNewBelow(0);
    if (el.scrollTop < NEAR_TOP_PX && hasOlder && !load?.olderLoading && !load?.olderError) chat.loadOlder(conv.id);
    if (
      detached &&
      el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_TOP_PX &&
      !load?.newerLoading &&
      !load?.newerError
    ) {
      chat.loadNewer(conv.id);
    }
  }

  function jumpToBottom() {
    const el = scroller.current;
    el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
    setNewBelow(0);
  }

  useSeenMarks(scroller, chat, conv, items);
  // Others' messages after my read marker, for "jump to latest" (the list's count is 0 while open).
  const unreadHeld = items.filter((x) => x.seq > (conv.lastReadSeq || 0) && x.senderId && x.senderId !== me.id).length;

  // My ephemeral answers ("only visible to you") sit after the message they were posted after.
  const rows = withEphemeral(buildRows(items, me.id, unreadAfterSeq), state?.ephemeral?.[conv.id]);
  // Other members' read markers (from live `read` events): who has seen a message of ours.
  const readMarks = Object.entries(readers ?? {}).filter(([id]) => id !== me.id);
  // With the members' marks of the conversation JSON (they survive a reload) and live `delivered`.
  const marks = state ? marksOf(state, conv) : {};
  const seenLabelFor = (seq) => {
    const fromMarks = Object.entries(marks).map(([id, x]) => [id, x.read]);
    const ids = [...new Set([...readMarks, ...fromMarks].filter(([, s]) => s >= seq).map(([id]) => id))];
    if (!ids.length) return null;
    // Coloured ticks once every other member read it; until then two grey ticks or one.
    if (state && Object.keys(marks).length && tickOf(marks, seq) !== 'read') return null;
    if (!isGroup) return t('seen');
    return t('seenBy', {
      names: ids.map((id) => conv.members?.find((mm) => mm.id === id)?.displayName ?? t('someone')).join(', '),
    });
  };

  return (
    <div class="message-area">
      <div
        class="messages"
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label={t('messagesIn', { title: conv.title })}
        aria-live="polite"
        aria-relevant="additions"
        aria-busy={load?.loading ? 'true' : 'false'}
        tabIndex={0}
        data-testid="message-list"
      >
        <div class="history-edge">
          {load?.loading && !loaded && (
            <p class="muted" role="status">
              <span class="spinner" aria-hidden="true" /> {t('loadingMessages')}
            </p>
          )}
          {load?.error && !loaded && (
            <div role="alert" class="load-error">
              <p>{load.error.userMessage}</p>
              <button type="button" class="button" onClick={() => chat.loadLatest(conv.id)}>
                {t('tryAgain')}
              </button>
            </div>
          )}
          {loaded && hasOlder && (
            <button
              type="button"
              class="link-button"
              disabled={load?.olderLoading}
              onClick={() => chat.loadOlder(conv.id)}
              data-testid="load-older"
            >
              {load?.olderLoading ? t('loading') : load?.olderError ? t('couldNotLoad') : t('loadEarlier')}
            </button>
          )}
          {loaded && !hasOlder && (
            <p class="conversation-start muted">
              {items.length
                ? t(isGroup ? 'beginningGroup' : 'beginningDirect', { title: conv.title })
                : isGroup
                  ? t('emptyGroup')
                  : t('emptyDirect', { title: conv.title })}
            </p>
          )}
        </div>
        {!isGroup && <BusinessBar conversationId={conv.id} messages={items} />}
        <ol class="message-items" ref={content}>
          {rows.map((row) => {
            if (row.type === 'day')
              return (
                <li key={row.key} class="day-separator">
                  <time dateTime={row.at}>{row.label}</time>
                </li>
              );
            if (row.type === 'divider')
              return (
                <li key={row.key} class="unread-divider" data-testid="unread-divider">
                  <span>{t('newMessages')}</span>
                </li>
              );
            const m = row.m;
            if (row.type === 'ephemeral')
              return (
                <li key={row.key} class="card-message" data-testid="ephemeral-row" data-kind="ephemeral">
                  <EphemeralCard message={m} conversationId={conv.id} chat={chat} cards={cards} meId={me.id} />
                </li>
              );
            if (row.type === 'system')
              return (
                <li key={row.key} class="system-message" data-testid="message" data-seq={m.seq} data-kind="system">
                  <span data-testid="message-text">
                    <CareSystemLine message={m} />
                  </span>
                  {isRatingRequest(m) && <RatingWidget conversationId={conv.id} message={m} />}
                </li>
              );
            if (row.type === 'card')
              return (
                <li
                  key={row.key}
                  class={`app-message${focusId === m.id ? ' focused' : ''}`}
                  data-testid="message"
                  data-seq={m.seq}
                  data-kind="card"
                  data-message-id={m.id}
                  data-app-id={m.app?.id}
                  data-focused={focusId === m.id ? 'true' : undefined}
                >
                  <Card
                    message={m}
                    meId={me.id}
                    onAction={cards.onAction}
                    onUpload={cards.onUpload}
                    onOpenPage={cards.onOpenPage}
                    onOpenLink={cards.onOpenLink}
                  />
                </li>
              );
            if (collapsed(safety, m, me.id, isGroup)) return <CollapsedMessage key={row.key} message={m} />;
            const mine = m.senderId === me.id;
            const showSender = isGroup && !mine && row.first;
            return (
              <li
                key={row.key}
                class={`message ${mine ? 'mine' : 'theirs'}${row.first ? ' first' : ''}${focusId === m.id ? ' focused' : ''}${attachmentClass(m)}${mentionsMe(m, me.id) ? ' mentions-me' : ''}`}
                data-testid="message"
                data-seq={m.seq}
                data-message-id={m.id}
                data-focused={focusId === m.id ? 'true' : undefined}
                data-sender-id={m.senderId}
                data-sender-kind={m.senderKind}
                data-client-id={m.clientId}
                data-status="sent"
              >
                {isGroup && !mine && (
                  <span class="message-avatar">
                    {row.first && <Avatar id={m.senderId} name={m.senderName} size={32} />}
                  </span>
                )}
                <div class="bubble">
                  {m.senderKind === 'bot' && <BotSender message={m} />}
                  {m.senderKind !== 'bot' && m.agent && !mine && <AgentSender message={m} />}
                  {showSender ? (
                    <span class="sender" style={{ '--avatar-hue': hueFor(m.senderId) }}>
                      <PersonName id={m.senderId} name={m.senderName} />
                    </span>
                  ) : (
                    <span class="sr-only">{mine ? t('you') : m.senderName}: </span>
                  )}
                  {m.forwarded && !m.deleted && (
                    <span class="forwarded-label muted small" data-testid="forwarded-label">
                      Forwarded from {m.forwarded.senderName}
                    </span>
                  )}
                  {m.replyTo && !m.deleted && (
                    <ReplyQuote
                      quote={m.replyTo}
                      onJump={(q) => chat.jumpTo(conv.id, { messageId: q.id, seq: q.seq })}
                    />
                  )}
                  <Attachments message={withoutCardMedia(m)} onOpen={(a) => setViewing(a.id)} />
                  {interactive && interactiveOf(m) ? (
                    <>
                      {/* the plain-text fallback stays in the DOM (search in page, copy), not read twice */}
                      <span hidden data-testid="message-text">
                        {m.text}
                      </span>
                      <Interactive message={m} messages={items} meId={me.id} on={interactive} />
                    </>
                  ) : m.deleted ? (
                    <span class="text deleted-text" data-testid="message-text" data-deleted="true">
                      {t('deleted')}
                    </span>
                  ) : (
                    <span class="text" data-testid="message-text">
                      <MessageText text={m.text} onDeepLink={cards?.onDeepLink} message={m} members={conv.members} />
                    </span>
                  )}
                  {isRatingRequest(m) && !m.deleted && <RatingWidget conversationId={conv.id} message={m} />}
                  {m.linkPreview && !m.deleted && <LinkPreviewCard preview={m.linkPreview} />}
                  {m.location && !m.deleted && <SharedLocation location={m.location} />}
                  {m.senderKind === 'bot' && !m.deleted && interactive?.why && (
                    <BusinessMessageLinks message={m} onWhy={interactive.why} onStop={interactive.stop} />
                  )}
                  <MetaSpacer
                    time={m.editedAt ? t('edited', { time: clockTime(m.createdAt) }) : clockTime(m.createdAt)}
                    tick={mine}
                  />
                  <span class="meta">
                    {m.editedAt && !m.deleted && (
                      <span
                        class="edited-mark"
                        data-testid="edited-mark"
                        title={t('editedAt', { time: fullTime(m.editedAt) })}
                      >
                        {t('editedMark')}
                      </span>
                    )}
                    <time dateTime={m.createdAt} title={fullTime(m.createdAt)}>
                      {clockTime(m.createdAt)}
                    </time>
                    {mine && !m.deleted && (
                      <Status status="sent" seenLabel={seenLabelFor(m.seq)} tick={tickOf(marks, m.seq)} />
                    )}
                  </span>
                </div>
                {actions && !m.deleted && (
                  <MessageMenu message={m} me={me} conv={conv} marks={marks} actions={actions} />
                )}
                {actions && !m.deleted && (
                  <Reactions
                    message={m}
                    meId={me.id}
                    members={conv.members}
                    onToggle={(emoji, on) => actions.react(m, emoji, on)}
                  />
                )}
              </li>
            );
          })}
          {pending.map((p) => (
            <li
              key={`p-${p.clientId}`}
              class={`message mine first pending ${p.status}`}
              data-testid="message"
              data-client-id={p.clientId}
              data-status={p.status}
            >
              <div class="bubble">
                <span class="sr-only">{t('you')}: </span>
                <PendingAttachments items={p.attachments} />
                <span class="text" data-testid="message-text">
                  <MessageText text={p.text} />
                </span>
                <MetaSpacer time={clockTime(p.createdAt)} tick />
                <span class="meta">
                  <time dateTime={p.createdAt}>{clockTime(p.createdAt)}</time>
                  <Status status={p.status} />
                </span>
              </div>
              {p.status === 'failed' && (
                <div class="send-failed" role="alert">
                  <AlertIcon size={16} />
                  <span title={p.error ?? undefined}>
                    {p.transient
                      ? t('notSentRetrying')
                      : p.error
                        ? t('notSentBecause', { error: p.error })
                        : t('notSent')}
                  </span>
                  <button
                    type="button"
                    class="link-button"
                    data-testid="retry-send"
                    onClick={() => chat.retry(conv.id, p.clientId)}
                  >
                    {t('retry')}
                  </button>
                  <button type="button" class="link-button subtle" onClick={() => chat.discard(conv.id, p.clientId)}>
                    {t('delete')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
        {detached && (
          <div class="history-edge">
            <button
              type="button"
              class="link-button"
              disabled={load?.newerLoading}
              onClick={() => chat.loadNewer(conv.id)}
              data-testid="load-newer"
            >
              {load?.newerLoading ? t('loading') : load?.newerError ? t('couldNotLoad') : t('loadNewer')}
            </button>
          </div>
        )}
      </div>
      {detached && (
        <button
          type="button"
          class="jump-button"
          onClick={() => chat.jumpToLatest(conv.id)}
          data-testid="jump-to-latest"
        >
          <ArrowDownIcon size={16} />
          {t('latest')}
        </button>
      )}
      {viewing && <MediaViewer items={mediaOf(items)} startId={viewing} onClose={() => setViewing(null)} />}
      {!detached && newBelow === 0 && scrolledUp && <JumpToLatest unread={unreadHeld} onJump={jumpToBottom} />}
      {!detached && newBelow > 0 && (
        <button type="button" class="jump-button" onClick={jumpToBottom} data-testid="jump-to-new">
          <ArrowDownIcon size={16} />
          {t('newBelow', { count: newBelow })}
        </button>
      )}
    </div>
  );
}
