package dev.parley.core.chat;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.Addresses;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivery state ("two ticks"): the newest seq a live session of each member was sent. Sessions
 * note it as they write message frames, in memory; at most once per {@link #FLUSH_MILLIS} the
 * marks that moved are written in one batch (never one write per message per member), and each
 * one that moved forward is published as a live {@code delivered} event.
 */
final class DeliveryMarks {

  /** The most often delivery marks are written. */
  static final long FLUSH_MILLIS = 1_000;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeliveryMarks.class);
  private static final Statement MARK = sql("UPDATE conversation_members SET last_delivered_seq = #{seq} "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId} AND last_delivered_seq < #{seq}");

  private final Vertx vertx;
  private final Database db;
  /** conversation id + '\n' + account id → newest seq sent to a session of that account. */
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile java.util.function.Consumer<JsonObject> deliveredListener = e -> {};

  void onDelivered(java.util.function.Consumer<JsonObject> listener) {
    this.deliveredListener = listener;
  }

  DeliveryMarks(Vertx vertx, Database db) {
    this.vertx = vertx;
    this.db = db;
  }

  /** A session of {@code accountId} was sent the message {@code seq}: cheap, from any thread. */
  void delivered(String conversationId, String accountId, long seq) {
    pending.merge(conversationId + '\n' + accountId, seq, Math::max);
    schedule();
  }

  /** One flush at a time, a second after the first mark it holds; marks noted meanwhile make the next. */
  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      vertx.setTimer(FLUSH_MILLIS, t -> flush().onComplete(done -> {
        scheduled.set(false);
        if (!pending.isEmpty()) {
          schedule();
        }
      }));
    }
  }

  /** Writes what is pending in one batch and publishes the marks that moved. */
  Future<Void> flush() {
    List<String[]> marks = new ArrayList<>();
    for (String key : List.copyOf(pending.keySet())) {
      Long seq = pending.remove(key);
      if (seq != null) {
        int cut = key.indexOf('\n');
        marks.add(new String[] {key.substring(0, cut), key.substring(cut + 1), Long.toString(seq)});
      }
    }
    if (marks.isEmpty()) {
      return Future.succeededFuture();
    }
    // Rows locked in one order (conversation, account), the one the message writer's read marks use:
    // two batches that lock the same rows in different orders deadlock (H2 then rolls one back).
    marks.sort(java.util.Comparator.<String[], String>comparing(m -> m[0]).thenComparing(m -> m[1]));
    List<Map<String, Object>> batch = marks.stream().map(m -> params("seq", Long.parseLong(m[2]),
        "conversationId", m[0], "accountId", m[1])).toList();
    Future<int[]> written = db.kind() == Database.Kind.H2
        ? db.blockingTransaction(connection -> MARK.batch(connection, batch))
        : db.pool().withTransaction(tx -> MARK.batchCounts(tx, batch))
            .map(counts -> counts.stream().mapToInt(Integer::intValue).toArray());
    return written.map(counts -> {
      for (int i = 0; i < marks.size() && i < counts.length; i++) {
        if (counts[i] != 0) {
          String[] m = marks.get(i);
          JsonObject event = new JsonObject().put("type", "delivered").put("conversationId", m[0])
              .put("accountId", m[1]).put("seq", Long.parseLong(m[2]));
          vertx.eventBus().publish(Addresses.conversation(m[0]), event.encode(),
              new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, m[0]));
          try {
            deliveredListener.accept(event.copy());
          } catch (RuntimeException e) {
            LOG.warn("a delivered listener failed", e);
          }
        }
      }
      return (Void) null;
    }).onFailure(e -> {
      if (Database.isTransient(e)) { // rolled back to break a deadlock: nothing written, the next flush takes them
        marks.forEach(m -> pending.merge(m[0] + '\n' + m[1], Long.parseLong(m[2]), Math::max));
        LOG.debug("writing delivery marks was rolled back ({} marks kept for the next flush)", marks.size(), e);
      } else {
        LOG.warn("writing delivery marks failed ({} marks dropped)", marks.size(), e);
      }
    });
  }
}
