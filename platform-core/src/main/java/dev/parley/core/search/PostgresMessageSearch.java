package dev.parley.core.search;

import dev.parley.core.chat.Message;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.lucene.analysis.Analyzer;

/**
 * Message search on PostgreSQL: its own full-text search over a GIN index of the message text
 * (migration V9), English stems plus the words as typed, so the word still being typed matches as
 * a prefix. The database keeps the index itself: {@link #index} has nothing to do.
 */
final class PostgresMessageSearch implements MessageSearch {

  /** The recency term, like Lucene's: worth this much now, half of it a pivot's age ago. */
  static final double RECENCY_WEIGHT = 0.1;
  static final double RECENCY_PIVOT_MS = 30d * 24 * 3600 * 1000;

  private final Database db;
  private final IndexedMessageRepository messages = new IndexedMessageRepository();
  private final Clock clock;
  private final Snippets snippets;

  PostgresMessageSearch(Database db, Clock clock, Analyzer analyzer) {
    this.db = db;
    this.clock = clock;
    this.snippets = new Snippets(analyzer);
  }

  @Override
  public Future<Void> index(Message message) {
    return Future.succeededFuture(); // the GIN index follows every committed row
  }

  @Override
  public Future<List<MessageHit>> search(Collection<String> conversationIds, String text, int limit) {
    SearchQuery query = SearchQuery.parse(text);
    if (query.isEmpty() || conversationIds.isEmpty() || limit <= 0) {
      return Future.succeededFuture(List.of());
    }
    Snippets.Terms terms = snippets.terms(query);
    return messages.fullText(db.pool(), query, conversationIds.stream().distinct().toArray(String[]::new),
        RECENCY_WEIGHT, RECENCY_PIVOT_MS, clock.millis(), Math.min(limit, LuceneMessageSearch.MAX_LIMIT)).map(found -> {
          List<MessageHit> hits = new ArrayList<>();
          for (IndexedMessageRepository.Scored s : found) {
            hits.add(snippets.hit(s.message(), terms, s.score()));
          }
          return hits;
        });
  }

  @Override
  public Future<Long> rebuild() {
    return rebuild(n -> {});
  }

  /**
   * Rebuilds the GIN index without blocking writes, and counts the searchable messages. The REINDEX
   * is the engine's own maintenance of its index (DDL, not a read of messages), so it stays here.
   */
  @Override
  public Future<Long> rebuild(LongConsumer progress) {
    return db.pool().query("REINDEX INDEX CONCURRENTLY messages_search").execute()
        .compose(v -> messages.countSearchable(db.pool()))
        .map(n -> {
          progress.accept(n);
          return n;
        });
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
