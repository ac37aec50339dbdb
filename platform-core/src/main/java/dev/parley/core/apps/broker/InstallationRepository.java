package dev.parley.core.apps.broker;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.apps.broker.Installations.Installed;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of installations (apps in conversations) and of each user's pinned apps. */
final class InstallationRepository {

  private static final Statement IN_CONVERSATION = sql(
      "SELECT app_id, installed_by, installed_at FROM conversation_apps "
          + "WHERE conversation_id = #{conversationId} ORDER BY installed_at, app_id");
  private static final Statement FOR_MEMBER = sql("SELECT ca.app_id, ca.conversation_id FROM conversation_apps ca "
      + "JOIN conversation_members cm ON cm.conversation_id = ca.conversation_id AND cm.account_id = #{accountId} "
      + "JOIN conversations c ON c.id = ca.conversation_id ORDER BY c.updated_at DESC, c.id, ca.installed_at");
  private static final Statement INSERT = sql("INSERT INTO conversation_apps (conversation_id, app_id, installed_by, "
      + "installed_at) VALUES (#{conversationId}, #{appId}, #{installedBy}, #{installedAt})");
  private static final Statement DELETE = sql(
      "DELETE FROM conversation_apps WHERE conversation_id = #{conversationId} AND app_id = #{appId}");

  private static final Statement PINS = sql(
      "SELECT app_id FROM app_pins WHERE account_id = #{accountId} ORDER BY pinned_at, app_id");
  private static final Statement PIN = sql("INSERT INTO app_pins (account_id, app_id, pinned_at) "
      + "SELECT #{accountId}, #{appId}, #{pinnedAt} WHERE NOT EXISTS "
      + "(SELECT 1 FROM app_pins WHERE account_id = #{accountId} AND app_id = #{appId})");
  private static final Statement UNPIN = sql(
      "DELETE FROM app_pins WHERE account_id = #{accountId} AND app_id = #{appId}");

  /** The apps installed in a conversation, in installation order. */
  Future<Map<String, Installed>> installed(SqlClient client, String conversationId) {
    return IN_CONVERSATION.list(client, params("conversationId", conversationId), r -> new Installed(
        r.getString("app_id"), r.getString("installed_by"), Instant.ofEpochMilli(r.getLong("installed_at"))))
        .map(list -> {
          Map<String, Installed> out = new LinkedHashMap<>();
          list.forEach(i -> out.put(i.appId(), i));
          return Collections.unmodifiableMap(out);
        });
  }

  /**
   * Every app installed in a conversation the account is a member of, with the one of those
   * conversations that saw the latest activity.
   */
  Future<Map<String, String>> installedFor(SqlClient client, String accountId) {
    return FOR_MEMBER.list(client, params("accountId", accountId),
        r -> Map.entry(r.getString("app_id"), r.getString("conversation_id"))).map(rows -> {
          Map<String, String> out = new LinkedHashMap<>();
          rows.forEach(e -> out.putIfAbsent(e.getKey(), e.getValue()));
          return out;
        });
  }

  /** Installs an app; fails with a unique violation when it is installed already. */
  Future<Void> insert(SqlClient client, String conversationId, String appId, String installedBy, long installedAt) {
    return INSERT.update(client, params("conversationId", conversationId, "appId", appId, "installedBy", installedBy,
        "installedAt", installedAt)).mapEmpty();
  }

  /** Uninstalls an app; false when it was not installed. */
  Future<Boolean> delete(SqlClient client, String conversationId, String appId) {
    return DELETE.update(client, params("conversationId", conversationId, "appId", appId)).map(n -> n > 0);
  }

  /** The user's pinned app ids, oldest pin first. */
  Future<List<String>> pins(SqlClient client, String accountId) {
    return PINS.list(client, params("accountId", accountId), r -> r.getString("app_id"));
  }

  /** Pins an app unless it is pinned (a concurrent pin can still fail with a unique violation). */
  Future<Void> pin(SqlClient client, String accountId, String appId, long pinnedAt) {
    return PIN.update(client, params("accountId", accountId, "appId", appId, "pinnedAt", pinnedAt)).mapEmpty();
  }

  Future<Void> unpin(SqlClient client, String accountId, String appId) {
    return UNPIN.update(client, params("accountId", accountId, "appId", appId)).mapEmpty();
  }
}
