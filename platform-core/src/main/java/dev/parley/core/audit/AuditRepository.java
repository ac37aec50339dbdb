package dev.parley.core.audit;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The audit log's SQL: appending entries and reading them through a filter. */
final class AuditRepository {

  private static final String COLUMNS = "id, at, actor_id, actor_name, action, target_type, target_id, app_id, reason, detail, address";

  private static final Statement INSERT = Statement.sql("INSERT INTO audit_log (" + COLUMNS + ") VALUES (#{id}, #{at}, "
      + "#{actorId}, #{actorName}, #{action}, #{targetType}, #{targetId}, #{appId}, #{reason}, #{detail}, #{address})");

  /** The filter's conditions: fixed fragments, each chosen when its value is given. */
  private static final String SELECT = "SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1";
  private static final String BY_ACTION = " AND action = #{action}";
  private static final String BY_ACTOR = " AND (actor_id = #{actorId} OR actor_name = #{actorName})";
  private static final String BY_APP = " AND app_id = #{appId}";
  private static final String FROM = " AND at >= #{from}";
  private static final String TO = " AND at <= #{to}";
  private static final String BEFORE = " AND (at < #{beforeAt} OR (at = #{atBefore} AND id < #{beforeId}))";
  private static final String PAGE = " ORDER BY at DESC, id DESC LIMIT #{limit}";

  static final RowMapper<AuditEntry> ENTRY = row -> new AuditEntry(row.getString("id"),
      Instant.ofEpochMilli(row.getLong("at")), Optional.ofNullable(row.getString("actor_id")),
      Optional.ofNullable(row.getString("actor_name")), row.getString("action"), row.getString("target_type"),
      row.getString("target_id"), Optional.ofNullable(row.getString("app_id")),
      Optional.ofNullable(row.getString("reason")), new JsonObject(row.getString("detail")),
      Optional.ofNullable(row.getString("address")));

  private AuditRepository() {
  }

  /** Writes one entry as it is (the caller has truncated what must fit). */
  static Future<Void> insert(SqlClient client, AuditEntry entry, String targetId) {
    return INSERT.update(client, params("id", entry.id(), "at", entry.at().toEpochMilli(),
        "actorId", entry.actorId().orElse(null), "actorName", entry.actorName().orElse(null),
        "action", entry.action(), "targetType", entry.targetType(), "targetId", targetId,
        "appId", entry.appId().orElse(null), "reason", entry.reason().orElse(null), "detail", entry.detail().encode(),
        "address", entry.address().orElse(null))).mapEmpty();
  }

  /**
   * Entries matching the filter, newest first, at most {@code rows} of them, after the cursor of
   * the previous page if given.
   */
  static Future<List<AuditEntry>> read(SqlClient client, AuditFilter filter, Optional<AuditLog.Cursor> before,
      int rows) {
    StringBuilder sql = new StringBuilder(SELECT);
    Map<String, Object> args = new HashMap<>();
    filter.action().ifPresent(a -> {
      sql.append(BY_ACTION);
      args.put("action", a);
    });
    filter.actor().ifPresent(a -> {
      sql.append(BY_ACTOR);
      args.put("actorId", a);
      args.put("actorName", a.toLowerCase(Locale.ROOT));
    });
    filter.appId().ifPresent(a -> {
      sql.append(BY_APP);
      args.put("appId", a);
    });
    filter.from().ifPresent(t -> {
      sql.append(FROM);
      args.put("from", t.toEpochMilli());
    });
    filter.to().ifPresent(t -> {
      sql.append(TO);
      args.put("to", t.toEpochMilli());
    });
    before.ifPresent(c -> {
      sql.append(BEFORE);
      args.put("beforeAt", c.at());
      args.put("atBefore", c.at());
      args.put("beforeId", c.id());
    });
    sql.append(PAGE);
    args.put("limit", rows);
    return Statement.sql(sql.toString()).list(client, args, ENTRY);
  }
}
