package dev.parley.core.search;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Map;

/**
 * The search engines' reads of messages: the searchable ones in pages (for the Lucene index to
 * catch up or rebuild), their count, and PostgreSQL's full-text query. Only reads; the messages
 * themselves are written by the chat.
 */
final class IndexedMessageRepository {

  /** The kinds of message that are searchable: what people wrote, and the summaries of app cards. */
  private static final String SEARCHABLE = "m.kind IN ('text', 'card')";
  private static final String SELECT = "SELECT m.id, m.conversation_id, m.seq, m.body, m.extras, m.created_at, "
      + "COALESCE(a.display_name, m.app_name, 'Parley') AS sender_name";
  private static final String FROM = " FROM messages m LEFT JOIN accounts a ON a.id = m.sender_id ";

  private static final Statement CREATED_FROM = sql(SELECT + FROM + "WHERE " + SEARCHABLE
      + " AND m.created_at >= #{at} AND (m.created_at > #{at} OR m.id > #{afterId}) "
      + "ORDER BY m.created_at, m.id LIMIT #{limit}");
  private static final Statement EDITED_SINCE = sql(SELECT + FROM + "WHERE " + SEARCHABLE
      + " AND m.edited_at >= #{since} AND m.id > #{afterId} ORDER BY m.id LIMIT #{limit}");
  private static final Statement ALL = sql(SELECT + FROM + "WHERE " + SEARCHABLE
      + " AND m.id > #{afterId} ORDER BY m.id LIMIT #{limit}");
  private static final Statement COUNT = sql("SELECT COUNT(*) AS n FROM messages m WHERE " + SEARCHABLE);

  /** The indexed expression of PostgreSQL; it must stay exactly the one of the index {@code messages_search}. */
  static final String VECTOR = "(to_tsvector('english', m.body || ' ' || " + names("m.extras") + ") || "
      + "to_tsvector('simple', m.body || ' ' || " + names("m.extras") + "))";

  /** A message found by the full-text query, with its score. */
  record Scored(IndexedMessage message, double score) {
  }

  /**
   * Searchable messages created at {@code at} with an id after {@code afterId}, then those created
   * later; by creation time and id.
   */
  Future<List<IndexedMessage>> createdFrom(SqlClient client, long at, String afterId, int limit) {
    return CREATED_FROM.list(client, params("at", at, "afterId", afterId, "limit", limit),
        IndexedMessageRepository::message);
  }

  /** Searchable messages edited since {@code since}, with an id after {@code afterId}; by id. */
  Future<List<IndexedMessage>> editedSince(SqlClient client, long since, String afterId, int limit) {
    return EDITED_SINCE.list(client, params("since", since, "afterId", afterId, "limit", limit),
        IndexedMessageRepository::message);
  }

  /** Searchable messages with an id after {@code afterId}; by id. */
  Future<List<IndexedMessage>> all(SqlClient client, String afterId, int limit) {
    return ALL.list(client, params("afterId", afterId, "limit", limit), IndexedMessageRepository::message);
  }

  Future<Long> countSearchable(SqlClient client) {
    return COUNT.first(client, Map.of(), r -> r.getLong("n")).map(n -> n.orElse(0L));
  }

  /**
   * PostgreSQL only: the searchable messages of the conversations that hold every word of the
   * query, best first. Each complete word matches by its English stem; the last, partial word
   * matches by its stem or as typed (as a prefix when {@code prefix}). Ranked by PostgreSQL's
   * {@code ts_rank} plus a recency term worth {@code recencyWeight} now and half of it
   * {@code recencyPivotMs} ago. The statement's shape depends on the number of words only; every
   * word is a parameter, and words are letters and digits, so they never carry tsquery syntax.
   */
  Future<List<Scored>> fullText(SqlClient client, SearchQuery query, String[] conversationIds, double recencyWeight,
      double recencyPivotMs, long now, int limit) {
    StringBuilder tsquery = new StringBuilder();
    Map<String, Object> p = params("weight", recencyWeight, "pivot", recencyPivotMs, "now", now,
        "conversationIds", conversationIds, "limit", limit);
    List<String> complete = query.complete();
    for (int i = 0; i < complete.size(); i++) {
      tsquery.append(tsquery.isEmpty() ? "" : " && ").append("to_tsquery('english', #{w").append(i).append("})");
      p.put("w" + i, complete.get(i));
    }
    query.partial().ifPresent(word -> {
      tsquery.append(tsquery.isEmpty() ? "" : " && ")
          .append("(to_tsquery('english', #{partial}) || to_tsquery('simple', #{typed}))");
      p.put("partial", word);
      p.put("typed", query.prefix().isPresent() ? word + ":*" : word);
    });
    String q = "(" + tsquery + ")";
    Statement search = sql(SELECT + ", ts_rank(" + VECTOR + ", " + q + ") "
        + "+ #{weight}::float8 * #{pivot}::float8 / (#{pivot}::float8 + GREATEST(0, #{now} - m.created_at)) AS score"
        + FROM + "WHERE m.conversation_id = ANY(#{conversationIds}) AND " + SEARCHABLE + " AND " + VECTOR + " @@ " + q
        + " ORDER BY score DESC, m.created_at DESC, m.id LIMIT #{limit}");
    return search.list(client, p, row -> new Scored(message(row), row.getDouble("score")));
  }

  private static IndexedMessage message(Row row) {
    return new IndexedMessage(row.getString("id"), row.getString("conversation_id"), row.getLong("seq"),
        row.getString("sender_name"), row.getLong("created_at"), row.getString("body"),
        IndexedMessage.attachmentNames(row.getString("extras")));
  }

  /**
   * The attachment names in a message's extras column as words, in SQL (PostgreSQL), as
   * {@link IndexedMessage#words} makes them in Java: the index of migration V16 uses this very expression.
   */
  static String names(String column) {
    return db.migration.V16__app_files.NAMES.replace("extras::jsonb", column + "::jsonb");
  }
}
