package dev.parley.core.apps.registry;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.common.Addresses;
import dev.parley.runtime.Bundle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The registry's Caffeine caches, all bounded: app listings with their live version (by app id)
 * and parsed bundles (by digest, weighed by size; a digest's content never changes, so bundles
 * need no invalidation). A change to an app is broadcast on {@link Addresses#REGISTRY_CHANGED};
 * every node, this one included, drops its copy and tells its listeners (the launcher stops a
 * suspended app's code).
 */
final class RegistryCache {

  private final Vertx vertx;
  private final AsyncCache<String, Optional<Listing>> listings;
  private final AsyncCache<String, Bundle> bundles;
  private final AsyncCache<String, java.util.Map<String, String>> digests;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  RegistryCache(Vertx vertx, long maxApps, long maxBundleBytes) {
    this.vertx = vertx;
    this.listings = Caffeine.newBuilder().maximumSize(maxApps).recordStats().buildAsync();
    this.bundles = Caffeine.newBuilder().maximumWeight(maxBundleBytes)
        .<String, Bundle>weigher((digest, bundle) -> (int) Math.min(Integer.MAX_VALUE, bundle.totalSize() + 1024))
        .recordStats().buildAsync();
    this.digests = Caffeine.newBuilder().maximumSize(maxApps).recordStats().buildAsync();
    vertx.eventBus().<String>consumer(Addresses.REGISTRY_CHANGED, msg -> dropLocally(msg.body()));
  }

  Future<Optional<Listing>> listing(String appId, Supplier<Future<Optional<Listing>>> loader) {
    return Future.fromCompletionStage(listings.get(appId, (key, executor) -> loader.get().toCompletionStage()
        .toCompletableFuture()), vertx.getOrCreateContext());
  }

  Future<Bundle> bundle(String digest, Supplier<Future<Bundle>> loader) {
    return Future.fromCompletionStage(bundles.get(digest, (key, executor) -> loader.get().toCompletionStage()
        .toCompletableFuture()), vertx.getOrCreateContext());
  }

  /** The review state of each version of an app, by bundle digest. */
  Future<java.util.Map<String, String>> digests(String appId, Supplier<Future<java.util.Map<String, String>>> loader) {
    return Future.fromCompletionStage(digests.get(appId, (key, executor) -> loader.get().toCompletionStage()
        .toCompletableFuture()), vertx.getOrCreateContext());
  }

  /** Drops an app here at once, then on every node (this one again, harmlessly). */
  void changed(String appId) {
    dropLocally(appId);
    vertx.eventBus().publish(Addresses.REGISTRY_CHANGED, appId);
  }

  /** Called with the app id whenever an app changed, on this node or another. */
  void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  private void dropLocally(String appId) {
    listings.synchronous().invalidate(appId);
    digests.synchronous().invalidate(appId);
    listeners.forEach(l -> l.accept(appId));
  }

  void registerMetrics(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, listings.synchronous(), "registry_apps");
    CaffeineCacheMetrics.monitor(registry, bundles.synchronous(), "registry_bundles");
    CaffeineCacheMetrics.monitor(registry, digests.synchronous(), "registry_version_digests");
  }
}
