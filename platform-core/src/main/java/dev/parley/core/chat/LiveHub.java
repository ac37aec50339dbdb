package dev.parley.core.chat;

import dev.parley.core.accounts.Principal;
import dev.parley.core.accounts.SessionsEnded;
import dev.parley.core.common.Addresses;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's live sessions, in one shard per event loop: a socket belongs to the shard of the
 * loop that serves its connection, and each shard has its own event-bus consumers (one per
 * conversation and per account with a session on that loop), registered on that loop. So every
 * event is written to a socket on the socket's own thread, with no lock and no hop between loops;
 * the event is encoded once by its publisher. A shard's maps are touched on its loop only.
 *
 * <p>The hub also counts live connections per account and per address (refusing those over the
 * cap with {@link LiveConnection#CLOSE_TOO_MANY}), and closes the sockets of sessions that ended on
 * any node ({@link Addresses#SESSIONS_ENDED}) with {@link LiveConnection#CLOSE_SESSION_ENDED}.
 */
public final class LiveHub {

  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);

  private final Vertx vertx;
  private final ChatService chat;
  private final LiveOptions options;
  private final ConcurrentMap<EventLoop, Shard> shards = new ConcurrentHashMap<>();
  /** Live connections (not ended) and the address each one counts against. */
  private final ConcurrentMap<LiveConnection, String> live = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Integer> perAccount = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final AtomicInteger sockets = new AtomicInteger();
  private final Presence presence;

  public LiveHub(Vertx vertx, ChatService chat, LiveOptions options) {
    this.vertx = vertx;
    this.chat = chat;
    this.options = new LiveOptions(options);
    this.presence = new Presence(vertx);
  }

  /** Live sessions on this node: open, and not being closed. */
  public int connections() {
    return live.size();
  }

  /** Whether the account has a live session open on this node (a tab that gets messages as they come). */
  public boolean isOnline(String accountId) {
    return perAccount.containsKey(accountId);
  }

  /** Whether the account has a live session open on any node of the cluster (this one's, on a single node). */
  public Future<Boolean> online(String accountId) {
    return presence.online(accountId, isOnline(accountId));
  }

  /** WebSockets of {@code /api/live} whose TCP connection is still open, closing ones included. */
  public int sockets() {
    return sockets.get();
  }

  /** Takes over an authenticated WebSocket, counted against the socket's peer address. */
  public void accept(ServerWebSocket ws, Principal principal) {
    accept(ws, principal, ws.remoteAddress() == null ? "" : ws.remoteAddress().hostAddress());
  }

  /**
   * Takes over an authenticated WebSocket; call it on the socket's event loop. {@code clientAddress}
   * is the client as the trusted-proxy setting resolves it (behind a proxy, not the proxy's address),
   * for the per-address cap.
   */
  public void accept(ServerWebSocket ws, Principal principal, String clientAddress) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    if (!context.inThread()) {
      context.runOnContext(v -> accept(ws, principal, clientAddress)); // not from a Vert.x thread: not the case in the server
      return;
    }
    Shard shard = shards.get(context.nettyEventLoop());
    if (shard == null) { // only this loop makes its own shard
      shard = new Shard(context.unwrap());
      shards.put(context.nettyEventLoop(), shard);
    }
    LiveConnection connection = new LiveConnection(this, ws, principal, options, context, vertx.isClustered());
    sockets.incrementAndGet();
    Shard mine = shard;
    ws.closeHandler(v -> {
      sockets.decrementAndGet();
      connection.socketClosed();
      ended(connection);
      mine.run(() -> mine.forget(connection));
    });
    ws.exceptionHandler(e -> LOG.debug("live session of {} failed: {}", principal.accountId(), e.toString()));
    String address = clientAddress;
    String refusal = admit(connection, address);
    if (refusal != null) {
      LOG.info("live connection refused account={} address={}: {}", principal.accountId(), address, refusal);
      connection.closeWith(LiveConnection.CLOSE_TOO_MANY, refusal);
      return;
    }
    if (announcesResume(ws.query())) {
      connection.awaitResume();
    }
    connection.start();
    shard.accept(connection);
  }

  /** Whether the handshake's query says a {@code resume} frame follows ({@code resume=1} or {@code resume=true}). */
  static boolean announcesResume(@Nullable String query) {
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      if (pair.equals("resume=1") || pair.equals("resume=true")) {
        return true;
      }
    }
    return false;
  }

  ChatService chat() {
    return chat;
  }

  /** A live event of a conversation that is not stored (typing): to every member's sessions, on any node. */
  void publish(String conversationId, JsonObject event) {
    vertx.eventBus().publish(Addresses.conversation(conversationId), event.encode(),
        new io.vertx.core.eventbus.DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, conversationId));
  }

  /** Counts a new connection against its account and address; the reason when over a cap. */
  private @Nullable String admit(LiveConnection connection, String address) {
    // The first session of an account on this node makes it present to the cluster (atomically per account).
    int byAccount = perAccount.compute(connection.accountId(), (id, n) -> {
      if (n == null) {
        presence.arrived(id);
        return 1;
      }
      return n + 1;
    });
    int byAddress = perAddress.merge(address, 1, Integer::sum);
    live.put(connection, address);
    int accountCap = options.getMaxConnectionsPerAccount();
    int addressCap = options.getMaxConnectionsPerAddress();
    if (accountCap > 0 && byAccount > accountCap) {
      ended(connection);
      return "too many live connections for this account";
    }
    if (addressCap > 0 && byAddress > addressCap) {
      ended(connection);
      return "too many live connections from this address";
    }
    return null;
  }

  /** The session ended (cut off, refused, or its socket closed): it stops counting at once. Idempotent. */
  void ended(LiveConnection connection) {
    String address = live.remove(connection);
    if (address != null) {
      perAccount.computeIfPresent(connection.accountId(), (id, n) -> {
        if (n <= 1) {
          presence.left(id);
          return null;
        }
        return n - 1;
      });
      perAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** The sessions and event-bus consumers of one event loop; touched on that loop only. */
  private final class Shard {
    private final ContextInternal context;
    private final Map<String, Set<LiveConnection>> byConversation = new HashMap<>();
    private final Map<String, MessageConsumer<String>> conversationConsumers = new HashMap<>();
    private final Map<String, Set<LiveConnection>> byAccount = new HashMap<>();
    private final Map<String, MessageConsumer<String>> accountConsumers = new HashMap<>();

    Shard(ContextInternal context) {
      this.context = context;
      vertx.eventBus().<JsonObject>consumer(Addresses.SESSIONS_ENDED, this::onSessionsEnded);
    }

    void run(Runnable action) {
      if (context.inThread()) {
        action.run();
      } else {
        context.runOnContext(v -> action.run());
      }
    }

    void accept(LiveConnection connection) {
      String accountId = connection.accountId();
      // Joined at once, so that a session ending while the conversations load still finds the socket.
      join(byAccount, accountConsumers, Addresses.account(accountId), accountId, connection, this::onAccountEvent);
      chat.conversationIds(accountId).onComplete(result -> run(() -> {
        if (result.failed()) {
          LOG.warn("cannot load conversations of {}", accountId, result.cause());
          connection.closeWith((short) 1011, "server error");
          return;
        }
        if (connection.isClosed()) {
          return;
        }
        List<Future<Void>> registered = new java.util.ArrayList<>();
        MessageConsumer<String> own = accountConsumers.get(accountId);
        if (own != null) {
          registered.add(own.completion());
        }
        for (String id : result.result()) {
          registered.add(subscribe(connection, id));
        }
        // A resume's backlog starts once every consumer is registered (across a cluster that takes a
        // moment): a message published in between is then either in the backlog or delivered live.
        Future.join(registered).onComplete(x -> run(() -> connection.subscribed(Set.copyOf(result.result()))));
      }));
    }

    private Future<Void> subscribe(LiveConnection connection, String conversationId) {
      connection.conversations().add(conversationId);
      join(byConversation, conversationConsumers, Addresses.conversation(conversationId), conversationId,
          connection, this::onConversationEvent);
      return conversationConsumers.get(conversationId).completion();
    }

    private void unsubscribe(LiveConnection connection, String conversationId) {
      connection.conversations().remove(conversationId);
      leave(byConversation, conversationConsumers, conversationId, connection);
    }

    private void join(Map<String, Set<LiveConnection>> index, Map<String, MessageConsumer<String>> consumers,
        String address, String key, LiveConnection connection, Handler<Message<String>> handler) {
      index.computeIfAbsent(key, k -> {
        consumers.put(k, vertx.eventBus().consumer(address, handler));
        return new HashSet<>();
      }).add(connection);
    }

    private void leave(Map<String, Set<LiveConnection>> index, Map<String, MessageConsumer<String>> consumers,
        String key, LiveConnection connection) {
      Set<LiveConnection> set = index.get(key);
      if (set != null && set.remove(connection) && set.isEmpty()) {
        index.remove(key);
        MessageConsumer<String> consumer = consumers.remove(key);
        if (consumer != null) {
          consumer.unregister();
        }
      }
    }

    void forget(LiveConnection connection) {
      for (String id : List.copyOf(connection.conversations())) {
        leave(byConversation, conversationConsumers, id, connection);
      }
      leave(byAccount, accountConsumers, connection.accountId(), connection);
    }

    private void onConversationEvent(Message<String> msg) {
      String conversationId = msg.headers().get(Addresses.HEADER_CONVERSATION);
      String seq = msg.headers().get(Addresses.HEADER_SEQ);
      long s = seq == null ? -1 : Long.parseLong(seq);
      Set<LiveConnection> set = byConversation.get(conversationId);
      if (set == null) {
        return;
      }
      for (LiveConnection c : List.copyOf(set)) {
        c.deliver(conversationId, s, msg.body());
      }
    }

    private void onAccountEvent(Message<String> msg) {
      String address = msg.address();
      String accountId = address.substring(address.lastIndexOf('.') + 1);
      String conversationId = msg.headers().get(Addresses.HEADER_CONVERSATION);
      String type = new JsonObject(msg.body()).getString("type");
      Set<LiveConnection> set = byAccount.get(accountId);
      if (set == null) {
        return;
      }
      for (LiveConnection c : List.copyOf(set)) {
        if ("conversation".equals(type) && !c.conversations().contains(conversationId)) {
          subscribe(c, conversationId);
        } else if ("removed".equals(type)) {
          unsubscribe(c, conversationId);
        }
        c.deliver(conversationId, -1, msg.body());
      }
    }

    private void onSessionsEnded(Message<JsonObject> msg) {
      JsonObject notice = msg.body();
      Set<LiveConnection> set = byAccount.get(SessionsEnded.accountId(notice));
      if (set == null) {
        return;
      }
      for (LiveConnection c : List.copyOf(set)) {
        if (SessionsEnded.ends(notice, c.principal())) {
          c.closeWith(LiveConnection.CLOSE_SESSION_ENDED, "session ended");
        }
      }
    }
  }
}
