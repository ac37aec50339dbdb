package dev.parley.core.chat;

import dev.parley.core.accounts.Principal;
import dev.parley.core.common.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's live sessions. One event-bus consumer per conversation (and per account) that has a
 * session here fans each event out to the local sessions; the event is encoded once. The hub's
 * maps are touched only on its own context, so they need no locks.
 */
public final class LiveHub {

  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);

  private final Vertx vertx;
  private final ChatService chat;
  private final LiveOptions options;
  private final Context context;
  private final Map<String, Set<LiveConnection>> byConversation = new HashMap<>();
  private final Map<String, MessageConsumer<String>> conversationConsumers = new HashMap<>();
  private final Map<String, Set<LiveConnection>> byAccount = new HashMap<>();
  private final Map<String, MessageConsumer<String>> accountConsumers = new HashMap<>();
  private final AtomicInteger open = new AtomicInteger();

  public LiveHub(Vertx vertx, ChatService chat, LiveOptions options) {
    this.vertx = vertx;
    this.chat = chat;
    this.options = new LiveOptions(options);
    this.context = vertx.getOrCreateContext();
  }

  /** Open live sessions on this node. */
  public int connections() {
    return open.get();
  }

  /** Takes over an authenticated WebSocket. */
  public void accept(ServerWebSocket ws, Principal principal) {
    LiveConnection connection = new LiveConnection(this, ws, principal, options);
    open.incrementAndGet();
    ws.closeHandler(v -> {
      open.decrementAndGet();
      connection.closed();
      context.runOnContext(x -> forget(connection));
    });
    ws.exceptionHandler(e -> LOG.debug("live session of {} failed: {}", principal.accountId(), e.toString()));
    connection.start();
    chat.conversationIds(principal.accountId()).onComplete(result -> context.runOnContext(v -> {
      if (result.failed()) {
        LOG.warn("cannot load conversations of {}", principal.accountId(), result.cause());
        connection.closeWith((short) 1011, "server error");
        return;
      }
      if (connection.isClosed()) {
        return;
      }
      join(byAccount, accountConsumers, Addresses.account(principal.accountId()), principal.accountId(), connection,
          this::onAccountEvent);
      for (String id : result.result()) {
        subscribe(connection, id);
      }
      connection.subscribed(Set.copyOf(result.result()));
    }));
  }

  ChatService chat() {
    return chat;
  }

  Vertx vertx() {
    return vertx;
  }

  private void subscribe(LiveConnection connection, String conversationId) {
    connection.conversations().add(conversationId);
    join(byConversation, conversationConsumers, Addresses.conversation(conversationId), conversationId, connection,
        this::onConversationEvent);
  }

  private void unsubscribe(LiveConnection connection, String conversationId) {
    connection.conversations().remove(conversationId);
    leave(byConversation, conversationConsumers, conversationId, connection);
  }

  private void join(Map<String, Set<LiveConnection>> index, Map<String, MessageConsumer<String>> consumers,
      String address, String key, LiveConnection connection,
      io.vertx.core.Handler<Message<String>> handler) {
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

  private void forget(LiveConnection connection) {
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
}
