package dev.parley.core.apps.broker;

import static dev.parley.core.apps.broker.Arguments.any;
import static dev.parley.core.apps.broker.Arguments.oneOf;
import static dev.parley.core.apps.broker.Arguments.string;

import dev.parley.core.apps.broker.AppStorageRepository.Slot;
import dev.parley.core.common.storage.Database;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppException;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * The key-value storage of apps ({@code parley.storage.get/set/delete/list}), per app and per user
 * or per conversation, within the quota the manifest declares ({@code storage.user_bytes},
 * {@code storage.conversation_bytes}). Values are JSON; a key and its value count toward the quota.
 */
final class AppStorage {

  static final int MAX_KEY = 256;
  static final int MAX_LIST = 1000;

  private static final JsonObject SCOPE = oneOf("\"user\" (the default) or \"conversation\"", "user", "conversation");
  private static final JsonObject KEY = string("a key of 1-" + MAX_KEY + " characters", 1, MAX_KEY);

  private final Database db;
  private final Clock clock;
  private final CallingApp apps;
  private final AppStorageRepository items = new AppStorageRepository();

  AppStorage(Database db, Clock clock, CallingApp apps) {
    this.db = db;
    this.clock = clock;
    this.apps = apps;
  }

  /** {@code storage.get}, {@code storage.set}, {@code storage.delete} and {@code storage.list}. */
  List<Capability> capabilities() {
    Requirement scoped = Requirement.storageScope();
    return List.of(
        Capability.of("storage.get", scoped, Arguments.of("Reads the value stored under a key, or null.")
            .optional("scope", SCOPE).required("key", KEY).schema(), "unknown",
            (context, args) -> owner(context, args).compose(s -> get(slot(context, args, s)))),
        Capability.of("storage.set", scoped, Arguments.of("Stores a JSON value under a key, within the manifest's "
            + "quota of the scope (storage.user_bytes, storage.conversation_bytes).")
            .optional("scope", SCOPE).required("key", KEY).optional("value", any("any JSON value")).schema(),
            "{ stored: true }",
            (context, args) -> owner(context, args).compose(s -> apps.version(context).compose(v -> {
              String scope = scope(args);
              long quota = v.manifest().storage().bytes(scope);
              return set(slot(context, args, s), args.getValue("value"), quota);
            }))),
        Capability.of("storage.delete", scoped, Arguments.of("Deletes the value stored under a key.")
            .optional("scope", SCOPE).required("key", KEY).schema(), "{ deleted: boolean }",
            (context, args) -> owner(context, args).compose(s -> delete(slot(context, args, s)))),
        Capability.of("storage.list", scoped, Arguments.of("Lists the keys that start with a prefix, in order, at "
            + "most " + MAX_LIST + ".")
            .optional("scope", SCOPE).optional("prefix", string("the start of the keys; all keys when absent"))
            .schema(), "string[]",
            (context, args) -> owner(context, args).compose(o -> list(context.appId(), scope(args), o,
                args.getString("prefix")))));
  }

  private static String scope(JsonObject args) {
    return args.getString("scope") == null ? "user" : args.getString("scope");
  }

  /** The user of the call, or its conversation. */
  private static Future<String> owner(CallContext context, JsonObject args) {
    return scope(args).equals("user") ? Future.succeededFuture(context.userId()) : CallingApp.conversation(context);
  }

  private static Slot slot(CallContext context, JsonObject args, String owner) {
    return new Slot(context.appId(), scope(args), owner, checkKey(args.getString("key")));
  }

  Future<Object> get(Slot slot) {
    return items.get(db.pool(), slot).map(v -> v.map(Json::decodeValue).orElse(null));
  }

  /** Stores a value unless the scope's total would pass {@code quota} bytes. */
  Future<Object> set(Slot slot, Object value, long quota) {
    String encoded = Json.encode(value);
    long size = slot.key().getBytes(StandardCharsets.UTF_8).length
        + (long) encoded.getBytes(StandardCharsets.UTF_8).length;
    if (quota <= 0) {
      return Future.failedFuture(MiniAppException.refused("the manifest declares no " + slot.scope() + " storage "
          + "(storage." + slot.scope() + "_bytes)"));
    }
    return db.pool().withTransaction(tx -> items.usedBesides(tx, slot).compose(used -> {
      if (used + size > quota) {
        return Future.failedFuture(MiniAppException.refused("storage quota exceeded: " + (used + size) + " of "
            + quota + " bytes of " + slot.scope() + " storage"));
      }
      return items.put(tx, slot, encoded, size, clock.millis());
    })).map(r -> (Object) new JsonObject().put("stored", true));
  }

  Future<Object> delete(Slot slot) {
    return items.delete(db.pool(), slot).map(deleted -> new JsonObject().put("deleted", deleted));
  }

  Future<Object> list(String appId, String scope, String ownerId, String prefix) {
    String p = prefix == null ? "" : prefix.replace("\\", "").replace("%", "").replace("_", "\\_");
    return items.keys(db.pool(), appId, scope, ownerId, p + "%", MAX_LIST).map(JsonArray::new);
  }

  /** The schema counts a key's characters by code point; the column (on H2) counts UTF-16 units, as this does. */
  private static String checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
      throw MiniAppException.refused("a storage key must be 1-" + MAX_KEY + " characters");
    }
    return key;
  }
}
