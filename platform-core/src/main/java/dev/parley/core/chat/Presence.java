package dev.parley.core.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * "Online" across a cluster (docs/DESIGN.md, "Cluster: shared state"): a node with a live session of
 * an account listens on the account's presence address while it has one; whether the account is
 * online anywhere is then whether anyone answers there. The cluster manager keeps the listeners of
 * a dead node out of the answer, so a crashed node leaves no one online forever (a shared counter
 * would). On a single node the node's own count is the answer and nothing is registered.
 */
final class Presence {

  static final String PREFIX = "parley.presence.";
  /** A node that does not answer within this is taken as not having the account online. */
  static final long ASK_MILLIS = 2_000;

  private final Vertx vertx;
  private final ConcurrentMap<String, MessageConsumer<String>> listening = new ConcurrentHashMap<>();

  Presence(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The account's first live session on this node opened. */
  void arrived(String accountId) {
    if (vertx.isClustered()) {
      listening.computeIfAbsent(accountId, id -> vertx.eventBus().<String>consumer(PREFIX + id, m -> m.reply("here")));
    }
  }

  /** The account's last live session on this node ended. */
  void left(String accountId) {
    MessageConsumer<String> consumer = listening.remove(accountId);
    if (consumer != null) {
      consumer.unregister();
    }
  }

  /** Whether any node of the cluster has a live session of the account; {@code here}: this node has one. */
  Future<Boolean> online(String accountId, boolean here) {
    if (here || !vertx.isClustered()) {
      return Future.succeededFuture(here);
    }
    return vertx.eventBus().request(PREFIX + accountId, "", new DeliveryOptions().setSendTimeout(ASK_MILLIS))
        .map(answer -> true).otherwise(false);
  }
}
