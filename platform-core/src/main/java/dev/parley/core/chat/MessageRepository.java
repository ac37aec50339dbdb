package dev.parley.core.chat;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.RowMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of messages: the group commit's transaction ({@link #write}), their per-conversation
 * sequence, the look-up by client id, history pages and windows. The other methods run on the
 * client they are given (the pool, or a transaction's connection); failures are the driver's, so
 * a unique violation can still be told apart.
 */
final class MessageRepository {

  /** The columns {@link #MESSAGE} reads, of {@code messages m LEFT JOIN accounts a ON a.id = m.sender_id}. */
  static final String COLUMNS = "m.id, m.conversation_id, m.seq, m.sender_id, m.client_id, m.kind, m.body, m.created_at, a.display_name, "
      + "m.app_id, m.app_name, m.card, m.edited, m.extras, m.deleted_at, m.edited_at, a.kind AS sender_account_kind";
  private static final String FROM = " FROM messages m LEFT JOIN accounts a ON a.id = m.sender_id ";

  private static final Statement NEXT_SEQ = sql(
      "UPDATE conversations SET last_seq = last_seq + 1, updated_at = #{now} WHERE id = #{conversationId}");
  private static final Statement LAST_SEQ = sql("SELECT last_seq FROM conversations WHERE id = #{conversationId}");
  private static final Statement INSERT = sql(
      "INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, kind, body, created_at, app_id, app_name, "
          + "card, edited, extras) VALUES (#{id}, #{conversationId}, #{seq}, #{senderId}, #{clientId}, #{kind}, #{body}, "
          + "#{createdAt}, #{appId}, #{appName}, #{card}, #{edited}, #{extras})");
  /** The group commit's insert: a duplicate (sender, client id), or a taken seq, is turned away, not an error. */
  private static final Statement INSERT_NEW = sql(
      "INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, kind, body, created_at, app_id, app_name, "
          + "card, edited, extras) VALUES (#{id}, #{conversationId}, #{seq}, #{senderId}, #{clientId}, #{kind}, #{body}, "
          + "#{createdAt}, #{appId}, #{appName}, #{card}, #{edited}, #{extras}) ON CONFLICT DO NOTHING");
  /**
   * Which message carries which attachment ({@code extras.attachments[].id}), in the message's own
   * transaction: access to an attachment is then one query, and a message turned away grants nothing.
   */
  private static final Statement INSERT_ATTACHMENT_REF = sql(
      "INSERT INTO message_attachments (message_id, attachment_id, conversation_id, seq) "
          + "VALUES (#{messageId}, #{attachmentId}, #{conversationId}, #{seq})");
  private static final Statement SET_LAST_SEQ = sql(
      "UPDATE conversations SET last_seq = #{seq}, updated_at = #{now} WHERE id = #{conversationId}");
  private static final Statement SET_SENDER_READ = sql("UPDATE conversation_members SET last_read_seq = #{seq} "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId}");
  private static final Statement LAST_SEQS = sql("SELECT id, last_seq FROM conversations WHERE id = ANY(#{ids})");
  /**
   * A group commit's first statement on PostgreSQL: the batch's conversations locked (in id order,
   * so two writers never wait on each other in a cycle) and where each ends now.
   */
  private static final Statement LOCK_SEQS = sql(
      "SELECT id, last_seq FROM conversations WHERE id = ANY(#{ids}) ORDER BY id FOR UPDATE");
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

  /** The text a message had before an edit, kept as its history (only a person's own live text message). */
  private static final Statement KEEP_TEXT = sql("INSERT INTO message_edits (id, message_id, edited_at, body) "
      + "SELECT CAST(#{historyId} AS VARCHAR(32)), m.id, CAST(#{now} AS BIGINT), m.body FROM messages m "
      + "WHERE m.id = #{id} AND m.conversation_id = #{conversationId} AND m.sender_id = #{senderId} "
      + "AND m.kind = 'text' AND m.deleted_at IS NULL");
  private static final Statement UPDATE_TEXT = sql("UPDATE messages SET body = #{text}, edited = edited + 1, "
      + "edited_at = #{now} WHERE id = #{id} AND conversation_id = #{conversationId} AND sender_id = #{senderId} "
      + "AND kind = 'text' AND deleted_at IS NULL");
  /** Deleted for everyone: the text, extras and card are gone from the row; edited_at tells the search index. */
  private static final Statement TOMBSTONE = sql("UPDATE messages SET body = '', extras = NULL, card = NULL, "
      + "deleted_at = #{now}, edited_at = #{now} WHERE id = #{id} AND conversation_id = #{conversationId} "
      + "AND deleted_at IS NULL");
  private static final Statement FORGET_EDITS = sql("DELETE FROM message_edits WHERE message_id = #{id}");
  private static final Statement FORGET_REACTIONS = sql("DELETE FROM message_reactions WHERE message_id = #{id}");

  /** Reads a row of {@link #COLUMNS}. */
  static final RowMapper<Message> MESSAGE = MessageRepository::message;

  /** Where a message stands in its conversation: its seq, and the conversation's last. */
  record Position(long seq, long lastSeq) {
  }

  /** Where a conversation's messages now end, and when it was last active. */
  record SeqMark(String conversationId, long lastSeq, long now) {
  }

  /** A sender's read marker, moved to their own newest message. */
  record ReadMark(String conversationId, String accountId, long seq) {
  }

  /** A card's replacement (its text too, unless {@code text} is empty), by the app that posted it. */
  record CardEdit(String conversationId, String messageId, String appId, JsonObject card, String text, long now) {
  }

  /** A person's edit of their own text message; its old text goes to the history as {@code historyId}. */
  record TextEdit(String conversationId, String messageId, String senderId, String text, String historyId, long now) {
  }

  /** A message deleted for everyone: it becomes a tombstone, its history and reactions go. */
  record Tombstone(String conversationId, String messageId, long now) {
  }

  /** The writes of one group commit, in the order they are made. */
  record Batch(List<Message> inserts, List<SeqMark> ends, List<ReadMark> reads, List<CardEdit> edits,
      List<TextEdit> textEdits, List<Tombstone> tombstones) {

    Batch(List<Message> inserts, List<SeqMark> ends, List<ReadMark> reads, List<CardEdit> edits) {
      this(inserts, ends, reads, edits, List.of(), List.of());
    }
  }

  /**
   * What a group commit did. When a unique constraint turned inserts away (their indexes in
   * {@code turnedAway}: a resent client id, or a seq another writer took), the transaction was
   * rolled back and nothing was written; otherwise it committed, and {@code edited} says which card
   * edits found their card.
   */
  record Outcome(List<Integer> turnedAway, List<Boolean> edited, List<Boolean> textEdited, List<Boolean> removed,
      List<Message> written) {
    Outcome(List<Integer> turnedAway, List<Boolean> edited) {
      this(turnedAway, edited, List.of(), List.of(), List.of());
    }

    boolean committed() {
      return turnedAway.isEmpty();
    }
  }

  /** Thrown inside a group commit's transaction to roll it back when inserts were turned away. */
  private static final class TurnedAway extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Integer> indexes;

    TurnedAway(List<Integer> indexes) {
      super("inserts turned away by a unique constraint: " + indexes, null, false, false);
      this.indexes = indexes;
    }
  }

  /**
   * Writes a group commit in one transaction: the inserts, then where each conversation ends, the
   * senders' read markers and the card edits, each kind as one batch. On H2 the whole transaction
   * is one blocking hop of plain JDBC; on PostgreSQL the batches are pipelined on one connection.
   * Fails as the driver failed (a foreign key, the database down): then nothing was written.
   */
  Future<Outcome> write(Database db, Batch batch) {
    Future<Outcome> written = db.kind() == Database.Kind.H2
        ? db.blockingTransaction(connection -> writeJdbc(connection, batch))
        : db.pool().withTransaction(tx -> writePipelined(tx, batch));
    return written.recover(failure -> failure instanceof TurnedAway away
        ? Future.succeededFuture(new Outcome(away.indexes, List.of()))
        : Future.failedFuture(failure));
  }

  private static Outcome writeJdbc(Connection connection, Batch batch) throws SQLException {
    List<Integer> away = turnedAway(INSERT_NEW.batch(connection, insertParams(batch.inserts())));
    if (!away.isEmpty()) {
      throw new TurnedAway(away);
    }
    INSERT_ATTACHMENT_REF.batch(connection, attachmentRefParams(batch.inserts()));
    SET_LAST_SEQ.batch(connection, endParams(batch.ends()));
    SET_SENDER_READ.batch(connection, readParams(batch.reads()));
    List<Boolean> cards = found(UPDATE_CARD.batch(connection, editParams(batch.edits())));
    KEEP_TEXT.batch(connection, textParams(batch.textEdits()));
    List<Boolean> texts = found(UPDATE_TEXT.batch(connection, textParams(batch.textEdits())));
    List<Boolean> removed = found(TOMBSTONE.batch(connection, tombstoneParams(batch.tombstones())));
    FORGET_EDITS.batch(connection, tombstoneParams(batch.tombstones()));
    FORGET_REACTIONS.batch(connection, tombstoneParams(batch.tombstones()));
    return new Outcome(List.of(), cards, texts, removed, batch.inserts());
  }

  /**
   * On PostgreSQL the batch's conversations are locked first and its seqs moved to follow where each
   * conversation ends now: another node may have written since this node last looked (issue 23). The
   * lock is held to the commit, so writers of one conversation on any node take turns, commit in seq
   * order and never turn each other's inserts away.
   */
  private static Future<Outcome> writePipelined(SqlConnection tx, Batch planned) {
    Set<String> ids = new LinkedHashSet<>();
    planned.inserts().forEach(m -> ids.add(m.conversationId()));
    if (ids.isEmpty()) {
      return writePipelinedAt(tx, planned);
    }
    return LOCK_SEQS.list(tx, params("ids", ids.toArray(String[]::new)),
        row -> Map.entry(row.getString("id"), row.getLong("last_seq")))
        .compose(rows -> writePipelinedAt(tx, renumbered(planned, rows)));
  }

  /** The batch with each conversation's seqs shifted to start right after its locked {@code last_seq}. */
  static Batch renumbered(Batch planned, List<Map.Entry<String, Long>> lastSeqs) {
    Map<String, Long> firsts = new HashMap<>();
    planned.inserts().forEach(m -> firsts.merge(m.conversationId(), m.seq(), Math::min));
    Map<String, Long> shift = new HashMap<>();
    for (Map.Entry<String, Long> e : lastSeqs) {
      Long first = firsts.get(e.getKey());
      if (first != null && first != e.getValue() + 1) {
        shift.put(e.getKey(), e.getValue() + 1 - first);
      }
    }
    if (shift.isEmpty()) {
      return planned;
    }
    return new Batch(
        planned.inserts().stream().map(m -> m.withSeq(m.seq() + shift.getOrDefault(m.conversationId(), 0L))).toList(),
        planned.ends().stream().map(e -> new SeqMark(e.conversationId(),
            e.lastSeq() + shift.getOrDefault(e.conversationId(), 0L), e.now())).toList(),
        planned.reads().stream().map(r -> new ReadMark(r.conversationId(), r.accountId(),
            r.seq() + shift.getOrDefault(r.conversationId(), 0L))).toList(),
        planned.edits(), planned.textEdits(), planned.tombstones());
  }

  private static Future<Outcome> writePipelinedAt(SqlConnection tx, Batch batch) {
    Future<int[]> inserted = INSERT_NEW.batchCounts(tx, insertParams(batch.inserts())).map(MessageRepository::ints);
    Future<int[]> ends = SET_LAST_SEQ.batchCounts(tx, endParams(batch.ends())).map(MessageRepository::ints);
    Future<int[]> reads = SET_SENDER_READ.batchCounts(tx, readParams(batch.reads())).map(MessageRepository::ints);
    Future<int[]> edited = UPDATE_CARD.batchCounts(tx, editParams(batch.edits())).map(MessageRepository::ints);
    // Pipelined in this order on one connection: the old text is kept before it is replaced.
    Future<int[]> kept = KEEP_TEXT.batchCounts(tx, textParams(batch.textEdits())).map(MessageRepository::ints);
    Future<int[]> texts = UPDATE_TEXT.batchCounts(tx, textParams(batch.textEdits())).map(MessageRepository::ints);
    Future<int[]> removed = TOMBSTONE.batchCounts(tx, tombstoneParams(batch.tombstones()))
        .map(MessageRepository::ints);
    Future<int[]> forgotten = FORGET_EDITS.batchCounts(tx, tombstoneParams(batch.tombstones()))
        .map(MessageRepository::ints);
    Future<int[]> unreacted = FORGET_REACTIONS.batchCounts(tx, tombstoneParams(batch.tombstones()))
        .map(MessageRepository::ints);
    return Future.all(List.of(inserted, ends, reads, edited, kept, texts, removed, forgotten, unreacted))
        .compose(all -> {
          List<Integer> away = turnedAway(inserted.result());
          if (!away.isEmpty()) {
            return Future.failedFuture(new TurnedAway(away));
          }
          // The attachments' references only for inserts that were not turned away: all of them here.
          List<Map<String, Object>> refs = attachmentRefParams(batch.inserts());
          return (refs.isEmpty() ? Future.<Void>succeededFuture() : INSERT_ATTACHMENT_REF.batch(tx, refs))
              .map(v -> new Outcome(List.of(), found(edited.result()), found(texts.result()),
                  found(removed.result()), batch.inserts()));
        });
  }

  private static int[] ints(List<Integer> counts) {
    return counts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static List<Integer> turnedAway(int[] counts) {
    List<Integer> away = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        away.add(i);
      }
    }
    return away;
  }

  private static List<Boolean> found(int[] counts) {
    List<Boolean> found = new ArrayList<>(counts.length);
    for (int count : counts) {
      found.add(count != 0);
    }
    return found;
  }

  private static List<Map<String, Object>> insertParams(List<Message> inserts) {
    return inserts.stream().map(MessageRepository::insertParams).toList();
  }

  private static Map<String, Object> insertParams(Message m) {
    return params("id", m.id(), "conversationId", m.conversationId(), "seq", m.seq(),
        "senderId", m.senderId().orElse(null), "clientId", m.clientId().orElse(null), "kind", m.kind(),
        "body", m.text(), "createdAt", m.createdAt().toEpochMilli(),
        "appId", m.app().map(Message.AppLabel::id).orElse(null),
        "appName", m.app().map(Message.AppLabel::name).orElse(null),
        "card", m.card().map(JsonObject::encode).orElse(null), "edited", m.edited(),
        "extras", m.extras().isEmpty() ? null : m.extras().encode());
  }

  private static List<Map<String, Object>> attachmentRefParams(List<Message> inserts) {
    List<Map<String, Object>> refs = new ArrayList<>();
    for (Message m : inserts) {
      if (m.extras().getValue("attachments") instanceof io.vertx.core.json.JsonArray attachments) {
        for (Object a : attachments) {
          if (a instanceof JsonObject attachment && attachment.getValue("id") instanceof String id) {
            refs.add(params("messageId", m.id(), "attachmentId", id, "conversationId", m.conversationId(),
                "seq", m.seq()));
          }
        }
      }
    }
    return refs;
  }

  private static List<Map<String, Object>> endParams(List<SeqMark> ends) {
    return ends.stream()
        .map(e -> params("seq", e.lastSeq(), "now", e.now(), "conversationId", e.conversationId())).toList();
  }

  private static List<Map<String, Object>> readParams(List<ReadMark> reads) {
    return reads.stream()
        .map(r -> params("seq", r.seq(), "conversationId", r.conversationId(), "accountId", r.accountId())).toList();
  }

  private static List<Map<String, Object>> editParams(List<CardEdit> edits) {
    return edits.stream().map(e -> params("card", e.card().encode(), "text", e.text(), "now", e.now(),
        "id", e.messageId(), "conversationId", e.conversationId(), "appId", e.appId())).toList();
  }

  private static List<Map<String, Object>> textParams(List<TextEdit> edits) {
    return edits.stream().map(e -> params("historyId", e.historyId(), "text", e.text(), "now", e.now(),
        "id", e.messageId(), "conversationId", e.conversationId(), "senderId", e.senderId())).toList();
  }

  private static List<Map<String, Object>> tombstoneParams(List<Tombstone> tombstones) {
    return tombstones.stream()
        .map(t -> params("now", t.now(), "id", t.messageId(), "conversationId", t.conversationId())).toList();
  }

  /** The last seq of each of these conversations (none for a conversation that does not exist): one query. */
  Future<Map<String, Long>> lastSeqs(SqlClient client, Collection<String> conversationIds) {
    if (conversationIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return LAST_SEQS.list(client, params("ids", conversationIds.toArray(String[]::new)),
        row -> Map.entry(row.getString("id"), row.getLong("last_seq"))).map(rows -> {
          Map<String, Long> out = new HashMap<>();
          rows.forEach(e -> out.put(e.getKey(), e.getValue()));
          return out;
        });
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

  /** Inserts one message, whatever its kind: one statement (a group's first message, in its creation). */
  Future<Void> insert(SqlClient client, Message m) {
    return INSERT.update(client, insertParams(m)).mapEmpty();
  }

  private static final Statement SENDER_KINDS = sql("SELECT m.id, m.sender_id, a.kind FROM messages m "
      + "LEFT JOIN accounts a ON a.id = m.sender_id WHERE m.id = ANY(#{ids})");

  /** Who wrote each of these messages ({@code person}, {@code bot}, {@code system}), by message id (issue 21). */
  Future<Map<String, String>> senderKinds(SqlClient client, List<String> messageIds) {
    if (messageIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return SENDER_KINDS.list(client, params("ids", messageIds.toArray(String[]::new)),
        row -> Map.entry(row.getString("id"), row.getString("sender_id") == null
            ? "system"
            : Message.BOT.equals(row.getString("kind")) ? Message.BOT : "person"))
        .map(list -> {
          Map<String, String> out = new HashMap<>();
          list.forEach(e -> out.put(e.getKey(), e.getValue()));
          return out;
        });
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

  /** A bot's message is one because its sender is a bot account, whatever the row's extras say (issue 21). */
  private static JsonObject senderKind(Row row, JsonObject extras) {
    if (Message.BOT.equals(row.getString("sender_account_kind"))) {
      extras.put("senderKind", Message.BOT);
    } else {
      extras.remove("senderKind");
    }
    return extras;
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
        row.getInteger("edited") == null ? 0 : row.getInteger("edited"),
        senderKind(row, Optional.ofNullable(row.getString("extras")).map(JsonObject::new).orElseGet(JsonObject::new)),
        Optional.ofNullable(row.getLong("deleted_at")).map(Instant::ofEpochMilli),
        Optional.ofNullable(row.getLong("edited_at")).map(Instant::ofEpochMilli));
  }
}
