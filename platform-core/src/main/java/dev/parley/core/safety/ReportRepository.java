package dev.parley.core.safety;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code reports} and of the accounts' {@code suspended_at}. */
final class ReportRepository {

  private static final Statement INSERT = sql("INSERT INTO reports (id, reporter_id, subject_id, conversation_id, "
      + "reason, details, evidence, status, created_at) VALUES (#{id}, #{reporter}, #{subject}, #{conversation}, "
      + "#{reason}, #{details}, #{evidence}, 'open', #{at})");
  private static final String SELECT = "SELECT r.id, r.reporter_id, r.subject_id, r.conversation_id, r.reason, "
      + "r.details, r.evidence, r.status, r.created_at, r.handled_by, r.handled_at, r.note, "
      + "ra.username AS reporter_username, ra.display_name AS reporter_name, "
      + "sa.username AS subject_username, sa.display_name AS subject_name, sa.suspended_at AS subject_suspended_at "
      + "FROM reports r JOIN accounts ra ON ra.id = r.reporter_id JOIN accounts sa ON sa.id = r.subject_id ";
  private static final Statement QUEUE = sql(SELECT
      + "WHERE r.status = #{status} ORDER BY r.created_at, r.id LIMIT #{limit}");
  private static final Statement ONE = sql(SELECT + "WHERE r.id = #{id}");
  private static final Statement CLOSE = sql("UPDATE reports SET status = #{status}, handled_by = #{by}, "
      + "handled_at = #{at}, note = #{note} WHERE id = #{id} AND status = 'open'");
  private static final Statement SUSPEND = sql(
      "UPDATE accounts SET suspended_at = #{at} WHERE id = #{id} AND suspended_at IS NULL");
  private static final Statement RESTORE = sql(
      "UPDATE accounts SET suspended_at = NULL WHERE id = #{id} AND suspended_at IS NOT NULL");
  private static final Statement SUSPENDED = sql("SELECT id, username, display_name, suspended_at FROM accounts "
      + "WHERE suspended_at IS NOT NULL ORDER BY suspended_at DESC, id LIMIT #{limit}");

  Future<Void> insert(SqlClient client, String id, String reporter, String subject, Optional<String> conversation,
      String reason, Optional<String> details, JsonArray evidence, long at) {
    return INSERT.update(client, params("id", id, "reporter", reporter, "subject", subject, "conversation",
        conversation.orElse(null), "reason", reason, "details", details.orElse(null), "evidence", evidence.encode(),
        "at", at)).mapEmpty();
  }

  /** Reports of a status, oldest first. */
  Future<List<JsonObject>> queue(SqlClient client, String status, int limit) {
    return QUEUE.list(client, params("status", status, "limit", limit), ReportRepository::json);
  }

  Future<Optional<JsonObject>> find(SqlClient client, String id) {
    return ONE.first(client, params("id", id), ReportRepository::json);
  }

  /** Closes an open report; false when it is not open (or not there). */
  Future<Boolean> close(SqlClient client, String id, String status, String by, long at, Optional<String> note) {
    return CLOSE.update(client, params("id", id, "status", status, "by", by, "at", at, "note", note.orElse(null)))
        .map(n -> n > 0);
  }

  /** Marks an account suspended; false when it already was. */
  Future<Boolean> suspend(SqlClient client, String accountId, long at) {
    return SUSPEND.update(client, params("id", accountId, "at", at)).map(n -> n > 0);
  }

  /** Lifts a suspension; false when there was none. */
  Future<Boolean> restore(SqlClient client, String accountId) {
    return RESTORE.update(client, params("id", accountId)).map(n -> n > 0);
  }

  /** Suspended accounts, most recently suspended first. */
  Future<List<JsonObject>> suspended(SqlClient client, int limit) {
    return SUSPENDED.list(client, params("limit", limit), r -> new JsonObject().put("id", r.getString("id"))
        .put("username", r.getString("username")).put("displayName", r.getString("display_name"))
        .put("suspendedAt", Instant.ofEpochMilli(r.getLong("suspended_at")).toString()));
  }

  private static JsonObject json(Row r) {
    Long handledAt = r.getLong("handled_at");
    Long suspendedAt = r.getLong("subject_suspended_at");
    return new JsonObject().put("id", r.getString("id"))
        .put("reporter", new JsonObject().put("id", r.getString("reporter_id"))
            .put("username", r.getString("reporter_username")).put("displayName", r.getString("reporter_name")))
        .put("subject", new JsonObject().put("id", r.getString("subject_id"))
            .put("username", r.getString("subject_username")).put("displayName", r.getString("subject_name"))
            .put("suspendedAt", suspendedAt == null ? null : Instant.ofEpochMilli(suspendedAt).toString()))
        .put("conversationId", r.getString("conversation_id"))
        .put("reason", r.getString("reason"))
        .put("details", r.getString("details"))
        .put("evidence", new JsonArray(r.getString("evidence")))
        .put("status", r.getString("status"))
        .put("createdAt", Instant.ofEpochMilli(r.getLong("created_at")).toString())
        .put("handledBy", r.getString("handled_by"))
        .put("handledAt", handledAt == null ? null : Instant.ofEpochMilli(handledAt).toString())
        .put("note", r.getString("note"));
  }
}
