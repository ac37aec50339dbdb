package dev.parley.server;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One of the cluster test's clients, as a messenger behaves: one live socket through the balancer
 * that resumes from its last seq per conversation whenever it drops (the node behind it died), and
 * requests that are retried with the same {@code clientId} / {@code idempotencyKey} until they get a
 * definite answer. It records what was acknowledged and what arrived live: per conversation the
 * seqs received (duplicates counted, never stored twice) and every gap seen in the live stream.
 */
final class ClusterClient {

  /** A message whose send was acknowledged: its client id and the seq the server gave it. */
  record Acked(String conversationId, String clientId, long seq) {
  }

  /** A payment acknowledged (201): the transfer it made. */
  record Paid(String key, String payerId, String payeeId, long amountMinor, String transferId) {
  }

  /** A card command: acknowledged (the card's seq), or sent with no definite answer (seq -1). */
  record Card(String conversationId, String question, long seq) {
  }

  final TestUser user;
  private final ApiClient api;
  private final Vertx vertx;
  private final WebSocketClient sockets;
  private final int balancerPort;
  private volatile int target;
  private volatile boolean stopped;
  private volatile WebSocket ws;
  private final Promise<Short> sessionEnded = Promise.promise();

  final List<String> conversations = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Per conversation: the highest seq received with none missing before it. */
  private final Map<String, Long> cursor = new ConcurrentHashMap<>();
  /** Per conversation: the seqs received live (or in a resume's backlog). */
  private final Map<String, TreeMap<Long, String>> received = new ConcurrentHashMap<>();
  final List<String> gaps = new java.util.concurrent.CopyOnWriteArrayList<>();
  final AtomicInteger duplicates = new AtomicInteger();
  final AtomicInteger reconnects = new AtomicInteger();
  final AtomicInteger readies = new AtomicInteger();
  final AtomicInteger retries = new AtomicInteger();

  final List<Acked> acked = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<Paid> paid = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<Card> cards = new java.util.concurrent.CopyOnWriteArrayList<>();

  ClusterClient(TestUser user, ApiClient api, WebSocketClient sockets, int balancerPort) {
    this.user = user;
    this.api = api;
    this.vertx = api.vertx();
    this.sockets = sockets;
    this.balancerPort = balancerPort;
    this.target = balancerPort;
  }

  // ---- live ----

  /** Opens the live socket (through the balancer) and waits for the first {@code ready}. */
  void goLive() {
    int before = readies.get();
    open();
    awaitCondition("the first ready of " + user.username(), () -> readies.get() > before);
  }

  /**
   * Moves the live socket to the node on {@code port} (directly, not through the balancer): the
   * socket is closed and the client resumes there from its cursors, as after a drop.
   */
  void moveTo(int port) {
    int before = readies.get();
    target = port;
    WebSocket current = ws;
    if (current != null) {
      current.close();
    }
    awaitCondition(user.username() + " resumed on port " + port, () -> readies.get() > before);
  }

  private void open() {
    if (stopped) {
      return;
    }
    int port = target;
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(ClusterNodes.HOST).setPort(port)
        .setURI("/api/live?resume=1").addHeader("Cookie", user.cookieHeader());
    sockets.connect(options).onComplete(ar -> {
      if (ar.failed()) {
        // the node (or, through the balancer, every node) refused: try again shortly, through the balancer
        target = balancerPort;
        vertx.setTimer(100, t -> open());
        return;
      }
      WebSocket s = ar.result();
      ws = s;
      s.textMessageHandler(text -> onFrame(new JsonObject(text)));
      s.closeHandler(v -> onClose(s));
      JsonObject cursors = new JsonObject();
      conversations.forEach(c -> cursors.put(c, cursor.getOrDefault(c, 0L)));
      s.writeTextMessage(new JsonObject().put("type", "resume").put("cursors", cursors).encode());
    });
  }

  private void onClose(WebSocket s) {
    Short code = s.closeStatusCode();
    if (code != null && code == 4001) {
      sessionEnded.tryComplete(code);
      return;
    }
    if (stopped) {
      return;
    }
    reconnects.incrementAndGet();
    vertx.setTimer(50, t -> open());
  }

  private synchronized void onFrame(JsonObject frame) {
    switch (frame.getString("type", "")) {
      case "message" -> {
        JsonObject m = frame.getJsonObject("message");
        String conversation = m.getString("conversationId");
        long seq = m.getLong("seq");
        long last = cursor.getOrDefault(conversation, 0L);
        TreeMap<Long, String> seen = received.computeIfAbsent(conversation, c -> new TreeMap<>());
        if (seen.containsKey(seq)) {
          duplicates.incrementAndGet();
          return;
        }
        if (seq > last + 1) {
          gaps.add(conversation + ": after seq " + last + " came " + seq);
        }
        seen.put(seq, String.valueOf(m.getString("clientId")));
        if (seq > last) {
          cursor.put(conversation, seq);
        }
      }
      case "ready" -> readies.incrementAndGet();
      default -> {
      }
    }
  }

