package dev.parley.core.apps.registry;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of apps' daily usage counts and recent log lines. */
final class UsageRepository {

  /** One day's counts of an app. */
  record Day(String day, long launches, long invocations, long errors) {
  }

  private static final Statement ADD = Statement.sql("UPDATE app_usage_daily SET launches = launches + #{launches}, "
      + "invocations = invocations + #{invocations}, errors = errors + #{errors} "
      + "WHERE app_id = #{appId} AND usage_day = #{day}");
  private static final Statement INSERT_DAY = Statement.sql("INSERT INTO app_usage_daily (app_id, usage_day, "
      + "launches, invocations, errors) VALUES (#{appId}, #{day}, #{launches}, #{invocations}, #{errors})");
  private static final Statement DAYS = Statement.sql("SELECT usage_day, launches, invocations, errors "
      + "FROM app_usage_daily WHERE app_id = #{appId} ORDER BY usage_day DESC");
  private static final Statement INSERT_LINE = Statement.sql("INSERT INTO app_logs (id, app_id, version, at, level, "
      + "text, request_id) VALUES (#{id}, #{appId}, #{version}, #{at}, #{level}, #{text}, #{requestId})");
  private static final Statement TRIM = Statement.sql("DELETE FROM app_logs WHERE app_id = #{appId} AND at < "
      + "COALESCE((SELECT at FROM app_logs WHERE app_id = #{kept} ORDER BY at DESC LIMIT 1 OFFSET "
      + (UsageLog.KEPT_LINES - 1) + "), 0)");
  private static final String LINES = "SELECT at, version, level, text, request_id FROM app_logs WHERE app_id = #{appId}";
  private static final String OF_LEVEL = " AND level = #{level}";
  private static final String NEWEST = " ORDER BY at DESC, id DESC LIMIT #{limit}";

  private static final RowMapper<Day> DAY = row -> new Day(row.getString("usage_day"), row.getLong("launches"),
      row.getLong("invocations"), row.getLong("errors"));
  private static final RowMapper<JsonObject> LINE = row -> new JsonObject()
      .put("at", Instant.ofEpochMilli(row.getLong("at")).toString()).put("version", row.getString("version"))
      .put("level", row.getString("level")).put("text", row.getString("text"))
      .put("requestId", row.getString("request_id"));

  private UsageRepository() {
  }

  /** Adds to an existing day's row; answers whether there was one. */
  static Future<Boolean> add(SqlClient client, String appId, String day, long launches, long invocations,
      long errors) {
    return ADD.update(client, counts(appId, day, launches, invocations, errors)).map(n -> n > 0);
  }

  /** Inserts a day's row; fails with the driver's unique violation when another node did first. */
  static Future<Void> insertDay(SqlClient client, String appId, String day, long launches, long invocations,
      long errors) {
    return INSERT_DAY.update(client, counts(appId, day, launches, invocations, errors)).mapEmpty();
  }

  private static Map<String, Object> counts(String appId, String day, long launches, long invocations, long errors) {
    return params("appId", appId, "day", day, "launches", launches, "invocations", invocations, "errors", errors);
  }

  /** An app's days, newest first. */
  static Future<List<Day>> days(SqlClient client, String appId) {
    return DAYS.list(client, params("appId", appId), DAY);
  }

  static Future<Void> insertLine(SqlClient client, String id, String appId, Optional<String> version, long at,
      String level, String text, Optional<String> requestId) {
    return INSERT_LINE.update(client, params("id", id, "appId", appId, "version", version.orElse(null), "at", at,
        "level", level, "text", text, "requestId", requestId.orElse(null))).mapEmpty();
  }

  /** Deletes an app's lines older than the newest {@link UsageLog#KEPT_LINES}. */
  static Future<Void> trim(SqlClient client, String appId) {
    return TRIM.update(client, params("appId", appId, "kept", appId)).mapEmpty();
  }

  /** An app's latest lines (of one level, if given), newest first, as the developer API shows them. */
  static Future<List<JsonObject>> lines(SqlClient client, String appId, Optional<String> level, int limit) {
    Map<String, Object> args = new HashMap<>();
    args.put("appId", appId);
    args.put("limit", limit);
    level.ifPresent(l -> args.put("level", l));
    String sql = LINES + (level.isPresent() ? OF_LEVEL : "") + NEWEST;
    return Statement.sql(sql).list(client, args, LINE);
  }
}
