package dev.parley.core.registry;

import dev.parley.core.IdGenerator;
import dev.parley.core.PlatformException;
import dev.parley.core.PlatformException.Reason;
import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Role;
import dev.parley.core.audit.Actor;
import dev.parley.core.audit.AuditLog;
import dev.parley.core.audit.AuditLog.Event;
import dev.parley.core.storage.Database;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.MiniAppRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    return cache.listing(appId, () -> loadApp(db.pool(), appId).compose(app -> {
      if (app.isEmpty() || app.get().liveVersion().isEmpty()) {
        return Future.succeededFuture(app.map(a -> new Listing(a, Optional.empty())));
      }
      return loadVersion(db.pool(), appId, app.get().liveVersion().get())
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
      return cache.digests(appId, () -> db.query("SELECT bundle_sha256, state FROM app_versions WHERE app_id = ?", appId)
          .map(rows -> {
            java.util.Map<String, String> states = new java.util.HashMap<>();
            rows.forEach(r -> states.put(r.getString("bundle_sha256"), r.getString("state")));
            return states;
          })).map(states -> Optional.ofNullable(states.get(digest))
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
    return db.query(RegistryRows.APP_SELECT + " WHERE a.owner_id = ? ORDER BY a.created_at DESC", accountId)
        .map(rows -> apps(rows)).recover(RegistryService::classified);
  }

  /** Apps whose id, name or owner's username contains {@code q}, for admins. */
  public Future<List<App>> search(Optional<String> q, Optional<String> status, int limit) {
    StringBuilder sql = new StringBuilder(RegistryRows.APP_SELECT + " WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    q.map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).ifPresent(s -> {
      sql.append(" AND (a.id LIKE ? OR LOWER(a.name) LIKE ? OR o.username LIKE ?)");
      String like = "%" + s.replace("\\", "").replace("%", "").replace("_", "") + "%";
      args.add(like);
      args.add(like);
      args.add(like);
    });
    status.ifPresent(s -> {
      sql.append(" AND a.status = ?");
      args.add(s);
    });
    sql.append(" ORDER BY a.id LIMIT ").append(limit);
    return db.query(sql.toString(), args.toArray()).map(RegistryService::apps).recover(RegistryService::classified);
  }

  /** Active apps with a live version, for the user-facing directory. */
  public Future<List<App>> directory(Optional<String> q, int limit) {
    StringBuilder sql = new StringBuilder(RegistryRows.APP_SELECT
        + " WHERE a.status = 'active' AND a.live_version IS NOT NULL");
    List<Object> args = new ArrayList<>();
    q.map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).ifPresent(s -> {
      String like = "%" + s.replace("\\", "").replace("%", "").replace("_", "") + "%";
      sql.append(" AND (a.id LIKE ? OR LOWER(a.name) LIKE ? OR LOWER(a.description) LIKE ?)");
      args.add(like);
      args.add(like);
      args.add(like);
    });
    sql.append(" ORDER BY a.name LIMIT ").append(limit);
    return db.query(sql.toString(), args.toArray()).map(RegistryService::apps).recover(RegistryService::classified);
  }

  public Future<List<Version>> versions(String appId) {
    return db.query(RegistryRows.VERSION_SELECT + " WHERE v.app_id = ?", appId).map(rows -> {
      List<Version> out = new ArrayList<>();
      rows.forEach(r -> out.add(RegistryRows.version(r)));
      out.sort(Comparator.comparing((Version v) -> Semver.parse(v.version())).reversed());
      return out;
    }).recover(RegistryService::classified);
  }

  public Future<Version> version(String appId, String version) {
    return loadVersion(db.pool(), appId, version)
        .map(v -> v.orElseThrow(() -> PlatformException.notFound("version " + version + " of '" + appId + "'")));
  }

  /** Versions waiting for review, oldest submission first. */
  public Future<List<Version>> reviewQueue() {
    return db.query(RegistryRows.VERSION_SELECT + " WHERE v.state = 'in_review' ORDER BY v.submitted_at, v.app_id")
        .map(rows -> {
          List<Version> out = new ArrayList<>();
          rows.forEach(r -> out.add(RegistryRows.version(r)));
          return out;
        }).recover(RegistryService::classified);
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
    return db.pool().withTransaction(tx -> db.query(tx,
        "INSERT INTO apps (id, owner_id, name, description, category, homepage, privacy_policy_url, status, "
            + "signing_secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
        id, owner, text.name(), text.description(), text.category(), text.homepage(), text.privacyPolicyUrl(),
        ids.newSecret(32), now, now)
        .compose(r -> audit.append(tx, actor, Event.of("app.created", "app", id).app(id).detail("name", text.name())))
        .compose(e -> loadApp(tx, id)))
        .recover(f -> Database.isUniqueViolation(f)
            ? Future.failedFuture(PlatformException.of(Reason.CONFLICT, "app id '" + id + "' is taken"))
            : classified(f))
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
        .put("privacyPolicyUrl", changes.containsKey("privacyPolicyUrl") ? changes.getValue("privacyPolicyUrl")
            : app.privacyPolicyUrl().orElse(null)), false);
    return change(app.id(), tx -> db.query(tx, "UPDATE apps SET name = ?, description = ?, category = ?, homepage = ?, "
            + "privacy_policy_url = ?, updated_at = ? WHERE id = ?", now.name(), now.description(), now.category(),
            now.homepage(), now.privacyPolicyUrl(), clock.millis(), app.id())
        .compose(r -> audit.append(tx, actor, Event.of("app.updated", "app", app.id()).app(app.id())
            .detail("fields", new JsonArray(new ArrayList<>(changes.fieldNames())))))
        .mapEmpty());
  }

  /** Suspends an app everywhere: no launch, and its running code is stopped on every node. */
  public Future<App> suspend(Actor actor, String appId, String reason) {
    String why = requireReason(reason);
    return change(appId, tx -> db.query(tx, "UPDATE apps SET status = 'suspended', suspended_reason = ?, "
            + "suspended_at = ?, updated_at = ? WHERE id = ?", why, clock.millis(), clock.millis(), appId)
        .compose(r -> audit.append(tx, actor, Event.of("app.suspended", "app", appId).app(appId).reason(why)))
        .mapEmpty());
  }

  public Future<App> unsuspend(Actor actor, String appId, Optional<String> reason) {
    return change(appId, tx -> db.query(tx, "UPDATE apps SET status = 'active', suspended_reason = NULL, "
            + "suspended_at = NULL, updated_at = ? WHERE id = ?", clock.millis(), appId)
        .compose(r -> audit.append(tx, actor, Event.of("app.unsuspended", "app", appId).app(appId)
            .reason(reason.orElse(null))))
        .mapEmpty());
  }

  /** A new signing secret; the old one stops working at once. Returned this once. */
  public Future<JsonObject> rotateSecret(Actor actor, String appId) {
    String secret = ids.newSecret(32);
    long now = clock.millis();
    return change(appId, tx -> db.query(tx, "UPDATE apps SET signing_secret = ?, secret_rotated_at = ?, updated_at = ? "
            + "WHERE id = ?", secret, now, now, appId)
        .compose(r -> audit.append(tx, actor, Event.of("app.secret_rotated", "app", appId).app(appId)))
        .mapEmpty())
        .map(app -> new JsonObject().put("secret", secret).put("rotatedAt", Instant.ofEpochMilli(now).toString()));
  }

  /** The app's signing secret, for signing launch parameters. */
  public Future<String> signingSecret(String appId) {
    return db.query("SELECT signing_secret FROM apps WHERE id = ?", appId).map(rows -> {
      if (rows.size() == 0) {
        throw PlatformException.notFound("app '" + appId + "'");
      }
      return rows.iterator().next().getString("signing_secret");
    });
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
    return bundles.read(zip).compose(bundle -> {
      String declared = bundle.manifest().appId();
      if (!declared.equals(app.id())) {
        return Future.failedFuture(PlatformException.invalid("/app_id", "manifest.json: app_id is '" + declared
            + "' but this is the app '" + app.id() + "'"));
      }
      return existing(app.id(), bundle).compose(found -> found.isPresent()
          ? Future.succeededFuture(new Uploaded(found.get(), false))
          : verify(bundle).compose(v -> insertVersion(actor, app, bundle, zip)));
    });
  }

  private Future<Optional<Version>> existing(String appId, Bundle bundle) {
    String number = bundle.manifest().version().name();
    return loadVersion(db.pool(), appId, number).map(found -> {
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
    String icon = bundle.manifest().icons().isEmpty() ? null : bundle.manifest().icons().get(0).src();
    return db.pool().withTransaction(tx -> db.query(tx, "SELECT id FROM apps WHERE id = ? FOR UPDATE", app.id())
        .compose(locked -> db.query(tx, "SELECT version, bundle_sha256 FROM app_versions WHERE app_id = ?", app.id()))
        .compose(rows -> {
          Semver incoming = Semver.parse(number);
          for (Row row : rows) {
            String existing = row.getString("version");
            if (existing.equals(number)) {
              if (row.getString("bundle_sha256").equals(bundle.sha256())) {
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
          return bundles.insert(tx, bundle.sha256(), zip)
              .compose(v -> db.query(tx, "INSERT INTO app_versions (app_id, version, bundle_sha256, manifest, size, "
                  + "file_count, icon, state, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
                  app.id(), number, bundle.sha256(), bundle.manifest().json().encode(), bundle.totalSize(),
                  bundle.files().size(), icon, actor.accountId().orElseThrow(), now))
              .compose(r -> audit.append(tx, actor, Event.of("version.uploaded", "version", app.id() + "@" + number)
                  .app(app.id()).detail("version", number).detail("digest", bundle.sha256())))
              .map(true);
        })
        .compose(created -> loadVersion(tx, app.id(), number).map(v -> new Uploaded(v.orElseThrow(), created))))
        .recover(RegistryService::classified);
  }

  private static String highest(Iterable<Row> rows) {
    Semver max = null;
    for (Row row : rows) {
      Semver v = Semver.parse(row.getString("version"));
      if (max == null || v.isGreaterThan(max)) {
        max = v;
      }
    }
    return String.valueOf(max);
  }

  /** Draft → in review; {@code releaseAt} schedules the release after approval. */
  public Future<Version> submit(Actor actor, App app, String number, Optional<Instant> releaseAt) {
    return transition(actor, app.id(), number, ReviewState.DRAFT, ReviewState.IN_REVIEW, "version.submitted",
        tx -> db.query(tx, "UPDATE app_versions SET state = 'in_review', submitted_at = ?, release_at = ?, "
            + "reviewed_at = NULL, reviewed_by = NULL, review_reason = NULL WHERE app_id = ? AND version = ?",
            clock.millis(), releaseAt.map(Instant::toEpochMilli).orElse(null), app.id(), number).mapEmpty(),
        Optional.empty());
  }

  /** In review → draft, at the developer's wish. */
  public Future<Version> withdraw(Actor actor, App app, String number) {
    return transition(actor, app.id(), number, ReviewState.IN_REVIEW, ReviewState.DRAFT, "version.withdrawn",
        tx -> db.query(tx, "UPDATE app_versions SET state = 'draft', submitted_at = NULL WHERE app_id = ? AND version = ?",
            app.id(), number).mapEmpty(), Optional.empty());
  }

  /** In review → approved, and live unless its release is scheduled later. */
  public Future<Version> approve(Actor actor, String appId, String number, Optional<String> note) {
    long now = clock.millis();
    return transition(actor, appId, number, ReviewState.IN_REVIEW, ReviewState.APPROVED, "version.approved",
        tx -> db.query(tx, "UPDATE app_versions SET state = 'approved', reviewed_at = ?, reviewed_by = ?, "
            + "review_reason = ? WHERE app_id = ? AND version = ?", now, actor.accountId().orElse(null),
            note.orElse(null), appId, number)
            .compose(r -> loadVersion(tx, appId, number))
            .compose(v -> v.get().releaseAt().filter(at -> at.toEpochMilli() > now).isPresent()
                ? Future.<Void>succeededFuture()
                : makeLive(tx, actor, appId, number, false)),
        note);
  }

  /** In review → rejected, with the reason the developer reads. */
  public Future<Version> reject(Actor actor, String appId, String number, String reason) {
    String why = requireReason(reason);
    return transition(actor, appId, number, ReviewState.IN_REVIEW, ReviewState.REJECTED, "version.rejected",
        tx -> db.query(tx, "UPDATE app_versions SET state = 'rejected', reviewed_at = ?, reviewed_by = ?, "
            + "review_reason = ? WHERE app_id = ? AND version = ?", clock.millis(), actor.accountId().orElse(null),
            why, appId, number).mapEmpty(), Optional.of(why));
  }

  /** Makes an approved version live now: a release, or a rollback to an earlier one. */
  public Future<App> release(Actor actor, String appId, String number) {
    return change(appId, tx -> loadVersion(tx, appId, number).compose(v -> {
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

  /** Releases the approved versions whose scheduled time has come; any node may run it. */
  public Future<Integer> releaseDue() {
    long now = clock.millis();
    return db.query("SELECT app_id, version FROM app_versions WHERE state = 'approved' AND release_at IS NOT NULL "
        + "AND release_at <= ? AND released_at IS NULL", now).compose(rows -> {
          Future<Integer> done = Future.succeededFuture(0);
          for (Row row : rows) {
            String appId = row.getString("app_id");
            String number = row.getString("version");
            done = done.compose(n -> change(appId, tx -> db.query(tx, "UPDATE app_versions SET released_at = ? "
                    + "WHERE app_id = ? AND version = ? AND released_at IS NULL", now, appId, number)
                .compose(claimed -> claimed.rowCount() == 0 ? Future.<Void>succeededFuture()
                    : makeLive(tx, Actor.system(), appId, number, false)))
                .map(app -> n + 1)
                .recover(f -> {
                  LOG.warn("scheduled release of {}@{} failed", appId, number, f);
                  return Future.succeededFuture(n);
                }));
          }
          return done;
        });
  }

  private Future<Void> makeLive(SqlClient tx, Actor actor, String appId, String number, boolean rollback) {
    long now = clock.millis();
    return db.query(tx, "SELECT live_version FROM apps WHERE id = ? FOR UPDATE", appId).compose(rows -> {
      String previous = rows.iterator().next().getString("live_version");
      boolean back = previous != null && Semver.parse(previous).isGreaterThan(Semver.parse(number));
      return db.query(tx, "UPDATE apps SET live_version = ?, updated_at = ? WHERE id = ?", number, now, appId)
          .compose(r -> db.query(tx, "UPDATE app_versions SET released_at = ? WHERE app_id = ? AND version = ?",
              now, appId, number))
          .compose(r -> audit.append(tx, actor, Event.of("version.released", "version", appId + "@" + number)
              .app(appId).detail("version", number).detail("previous", previous).detail("rollback", back)))
          .mapEmpty();
    });
  }

  private Future<Version> transition(Actor actor, String appId, String number, ReviewState from, ReviewState to,
      String action, java.util.function.Function<SqlClient, Future<Void>> update, Optional<String> reason) {
    return db.pool().withTransaction(tx -> db.query(tx, "SELECT id FROM apps WHERE id = ? FOR UPDATE", appId)
        .compose(locked -> loadVersion(tx, appId, number))
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
        .compose(e -> loadVersion(tx, appId, number)))
        .recover(RegistryService::classified)
        .map(v -> {
          cache.changed(appId);
          return v.orElseThrow();
        });
  }

  /** Runs a change of one app in a transaction, then drops it from every node's cache. */
  private Future<App> change(String appId, java.util.function.Function<SqlClient, Future<Void>> work) {
    return db.pool().withTransaction(tx -> db.query(tx, "SELECT id FROM apps WHERE id = ? FOR UPDATE", appId)
        .compose(rows -> {
          if (rows.size() == 0) {
            throw PlatformException.notFound("app '" + appId + "'");
          }
          return work.apply(tx);
        })
        .compose(v -> loadApp(tx, appId)))
        .recover(RegistryService::classified)
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

  // ---- rows ----

  private Future<Optional<App>> loadApp(SqlClient client, String appId) {
    return db.query(client, RegistryRows.APP_SELECT + " WHERE a.id = ?", appId)
        .map(rows -> rows.size() == 0 ? Optional.<App>empty() : Optional.of(RegistryRows.app(rows.iterator().next())));
  }

  private Future<Optional<Version>> loadVersion(SqlClient client, String appId, String number) {
    return db.query(client, RegistryRows.VERSION_SELECT + " WHERE v.app_id = ? AND v.version = ?", appId, number)
        .map(rows -> rows.size() == 0 ? Optional.<Version>empty()
            : Optional.of(RegistryRows.version(rows.iterator().next())));
  }

  private static List<App> apps(Iterable<Row> rows) {
    List<App> out = new ArrayList<>();
    rows.forEach(r -> out.add(RegistryRows.app(r)));
    return out;
  }

  private static <T> Future<T> classified(Throwable failure) {
    return Future.failedFuture(Database.classify(failure));
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
