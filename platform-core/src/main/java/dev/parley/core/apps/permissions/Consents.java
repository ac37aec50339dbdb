package dev.parley.core.apps.permissions;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.runtime.Permission;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each user decided about each app's permissions: granted, or revoked. A permission with no
 * decision is asked for (once per app; a new version's extra permissions are then the only new
 * question). Decisions are cached per user and app, and a change drops the cached copy on every
 * node through the event bus.
 */
public final class Consents {

  /** One decision. */
  public record Decision(String appId, String permission, boolean granted, Instant at) {
  }

  private final Vertx vertx;
  private final Database db;
  private final ConsentRepository repository = new ConsentRepository();
  private final Clock clock;
  private final AsyncCache<String, Map<String, Boolean>> cache;
  private final ConversationConsents conversation;

  public Consents(Vertx vertx, Database db, Clock clock) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.cache = Caffeine.newBuilder().maximumSize(200_000).recordStats().buildAsync();
    this.conversation = new ConversationConsents(vertx, db, clock);
    vertx.eventBus().<String>consumer(Addresses.CONSENTS_CHANGED, msg -> cache.synchronous().invalidate(msg.body()));
  }

  /** The conversation permissions, granted per conversation by whoever installed the app there. */
  public ConversationConsents conversation() {
    return conversation;
  }

  public void registerMetrics(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, cache.synchronous(), "consents");
  }

  /** The user's decisions about one app: permission name → granted (true) or revoked (false). */
  public Future<Map<String, Boolean>> decisions(String accountId, String appId) {
    return Future.fromCompletionStage(
        cache.get(key(accountId, appId),
            (k, executor) -> repository.decisions(db.pool(), accountId, appId).toCompletionStage()
                .toCompletableFuture()),
        vertx.getOrCreateContext());
  }

  /** Grants permissions; each must be one the app's live version asks for ({@code asked}). */
  public Future<List<String>> grant(String accountId, String appId, List<String> permissions,
      Collection<String> asked) {
    for (String p : permissions) {
      if (Permission.byName(p).isEmpty()) {
        return Future.failedFuture(PlatformException.invalid("/permissions", "'" + p + "' is not a permission"));
      }
      if (!asked.contains(p)) {
        return Future.failedFuture(PlatformException.invalid("/permissions", "the app '" + appId
            + "' does not ask for '" + p + "'"));
      }
    }
    return decide(accountId, appId, permissions, true).map(permissions);
  }

  /** Revokes one permission, or every permission of the app when {@code permission} is empty. */
  public Future<Void> revoke(String accountId, String appId, Optional<String> permission) {
    if (permission.isPresent()) {
      return decide(accountId, appId, List.of(permission.get()), false);
    }
    return repository.revokeAll(db.pool(), accountId, appId, clock.millis()).onSuccess(v -> changed(accountId, appId));
  }

  private Future<Void> decide(String accountId, String appId, List<String> permissions, boolean granted) {
    long now = clock.millis();
    return db.pool().withTransaction(tx -> {
      Future<Void> done = Future.succeededFuture();
      for (String p : permissions) {
        // One after the other on the transaction's connection: a handful of permissions at most.
        done = done.compose(v -> repository.save(tx, accountId, appId, p, granted, now));
      }
      return done;
    }).onSuccess(v -> changed(accountId, appId));
  }

  /** Every decision of a user, for their settings page. */
  public Future<List<Decision>> all(String accountId) {
    return repository.all(db.pool(), accountId);
  }

  private void changed(String accountId, String appId) {
    cache.synchronous().invalidate(key(accountId, appId));
    vertx.eventBus().publish(Addresses.CONSENTS_CHANGED, key(accountId, appId));
  }

  private static String key(String accountId, String appId) {
    return accountId + "/" + appId;
  }
}
