package dev.parley.core.chat;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of reactions: one row per (message, person, emoji). */
final class ReactionRepository {

  private static final Statement ADD = sql("INSERT INTO message_reactions (message_id, account_id, emoji, created_at) "
      + "VALUES (#{messageId}, #{accountId}, #{emoji}, #{now}) ON CONFLICT DO NOTHING");
  private static final Statement REMOVE = sql("DELETE FROM message_reactions "
      + "WHERE message_id = #{messageId} AND account_id = #{accountId} AND emoji = #{emoji}");
  private static final Statement COUNT_MINE = sql("SELECT COUNT(*) AS n FROM message_reactions "
      + "WHERE message_id = #{messageId} AND account_id = #{accountId}");
  private static final Statement OF_MESSAGES = sql("SELECT message_id, emoji, account_id FROM message_reactions "
      + "WHERE message_id = ANY(#{ids}) ORDER BY created_at, account_id");

  /** One emoji's reactions on a message: who, in the order they reacted. */
  record Reaction(String emoji, List<String> accountIds) {
    JsonObject toJson(String viewerId) {
      return new JsonObject().put("emoji", emoji).put("count", accountIds.size())
          .put("mine", viewerId != null && accountIds.contains(viewerId)).put("accountIds", new JsonArray(accountIds));
    }
  }

  /** Whether a row was added (false: the person had already reacted so). */
  Future<Boolean> add(SqlClient client, String messageId, String accountId, String emoji, long now) {
    return ADD.update(client, params("messageId", messageId, "accountId", accountId, "emoji", emoji, "now", now))
        .map(n -> n > 0);
  }

  Future<Boolean> remove(SqlClient client, String messageId, String accountId, String emoji) {
    return REMOVE.update(client, params("messageId", messageId, "accountId", accountId, "emoji", emoji))
        .map(n -> n > 0);
  }

  /** How many different reactions a person left on a message. */
  Future<Long> countOf(SqlClient client, String messageId, String accountId) {
    return COUNT_MINE.first(client, params("messageId", messageId, "accountId", accountId), r -> r.getLong("n"))
        .map(n -> n.orElse(0L));
  }

  /** The reactions of each of these messages, first reacted first: one query for a whole page. */
  Future<Map<String, List<Reaction>>> of(SqlClient client, Collection<String> messageIds) {
    if (messageIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return OF_MESSAGES.list(client, params("ids", messageIds.toArray(String[]::new)),
        r -> new String[] {r.getString("message_id"), r.getString("emoji"), r.getString("account_id")})
        .map(rows -> {
          Map<String, Map<String, List<String>>> grouped = new HashMap<>();
          for (String[] row : rows) {
            grouped.computeIfAbsent(row[0], k -> new LinkedHashMap<>())
                .computeIfAbsent(row[1], k -> new java.util.ArrayList<>()).add(row[2]);
          }
          Map<String, List<Reaction>> out = new HashMap<>();
          grouped.forEach((id, byEmoji) -> out.put(id,
              byEmoji.entrySet().stream().map(e -> new Reaction(e.getKey(), List.copyOf(e.getValue()))).toList()));
          return out;
        });
  }
}
