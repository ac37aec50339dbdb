package dev.parley.core.chat;

import dev.parley.core.accounts.Principal;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One live session. Events reach it from the hub; while the backlog of a conversation is being
 * sent after a {@code resume}, that conversation's live events wait in a bounded buffer so the
 * client sees every message once and in order. A session that cannot keep up is closed with
 * {@link #CLOSE_TOO_SLOW}: the client reconnects and resumes, and the server's memory stays bounded.
 */
final class LiveConnection {

  /** Close code for a reader that fell too far behind. */
  static final short CLOSE_TOO_SLOW = 4008;

  private static final int BACKLOG_PAGE = 200;
  private static final int MAX_RESUME_CONVERSATIONS = 5_000;

  private final LiveHub hub;
  private final ServerWebSocket ws;
  private final Principal principal;
  private final LiveOptions options;
  /** Touched only on the hub's context. */
  private final Set<String> conversations = new HashSet<>();
  private final Promise<Set<String>> subscribed = Promise.promise();

  // Guarded by this: written from the hub's context and the socket's context.
  private final Set<String> resuming = new HashSet<>();
  private final Map<String, Long> lastSent = new HashMap<>();
  private final ArrayDeque<Pending> buffered = new ArrayDeque<>();
  private boolean closed;
  private boolean resumeRequested;
  private int inflight;
  /** Characters written but not yet handed to the socket: what "too slow" measures. */
  private long queued;

  private record Pending(String conversationId, long seq, String frame) {
  }

  LiveConnection(LiveHub hub, ServerWebSocket ws, Principal principal, LiveOptions options) {
    this.hub = hub;
    this.ws = ws;
    this.principal = principal;
    this.options = options;
  }

  void start() {
    ws.setWriteQueueMaxSize(options.getMaxQueuedBytes());
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> error(null, 400, "send JSON text frames", null));
  }

  String accountId() {
    return principal.accountId();
  }

  Set<String> conversations() {
    return conversations;
  }

  void subscribed(Set<String> ids) {
    subscribed.tryComplete(ids);
  }

  synchronized boolean isClosed() {
    return closed;
  }

  synchronized void closed() {
    closed = true;
    buffered.clear();
  }

  /** An event for this session: written now, or held while its conversation's backlog is sent. */
  synchronized void deliver(String conversationId, long seq, String frame) {
    if (closed) {
      return;
    }
    if (conversationId != null && resuming.contains(conversationId)) {
      if (buffered.size() >= options.getMaxBufferedEvents()) {
        tooSlow();
        return;
      }
      buffered.add(new Pending(conversationId, seq, frame));
      return;
    }
    if (seq > 0 && conversationId != null) {
      Long sent = lastSent.get(conversationId);
      if (sent != null) {
        if (seq <= sent) {
          return;
        }
        lastSent.put(conversationId, seq);
      }
    }
    write(frame);
  }

  private void write(String frame) {
    // Not ws.writeQueueFull(): for writes from another thread than the socket's event loop (the
    // hub's) Vert.x counts messages waiting for that loop, 16 at most, so a busy loop and a burst
    // would cut off a prompt reader. The bytes still unwritten are what maxQueuedBytes limits.
    if (queued + frame.length() > options.getMaxQueuedBytes()) {
      tooSlow();
      return;
    }
    queued += frame.length();
    ws.writeTextMessage(frame).onComplete(written -> {
      synchronized (this) {
        queued -= frame.length();
      }
    });
  }

  private void tooSlow() {
    if (!closed) {
      closed = true;
      buffered.clear();
      ws.close(CLOSE_TOO_SLOW, "too slow");
    }
  }

  void closeWith(short code, String reason) {
    synchronized (this) {
      closed = true;
    }
    ws.close(code, reason);
  }

  // ---- what the client sends ----

  private void onText(String text) {
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
      default -> error(null, 400, "unknown frame type '" + type + "'", "/type");
    }
  }

  private void send(JsonObject frame) {
    synchronized (this) {
      if (!closed) {
        write(frame.encode());
      }
    }
  }

  private void error(String clientId, int status, String detail, String field) {
    JsonObject e = new JsonObject().put("type", "error").put("status", status).put("detail", detail);
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
    synchronized (this) {
      if (inflight >= options.getMaxInflightSends()) {
        error(clientId, 429, "too many sends in flight; wait for the answers", null);
        return;
      }
      inflight++;
    }
    String conversationId = msg.getValue("conversationId") instanceof String s ? s : "";
    String text = msg.getValue("text") instanceof String s ? s : null;
    hub.chat().send(principal.account(), conversationId, clientId, text).onComplete(result -> {
      synchronized (this) {
        inflight--;
      }
      if (result.succeeded()) {
        send(new JsonObject().put("type", "sent").put("clientId", clientId).put("message",
            result.result().message().toJson()));
      } else if (result.cause() instanceof PlatformException pe && pe.reason() != PlatformException.Reason.INTERNAL) {
        error(clientId, pe.reason().status(), pe.getMessage(), pe.field().orElse(null));
      } else {
        error(clientId, 500, "the message could not be sent; retry with the same clientId", null);
      }
    });
  }

  private void resume(Object cursorsValue) {
    if (!(cursorsValue instanceof JsonObject cursors)) {
      error(null, 400, "resume needs cursors: an object of conversation id to last seq seen", "/cursors");
      return;
    }
    synchronized (this) {
      if (resumeRequested) {
        error(null, 409, "resume may be sent once per connection", null);
        return;
      }
      resumeRequested = true;
    }
    subscribed.future().onSuccess(mine -> {
      List<Map.Entry<String, Long>> wanted = new ArrayList<>();
      for (String id : cursors.fieldNames()) {
        if (wanted.size() >= MAX_RESUME_CONVERSATIONS) {
          break;
        }
        Object v = cursors.getValue(id);
        if (mine.contains(id) && v instanceof Number n && n.longValue() >= 0) {
          wanted.add(Map.entry(id, n.longValue()));
        }
      }
      synchronized (this) {
        wanted.forEach(e -> resuming.add(e.getKey()));
      }
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
    });
  }

  /** Sends the messages after {@code after}, page by page, waiting for the socket to drain. */
  private Future<Void> backlog(String conversationId, long after) {
    if (isClosed()) {
      return Future.succeededFuture();
    }
    return hub.chat().messagesAfter(conversationId, after, BACKLOG_PAGE).compose(page -> {
      long last = after;
      synchronized (this) {
        for (dev.parley.core.chat.Message m : page) {
          if (closed) {
            break;
          }
          ws.writeTextMessage(new JsonObject().put("type", "message").put("message", m.toJson()).encode());
          last = m.seq();
        }
      }
      long sentUpTo = last;
      if (page.size() == BACKLOG_PAGE) {
        return drained().compose(v -> backlog(conversationId, sentUpTo));
      }
      // The last page must drain too before live events and "ready" follow: those are written only
      // while the queue has room, and a queue full of backlog is no sign of a slow reader.
      return drained().map(v -> {
        finishResume(conversationId, sentUpTo);
        return null;
      });
    });
  }

  private Future<Void> drained() {
    Promise<Void> p = Promise.promise();
    ws.drainHandler(v -> p.tryComplete()); // set before the check, so a drain in between is not missed
    if (!ws.writeQueueFull()) {
      p.tryComplete();
    }
    return p.future();
  }

  private synchronized void finishResume(String conversationId, long sentUpTo) {
    resuming.remove(conversationId);
    lastSent.put(conversationId, sentUpTo);
    ArrayDeque<Pending> keep = new ArrayDeque<>();
    for (Pending p : buffered) {
      if (!p.conversationId().equals(conversationId)) {
        keep.add(p);
      } else if (p.seq() < 0 || p.seq() > lastSent.get(conversationId)) {
        if (p.seq() > 0) {
          lastSent.put(conversationId, p.seq());
        }
        write(p.frame());
      }
    }
    buffered.clear();
    buffered.addAll(keep);
  }
}
