package dev.parley.core.search;

import dev.parley.core.chat.Message;
import dev.parley.core.storage.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
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

  /** The indexed expression; it must stay exactly the one of the index {@code messages_search}. */
  static final String VECTOR = "(to_tsvector('english', m.body) || to_tsvector('simple', m.body))";
  /** The recency term, like Lucene's: worth this much now, half of it a pivot's age ago. */
  static final double RECENCY_WEIGHT = 0.1;
  static final double RECENCY_PIVOT_MS = 30d * 24 * 3600 * 1000;

  private final Database db;
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
    // Words are letters and digits only, so they never carry tsquery syntax into to_tsquery.
    StringBuilder tsquery = new StringBuilder();
    List<Object> words = new ArrayList<>();
    for (String word : query.complete()) {
      tsquery.append(tsquery.isEmpty() ? "" : " && ").append("to_tsquery('english', ?)");
      words.add(word);
    }
    query.partial().ifPresent(word -> {
      tsquery.append(tsquery.isEmpty() ? "" : " && ").append("(to_tsquery('english', ?) || to_tsquery('simple', ?))");
      words.add(word);
      words.add(query.prefix().isPresent() ? word + ":*" : word);
    });
    String q = "(" + tsquery + ")";
    String sql = "SELECT " + IndexedMessage.COLUMNS + ", ts_rank(" + VECTOR + ", " + q + ") "
        + "+ ?::float8 * ?::float8 / (?::float8 + GREATEST(0, ? - m.created_at)) AS score"
        + IndexedMessage.FROM
        + "WHERE m.conversation_id = ANY(?) AND m.kind IN " + IndexedMessage.KINDS_SQL + " AND " + VECTOR + " @@ " + q
        + " ORDER BY score DESC, m.created_at DESC, m.id LIMIT ?";
    List<Object> args = new ArrayList<>(words);
    args.add(RECENCY_WEIGHT);
    args.add(RECENCY_PIVOT_MS);
    args.add(RECENCY_PIVOT_MS);
    args.add(clock.millis());
    args.add(conversationIds.stream().distinct().toArray(String[]::new));
    args.addAll(words);
    args.add(Math.min(limit, LuceneMessageSearch.MAX_LIMIT));
    Snippets.Terms terms = snippets.terms(query);
    return db.query(sql, args.toArray()).map(rows -> {
      List<MessageHit> hits = new ArrayList<>();
      for (Row row : rows) {
        IndexedMessage m = IndexedMessage.from(row);
        Snippets.Snippet snippet = snippets.of(m.text(), terms);
        hits.add(new MessageHit(m.id(), m.conversationId(), m.seq(), m.senderName(), m.sentAtMillis(), snippet.text(),
            snippet.highlights(), row.getDouble("score")));
      }
      return hits;
    });
  }

  @Override
  public Future<Long> rebuild() {
    return rebuild(n -> { });
  }

  /** Rebuilds the GIN index without blocking writes, and counts the searchable messages. */
  @Override
  public Future<Long> rebuild(LongConsumer progress) {
    return db.pool().query("REINDEX INDEX CONCURRENTLY messages_search").execute()
        .compose(v -> db.query("SELECT COUNT(*) AS n FROM messages m WHERE m.kind IN " + IndexedMessage.KINDS_SQL))
        .map(rows -> {
          long n = rows.iterator().next().getLong("n");
          progress.accept(n);
          return n;
        });
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
