package dev.parley.core.apps.registry;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Actor;
import dev.parley.core.accounts.Role;
import dev.parley.core.audit.AuditLog;
import dev.parley.core.audit.AuditLog.Event;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.PlatformException.Reason;
import dev.parley.core.common.storage.Database;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.Manifest;
import dev.parley.runtime.MiniAppRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.semver4j.Semver;

/**
 * The registry: apps, their uploaded versions and the review that takes a version from draft to
 * live. Every change is written together with its audit entry in one transaction, and then
 * invalidates the cached listing on every node.
 */
public final class RegistryService {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RegistryService.class);

  /** The categories an app may be listed under. */
  public static final List<String> CATEGORIES = List.of("finance", "shopping", "social", "music", "games",
      "productivity", "tools", "education", "news", "travel", "lifestyle", "other");

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final AuditLog audit;
  private final BundleStore bundles;
  private final RegistryCache cache;
  private final Supplier<Future<MiniAppRuntime>> runtime;

  public RegistryService(Vertx vertx, Database db, Clock clock, IdGenerator ids, AuditLog audit,
      BundleReader reader, Supplier<Future<MiniAppRuntime>> runtime) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.audit = audit;
    this.runtime = runtime;
    this.cache = new RegistryCache(vertx, 10_000, 256L << 20);
    this.bundles = new BundleStore(vertx, db, reader, cache, clock);
  }

  public AuditLog audit() {
    return audit;
  }

  BundleStore bundles() {
    return bundles;
  }

  /** Listens to changes of any app, made on this node or another. */
  public void onChange(java.util.function.Consumer<String> listener) {
    cache.onChange(listener);
  }

  public void registerMetrics(MeterRegistry registry) {
    cache.registerMetrics(registry);
  }

  // ---- lookups (cached) ----

  /** An app and its live version, through the cache. */
  public Future<Optional<Listing>> listing(String appId) {
    if (!AppIds.isValid(appId)) {
      return Future.succeededFuture(Optional.empty());
    }
    return cache.listing(appId, () -> AppRepository.find(db.pool(), appId).compose(app -> {
      if (app.isEmpty() || app.get().liveVersion().isEmpty()) {
        return Future.succeededFuture(app.map(a -> new Listing(a, Optional.empty())));
      }
      return VersionRepository.find(db.pool(), appId, app.get().liveVersion().get())
          .map(live -> Optional.of(new Listing(app.get(), live)));
    }));
  }

  /** The bundle of a version, parsed, through the cache. */
  public Future<Bundle> bundle(String digest) {
    return bundles.bundle(digest);
  }

  /** Whether a digest is a version of an app, and if so the app and whether that version is approved. */
  record DigestState(App app, boolean approved) {
  }

  Future<Optional<DigestState>> digestState(String appId, String digest) {
    return listing(appId).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      return cache.digests(appId, () -> VersionRepository.statesByDigest(db.pool(), appId))
          .map(states -> Optional.ofNullable(states.get(digest))
              .map(state -> new DigestState(found.get().app(), "approved".equals(state))));
    });
  }

  /** The app, if the caller may see it in the developer API: its owner, or an admin. Others get 404. */
  public Future<App> appFor(Actor caller, String appId, boolean write) {
    Account account = caller.account().orElseThrow();
    return listing(appId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("app '" + appId + "'"));
      }
      App app = found.get().app();
      boolean owner = app.owner().id().equals(account.id());
      if (owner || (account.has(Role.ADMIN) && !write)) {
        return Future.succeededFuture(app);
      }
      // Someone else's app: audited, and answered as if it did not exist (admins learn why).
      PlatformException refused = account.has(Role.ADMIN)
          ? PlatformException.forbidden("only the app's owner can change it")
          : PlatformException.notFound("app '" + appId + "'");
      return audit.append(caller, Event.of("access.refused", "app", appId).app(appId)
          .reason(write ? "not the owner (change)" : "not the owner (read)"))
          .transform(x -> Future.failedFuture(refused));
    });
  }

  public Future<List<App>> ownedBy(String accountId) {
    return AppRepository.ownedBy(db.pool(), accountId);
  }

  /** Apps whose id, name or owner's username contains {@code q}, for admins. */
  public Future<List<App>> search(Optional<String> q, Optional<String> status, int limit) {
    return AppRepository.search(db.pool(), like(q), status, limit);
  }

  /** Active apps with a live version, for the user-facing directory. */
  public Future<List<App>> directory(Optional<String> q, int limit) {
    return AppRepository.directory(db.pool(), like(q), limit);
  }

  /** A {@code LIKE} pattern for "contains", lower-case, without the pattern's own special characters. */
  private static Optional<String> like(Optional<String> q) {
    return q.map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
        .map(s -> "%" + s.replace("\\", "").replace("%", "").replace("_", "") + "%");
  }

  public Future<List<Version>> versions(String appId) {
    return VersionRepository.ofApp(db.pool(), appId).map(found -> {
      List<Version> out = new ArrayList<>(found);
      out.sort(Comparator.comparing((Version v) -> Semver.parse(v.version())).reversed());
      return out;
    });
  }

  public Future<Version> version(String appId, String version) {
    return VersionRepository.find(db.pool(), appId, version)
        .map(v -> v.orElseThrow(() -> PlatformException.notFound("version " + version + " of '" + appId + "'")));
  }

  /** Versions waiting for review, oldest submission first. */
  public Future<List<Version>> reviewQueue() {
    return VersionRepository.inReview(db.pool());
  }

  /**
   * The version a review compares against: the live version if it is below this one, else the
   * newest approved version below it.
   */
  public Future<Optional<Version>> comparedTo(Version version) {
    Semver self = Semver.parse(version.version());
    return versions(version.appId()).map(all -> {
      Optional<Version> live = all.stream().filter(Version::live)
          .filter(v -> Semver.parse(v.version()).isLowerThan(self)).findFirst();
      if (live.isPresent()) {
        return live;
      }
      return all.stream().filter(v -> v.state() == ReviewState.APPROVED)
          .filter(v -> Semver.parse(v.version()).isLowerThan(self)).findFirst();
    });
  }

  // ---- apps ----

  /** Creates an app owned by the actor. */
  public Future<App> create(Actor actor, JsonObject fields) {
    String id = AppIds.requireNew(fields.getString("id"));
    AppText text = AppText.of(fields, true);
    long now = clock.millis();
    String owner = actor.accountId().orElseThrow();
    return db.pool().withTransaction(tx -> AppRepository.insert(tx, id, owner, text, ids.newSecret(32), now)
        .compose(r -> audit.append(tx, actor, Event.of("app.created", "app", id).app(id).detail("name", text.name())))
        .compose(e -> AppRepository.find(tx, id)))
        .recover(f -> Database.isUniqueViolation(f)
            ? Future.failedFuture(PlatformException.of(Reason.CONFLICT, "app id '" + id + "' is taken"))
            : Future.failedFuture(f))
        .map(app -> {
          cache.changed(id);
          return app.orElseThrow();
        });
  }

  /** Edits an app's listing; only the fields given change. */
  public Future<App> update(Actor actor, App app, JsonObject changes) {
    if (changes.isEmpty()) {
      return Future.failedFuture(PlatformException.invalid("", "send at least one field to change"));
    }
    AppText now = AppText.of(new JsonObject()
        .put("name", changes.containsKey("name") ? changes.getValue("name") : app.name())
        .put("description", changes.containsKey("description") ? changes.getValue("description") : app.description())
        .put("category", changes.containsKey("category") ? changes.getValue("category") : app.category())
        .put("homepage", changes.containsKey("homepage") ? changes.getValue("homepage") : app.homepage().orElse(null))
        .put("privacyPolicyUrl", changes.containsKey("privacyPolicyUrl")
            ? changes.getValue("privacyPolicyUrl")
            : app.privacyPolicyUrl().orElse(null)),
        false);
    return change(app.id(), tx -> AppRepository.updateText(tx, app.id(), now, clock.millis())
        .compose(r -> audit.append(tx, actor, Event.of("app.updated", "app", app.id()).app(app.id())
            .detail("fields", new JsonArray(new ArrayList<>(changes.fieldNames())))))
        .mapEmpty());
  }

  /** Suspends an app everywhere: no launch, and its running code is stopped on every node. */
  public Future<App> suspend(Actor actor, String appId, String reason) {
    String why = requireReason(reason);
    return change(appId, tx -> AppRepository.suspend(tx, appId, why, clock.millis())
        .compose(r -> audit.append(tx, actor, Event.of("app.suspended", "app", appId).app(appId).reason(why)))
        .mapEmpty());
  }

  public Future<App> unsuspend(Actor actor, String appId, Optional<String> reason) {
    return change(appId, tx -> AppRepository.unsuspend(tx, appId, clock.millis())
        .compose(r -> audit.append(tx, actor, Event.of("app.unsuspended", "app", appId).app(appId)
            .reason(reason.orElse(null))))
        .mapEmpty());
  }

  /** A new signing secret; the old one stops working at once. Returned this once. */
  public Future<JsonObject> rotateSecret(Actor actor, String appId) {
    String secret = ids.newSecret(32);
    long now = clock.millis();
    return change(appId, tx -> AppRepository.rotateSecret(tx, appId, secret, now)
        .compose(r -> audit.append(tx, actor, Event.of("app.secret_rotated", "app", appId).app(appId)))
        .mapEmpty())
        .map(app -> new JsonObject().put("secret", secret).put("rotatedAt", Instant.ofEpochMilli(now).toString()));
  }

  /** The app's signing secret, for signing launch parameters. */
  public Future<String> signingSecret(String appId) {
    return AppRepository.signingSecret(db.pool(), appId)
        .map(secret -> secret.orElseThrow(() -> PlatformException.notFound("app '" + appId + "'")));
  }

  // ---- the platform's own apps ----

  /**
   * Publishes one of the platform's own apps (a sample shipped with the server): creates the app
   * if it is missing, and if this bundle is a version it does not have yet, uploads, submits and
   * approves it, so it goes live. An app id held by someone else is left alone. Answers the live
   * version's number.
   */
  public Future<String> publishOwn(Actor platform, JsonObject listing, byte[] zip) {
    String appId = listing.getString("id");
    String owner = platform.accountId().orElseThrow();
    return listing(appId).compose(found -> {
      if (found.isPresent() && !found.get().app().owner().id().equals(owner)) {
        return Future.failedFuture(PlatformException.of(Reason.CONFLICT, "the app id '" + appId
            + "' belongs to another developer"));
      }
      return found.isPresent() ? Future.succeededFuture(found.get().app()) : create(platform, listing);
    }).compose(app -> upload(platform, app, zip).compose(up -> {
      Version v = up.version();
      return switch (v.state()) {
        case DRAFT -> submit(platform, app, v.version(), Optional.empty())
            .compose(x -> approve(platform, appId, v.version(), Optional.of("shipped with the platform")));
        case IN_REVIEW -> approve(platform, appId, v.version(), Optional.of("shipped with the platform"));
        // Approved before: an admin may have rolled back since; the platform does not undo that.
        case APPROVED -> Future.succeededFuture(v);
        case REJECTED -> Future.failedFuture(PlatformException.of(Reason.CONFLICT, "version " + v.version()
            + " of '" + appId + "' was rejected by an admin"));
      };
    })).compose(v -> listing(appId)).map(l -> l.flatMap(Listing::live).map(Version::version).orElse("none"));
  }

  // ---- versions ----

  /** What an upload did: a new version, or the one made by an earlier upload of the same bytes. */
  public record Uploaded(Version version, boolean created) {
  }

  /**
   * Uploads a bundle as a new draft version. The bundle is read as hostile input and checked in
   * a throwaway sandbox; the version must be above every earlier version of the app. Nothing is
   * stored unless all of that passes, and then the bundle, the version and the audit entry are
   * written in one transaction.
   */
  public Future<Uploaded> upload(Actor actor, App app, byte[] zip) {
    return vertx.executeBlocking(() -> sha256(zip), false).compose(archive -> verified(app.id(), archive)
        .compose(known -> known.isPresent()
            ? Future.succeededFuture(new Uploaded(known.get(), false))
            : readAndVerify(actor, app, zip, archive)));
  }

  /** The checks and the sandbox, for bytes not verified before; records the verdict with the version. */
  private Future<Uploaded> readAndVerify(Actor actor, App app, byte[] zip, String archive) {
    return bundles.read(zip).compose(bundle -> {
      String declared = bundle.manifest().appId();
      if (!declared.equals(app.id())) {
        return Future.failedFuture(PlatformException.invalid("/app_id", "manifest.json: app_id is '" + declared
            + "' but this is the app '" + app.id() + "'"));
      }
      return existing(app.id(), bundle).compose(found -> found.isPresent()
          ? Future.succeededFuture(new Uploaded(found.get(), false))
          : verify(bundle).compose(v -> insertVersion(actor, app, bundle, zip)));
    }).compose(up -> recordVerified(archive, up).map(up));
  }

  /**
   * The version these archive bytes made when they were verified before, if any: the same bytes
   * again (the sample apps at every start) are not read and run in the sandbox again.
   */
  private Future<Optional<Version>> verified(String appId, String archive) {
    return VerificationRepository.find(db.pool(), archive).compose(found -> found.isEmpty()
        || !found.get().appId().equals(appId)
            ? Future.succeededFuture(Optional.<Version>empty())
            : VersionRepository.find(db.pool(), appId, found.get().version()));
  }

  /** Best effort: a verdict not recorded (a concurrent identical upload recorded it) only costs a new check. */
  private Future<Void> recordVerified(String archive, Uploaded up) {
    Version v = up.version();
    return VerificationRepository.find(db.pool(), archive)
        .compose(found -> found.isPresent()
            ? Future.<Void>succeededFuture()
            : VerificationRepository.insert(db.pool(), archive, v.appId(), v.version(), clock.millis()))
        .onFailure(f -> LOG.debug("bundle verification of {}@{} not recorded: {}", v.appId(), v.version(),
            f.getMessage()))
        .otherwiseEmpty();
  }

  private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private Future<Optional<Version>> existing(String appId, Bundle bundle) {
    String number = bundle.manifest().version().name();
    return VersionRepository.find(db.pool(), appId, number).map(found -> {
      if (found.isPresent() && !found.get().digest().equals(bundle.sha256())) {
        throw PlatformException.of(Reason.CONFLICT, "version " + number + " of '" + appId
            + "' exists with other content; versions are immutable, raise the version number");
      }
      return found;
    });
  }

  private Future<Void> verify(Bundle bundle) {
    return runtime.get().compose(r -> r.verify(bundle)).recover(f -> Future.failedFuture(f));
  }

  private Future<Uploaded> insertVersion(Actor actor, App app, Bundle bundle, byte[] zip) {
    String number = bundle.manifest().version().name();
    long now = clock.millis();
    Optional<String> icon = bundle.manifest().icons().stream().findFirst().map(Manifest.Icon::src);
    return db.pool().withTransaction(tx -> AppRepository.lock(tx, app.id())
        .compose(locked -> VersionRepository.stored(tx, app.id()))
        .compose(rows -> {
          Semver incoming = Semver.parse(number);
          for (VersionRepository.Stored row : rows) {
            String existing = row.version();
            if (existing.equals(number)) {
              if (row.digest().equals(bundle.sha256())) {
                return Future.succeededFuture(false); // a concurrent identical upload won
              }
              throw PlatformException.of(Reason.CONFLICT, "version " + number + " of '" + app.id()
                  + "' exists with other content; versions are immutable, raise the version number");
            }
            if (!incoming.isGreaterThan(Semver.parse(existing))) {
              throw PlatformException.of(Reason.CONFLICT, "version " + number + " is not above " + highest(rows)
                  + ", the highest version of '" + app.id() + "'; versions must rise");
            }
          }
          long code = bundle.manifest().version().code();
          long highestCode = rows.stream().mapToLong(VersionRepository.Stored::code).max().orElse(Long.MIN_VALUE);
          if (code <= highestCode) {
            // the schema promises a code that grows with every release; clients compare codes, not names
            throw PlatformException.invalid("/version/code", "manifest.json: version.code " + code
                + " is not above " + highestCode + ", the highest code of '" + app.id() + "'; codes must rise");
          }
          return bundles.insert(tx, bundle.sha256(), zip)
              .compose(v -> VersionRepository.insert(tx, app.id(), number, bundle.sha256(), bundle.manifest(),
                  bundle.totalSize(), bundle.files().size(), icon, actor.accountId().orElseThrow(), now))
              .compose(r -> audit.append(tx, actor, Event.of("version.uploaded", "version", app.id() + "@" + number)
                  .app(app.id()).detail("version", number).detail("digest", bundle.sha256())))
              .map(true);
        })
        .compose(created -> VersionRepository.find(tx, app.id(), number)
            .map(v -> new Uploaded(v.orElseThrow(), created))));
  }

  private static String highest(List<VersionRepository.Stored> rows) {
    Semver max = null;
    for (VersionRepository.Stored row : rows) {
      Semver v = Semver.parse(row.version());
      if (max == null || v.isGreaterThan(max)) {
        max = v;
      }
    }
    return String.valueOf(max);
  }

  /** Draft → in review; {@code releaseAt} schedules the release after approval. */
  public Future<Version> submit(Actor actor, App app, String number, Optional<Instant> releaseAt) {
    return transition(actor, app.id(), number, ReviewState.DRAFT, ReviewState.IN_REVIEW, "version.submitted",
        tx -> VersionRepository.submit(tx, app.id(), number, releaseAt, clock.millis()),
        Optional.empty());
  }

  /** In review → draft, at the developer's wish. */
  public Future<Version> withdraw(Actor actor, App app, String number) {
    return transition(actor, app.id(), number, ReviewState.IN_REVIEW, ReviewState.DRAFT, "version.withdrawn",
        tx -> VersionRepository.withdraw(tx, app.id(), number), Optional.empty());
  }

  /** In review → approved, and live unless its release is scheduled later. */
  public Future<Version> approve(Actor actor, String appId, String number, Optional<String> note) {
    long now = clock.millis();
    return transition(actor, appId, number, ReviewState.IN_REVIEW, ReviewState.APPROVED, "version.approved",
        tx -> VersionRepository.review(tx, appId, number, ReviewState.APPROVED, actor.accountId(), note, now)
            .compose(r -> VersionRepository.find(tx, appId, number))
            .compose(v -> v.get().releaseAt().filter(at -> at.toEpochMilli() > now).isPresent()
                ? Future.<Void>succeededFuture()
                : makeLive(tx, actor, appId, number, false)),
        note);
  }

  /** In review → rejected, with the reason the developer reads. */
  public Future<Version> reject(Actor actor, String appId, String number, String reason) {
    String why = requireReason(reason);
    return transition(actor, appId, number, ReviewState.IN_REVIEW, ReviewState.REJECTED, "version.rejected",
        tx -> VersionRepository.review(tx, appId, number, ReviewState.REJECTED, actor.accountId(), Optional.of(why),
            clock.millis()),
        Optional.of(why));
  }

  /** Makes an approved version live now: a release, or a rollback to an earlier one. */
  public Future<App> release(Actor actor, String appId, String number) {
    return change(appId, tx -> VersionRepository.find(tx, appId, number).compose(v -> {
      Version version = v.orElseThrow(() -> PlatformException.notFound("version " + number + " of '" + appId + "'"));
      if (version.state() != ReviewState.APPROVED) {
        throw PlatformException.of(Reason.CONFLICT, "version " + number + " is " + version.state().key()
            + "; only an approved version can go live");
      }
      if (version.live()) {
        return Future.<Void>succeededFuture();
      }
      return makeLive(tx, actor, appId, number, true);
    }));
  }

  /**
   * Releases the approved versions whose scheduled time has come; any node may run it. The apps
   * are released side by side, the due versions of one app one after the other, each release in
   * its own transaction; answers how many were released.
   */
  public Future<Integer> releaseDue() {
    long now = clock.millis();
    return VersionRepository.due(db.pool(), now).compose(due -> {
      Map<String, List<VersionRepository.Due>> byApp = new LinkedHashMap<>();
      due.forEach(d -> byApp.computeIfAbsent(d.appId(), k -> new ArrayList<>()).add(d));
      List<Future<Integer>> apps = new ArrayList<>();
      byApp.values().forEach(versions -> {
        Future<Integer> done = Future.succeededFuture(0);
        for (VersionRepository.Due d : versions) {
          done = done.compose(n -> releaseScheduled(d.appId(), d.version(), now).map(released -> n + released));
        }
        apps.add(done);
      });
      return Future.all(apps).map(all -> apps.stream().mapToInt(Future::result).sum());
    });
  }

  /** Releases one due version unless another node did; answers 1, or 0 when it failed (logged). */
  private Future<Integer> releaseScheduled(String appId, String number, long now) {
    return change(appId, tx -> VersionRepository.claimRelease(tx, appId, number, now)
        .compose(claimed -> claimed
            ? makeLive(tx, Actor.system(), appId, number, false)
            : Future.<Void>succeededFuture()))
        .map(app -> 1)
        .recover(f -> {
          LOG.warn("scheduled release of {}@{} failed", appId, number, f);
          return Future.succeededFuture(0);
        });
  }

  private Future<Void> makeLive(SqlClient tx, Actor actor, String appId, String number, boolean rollback) {
    long now = clock.millis();
    return AppRepository.lockLive(tx, appId).compose(live -> {
      String previous = live.orElse(null);
      boolean back = previous != null && Semver.parse(previous).isGreaterThan(Semver.parse(number));
      return AppRepository.setLive(tx, appId, number, now)
          .compose(r -> VersionRepository.released(tx, appId, number, now))
          .compose(r -> audit.append(tx, actor, Event.of("version.released", "version", appId + "@" + number)
              .app(appId).detail("version", number).detail("previous", previous).detail("rollback", back)))
          .mapEmpty();
    });
  }

  private Future<Version> transition(Actor actor, String appId, String number, ReviewState from, ReviewState to,
      String action, java.util.function.Function<SqlClient, Future<Void>> update, Optional<String> reason) {
    return db.pool().withTransaction(tx -> AppRepository.lock(tx, appId)
        .compose(locked -> VersionRepository.find(tx, appId, number))
        .compose(found -> {
          Version v = found.orElseThrow(() -> PlatformException.notFound("version " + number + " of '" + appId + "'"));
          if (v.state() != from) {
            throw PlatformException.of(Reason.CONFLICT, "version " + number + " is " + v.state().key()
                + ", not " + from.key() + "; it cannot become " + to.key());
          }
          return update.apply(tx);
        })
        .compose(v -> audit.append(tx, actor, Event.of(action, "version", appId + "@" + number).app(appId)
            .detail("version", number).detail("state", to.key()).reason(reason.orElse(null))))
        .compose(e -> VersionRepository.find(tx, appId, number)))
        .map(v -> {
          cache.changed(appId);
          return v.orElseThrow();
        });
  }

  /** Runs a change of one app in a transaction, then drops it from every node's cache. */
  private Future<App> change(String appId, java.util.function.Function<SqlClient, Future<Void>> work) {
    return db.pool().withTransaction(tx -> AppRepository.lock(tx, appId)
        .compose(exists -> {
          if (!exists) {
            throw PlatformException.notFound("app '" + appId + "'");
          }
          return work.apply(tx);
        })
        .compose(v -> AppRepository.find(tx, appId)))
        .map(app -> {
          cache.changed(appId);
          return app.orElseThrow();
        });
  }

  private static String requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw PlatformException.invalid("/reason", "a reason is required");
    }
    if (reason.length() > 2000) {
      throw PlatformException.invalid("/reason", "reason must be at most 2000 characters");
    }
    return reason.strip();
  }

  /** Permission names added and removed from {@code before} to {@code after}. */
  public static JsonObject changes(List<String> before, List<String> after) {
    Set<String> added = new LinkedHashSet<>(after);
    added.removeAll(before);
    Set<String> removed = new LinkedHashSet<>(before);
    removed.removeAll(after);
    return new JsonObject().put("added", new JsonArray(new ArrayList<>(added)))
        .put("removed", new JsonArray(new ArrayList<>(removed)));
  }
}
