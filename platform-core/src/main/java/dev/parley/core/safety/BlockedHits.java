package dev.parley.core.safety;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import dev.parley.core.search.HitFilter;
import dev.parley.core.search.MessageHit;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Search for a blocker: hits of messages sent by people they blocked are dropped. Costs nothing
 * for someone who blocked nobody (the cached set is empty); otherwise one query for the page.
 */
public final class BlockedHits implements HitFilter {

  private static final Statement FROM_BLOCKED = sql(
      "SELECT id FROM messages WHERE id = ANY(#{ids}) AND sender_id = ANY(#{senders})");

  private final Database db;
  private final Blocks blocks;

  public BlockedHits(Database db, Blocks blocks) {
    this.db = db;
    this.blocks = blocks;
  }

  @Override
  public Future<List<MessageHit>> visible(String viewerId, List<MessageHit> hits) {
    if (hits.isEmpty()) {
      return Future.succeededFuture(hits);
    }
    return blocks.blockedBy(viewerId).compose(blocked -> {
      if (blocked.isEmpty()) {
        return Future.succeededFuture(hits);
      }
      String[] ids = hits.stream().map(MessageHit::messageId).toArray(String[]::new);
      return FROM_BLOCKED.list(db.pool(), params("ids", ids, "senders", blocked.toArray(String[]::new)),
          r -> r.getString("id")).map(hidden -> {
            Set<String> drop = new HashSet<>(hidden);
            return hits.stream().filter(h -> !drop.contains(h.messageId())).toList();
          });
    });
  }
}
