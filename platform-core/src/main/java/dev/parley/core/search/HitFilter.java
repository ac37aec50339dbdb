package dev.parley.core.search;

import io.vertx.core.Future;
import java.util.List;

/**
 * Drops message hits a viewer should not see in search (safety: the messages of people they
 * blocked). Set with {@link SearchApi#withHitFilter}; the search knows nothing of why.
 */
public interface HitFilter {

  /** Keeps every hit. */
  HitFilter NONE = (viewerId, hits) -> Future.succeededFuture(hits);

  /** The hits {@code viewerId} may see, in their order. */
  Future<List<MessageHit>> visible(String viewerId, List<MessageHit> hits);
}
