package dev.parley.core.broker;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.PlatformException;
import dev.parley.core.chat.Addresses;
import dev.parley.core.chat.ChatService;
import dev.parley.core.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which apps are installed in which conversation, cached per conversation (every node drops its
 * copy on a change), and each user's pinned apps.
 */
public final class Installations {

  /** One installed app: who installed it and when. */
  public record Installed(String appId, String installedBy, Instant installedAt) {
  }

  private final Vertx vertx;
  private final Database db;
  private final ChatService chat;
  private final Clock clock;
  private final AsyncCache<String, Map<String, Installed>> cache;

  public Installations(Vertx vertx, Database db, ChatService chat, Clock clock) {
    this.vertx = vertx;
    this.db = db;
    this.chat = chat;
    this.clock = clock;
    this.cache = Caffeine.newBuilder().maximumSize(100_000).recordStats().buildAsync();
    vertx.eventBus().<String>consumer(Addresses.INSTALLS_CHANGED, msg -> cache.synchronous().invalidate(msg.body()));
  }

  public void registerMetrics(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, cache.synchronous(), "installations");
  }

  /** The apps installed in a conversation, in installation order. */
  public Future<Map<String, Installed>> installed(String conversationId) {
    return Future.fromCompletionStage(cache.get(conversationId, (k, executor) -> db.query(
        "SELECT app_id, installed_by, installed_at FROM conversation_apps WHERE conversation_id = ? "
            + "ORDER BY installed_at, app_id", conversationId).map(rows -> {
              Map<String, Installed> out = new LinkedHashMap<>();
              for (Row r : rows) {
                out.put(r.getString("app_id"), new Installed(r.getString("app_id"), r.getString("installed_by"),
                    Instant.ofEpochMilli(r.getLong("installed_at"))));
              }
              return java.util.Collections.unmodifiableMap(out);
            }).toCompletionStage().toCompletableFuture()), vertx.getOrCreateContext());
  }

  /**
   * Every app installed in a conversation the account is a member of now, each with the one of
   * those conversations that saw the latest activity.
   */
  public Future<Map<String, String>> installedFor(String accountId) {
    return db.query("SELECT ca.app_id, ca.conversation_id FROM conversation_apps ca "
        + "JOIN conversation_members cm ON cm.conversation_id = ca.conversation_id AND cm.account_id = ? "
        + "JOIN conversations c ON c.id = ca.conversation_id ORDER BY c.updated_at DESC, c.id, ca.installed_at",
        accountId).map(rows -> {
          Map<String, String> out = new LinkedHashMap<>();
          rows.forEach(r -> out.putIfAbsent(r.getString("app_id"), r.getString("conversation_id")));
          return out;
        });
  }

  /**
   * Installs an app; true when it was not installed before. Members may install unless the group
   * lets only its owner.
   */
  public Future<Boolean> install(String accountId, String conversationId, String appId) {
    return mayManage(accountId, conversationId).compose(v -> installed(conversationId)).compose(apps -> {
      if (apps.containsKey(appId)) {
        return Future.succeededFuture(false);
      }
      return db.query("INSERT INTO conversation_apps (conversation_id, app_id, installed_by, installed_at) "
          + "VALUES (?, ?, ?, ?)", conversationId, appId, accountId, clock.millis())
          .map(r -> true)
          .recover(f -> Database.isUniqueViolation(f) ? Future.succeededFuture(false)
              : Future.failedFuture(Database.classify(f)));
    }).onSuccess(created -> changed(conversationId));
  }

  public Future<Void> uninstall(String accountId, String conversationId, String appId) {
    return mayManage(accountId, conversationId)
        .compose(v -> db.query("DELETE FROM conversation_apps WHERE conversation_id = ? AND app_id = ?",
            conversationId, appId))
        .compose(r -> r.rowCount() == 0
            ? Future.<Void>failedFuture(PlatformException.notFound("app '" + appId + "' in this conversation"))
            : Future.<Void>succeededFuture())
        .onSuccess(v -> changed(conversationId));
  }

  private Future<Void> mayManage(String accountId, String conversationId) {
    return chat.requireMember(accountId, conversationId)
        .compose(v -> chat.appInstallPolicy(conversationId))
        .compose(policy -> "owner".equals(policy)
            ? chat.isOwner(accountId, conversationId).compose(owner -> owner ? Future.<Void>succeededFuture()
                : Future.failedFuture(PlatformException.forbidden("in this group only its owner installs apps")))
            : Future.<Void>succeededFuture());
  }

  private void changed(String conversationId) {
    cache.synchronous().invalidate(conversationId);
    vertx.eventBus().publish(Addresses.INSTALLS_CHANGED, conversationId);
  }

  // ---- pins ----

  /** The user's pinned app ids, oldest pin first. */
  public Future<List<String>> pins(String accountId) {
    return db.query("SELECT app_id FROM app_pins WHERE account_id = ? ORDER BY pinned_at, app_id", accountId)
        .map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString("app_id")));
          return out;
        });
  }

  public Future<Void> pin(String accountId, String appId) {
    return db.query("INSERT INTO app_pins (account_id, app_id, pinned_at) SELECT ?, ?, ? WHERE NOT EXISTS "
        + "(SELECT 1 FROM app_pins WHERE account_id = ? AND app_id = ?)", accountId, appId, clock.millis(), accountId, appId)
        .<Void>mapEmpty().recover(f -> Database.isUniqueViolation(f) ? Future.succeededFuture()
            : Future.failedFuture(Database.classify(f)));
  }

  public Future<Void> unpin(String accountId, String appId) {
    return db.query("DELETE FROM app_pins WHERE account_id = ? AND app_id = ?", accountId, appId).mapEmpty();
  }
}
