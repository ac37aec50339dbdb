package dev.parley.core.apps.broker;

import dev.parley.core.apps.registry.Launcher;
import dev.parley.core.apps.registry.Listing;
import dev.parley.core.apps.registry.RegistryService;
import dev.parley.core.apps.registry.UsageLog;
import dev.parley.core.apps.registry.Version;
import dev.parley.core.apps.registry.VersionFiles;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.Manifest;
import dev.parley.runtime.MiniAppRuntime;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The fan-out of a search to the apps a user has at hand (installed in their conversations, or
 * pinned) whose manifest declares a {@code search} entry point: one call per app, all in
 * parallel, under one short deadline. The answer holds what came back in time and names the apps
 * that were late or failed; a late answer is dropped (and noted in the app's developer log).
 */
final class AppSearch {

  /** Most results one app may contribute (contract 2: {@code limit} up to 10). */
  static final int MAX_RESULTS = 10;

  private final Vertx vertx;
  private final RegistryService registry;
  private final Launcher launcher;
  private final Installations installations;
  private final dev.parley.core.apps.permissions.Consents consents;
  private final UsageLog usage;
  private final RateLimiter limits;
  private final IdGenerator ids;
  private final long deadlineMillis;
  private final Supplier<Future<MiniAppRuntime>> runtime;

  AppSearch(Vertx vertx, RegistryService registry, Launcher launcher, Installations installations,
      dev.parley.core.apps.permissions.Consents consents, UsageLog usage, RateLimiter limits, IdGenerator ids,
      long deadlineMillis, Supplier<Future<MiniAppRuntime>> runtime) {
    this.vertx = vertx;
    this.registry = registry;
    this.launcher = launcher;
    this.installations = installations;
    this.consents = consents;
    this.usage = usage;
    this.limits = limits;
    this.ids = ids;
    this.deadlineMillis = deadlineMillis;
    this.runtime = runtime;
  }

  /** One app asked: where it runs for this search ({@code conversationId} empty for a pinned app alone). */
  private record Target(Listing listing, Version version, String handler, Optional<String> conversationId) {
  }

  Future<AppSearchResults> search(String userId, String query, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_RESULTS));
    return limits.tryAcquireSearch(userId).compose(taken -> taken
        ? targets(userId)
        : Future.failedFuture(PlatformException.tooMany("you are searching too fast; try again in a moment", 1)))
        .compose(targets -> {
          if (targets.isEmpty()) {
            return Future.succeededFuture(AppSearchResults.EMPTY);
          }
          return fanOut(userId, query, n, targets);
        });
  }

  /**
   * The apps to ask: installed in the user's conversations (each once, in the conversation with
   * the latest activity), then pinned ones installed nowhere of theirs; live, not suspended, with
   * a search entry.
   */
  private Future<List<Target>> targets(String userId) {
    return installations.installedFor(userId).compose(installed -> installations.pins(userId).map(pins -> {
      Map<String, Optional<String>> where = new LinkedHashMap<>();
      installed.forEach((appId, conversationId) -> where.put(appId, Optional.of(conversationId)));
      pins.forEach(appId -> where.putIfAbsent(appId, Optional.empty()));
      return where;
    })).compose(where -> {
      List<Future<Optional<Target>>> found = new ArrayList<>();
      where.forEach((appId, conversationId) -> found.add(registry.listing(appId).map(l -> l
          .filter(listing -> !listing.app().suspended())
          .flatMap(listing -> listing.live().flatMap(version -> version.manifest().search()
              .map(Manifest.SearchEntry::handler))
              .map(handler -> new Target(listing, listing.live().get(), handler, conversationId))))));
      return Future.all(found).map(all -> {
        List<Target> out = new ArrayList<>();
        found.forEach(f -> f.result().ifPresent(out::add));
        return out;
      });
    });
  }

  private Future<AppSearchResults> fanOut(String userId, String query, int limit, List<Target> targets) {
    Promise<AppSearchResults> done = Promise.promise();
    AtomicBoolean over = new AtomicBoolean();
    Map<String, AppSearchResults.Answer> answers = new LinkedHashMap<>();
    Map<String, AppSearchResults.AppRef> failed = new LinkedHashMap<>();
    Set<String> waiting = new LinkedHashSet<>();
    targets.forEach(t -> waiting.add(t.listing().app().id()));
    long started = System.nanoTime();
    // Everything below runs on this context, so the maps need no locks.
    io.vertx.core.Context context = vertx.getOrCreateContext();
    Runnable finish = () -> {
      if (over.compareAndSet(false, true)) {
        List<AppSearchResults.AppRef> late = new ArrayList<>();
        targets.stream().filter(t -> waiting.contains(t.listing().app().id())).forEach(t -> late.add(ref(t)));
        List<AppSearchResults.Answer> inOrder = new ArrayList<>();
        List<AppSearchResults.AppRef> failedInOrder = new ArrayList<>();
        for (Target t : targets) {
          String id = t.listing().app().id();
          Optional.ofNullable(answers.get(id)).ifPresent(inOrder::add);
          Optional.ofNullable(failed.get(id)).ifPresent(failedInOrder::add);
        }
        done.complete(new AppSearchResults(inOrder, late, failedInOrder));
      }
    };
    long timer = vertx.setTimer(deadlineMillis, t -> context.runOnContext(v -> finish.run()));
    for (Target target : targets) {
      String appId = target.listing().app().id();
      ask(userId, query, limit, target).onComplete(result -> context.runOnContext(v -> {
        if (over.get()) {
          if (result.succeeded()) {
            usage.log(appId, Optional.of(target.version().version()), UsageLog.Level.INFO,
                "search answered after " + (System.nanoTime() - started) / 1_000_000 + " ms, past the " + deadlineMillis
                    + " ms deadline: its results were not shown",
                Optional.empty());
          }
          return;
        }
        waiting.remove(appId);
        if (result.succeeded()) {
          answers.put(appId, result.result());
        } else {
          failed.put(appId, ref(target));
        }
        if (waiting.isEmpty()) {
          vertx.cancelTimer(timer);
          finish.run();
        }
      }));
    }
    return done.future();
  }

  /** Runs one app's search handler with the broker's checks; its failures go to its developer's log. */
  private Future<AppSearchResults.Answer> ask(String userId, String query, int limit, Target target) {
    String appId = target.listing().app().id();
    Version version = target.version();
    String requestId = ids.newId();
    return limits.acquireApp(appId).transform(taken -> {
      if (taken.failed()) {
        usage.log(appId, Optional.of(version.version()), UsageLog.Level.ERROR,
            "search refused: the app is getting too many calls", Optional.of(requestId));
        return Future.failedFuture(taken.cause());
      }
      return askWithinLimits(userId, query, limit, target, requestId);
    });
  }

  private Future<AppSearchResults.Answer> askWithinLimits(String userId, String query, int limit, Target target,
      String requestId) {
    String appId = target.listing().app().id();
    Version version = target.version();
    Future<AppSearchResults.Answer> answer = consents.decisions(userId, appId).compose(decisions -> {
      // A search never asks for consent: it runs with what the user granted, nothing undecided.
      Set<String> granted = new LinkedHashSet<>();
      version.permissionNames().forEach(p -> {
        if (Boolean.TRUE.equals(decisions.get(p))) {
          granted.add(p);
        }
      });
      return launcher.loaded(version).compose(code -> {
        CallContext context = target.conversationId()
            .map(c -> CallContext.of(code, userId, c, requestId, granted))
            .orElseGet(() -> CallContext.withoutConversation(code, userId, requestId, granted));
        JsonObject event = new JsonObject().put("type", "search").put("query", query).put("limit", limit);
        return runtime.get().compose(r -> r.invoke(code, target.handler(), event, context));
      });
    }).compose(result -> registry.bundle(version.digest()).map(bundle -> {
      usage.invoked(appId, false);
      AppSearchResults.Parsed parsed = AppSearchResults.parse(result, limit, path -> bundle.file(path)
          .map(f -> VersionFiles.url(appId, version.digest(), path)));
      if (!parsed.problems().isEmpty()) {
        usage.log(appId, Optional.of(version.version()), UsageLog.Level.ERROR,
            "search results dropped: " + String.join("; ", parsed.problems()), Optional.of(requestId));
      }
      return new AppSearchResults.Answer(ref(target), target.conversationId(), parsed.results());
    }));
    return answer.recover(f -> Future.failedFuture(AppFailures.of(appId, version.version(), requestId, f, usage)));
  }

  private static AppSearchResults.AppRef ref(Target t) {
    return new AppSearchResults.AppRef(t.listing().app().id(), t.listing().app().name(),
        t.listing().app().iconUrl(), t.version().manifest().search()
            .map(Manifest.SearchEntry::placeholder).orElse(""));
  }
}
