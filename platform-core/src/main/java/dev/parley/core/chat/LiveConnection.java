package dev.parley.core.chat;

import dev.parley.core.accounts.Principal;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.JsonBody;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One live session. Events reach it from the hub's consumer on the socket's own event loop, and
 * all of its state is touched on that loop only (anything arriving on another thread hops there
 * first), so delivering a frame takes no lock. While the backlog of a conversation is being sent
 * after a {@code resume}, that conversation's live events wait in a bounded buffer so the client
 * sees every message once and in order. A session that cannot keep up is closed with
 * {@link #CLOSE_TOO_SLOW}: the client reconnects and resumes, and the server's memory stays bounded.
 */
final class LiveConnection {

  /** Close code: the session behind the socket ended (signed out, revoked, account suspended). */
  static final short CLOSE_SESSION_ENDED = 4001;
  /** Close code for a reader that fell too far behind. */
  static final short CLOSE_TOO_SLOW = 4008;
  /** Close code: the account or the address has as many live connections as it may have. */
  static final short CLOSE_TOO_MANY = 4029;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LiveConnection.class);
  private static final int BACKLOG_PAGE = 200;
  private static final int MAX_RESUME_CONVERSATIONS = 5_000;
  /** When a session in a cluster checks once that it missed no message published as it subscribed. */
  private static final long CATCH_UP_MILLIS = 1_000;
  /** Gap fills of one conversation in a row before held events are sent anyway. */
  private static final int MAX_GAP_FILLS = 3;
  /** How long a session that said it will resume ({@code ?resume=1}) holds events waiting for the frame. */
  private static final long RESUME_WAIT_MILLIS = 10_000;

  private final @Nullable LiveHub hub;
  /** In a cluster, nodes publish independently: a later seq may overtake an earlier one (issue 23). */
  private final boolean fillsGaps;
  private final ServerWebSocket ws;
  private final Principal principal;
  private final LiveOptions options;
  /** The socket's event loop: every field below is touched there only. */
  private final ContextInternal context;
  private final Set<String> conversations = new HashSet<>();
  private final Promise<Set<String>> subscribed = Promise.promise();
  private final Set<String> resuming = new HashSet<>();
  private final Map<String, Long> lastSent = new HashMap<>();
  /** Conversations the client named in its {@code resume}: their cursor, not a baseline, is where they start. */
  private final Set<String> resumed = new HashSet<>();
  /** Gap fills in a row per conversation (cluster mode); reset once its events are in order again. */
  private final Map<String, Integer> gapFills = new HashMap<>();
  private final ArrayDeque<Pending> buffered = new ArrayDeque<>();
  /** No more frames are written: the session is being closed (or is closed). */
  private boolean closed;
  /** The TCP connection is gone (Vert.x's close handler ran). */
  private boolean socketClosed;
  private boolean resumeRequested;
  /**
   * The client said at connect ({@code ?resume=1}) that a {@code resume} frame follows: until it is
   * handled, conversation events are held, so none overtakes the backlog it asks for.
   */
  private boolean awaitingResume;
  private int inflight;
  /** When this session last had a typing notice passed on (at most one a second). */
  private long lastTyping;
  /** Characters written but not yet handed to the socket: what "too slow" measures. */
  private long queued;

  private record Pending(String conversationId, long seq, String frame) {
  }

  /**
   * @param hub the node's hub, told when the session ends (null in tests that drive one session)
   * @param context the socket's event loop context
   */
  LiveConnection(@Nullable LiveHub hub, ServerWebSocket ws, Principal principal, LiveOptions options,
      io.vertx.core.Context context) {
    this(hub, ws, principal, options, context, false);
  }

  /** @param fillsGaps whether events may come out of seq order (a cluster) and gaps are filled from history */
  LiveConnection(@Nullable LiveHub hub, ServerWebSocket ws, Principal principal, LiveOptions options,
      io.vertx.core.Context context, boolean fillsGaps) {
    this.fillsGaps = fillsGaps;
    this.hub = hub;
    this.ws = ws;
    this.principal = principal;
    this.options = options;
    this.context = ((ContextInternal) context).unwrap();
  }

  /**
   * The client announced a {@code resume} frame: hold conversation events until it is handled (or,
   * should it never come, for {@link #RESUME_WAIT_MILLIS}). Call before {@link #start()}.
   */
  void awaitResume() {
    awaitingResume = true;
    context.owner().setTimer(RESUME_WAIT_MILLIS, t -> onLoop(() -> {
      if (awaitingResume && !resumeRequested) {
        releaseHeld();
        if (fillsGaps && hub != null) {
          checkMissed(Set.copyOf(conversations), true); // the catch-up skipped while it waited
        }
      }
    }));
  }

  void start() {
    ws.setWriteQueueMaxSize(options.getMaxQueuedBytes());
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> error(null, 400, "send JSON text frames", null));
  }

  String accountId() {
    return principal.accountId();
  }

  Principal principal() {
    return principal;
  }

  /** The conversations this session is subscribed to; touched on the socket's event loop only. */
  Set<String> conversations() {
    return conversations;
  }

  void subscribed(Set<String> ids) {
    subscribed.tryComplete(ids);
    if (fillsGaps && hub != null && !ids.isEmpty()) {
      // In a cluster, a node publishing just after this session subscribed may not see the new
      // subscription yet (Hazelcast spreads it in a moment): the seqs now committed are the baseline,
      // a later event after a gap fills it, and a check a second later catches a missed last one.
      checkMissed(ids, false);
      context.owner().setTimer(CATCH_UP_MILLIS, t -> onLoop(() -> checkMissed(Set.copyOf(conversations), true)));
    }
  }

  /** Baseline ({@code catchUp} false) or catch-up: messages committed past what this session was sent. */
  private void checkMissed(Set<String> ids, boolean catchUp) {
    if (closed) {
      return;
    }
    chat().lastSeqs(ids).onComplete(result -> onLoop(() -> {
      if (result.failed() || closed) {
        return;
      }
      result.result().forEach((id, last) -> {
        Long sent = lastSent.get(id);
        if (!catchUp) {
          // Not for a resumed conversation: a baseline read after its backlog would mark the messages
          // committed in between as sent, and their held events would be dropped (a gap).
          if (!resumed.contains(id)) {
            lastSent.putIfAbsent(id, last);
          }
        } else if (sent != null && last > sent && !resuming.contains(id) && !awaitingResume) {
          resuming.add(id);
          backlog(id, sent).onFailure(e -> closeWith((short) 1011, "server error"));
        }
      });
    }));
  }

  /** Whether the session stopped taking frames; on the socket's event loop. */
  boolean isClosed() {
    return closed;
  }

  /** Runs {@code action} on the socket's event loop: now if this is it, else queued there. */
  private void onLoop(Runnable action) {
    if (context.inThread()) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** Vert.x's close handler: the TCP connection is gone. */
  void socketClosed() {
    onLoop(() -> {
      socketClosed = true;
      closed = true;
      buffered.clear();
    });
  }

  /** An event for this session: written now, or held while its conversation's backlog is sent. */
  void deliver(String conversationId, long seq, String frame) {
    if (!context.inThread()) {
      context.runOnContext(v -> deliver(conversationId, seq, frame));
      return;
    }
    if (closed) {
      return;
    }
    if (conversationId != null && (awaitingResume || resuming.contains(conversationId))) {
      if (buffered.size() >= options.getMaxBufferedEvents()) {
        closeWith(CLOSE_TOO_SLOW, "too slow");
        return;
      }
      buffered.add(new Pending(conversationId, seq, frame));
      return;
    }
    if (seq > 0 && conversationId != null) {
      Long sent = lastSent.get(conversationId);
      if (sent != null && seq <= sent) {
        return; // sent already (a backlog, or a gap filled from history)
      }
      if (sent != null && seq > sent + 1 && fillsGaps && hub != null) {
        // A message from another node overtook an earlier one, which is committed already (a seq is
        // taken only after the one before it is): hold this one and send the gap from history first,
        // as a resume does; the earlier one's own event is then dropped as sent.
        resuming.add(conversationId);
        buffered.add(new Pending(conversationId, seq, frame));
        backlog(conversationId, sent).onFailure(e -> closeWith((short) 1011, "server error"));
        return;
      }
      if (sent == null && fillsGaps) {
        LOG.debug("live session of {} in {}: seq {} sent with no baseline", principal.accountId(), conversationId, seq);
      }
      if (sent != null || fillsGaps) {
        lastSent.put(conversationId, seq);
      }
    }
    write(frame);
    if (seq > 0 && conversationId != null) {
      noteDelivered(conversationId, seq); // only message events carry a seq
    }
  }

  /** The member's session was sent message {@code seq}: their delivery mark (written in batches). */
  private void noteDelivered(String conversationId, long seq) {
    if (hub != null && !closed) {
      hub.chat().deliveryMarks().delivered(conversationId, principal.accountId(), seq);
    }
  }

  private void write(String frame) {
    // Counted here rather than with ws.writeQueueFull(), which once counted messages waiting for
    // the loop (16 at most) and cut off prompt readers; the bytes still unwritten are what
    // maxQueuedBytes limits.
    if (queued + frame.length() > options.getMaxQueuedBytes()) {
      closeWith(CLOSE_TOO_SLOW, "too slow");
      return;
    }
    queued += frame.length();
    ws.writeTextMessage(frame).onComplete(written -> onLoop(() -> queued -= frame.length()));
  }

  /**
   * Ends the session: no more frames, the hub stops counting it at once, the close frame goes out,
   * and if the TCP connection is still open after {@code closeTimeout} (a peer that reads nothing
   * never even gets the close frame, which waits behind the unread ones) it is cut.
   */
  void closeWith(short code, String reason) {
    onLoop(() -> {
      if (closed) {
        return;
      }
      closed = true;
      buffered.clear();
      if (hub != null) {
        hub.ended(this);
      }
      if (socketClosed) {
        return;
      }
      ws.close(code, reason).onFailure(e -> LOG.debug("closing a live session failed: {}", e.toString()));
      context.owner().setTimer(options.getCloseTimeoutMillis(), t -> {
        if (!socketClosed && ws instanceof WebSocketInternal internal) {
          // The context's own close(), not the channel's: the channel's goes through Vert.x's
          // handler, which waits to flush the close frame first, and that never happens here.
          LOG.debug("cutting the connection of a live session of {} that did not close", principal.accountId());
          internal.channelHandlerContext().close();
        }
      });
    });
  }

  private ChatService chat() {
    if (hub == null) {
      throw new IllegalStateException("a session without a hub cannot send or resume");
    }
    return hub.chat();
  }

  // ---- what the client sends ----

  private void onText(String text) {
    if (closed) {
      return; // a frame that was on its way when the session ended
    }
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      error(null, 400, "frames must be JSON objects", null);
      return;
    }
    String type = msg.getValue("type") instanceof String s ? s : "";
    switch (type) {
      case "ping" -> send(new JsonObject().put("type", "pong"));
      case "resume" -> resume(msg.getValue("cursors"));
      case "send" -> sendMessage(msg);
      case "typing" -> typing(msg);
      default -> error(null, 400, "unknown frame type '" + type + "'", "/type");
    }
  }

  private void send(JsonObject frame) {
    onLoop(() -> {
      if (!closed) {
        write(frame.encode());
      }
    });
  }

  private void error(String clientId, int status, String detail, String field) {
    error(clientId, status, detail, field, null);
  }

  /** An error frame; a platform failure adds its problem type and, for 429, {@code retryAfter} seconds. */
  private void error(String clientId, int status, String detail, String field, PlatformException failure) {
    JsonObject e = new JsonObject().put("type", "error").put("status", status).put("detail", detail);
    if (failure != null) {
      e.put("problem", dev.parley.core.common.web.ProblemType.of(failure.reason()).uri());
      if (failure.retryAfterSeconds() > 0) {
        e.put("retryAfter", failure.retryAfterSeconds());
      }
    }
    if (clientId != null) {
      e.put("clientId", clientId);
    }
    if (field != null) {
      e.put("field", field);
    }
    send(e);
  }

  private void sendMessage(JsonObject msg) {
    String clientId = msg.getValue("clientId") instanceof String s ? s : null;
    if (inflight >= options.getMaxInflightSends()) {
      error(clientId, 429, "too many sends in flight; wait for the answers", null);
      return;
    }
    inflight++;
    String conversationId = msg.getValue("conversationId") instanceof String s ? s : "";
    JsonObject body = msg.copy();
    body.remove("type");
    body.remove("conversationId");
    chat().send(principal.account(), conversationId, body).onComplete(result -> onLoop(() -> {
      inflight--;
      if (result.succeeded()) {
        send(new JsonObject().put("type", "sent").put("clientId", clientId).put("message",
            result.result().message().toJson()));
      } else if (result.cause() instanceof PlatformException pe && pe.reason() != PlatformException.Reason.INTERNAL) {
        error(clientId, pe.reason().status(), pe.getMessage(), pe.field().orElse(null), pe);
      } else {
        error(clientId, 500, "the message could not be sent; retry with the same clientId", null);
      }
    }));
  }

  /**
   * "I am typing" in a conversation: passed on to its members' sessions, never stored. More than
   * one a second per session, and a conversation the session is not in, are dropped silently.
   */
  private void typing(JsonObject msg) {
    String conversationId = msg.getValue("conversationId") instanceof String s ? s : "";
    long now = System.currentTimeMillis();
    if (hub == null || now - lastTyping < 1_000 || !conversations.contains(conversationId)) {
      return;
    }
    lastTyping = now;
    JsonObject event = new JsonObject().put("type", "typing").put("conversationId", conversationId)
        .put("accountId", principal.accountId()).put("displayName", principal.account().displayName());
    hub.publish(conversationId, event);
    chat().typed(event);
  }

  private void resume(Object cursorsValue) {
    if (!(cursorsValue instanceof JsonObject cursors)) {
      error(null, 400, "resume needs cursors: an object of conversation id to last seq seen", "/cursors");
      return;
    }
    if (resumeRequested) {
      error(null, 409, "resume may be sent once per connection", null);
      return;
    }
    resumeRequested = true;
    subscribed.future().onSuccess(mine -> onLoop(() -> {
      List<Map.Entry<String, Long>> wanted = resumeCursors(cursors, mine);
      if (wanted == null) {
        releaseHeld();
        return;
      }
      for (Map.Entry<String, Long> e : wanted) {
        resuming.add(e.getKey());
        resumed.add(e.getKey());
        lastSent.put(e.getKey(), e.getValue()); // what the client has, whatever a baseline said
      }
      releaseHeld();
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<String, Long> e : wanted) {
        chain = chain.compose(v -> backlog(e.getKey(), e.getValue()));
      }
      chain.onComplete(done -> {
        if (done.failed()) {
          closeWith((short) 1011, "server error");
        } else {
          send(new JsonObject().put("type", "ready"));
        }
      });
    }));
  }

  /**
   * Stops holding events for a {@code resume}: those of the conversations being resumed wait on for
   * their backlog; the others are delivered now, in the order they came.
   */
  private void releaseHeld() {
    if (!awaitingResume) {
      return;
    }
    awaitingResume = false;
    List<Pending> now = new ArrayList<>();
    buffered.removeIf(p -> !resuming.contains(p.conversationId()) && now.add(p));
    now.forEach(p -> deliver(p.conversationId(), p.seq(), p.frame()));
  }

  /** The resume's cursors of this session's conversations; null (after an error frame) when one is malformed. */
  private @Nullable List<Map.Entry<String, Long>> resumeCursors(JsonObject cursors, Set<String> mine) {
    List<Map.Entry<String, Long>> wanted = new ArrayList<>();
    for (String id : cursors.fieldNames()) {
      if (wanted.size() >= MAX_RESUME_CONVERSATIONS) {
        break;
      }
      // Checked as the number written: 2^64 must not wrap to 0 and replay the conversation.
      Optional<Long> seq = JsonBody.integerValue(cursors.getValue(id), 0, Long.MAX_VALUE);
      if (seq.isEmpty()) {
        error(null, 400, "the cursor of " + id + " must be a whole number from 0 to " + Long.MAX_VALUE,
            "/cursors/" + id);
        return null;
      }
      if (mine.contains(id)) {
        wanted.add(Map.entry(id, seq.get()));
      }
    }
    return wanted;
  }

  /** Sends the messages after {@code after}, page by page, waiting for the socket to drain. */
  private Future<Void> backlog(String conversationId, long after) {
    Promise<Void> done = Promise.promise();
    onLoop(() -> {
      if (closed) {
        done.complete();
        return;
      }
      chat().messagesAfter(conversationId, after, BACKLOG_PAGE)
          .compose(page -> {
            Promise<Long> written = Promise.promise();
            onLoop(() -> written.complete(writePage(page, after)));
            return written.future().compose(last -> {
              if (page.size() == BACKLOG_PAGE) {
                return drained().compose(v -> backlog(conversationId, last));
              }
              // The last page must drain too before live events and "ready" follow: those are written
              // only while the queue has room, and a queue full of backlog is no sign of a slow reader.
              return drained().compose(v -> {
                Promise<Void> finished = Promise.promise();
                onLoop(() -> {
                  finishResume(conversationId, last);
                  finished.complete();
                });
                return finished.future();
              });
            });
          })
          .onComplete(done);
    });
    return done.future();
  }

  /** Writes one page of backlog (on the loop); returns the last seq written. */
  private long writePage(List<Message> page, long after) {
    long last = after;
    for (Message m : page) {
      if (closed) {
        break;
      }
      ws.writeTextMessage(new JsonObject().put("type", "message").put("message", m.toJson()).encode());
      last = m.seq();
    }
    if (!page.isEmpty()) {
      noteDelivered(page.get(0).conversationId(), last);
    }
    return last;
  }

  private Future<Void> drained() {
    Promise<Void> p = Promise.promise();
    onLoop(() -> {
      ws.drainHandler(v -> p.tryComplete()); // set before the check, so a drain in between is not missed
      if (!ws.writeQueueFull()) {
        p.tryComplete();
      }
    });
    return p.future();
  }

  private void finishResume(String conversationId, long sentUpTo) {
    lastSent.merge(conversationId, sentUpTo, Math::max);
    ArrayDeque<Pending> keep = new ArrayDeque<>();
    List<Pending> mine = new ArrayList<>();
    for (Pending p : buffered) {
      (p.conversationId().equals(conversationId) ? mine : keep).add(p);
    }
    if (fillsGaps) { // held events in seq order; events without a seq keep their place after them
      mine.sort(java.util.Comparator.comparingLong(p -> p.seq() < 0 ? Long.MAX_VALUE : p.seq()));
    }
    for (int i = 0; i < mine.size(); i++) {
      Pending p = mine.get(i);
      long sent = lastSent.get(conversationId);
      if (p.seq() > sent + 1 && fillsGaps && gapFills.merge(conversationId, 1, Integer::sum) <= MAX_GAP_FILLS) {
        // Still a gap (its message committed after the history was read): fill it again first.
        keep.addAll(mine.subList(i, mine.size()));
        buffered.clear();
        buffered.addAll(keep);
        backlog(conversationId, sent).onFailure(e -> closeWith((short) 1011, "server error"));
        return;
      }
      if (p.seq() > sent + 1 && fillsGaps) {
        LOG.warn("live session of {} in {}: seq {} sent after {} with the gap unfilled ({} fills in a row)",
            principal.accountId(), conversationId, p.seq(), sent, MAX_GAP_FILLS);
      }
      if (p.seq() < 0 || p.seq() > sent) {
        if (p.seq() > 0) {
          lastSent.put(conversationId, p.seq());
        }
        write(p.frame());
      }
    }
    gapFills.remove(conversationId);
    resuming.remove(conversationId);
    buffered.clear();
    buffered.addAll(keep);
  }
}
