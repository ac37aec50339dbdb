package dev.parley.server;

import dev.parley.core.accounts.Actor;
import dev.parley.core.boot.Platform;
import dev.parley.samples.SampleBundles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes the sample mini-apps at start, owned by the platform's own account, so that a fresh
 * Parley has apps to add to a conversation. A sample already published at this version is left as
 * it is (an admin's suspension or rollback stands); a failure is logged and the start goes on.
 */
final class SampleApps {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SampleApps.class);

  private SampleApps() {
  }

  static Future<Void> publish(Vertx vertx, Platform platform) {
    // Zipping ~2 MB of samples is blocking work: not on an event loop.
    return vertx.executeBlocking(SampleBundles::zips, false)
        .onFailure(e -> LOG.warn("the sample mini-apps could not be read", e))
        .compose(zips -> zips.isEmpty() ? Future.succeededFuture() : publish(platform, zips),
            x -> Future.succeededFuture());
  }

  private static Future<Void> publish(Platform platform, Map<String, byte[]> zips) {
    return platform.accounts().systemAccount().compose(account -> {
      Actor parley = new Actor(Optional.of(account), Optional.empty());
      Future<Void> done = Future.succeededFuture();
      for (Map.Entry<String, byte[]> sample : zips.entrySet()) {
        String folder = sample.getKey();
        JsonObject listing = listing(folder);
        String id = listing.getString("id");
        done = done.compose(v -> platform.registry().publishOwn(parley, listing, sample.getValue())
            .onSuccess(live -> LOG.info("sample mini-app ready app={} liveVersion={}", id, live))
            .onFailure(f -> LOG.warn("sample mini-app {} not published: {}", id, f.getMessage()))
            .<Void>mapEmpty().otherwiseEmpty());
      }
      return done;
    }).onFailure(f -> LOG.warn("sample mini-apps not published: {}", f.getMessage())).otherwiseEmpty();
  }

  /**
   * The directory listing of a sample: its manifest's app id, name and description, and a category.
   * The folder may be named for the feature rather than the app (the shop lives in {@code search}).
   */
  private static JsonObject listing(String id) {
    JsonObject manifest = new JsonObject(new String(manifestOf(id), java.nio.charset.StandardCharsets.UTF_8));
    return new JsonObject().put("id", manifest.getString("app_id", id)).put("name", manifest.getString("name"))
        .put("description", manifest.getString("description", "")).put("category", category(id));
  }

  private static String category(String id) {
    return switch (id) {
      case "payments", "gifting" -> "finance";
      case "search" -> "shopping";
      case "airline" -> "travel";
      case "music" -> "music";
      default -> "productivity";
    };
  }

  private static byte[] manifestOf(String id) {
    try (var in = SampleApps.class.getClassLoader()
        .getResourceAsStream(SampleBundles.ROOT + "/" + id + "/manifest.json")) {
      if (in == null) {
        throw new IllegalStateException("no manifest.json in sample " + id);
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
