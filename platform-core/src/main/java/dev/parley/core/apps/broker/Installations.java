package dev.parley.core.apps.broker;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.chat.ChatService;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
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
  private final InstallationRepository repository = new InstallationRepository();
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
    return Future
        .fromCompletionStage(
            cache.get(conversationId,
                (k, executor) -> repository.installed(db.pool(), conversationId).toCompletionStage()
                    .toCompletableFuture()),
            vertx.getOrCreateContext());
  }

  /**
   * Every app installed in a conversation the account is a member of now, each with the one of
   * those conversations that saw the latest activity.
   */
  public Future<Map<String, String>> installedFor(String accountId) {
    return repository.installedFor(db.pool(), accountId);
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
      return repository.insert(db.pool(), conversationId, appId, accountId, clock.millis())
          .map(true)
          .recover(f -> Database.isUniqueViolation(f) ? Future.succeededFuture(false) : Future.failedFuture(f));
    }).onSuccess(created -> changed(conversationId));
  }

  public Future<Void> uninstall(String accountId, String conversationId, String appId) {
    return mayManage(accountId, conversationId)
        .compose(v -> repository.delete(db.pool(), conversationId, appId))
        .compose(deleted -> !deleted
            ? Future.<Void>failedFuture(PlatformException.notFound("app '" + appId + "' in this conversation"))
            : Future.<Void>succeededFuture())
        .onSuccess(v -> changed(conversationId));
  }

  /** Whether the account may install apps in the conversation (a member, within the group's install policy). */
  public Future<Boolean> mayInstall(String accountId, String conversationId) {
    return mayManage(accountId, conversationId).map(true).otherwise(false);
  }

  private Future<Void> mayManage(String accountId, String conversationId) {
    return chat.requireMember(accountId, conversationId)
        .compose(v -> chat.appInstallPolicy(conversationId))
        .compose(policy -> "owner".equals(policy)
            ? chat.isAdmin(accountId, conversationId).compose(owner -> owner
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(PlatformException.groupRight("installApps",
                    "in this group only its owner and admins install apps")))
            : Future.<Void>succeededFuture());
  }

  private void changed(String conversationId) {
    cache.synchronous().invalidate(conversationId);
    vertx.eventBus().publish(Addresses.INSTALLS_CHANGED, conversationId);
  }

  // ---- pins ----

  /** The user's pinned app ids, oldest pin first. */
  public Future<List<String>> pins(String accountId) {
    return repository.pins(db.pool(), accountId);
  }

  public Future<Void> pin(String accountId, String appId) {
    return repository.pin(db.pool(), accountId, appId, clock.millis())
        .recover(f -> Database.isUniqueViolation(f) ? Future.succeededFuture() : Future.failedFuture(f));
  }

  public Future<Void> unpin(String accountId, String appId) {
    return repository.unpin(db.pool(), accountId, appId);
  }
}
