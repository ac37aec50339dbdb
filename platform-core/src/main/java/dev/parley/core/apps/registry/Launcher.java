package dev.parley.core.apps.registry;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.parley.core.accounts.Actor;
import dev.parley.core.audit.AuditLog.Event;
import dev.parley.core.chat.ChatService;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.runtime.AppVersion;
import dev.parley.runtime.MiniAppRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Launches approved apps and runs their commands: resolves the live version through the cache,
 * refuses suspended apps, keeps each live version's code loaded in the runtime (the compiled-code
 * cache, bounded; an evicted version is unloaded) and counts launches, invocations and errors for
 * the developer. When an app changes on any node, its loaded code here is unloaded at once, which
 * cancels its running calls: a suspension stops the app everywhere.
 *
 * <p>This is the seed of the broker: installation checks, consent and delivery to the
 * conversation come with it.
 */
public final class Launcher {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Launcher.class);

  private final Vertx vertx;
  private final RegistryService registry;
  private final ChatService chat;
  private final UsageLog usage;
  private final IdGenerator ids;
  private final Supplier<Future<MiniAppRuntime>> runtime;
  private final AsyncCache<AppVersion, AppVersion> code;

  public Launcher(Vertx vertx, RegistryService registry, ChatService chat, UsageLog usage, IdGenerator ids,
      Supplier<Future<MiniAppRuntime>> runtime, long maxLoadedVersions) {
    this.vertx = vertx;
    this.registry = registry;
    this.chat = chat;
    this.usage = usage;
    this.ids = ids;
    this.runtime = runtime;
    this.code = Caffeine.newBuilder().maximumSize(maxLoadedVersions).recordStats()
        .<AppVersion, AppVersion>removalListener((key, value, cause) -> {
          if (key != null && cause != RemovalCause.REPLACED) {
            runtime.get().onSuccess(r -> r.unload(key));
          }
        })
        .buildAsync();
    registry.onChange(this::unloadApp);
  }

  public void registerMetrics(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, code.synchronous(), "registry_code");
  }

  /** Opens an app for a user, optionally in a conversation they are in. */
  public Future<JsonObject> launch(Actor actor, String userId, String appId, Optional<String> conversationId) {
    return member(userId, conversationId).compose(v -> live(actor, appId)).compose(listing -> {
      Version version = listing.live().orElseThrow();
      return loaded(version).map(loaded -> {
        usage.launched(appId);
        return launchJson(listing.app(), version);
      });
    });
  }

  private Future<Void> member(String userId, Optional<String> conversationId) {
    return conversationId.map(c -> chat.requireMember(userId, c)).orElse(Future.succeededFuture());
  }

  /** The app's listing with its live version; refuses (and audits) a suspended app. */
  public Future<Listing> live(Actor actor, String appId) {
    return registry.listing(appId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("app '" + appId + "'"));
      }
      App app = found.get().app();
      if (app.suspended()) {
        PlatformException refused = PlatformException.forbidden("the app '" + appId + "' is suspended: "
            + app.suspendedReason().orElse("no reason given"));
        return registry.audit().append(actor, Event.of("launch.refused", "app", appId).app(appId)
            .reason("suspended"))
            .transform(x -> Future.failedFuture(refused));
      }
      if (found.get().live().isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("a live version of '" + appId + "'"));
      }
      return Future.succeededFuture(found.get());
    });
  }

  /** The version's code, loaded in the runtime (once; cached). */
  public Future<AppVersion> loaded(Version version) {
    AppVersion key = new AppVersion(version.appId(), version.version(), version.digest());
    return Future.fromCompletionStage(code.get(key, (k, executor) -> registry.bundle(version.digest())
        .compose(bundle -> runtime.get().compose(r -> r.load(bundle)))
        .toCompletionStage().toCompletableFuture()), vertx.getOrCreateContext());
  }

  private void unloadApp(String appId) {
    code.synchronous().asMap().keySet().removeIf(v -> v.appId().equals(appId));
  }

  private static JsonObject launchJson(App app, Version version) {
    String page = version.manifest().startPage().map(p -> VersionFiles.url(app.id(), version.digest(), p)).orElse(null);
    JsonArray commands = version.manifest().commandsJson();
    return new JsonObject().put("app", app.directoryJson()).put("version", version.version())
        .put("digest", version.digest()).put("pageUrl", page).put("commands", commands);
  }
}
