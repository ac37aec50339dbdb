package dev.parley.core.search;

import dev.parley.core.chat.Message;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;

/**
 * Full-text search over chat messages, one engine per storage: Lucene beside the embedded
 * database, PostgreSQL's own full-text search on PostgreSQL. Callers pass the conversations the
 * searching user is a member of <em>now</em>; an engine never returns a message outside them.
 */
public interface MessageSearch {

  /** Makes a message just committed findable (idempotent: indexing it twice keeps one copy). */
  Future<Void> index(Message message);

  /**
   * The best matches of {@code query} among {@code conversationIds}, ranked by relevance and
   * recency; empty when the query has no searchable words or the collection is empty.
   */
  Future<List<MessageHit>> search(Collection<String> conversationIds, String query, int limit);

  /** Rebuilds the index from the database; answers how many messages it holds afterwards. */
  Future<Long> rebuild();

  /**
   * {@link #rebuild()}, telling {@code progress} how many messages are indexed so far as it goes
   * (on the caller's context).
   */
  default Future<Long> rebuild(java.util.function.LongConsumer progress) {
    return rebuild();
  }

  Future<Void> close();
}
