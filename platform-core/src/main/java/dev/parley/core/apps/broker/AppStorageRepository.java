package dev.parley.core.apps.broker;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Optional;

/** The SQL of apps' key-value storage ({@code app_storage}): one row per app, scope, owner and key. */
final class AppStorageRepository {

  private static final Statement GET = sql(
      "SELECT item_value FROM app_storage WHERE app_id = #{app} AND scope = #{scope} "
          + "AND owner_id = #{owner} AND item_key = #{key}");
  private static final Statement USED_BESIDES = sql("SELECT COALESCE(SUM(size), 0) AS used FROM app_storage WHERE "
      + "app_id = #{app} AND scope = #{scope} AND owner_id = #{owner} AND item_key <> #{key}");
  private static final Statement UPDATE = sql("UPDATE app_storage SET item_value = #{value}, size = #{size}, "
      + "updated_at = #{at} WHERE app_id = #{app} AND scope = #{scope} AND owner_id = #{owner} AND item_key = #{key}");
  private static final Statement INSERT = sql("INSERT INTO app_storage (app_id, scope, owner_id, item_key, item_value, "
      + "size, updated_at) VALUES (#{app}, #{scope}, #{owner}, #{key}, #{value}, #{size}, #{at})");
  private static final Statement DELETE = sql("DELETE FROM app_storage WHERE app_id = #{app} AND scope = #{scope} "
      + "AND owner_id = #{owner} AND item_key = #{key}");
  private static final Statement KEYS = sql(
      "SELECT item_key FROM app_storage WHERE app_id = #{app} AND scope = #{scope} "
          + "AND owner_id = #{owner} AND item_key LIKE #{like} ORDER BY item_key LIMIT #{limit}");

  /** One stored item's place: the app, the scope, its owner (a user or a conversation) and the key. */
  record Slot(String app, String scope, String owner, String key) {
  }

  /** The item's encoded JSON value. */
  Future<Optional<String>> get(SqlClient client, Slot s) {
    return GET.first(client, params("app", s.app(), "scope", s.scope(), "owner", s.owner(), "key", s.key()),
        row -> row.getString("item_value"));
  }

  /** The bytes the owner's other items take. */
  Future<Long> usedBesides(SqlClient client, Slot s) {
    return USED_BESIDES.first(client, params("app", s.app(), "scope", s.scope(), "owner", s.owner(), "key", s.key()),
        row -> row.getLong("used")).map(Optional::orElseThrow);
  }

  /** Replaces the item's value, or stores it when there was none. */
  Future<Void> put(SqlClient client, Slot s, String encoded, long size, long at) {
    var values = params("app", s.app(), "scope", s.scope(), "owner", s.owner(), "key", s.key(), "value", encoded,
        "size", size, "at", at);
    return UPDATE.update(client, values).compose(n -> n > 0
        ? Future.succeededFuture()
        : INSERT.update(client, values).mapEmpty());
  }

  /** Whether there was an item to delete. */
  Future<Boolean> delete(SqlClient client, Slot s) {
    return DELETE.update(client, params("app", s.app(), "scope", s.scope(), "owner", s.owner(), "key", s.key()))
        .map(n -> n > 0);
  }

  /** The owner's keys matching {@code like} ({@code LIKE} pattern, backslash escapes), in order, at most {@code limit}. */
  Future<List<String>> keys(SqlClient client, String app, String scope, String owner, String like, int limit) {
    return KEYS.list(client, params("app", app, "scope", scope, "owner", owner, "like", like, "limit", limit),
        row -> row.getString("item_key"));
  }
}
