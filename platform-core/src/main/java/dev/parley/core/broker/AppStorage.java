package dev.parley.core.broker;

import dev.parley.core.storage.Database;
import dev.parley.runtime.MiniAppException;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The key-value storage of apps, per app and per user or per conversation, within the quota the
 * manifest declares ({@code storage.user_bytes}, {@code storage.conversation_bytes}). Values are
 * JSON; a key and its value count toward the quota.
 */
final class AppStorage {

  static final int MAX_KEY = 256;
  static final int MAX_LIST = 1000;

  private final Database db;
  private final Clock clock;

  AppStorage(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  Future<Object> get(String appId, String scope, String ownerId, String key) {
    return db.query("SELECT item_value FROM app_storage WHERE app_id = ? AND scope = ? AND owner_id = ? AND item_key = ?",
        appId, scope, ownerId, checkKey(key)).map(rows -> rows.size() == 0 ? null
            : Json.decodeValue(rows.iterator().next().getString("item_value")));
  }

  /** Stores a value unless the scope's total would pass {@code quota} bytes. */
  Future<Object> set(String appId, String scope, String ownerId, String key, Object value, long quota) {
    String k = checkKey(key);
    String encoded = Json.encode(value);
    long size = k.getBytes(StandardCharsets.UTF_8).length + (long) encoded.getBytes(StandardCharsets.UTF_8).length;
    if (quota <= 0) {
      return Future.failedFuture(MiniAppException.refused("the manifest declares no " + scope + " storage "
          + "(storage." + scope + "_bytes)"));
    }
    return db.pool().withTransaction(tx -> db.query(tx, "SELECT COALESCE(SUM(size), 0) AS used FROM app_storage WHERE "
        + "app_id = ? AND scope = ? AND owner_id = ? AND item_key <> ?", appId, scope, ownerId, k)
        .compose(rows -> {
          long used = rows.iterator().next().getLong("used");
          if (used + size > quota) {
            return Future.failedFuture(MiniAppException.refused("storage quota exceeded: " + (used + size) + " of "
                + quota + " bytes of " + scope + " storage"));
          }
          return db.query(tx, "UPDATE app_storage SET item_value = ?, size = ?, updated_at = ? WHERE app_id = ? AND "
              + "scope = ? AND owner_id = ? AND item_key = ?", encoded, size, clock.millis(), appId, scope, ownerId, k)
              .compose(r -> r.rowCount() > 0 ? Future.succeededFuture()
                  : db.query(tx, "INSERT INTO app_storage (app_id, scope, owner_id, item_key, item_value, size, updated_at) "
                      + "VALUES (?, ?, ?, ?, ?, ?, ?)", appId, scope, ownerId, k, encoded, size, clock.millis()));
        })).map(r -> (Object) new JsonObject().put("stored", true));
  }

  Future<Object> delete(String appId, String scope, String ownerId, String key) {
    return db.query("DELETE FROM app_storage WHERE app_id = ? AND scope = ? AND owner_id = ? AND item_key = ?",
        appId, scope, ownerId, checkKey(key)).map(r -> new JsonObject().put("deleted", r.rowCount() > 0));
  }

  Future<Object> list(String appId, String scope, String ownerId, String prefix) {
    String p = prefix == null ? "" : prefix.replace("\\", "").replace("%", "").replace("_", "\\_");
    return db.query("SELECT item_key FROM app_storage WHERE app_id = ? AND scope = ? AND owner_id = ? AND item_key LIKE ? "
        + "ORDER BY item_key LIMIT " + MAX_LIST, appId, scope, ownerId, p + "%").map(rows -> {
          JsonArray keys = new JsonArray();
          for (Row r : rows) {
            keys.add(r.getString("item_key"));
          }
          return keys;
        });
  }

  private static String checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
      throw MiniAppException.refused("a storage key must be 1-" + MAX_KEY + " characters");
    }
    return key;
  }
}
