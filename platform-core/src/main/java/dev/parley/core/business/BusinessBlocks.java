package dev.parley.core.business;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Blocks between accounts, as the business part needs them: a customer blocks a business by
 * blocking its bot account, with safety's {@code Blocks} (one {@code blocks} table for people and
 * businesses, so a blocked business shows in the customer's list of blocked accounts).
 */
public interface BusinessBlocks {

  Future<Void> block(String blockerId, String blockedId);

  Future<Void> unblock(String blockerId, String blockedId);

  Future<Boolean> blocked(String blockerId, String blockedId);

  /** Over safety's blocks (made after the businesses at start, hence the supplier). */
  static BusinessBlocks of(Supplier<dev.parley.core.safety.Blocks> blocks) {
    return new BusinessBlocks() {
      @Override
      public Future<Void> block(String blockerId, String blockedId) {
        return blocks.get().block(blockerId, blockedId);
      }

      @Override
      public Future<Void> unblock(String blockerId, String blockedId) {
        return blocks.get().unblock(blockerId, blockedId).mapEmpty();
      }

      @Override
      public Future<Boolean> blocked(String blockerId, String blockedId) {
        return blocks.get().isBlocked(blockerId, blockedId);
      }
    };
  }
}