  long cursor(String conversationId) {
    return cursor.getOrDefault(conversationId, 0L);
  }

  synchronized List<Long> receivedSeqs(String conversationId) {
    return new ArrayList<>(received.getOrDefault(conversationId, new TreeMap<>()).keySet());
  }

  /** Completes with the close code when the server ends this client's session (4001). */
  Future<Short> sessionEnded() {
    return sessionEnded.future();
  }

  void stop() {
    stopped = true;
    WebSocket current = ws;
    if (current != null && !current.isClosed()) {
      current.close();
    }
  }

  // ---- requests, retried until definite ----

  /** Sends a text message with a fresh client id, again with the same id until acknowledged. */
  Acked send(String conversationId, String text) {
    String clientId = "c" + UUID.randomUUID();
    Reply reply = untilDefinite(() -> api.sendAsync(user, conversationId, clientId, text),
        r -> r.status() == 201 || r.status() == 200);
    if (reply.status() != 201 && reply.status() != 200) {
      throw new AssertionError("send refused: " + reply);
    }
    Acked a = new Acked(conversationId, clientId, reply.json().getLong("seq"));
    acked.add(a);
    return a;
  }

  /** Pays {@code payee} with a fresh idempotency key, again with the same key until acknowledged. */
  Paid pay(TestUser payee, long amountMinor) {
    String key = "pay-" + UUID.randomUUID();
    JsonObject body = new JsonObject().put("toAccountId", payee.id()).put("currency", "EUR")
        .put("amount", String.format(java.util.Locale.ROOT, "%d.%02d", amountMinor / 100, amountMinor % 100))
        .put("note", key).put("idempotencyKey", key);
    Reply reply = untilDefinite(() -> api.postAsync("/api/payments", user, body), r -> r.status() == 201);
    if (reply.status() != 201) {
      throw new AssertionError("payment refused: " + reply);
    }
    Paid p = new Paid(key, user.id(), payee.id(), amountMinor, reply.json().getString("id"));
    paid.add(p);
    return p;
  }

  /**
   * Posts a poll card ({@code /poll}). A command is not idempotent, so it is sent again only when
   * the balancer says no node took it (503) or it was turned away for its rate (429); with no
   * definite answer (the node died while it ran) it is recorded as unknown: at most one card.
   */
  Card poll(String conversationId) {
    String question = "Q" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject body = new JsonObject().put("text", "/poll " + question + " | yes | no");
    for (int attempt = 0; attempt < 200; attempt++) {
      Future<Reply> f = api.postAsync("/api/conversations/" + conversationId + "/commands", user, body);
      Reply r;
      try {
        r = f.await(ApiClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        Card unknown = new Card(conversationId, question, -1);
        cards.add(unknown);
        return unknown;
      }
      if (r.status() == 503 || r.status() == 429) {
        retries.incrementAndGet();
        pause(r.status() == 429 ? 1000 : 100);
        continue;
      }
      if (r.status() == 200 && "done".equals(r.json().getString("status"))) {
        Card card = new Card(conversationId, question,
            r.json().getJsonArray("messages").getJsonObject(0).getLong("seq"));
        cards.add(card);
        return card;
      }
      if (r.status() == 502 || r.status() == 504 || r.status() == 202) {
        Card unknown = new Card(conversationId, question, -1); // a node died under it, or the app was slow
        cards.add(unknown);
        return unknown;
      }
      throw new AssertionError("poll refused: " + r);
    }
    throw new AssertionError("poll never taken");
  }

  /**
   * Sends until an answer other than a failure, a balancer's 502/503/504 or a 429 (after its
   * Retry-After) comes; returns it.
   */
  private Reply untilDefinite(java.util.function.Supplier<Future<Reply>> request, Predicate<Reply> ok) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      Reply r;
      try {
        r = request.get().await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        retries.incrementAndGet();
        pause(100);
        continue;
      }
      if (ok.test(r)) {
        return r;
      }
      if (r.status() == 502 || r.status() == 503 || r.status() == 504) {
        retries.incrementAndGet();
        pause(100);
        continue;
      }
      if (r.status() == 429) {
        retries.incrementAndGet();
        String after = r.header("Retry-After");
        pause(after == null ? 1000 : Math.min(10_000, Long.parseLong(after) * 1000));
        continue;
      }
      return r;
    }
    throw new AssertionError(user.username() + ": no definite answer within 90 s");
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits (polling, at most {@link ApiClient#TIMEOUT}) until {@code condition} holds. */
  static void awaitCondition(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + ApiClient.TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + ApiClient.TIMEOUT + ": " + what);
      }
      pause(20);
    }
  }
}
