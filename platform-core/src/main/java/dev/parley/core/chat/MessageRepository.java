package dev.parley.core.chat;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of messages: their per-conversation sequence, the insert, the idempotent look-up by
 * client id, history pages and windows, and the edit of an app's card. Every method runs on the
 * client it is given (the pool, or a transaction's connection), so the service composes its own
 * transactions; failures are the driver's, so a unique violation can still be told apart.
 */
final class MessageRepository {

  /** The columns {@link #MESSAGE} reads, of {@code messages m LEFT JOIN accounts a ON a.id = m.sender_id}. */
  static final String COLUMNS = "m.id, m.conversation_id, m.seq, m.sender_id, m.client_id, m.kind, m.body, m.created_at, a.display_name, "
      + "m.app_id, m.app_name, m.card, m.edited";
  private static final String FROM = " FROM messages m LEFT JOIN accounts a ON a.id = m.sender_id ";

  private static final Statement NEXT_SEQ = sql(
      "UPDATE conversations SET last_seq = last_seq + 1, updated_at = #{now} WHERE id = #{conversationId}");
  private static final Statement LAST_SEQ = sql("SELECT last_seq FROM conversations WHERE id = #{conversationId}");
  private static final Statement INSERT = sql(
      "INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, kind, body, created_at, app_id, app_name, "
          + "card, edited) VALUES (#{id}, #{conversationId}, #{seq}, #{senderId}, #{clientId}, #{kind}, #{body}, "
          + "#{createdAt}, #{appId}, #{appName}, #{card}, #{edited})");
  private static final Statement BY_ID = sql("SELECT " + COLUMNS + FROM
      + "WHERE m.conversation_id = #{conversationId} AND m.id = #{id}");
  private static final Statement BY_CLIENT_ID = sql("SELECT " + COLUMNS + FROM
      + "WHERE m.conversation_id = #{conversationId} AND m.sender_id = #{senderId} AND m.client_id = #{clientId}");
  private static final Statement BEFORE = sql("SELECT " + COLUMNS + FROM
      + "WHERE m.conversation_id = #{conversationId} AND m.seq < #{seq} ORDER BY m.seq DESC LIMIT #{limit}");
  private static final Statement AFTER = sql("SELECT " + COLUMNS + FROM
      + "WHERE m.conversation_id = #{conversationId} AND m.seq > #{seq} ORDER BY m.seq LIMIT #{limit}");
  private static final Statement RANGE = sql("SELECT " + COLUMNS + FROM
      + "WHERE m.conversation_id = #{conversationId} AND m.seq BETWEEN #{from} AND #{to} ORDER BY m.seq");
  private static final Statement POSITION = sql("SELECT m.seq, c.last_seq FROM messages m "
      + "JOIN conversations c ON c.id = m.conversation_id WHERE m.conversation_id = #{conversationId} AND m.id = #{id}");
  private static final Statement UPDATE_CARD = sql("UPDATE messages SET card = #{card}, "
      + "body = CASE WHEN #{text} = '' THEN body ELSE #{text} END, edited = edited + 1, edited_at = #{now} "
      + "WHERE id = #{id} AND conversation_id = #{conversationId} AND app_id = #{appId}");

  /** Reads a row of {@link #COLUMNS}. */
  static final RowMapper<Message> MESSAGE = MessageRepository::message;

  /** Where a message stands in its conversation: its seq, and the conversation's last. */
  record Position(long seq, long lastSeq) {
  }

  /**
   * Takes the conversation's next seq and marks it active at {@code now}; the row stays locked
   * until the transaction of {@code client} ends, which orders concurrent senders.
   */
  Future<Long> nextSeq(SqlClient client, String conversationId, long now) {
    return NEXT_SEQ.update(client, params("now", now, "conversationId", conversationId))
        .compose(n -> LAST_SEQ.first(client, params("conversationId", conversationId), row -> row.getLong("last_seq")))
        .map(Optional::orElseThrow);
  }

  /** Inserts one message, whatever its kind: one statement. */
  Future<Void> insert(SqlClient client, Message m) {
    return INSERT.update(client, params("id", m.id(), "conversationId", m.conversationId(), "seq", m.seq(),
        "senderId", m.senderId().orElse(null), "clientId", m.clientId().orElse(null), "kind", m.kind(),
        "body", m.text(), "createdAt", m.createdAt().toEpochMilli(),
        "appId", m.app().map(Message.AppLabel::id).orElse(null),
        "appName", m.app().map(Message.AppLabel::name).orElse(null),
        "card", m.card().map(JsonObject::encode).orElse(null), "edited", m.edited())).mapEmpty();
  }

  Future<Optional<Message>> find(SqlClient client, String conversationId, String messageId) {
    return BY_ID.first(client, params("conversationId", conversationId, "id", messageId), MESSAGE);
  }

  /** The message a sender already sent with this client id, if any. */
  Future<Optional<Message>> findByClientId(SqlClient client, String conversationId, String senderId, String clientId) {
    return BY_CLIENT_ID.first(client, params("conversationId", conversationId, "senderId", senderId,
        "clientId", clientId), MESSAGE);
  }

  /** Up to {@code limit} messages before {@code seq}, newest first. */
  Future<List<Message>> before(SqlClient client, String conversationId, long seq, int limit) {
    return BEFORE.list(client, params("conversationId", conversationId, "seq", seq, "limit", limit), MESSAGE);
  }

  /** Up to {@code limit} messages after {@code seq}, oldest first. */
  Future<List<Message>> after(SqlClient client, String conversationId, long seq, int limit) {
    return AFTER.list(client, params("conversationId", conversationId, "seq", seq, "limit", limit), MESSAGE);
  }

  /** The messages from seq {@code from} to {@code to}, both included, oldest first. */
  Future<List<Message>> range(SqlClient client, String conversationId, long from, long to) {
    return RANGE.list(client, params("conversationId", conversationId, "from", from, "to", to), MESSAGE);
  }

  Future<Optional<Position>> position(SqlClient client, String conversationId, String messageId) {
    return POSITION.first(client, params("conversationId", conversationId, "id", messageId),
        row -> new Position(row.getLong("seq"), row.getLong("last_seq")));
  }

  /**
   * Replaces the card of a message that {@code appId} posted, and its text unless {@code text} is
   * empty; false when no such message exists in the conversation.
   */
  Future<Boolean> updateCard(SqlClient client, String conversationId, String messageId, String appId,
      JsonObject card, String text, long now) {
    return UPDATE_CARD.update(client, params("card", card.encode(), "text", text, "now", now, "id", messageId,
        "conversationId", conversationId, "appId", appId)).map(n -> n > 0);
  }

  private static Message message(Row row) {
    String name = row.getString("display_name");
    return new Message(row.getString("id"), row.getString("conversation_id"), row.getLong("seq"),
        Optional.ofNullable(row.getString("sender_id")),
        name != null ? name : row.getString("app_name") != null ? row.getString("app_name") : "Parley",
        Optional.ofNullable(row.getString("client_id")), row.getString("kind"), row.getString("body"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Optional.ofNullable(row.getString("app_id")).map(id -> new Message.AppLabel(id, row.getString("app_name"))),
        Optional.ofNullable(row.getString("card")).map(JsonObject::new),
        row.getInteger("edited") == null ? 0 : row.getInteger("edited"));
  }
}
