package dev.parley.core.search;

import dev.parley.core.chat.Message;
import dev.parley.core.storage.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The plain fallback engine: every word of the query must occur in the message (SQL {@code LIKE},
 * case-insensitive), newest first. It reads the messages table itself, so indexing is a no-op.
 * It scans, which is fine for a small deployment; the full-text engines replace it.
 */
public final class LikeMessageSearch implements MessageSearch {

  /** Most conversations named in one statement; a user in more searches their most recent ones. */
  static final int MAX_CONVERSATIONS = 1000;
  /** Most words of a query used. */
  static final int MAX_TERMS = 8;

  private final Database db;

  private LikeMessageSearch(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  public static MessageSearch create(Database db) {
    return new LikeMessageSearch(db);
  }

  @Override
  public Future<Void> index(Message message) {
    return Future.succeededFuture();
  }

  @Override
  public Future<List<MessageHit>> search(Collection<String> conversationIds, String query, int limit) {
    List<String> terms = TextMatches.terms(query);
    if (terms.isEmpty() || conversationIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<String> ids = conversationIds.stream().limit(MAX_CONVERSATIONS).toList();
    List<String> used = terms.stream().limit(MAX_TERMS).toList();
    StringBuilder sql = new StringBuilder("SELECT m.id, m.conversation_id, m.seq, m.body, m.created_at, "
        + "COALESCE(a.display_name, m.app_name, 'Parley') AS sender FROM messages m "
        + "LEFT JOIN accounts a ON a.id = m.sender_id WHERE m.kind IN ('text', 'card') AND m.conversation_id IN (");
    List<Object> args = new ArrayList<>(ids);
    sql.append("?, ".repeat(ids.size() - 1)).append("?)");
    for (String term : used) {
      sql.append(" AND LOWER(m.body) LIKE ? ESCAPE '\\'");
      args.add("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    sql.append(" ORDER BY m.created_at DESC, m.id LIMIT ?");
    args.add(Math.max(1, limit));
    return db.query(sql.toString(), args.toArray()).map(rows -> {
      List<MessageHit> out = new ArrayList<>();
      for (Row r : rows) {
        TextMatches.MessageHitText text = TextMatches.snippet(r.getString("body"), terms);
        out.add(new MessageHit(r.getString("id"), r.getString("conversation_id"), r.getLong("seq"),
            r.getString("sender"), r.getLong("created_at"), text.snippet(), text.highlights(), 1.0));
      }
      return out;
    });
  }

  @Override
  public Future<Long> rebuild() {
    return db.query("SELECT COUNT(*) AS n FROM messages WHERE kind IN ('text', 'card')")
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
