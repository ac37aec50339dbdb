package dev.parley.core.apps.permissions;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.apps.permissions.Consents.Decision;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of consents: each user's decision per app and permission. */
final class ConsentRepository {

  private static final Statement OF_APP = sql("SELECT permission, granted FROM consents "
      + "WHERE account_id = #{accountId} AND app_id = #{appId}");
  private static final Statement ALL = sql("SELECT app_id, permission, granted, granted_at FROM consents "
      + "WHERE account_id = #{accountId} ORDER BY app_id, permission");
  private static final Statement UPDATE = sql("UPDATE consents SET granted = #{granted}, granted_at = #{at} "
      + "WHERE account_id = #{accountId} AND app_id = #{appId} AND permission = #{permission}");
  private static final Statement INSERT = sql(
      "INSERT INTO consents (account_id, app_id, permission, granted, granted_at) "
          + "VALUES (#{accountId}, #{appId}, #{permission}, #{granted}, #{at})");
  private static final Statement REVOKE_ALL = sql("UPDATE consents SET granted = FALSE, granted_at = #{at} "
      + "WHERE account_id = #{accountId} AND app_id = #{appId}");

  /** A user's decisions about one app: permission name → granted (true) or revoked (false). */
  Future<Map<String, Boolean>> decisions(SqlClient client, String accountId, String appId) {
    return OF_APP.list(client, params("accountId", accountId, "appId", appId),
        r -> Map.entry(r.getString("permission"), r.getBoolean("granted"))).map(rows -> {
          Map<String, Boolean> out = new LinkedHashMap<>();
          rows.forEach(e -> out.put(e.getKey(), e.getValue()));
          return Map.copyOf(out);
        });
  }

  /** Every decision of a user, by app and permission. */
  Future<List<Decision>> all(SqlClient client, String accountId) {
    return ALL.list(client, params("accountId", accountId), r -> new Decision(r.getString("app_id"),
        r.getString("permission"), r.getBoolean("granted"), Instant.ofEpochMilli(r.getLong("granted_at"))));
  }

  /**
   * Records a decision: updates the one there is, else inserts it (two statements; run it in a
   * transaction).
   */
  Future<Void> save(SqlClient client, String accountId, String appId, String permission, boolean granted, long at) {
    Map<String, Object> p = params("accountId", accountId, "appId", appId, "permission", permission,
        "granted", granted, "at", at);
    return UPDATE.update(client, p)
        .compose(n -> n > 0 ? Future.<Void>succeededFuture() : INSERT.update(client, p).mapEmpty());
  }

  /** Revokes every permission of the app the user decided about. */
  Future<Void> revokeAll(SqlClient client, String accountId, String appId, long at) {
    return REVOKE_ALL.update(client, params("accountId", accountId, "appId", appId, "at", at)).mapEmpty();
  }
}
