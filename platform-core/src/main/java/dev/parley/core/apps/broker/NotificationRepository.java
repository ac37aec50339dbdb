package dev.parley.core.apps.broker;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;

/** The SQL of apps' notifications to their users ({@code notifications}). */
final class NotificationRepository {

  private static final Statement INSERT = sql("INSERT INTO notifications (id, account_id, app_id, text, created_at) "
      + "VALUES (#{id}, #{account}, #{app}, #{text}, #{at})");
  private static final Statement LATEST = sql(
      "SELECT n.id, n.app_id, n.text, n.created_at, a.name FROM notifications n "
          + "JOIN apps a ON a.id = n.app_id WHERE n.account_id = #{account} ORDER BY n.created_at DESC LIMIT #{limit}");

  private NotificationRepository() {
  }

  static Future<Integer> insert(SqlClient client, String id, String accountId, String appId, String text, long at) {
    return INSERT.update(client, params("id", id, "account", accountId, "app", appId, "text", text, "at", at));
  }

  /** A user's newest {@code limit} notifications, newest first, as the API shows them. */
  static Future<JsonArray> latest(SqlClient client, String accountId, int limit) {
    return LATEST.list(client, params("account", accountId, "limit", limit), r -> new JsonObject()
        .put("id", r.getString("id"))
        .put("app", new JsonObject().put("id", r.getString("app_id")).put("name", r.getString("name")))
        .put("text", r.getString("text"))
        .put("createdAt", Instant.ofEpochMilli(r.getLong("created_at")).toString())).map(JsonArray::new);
  }
}
