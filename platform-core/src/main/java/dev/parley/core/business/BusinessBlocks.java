package dev.parley.core.business;

import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * Blocks between accounts, as the business part needs them: a customer blocks a business by
 * blocking its bot account. A seam until merge: TODO(lead) implement it with safety's
 * {@code Blocks} ({@code Blocks.block(blocker, blocked)} over its {@code blocks} table) and drop
 * {@code business_blocks}.
 */
public interface BusinessBlocks {

  Future<Void> block(String blockerId, String blockedId);

  Future<Void> unblock(String blockerId, String blockedId);

  Future<Boolean> blocked(String blockerId, String blockedId);

  /** The stand-in over the {@code business_blocks} table (same columns as safety's {@code blocks}). */
  static BusinessBlocks table(Database db, Clock clock) {
    BusinessRepository repo = new BusinessRepository();
    return new BusinessBlocks() {
      @Override
      public Future<Void> block(String blockerId, String blockedId) {
        return repo.block(db.pool(), blockerId, blockedId, clock.millis());
      }

      @Override
      public Future<Void> unblock(String blockerId, String blockedId) {
        return repo.unblock(db.pool(), blockerId, blockedId);
      }

      @Override
      public Future<Boolean> blocked(String blockerId, String blockedId) {
        return repo.blocked(db.pool(), blockerId, blockedId);
      }
    };
  }
}
