package dev.parley.core.apps.registry;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Actor;
import dev.parley.core.accounts.Authn;
import dev.parley.core.accounts.Principal;
import dev.parley.core.accounts.Role;
import dev.parley.core.audit.AuditFilter;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.OpenApiValidation;
import dev.parley.core.common.web.Problems;
import dev.parley.core.common.web.QueryParams;
import dev.parley.core.common.web.RequestBodies;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import dev.parley.runtime.Bundle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP routes of the registry: the developer API, the admin API and the user-facing directory
 * and launch. Every developer and admin route is validated against the OpenAPI document first.
 */
public final class RegistryApi implements RouteSet {

  /** Slack on top of the largest bundle for multipart framing. */
  private static final long MULTIPART_SLACK = 64 * 1024;
  private static final List<String> ZIP_TYPES = List.of("application/zip", "application/octet-stream",
      "application/x-zip-compressed");

  private final Vertx vertx;
  private final RegistryService registry;
  private final UsageLog usage;
  private final Launcher launcher;
  private final OpenApiValidation contract;
  private final VersionFiles files;
  private final Clock clock;
  private final long maxBundleBytes;
  private final DevVersions devVersions;
  private final Path uploadsDirectory;
  private final Authn authn;

  /** @param uploadsDirectory where multipart uploads of bundles are kept while their request runs */
  private final dev.parley.core.ratelimit.RateLimits rateLimits;

  public RegistryApi(Vertx vertx, RegistryService registry, UsageLog usage, Launcher launcher, Authn authn,
      OpenApiValidation contract, Clock clock, long maxBundleBytes, Path uploadsDirectory, DevVersions devVersions) {
    this(vertx, registry, usage, launcher, authn, contract, clock, maxBundleBytes, uploadsDirectory, devVersions,
        dev.parley.core.ratelimit.RateLimits.local());
  }

  /** As above, the CSP reports' rate limit kept where {@code rateLimits} says (shared in a cluster). */
  public RegistryApi(Vertx vertx, RegistryService registry, UsageLog usage, Launcher launcher, Authn authn,
      OpenApiValidation contract, Clock clock, long maxBundleBytes, Path uploadsDirectory, DevVersions devVersions,
      dev.parley.core.ratelimit.RateLimits rateLimits) {
    this.rateLimits = rateLimits;
    this.devVersions = devVersions;
    this.vertx = vertx;
    this.registry = registry;
    this.usage = usage;
    this.launcher = launcher;
    this.contract = contract;
    this.files = new VersionFiles(registry, authn);
    this.authn = authn;
    this.clock = clock;
    this.maxBundleBytes = maxBundleBytes;
    this.uploadsDirectory = uploadsDirectory;
  }

  /** The path of the upload route, which reads its own (larger) body. */
  public static final String UPLOAD_PATH = "/api/developer/apps/:appId/versions";

  /** The path of a development version's upload ({@code parley app dev}), which reads its own body too. */
  public static final String DEV_PATH = "/api/developer/apps/:appId/dev";

  /**
   * At the root, before authentication and the API's body handler: the OpenAPI document, the
   * version files, and the upload route's own body handler, as a bundle may be larger than other
   * requests. An upload without valid credentials is refused before its body is read.
   */
  @Override
  public void mountRoot(Router root) {
    root.get("/api/openapi.yaml")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
            .end(contract.yaml()));
    root.get("/api/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end(contract.json()));
    root.get(VersionFiles.PREFIX + ":appId/:digest/*").handler(files::serve);
    root.head(VersionFiles.PREFIX + ":appId/:digest/*").handler(files::serve);
    new DevCspReports(devVersions, usage, rateLimits).mount(root); // before the JSON-only body gate: browsers' own types
    for (String path : List.of(UPLOAD_PATH, DEV_PATH)) {
      root.post(path).handler(this::uploadCredentials).handler(authn::required);
      root.post(path).handler(BodyHandler.create(true).setBodyLimit(maxBundleBytes + MULTIPART_SLACK)
          .setUploadsDirectory(uploadsDirectory.toString()).setDeleteUploadedFilesOnEnd(true));
    }
  }

  /** The developer and admin routes (each validated against the OpenAPI document first), the directory and launch. */
  @Override
  public void mount(Router api) {
    api.get("/apps").handler(Respond.json(this::directory));
    api.post("/apps/:appId/launch").handler(Respond.json(this::launch));

    api.route("/developer/*").handler(this::developerOrAdmin);
    api.get("/developer/apps").handler(contract.operation("listMyApps")).handler(Respond.json(this::myApps));
    api.post("/developer/apps").handler(contract.operation("createApp")).handler(Respond.json(this::createApp));
    api.get("/developer/apps/:appId").handler(contract.operation("getApp")).handler(Respond.json(this::app));
    api.patch("/developer/apps/:appId").handler(contract.operation("updateApp")).handler(Respond.json(this::updateApp));
    api.get("/developer/apps/:appId/versions").handler(contract.operation("listVersions"))
        .handler(Respond.json(this::versions));
    api.post("/developer/apps/:appId/versions").handler(Respond.json(this::upload));
    api.post("/developer/apps/:appId/dev").handler(Respond.json(this::uploadDev));
    api.get("/developer/apps/:appId/versions/:version").handler(contract.operation("getVersion"))
        .handler(Respond.json(this::versionDetail));
    api.post("/developer/apps/:appId/versions/:version/submit").handler(contract.operation("submitVersion"))
        .handler(Respond.json(this::submit));
    api.post("/developer/apps/:appId/versions/:version/withdraw").handler(contract.operation("withdrawVersion"))
        .handler(Respond.json(this::withdraw));
    api.post("/developer/apps/:appId/versions/:version/release").handler(contract.operation("releaseVersion"))
        .handler(Respond.json(this::release));
    api.get("/developer/apps/:appId/reviews").handler(contract.operation("reviewHistory"))
        .handler(Respond.json(this::reviews));
    api.post("/developer/apps/:appId/secret").handler(contract.operation("rotateSecret"))
        .handler(Respond.json(this::rotateSecret));
    api.get("/developer/apps/:appId/usage").handler(contract.operation("appUsage")).handler(Respond.json(this::usage));
    api.get("/developer/apps/:appId/logs").handler(contract.operation("appLogs")).handler(Respond.json(this::logs));

    api.route("/admin/*").handler(Authn.role(Role.ADMIN));
    api.get("/admin/reviews").handler(contract.operation("reviewQueue")).handler(Respond.json(this::reviewQueue));
    api.get("/admin/apps").handler(contract.operation("searchApps")).handler(Respond.json(this::searchApps));
    api.get("/admin/apps/:appId").handler(contract.operation("adminGetApp")).handler(Respond.json(this::adminApp));
    api.post("/admin/apps/:appId/versions/:version/approve").handler(contract.operation("approveVersion"))
        .handler(Respond.json(this::approve));
    api.post("/admin/apps/:appId/versions/:version/reject").handler(contract.operation("rejectVersion"))
        .handler(Respond.json(this::reject));
    api.post("/admin/apps/:appId/versions/:version/release").handler(contract.operation("adminReleaseVersion"))
        .handler(Respond.json(this::adminRelease));
    api.post("/admin/apps/:appId/suspend").handler(contract.operation("suspendApp"))
        .handler(Respond.json(this::suspend));
    api.post("/admin/apps/:appId/unsuspend").handler(contract.operation("unsuspendApp"))
        .handler(Respond.json(this::unsuspend));
    api.get("/admin/audit").handler(contract.operation("auditLog")).handler(Respond.json(this::auditLog));
  }

  /**
   * The upload's first step: the body is held unread while the credentials are checked (next), so
   * a bad one is refused before a byte of up to the bundle limit is read; a body over the limit is
   * named as such.
   */
  private void uploadCredentials(RoutingContext ctx) {
    RequestBodies.hold(ctx);
    Problems.onTooLarge(ctx, "the bundle is larger than the " + maxBundleBytes + " bytes allowed");
    ctx.next();
  }

  private void developerOrAdmin(RoutingContext ctx) {
    Account account = Authn.principal(ctx).account();
    if (!account.has(Role.DEVELOPER) && !account.has(Role.ADMIN)) {
      ctx.fail(PlatformException.forbidden("this needs the developer role; an admin can grant it"));
      return;
    }
    ctx.next();
  }

  private static Actor actor(RoutingContext ctx) {
    return Actor.of(Authn.principal(ctx), ctx);
  }

  private Future<App> readable(RoutingContext ctx) {
    return registry.appFor(actor(ctx), ctx.pathParam("appId"), false);
  }

  private Future<App> writable(RoutingContext ctx) {
    return registry.appFor(actor(ctx), ctx.pathParam("appId"), true);
  }

  // ---- developer ----

  private Future<JsonArray> myApps(RoutingContext ctx) {
    return registry.ownedBy(Authn.principal(ctx).accountId()).map(RegistryApi::json);
  }

  private Future<Answer> createApp(RoutingContext ctx) {
    Principal p = Authn.principal(ctx);
    if (!p.account().has(Role.DEVELOPER)) {
      return Future.failedFuture(PlatformException.forbidden("creating apps needs the developer role"));
    }
    return registry.create(actor(ctx), JsonBody.object(ctx)).map(app -> Answer.created(app.toJson()));
  }

  private Future<JsonObject> app(RoutingContext ctx) {
    return readable(ctx).map(App::toJson);
  }

  private Future<JsonObject> updateApp(RoutingContext ctx) {
    JsonObject changes = JsonBody.object(ctx);
    return writable(ctx).compose(app -> registry.update(actor(ctx), app, changes)).map(App::toJson);
  }

  private Future<JsonArray> versions(RoutingContext ctx) {
    return readable(ctx).compose(app -> registry.versions(app.id())).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(v -> out.add(v.toJson()));
      return out;
    });
  }

  private Future<Answer> upload(RoutingContext ctx) {
    if (!AppIds.isValid(ctx.pathParam("appId"))) {
      return Future.failedFuture(PlatformException.notFound("app '" + ctx.pathParam("appId") + "'"));
    }
    return writable(ctx).compose(app -> uploadedBytes(ctx).compose(zip -> registry.upload(actor(ctx), app, zip)))
        .map(up -> Answer.createdOrOk(up.created(), up.version().toJson()));
  }

  /** A save of {@code parley app dev}: installed, unreviewed, in the developer's development conversation. */
  private Future<JsonObject> uploadDev(RoutingContext ctx) {
    if (!AppIds.isValid(ctx.pathParam("appId"))) {
      return Future.failedFuture(PlatformException.notFound("app '" + ctx.pathParam("appId") + "'"));
    }
    return writable(ctx).compose(app -> uploadedBytes(ctx).compose(zip -> devVersions.install(actor(ctx), app, zip)));
  }

  private Future<byte[]> uploadedBytes(RoutingContext ctx) {
    String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("")
        .toLowerCase(Locale.ROOT).split(";")[0].trim();
    if (type.equals("multipart/form-data")) {
      Optional<FileUpload> part = ctx.fileUploads().stream().filter(f -> f.name().equals("bundle")).findFirst();
      if (part.isEmpty()) {
        return Future
            .failedFuture(PlatformException.invalid("/bundle", "put the zip in the multipart part named 'bundle'"));
      }
      if (ctx.fileUploads().size() > 1) {
        return Future.failedFuture(PlatformException.invalid("/bundle", "send one file, in the part named 'bundle'"));
      }
      return vertx.fileSystem().readFile(part.get().uploadedFileName()).map(b -> b.getBytes());
    }
    if (!ZIP_TYPES.contains(type)) {
      return Future.failedFuture(PlatformException.of(PlatformException.Reason.INVALID,
          "send the bundle as application/zip (or application/octet-stream), or as multipart/form-data in the part 'bundle'"));
    }
    byte[] zip = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    if (zip.length == 0) {
      return Future.failedFuture(PlatformException.invalid("/bundle", "the body is empty: send the bundle's zip"));
    }
    return Future.succeededFuture(zip);
  }

  private Future<JsonObject> versionDetail(RoutingContext ctx) {
    return readable(ctx).compose(app -> registry.version(app.id(), ctx.pathParam("version")))
        .compose(version -> registry.bundle(version.digest()).compose(bundle -> registry.comparedTo(version)
            .map(previous -> detail(version, bundle, previous))));
  }

  private static JsonObject detail(Version version, Bundle bundle, Optional<Version> previous) {
    JsonArray fileList = new JsonArray();
    bundle.files().forEach(f -> fileList.add(new JsonObject().put("path", f.path()).put("size", f.size())
        .put("sha256", f.sha256()).put("text", VersionFiles.isText(f.path()))
        .put("url", VersionFiles.url(version.appId(), version.digest(), f.path()))));
    List<String> beforePermissions = previous.map(Version::permissionNames).orElse(List.of());
    List<String> beforeDomains = previous.map(Version::allowedDomains).orElse(List.of());
    return version.toJson().put("manifest", version.manifest().json()).put("files", fileList)
        .put("comparedTo", previous.map(Version::version).orElse(null))
        .put("permissionChanges", RegistryService.changes(beforePermissions, version.permissionNames()))
        .put("domainChanges", RegistryService.changes(beforeDomains, version.allowedDomains()));
  }

  private Future<JsonObject> submit(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Optional<Instant> releaseAt;
    try {
      releaseAt = JsonBody.optionalString(body, "releaseAt").map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Future.failedFuture(PlatformException.invalid("/releaseAt",
          "releaseAt must be an ISO-8601 time such as 2026-12-01T09:00:00Z"));
    }
    return writable(ctx).compose(app -> registry.submit(actor(ctx), app, ctx.pathParam("version"), releaseAt))
        .map(Version::toJson);
  }

  private Future<JsonObject> withdraw(RoutingContext ctx) {
    return writable(ctx).compose(app -> registry.withdraw(actor(ctx), app, ctx.pathParam("version")))
        .map(Version::toJson);
  }

  private Future<JsonObject> release(RoutingContext ctx) {
    return writable(ctx).compose(app -> registry.release(actor(ctx), app.id(), ctx.pathParam("version")))
        .map(App::toJson);
  }

  private Future<JsonArray> reviews(RoutingContext ctx) {
    return readable(ctx).compose(app -> registry.audit().read(AuditFilter.app(app.id(), 200))).map(page -> {
      JsonArray out = new JsonArray();
      page.entries().stream().filter(e -> e.action().startsWith("version.")).forEach(e -> out.add(e.toJson()));
      return out;
    });
  }

  private Future<JsonObject> rotateSecret(RoutingContext ctx) {
    return writable(ctx).compose(app -> registry.rotateSecret(actor(ctx), app.id()));
  }

  private Future<JsonObject> usage(RoutingContext ctx) {
    return readable(ctx).compose(app -> usage.usage(app.id()));
  }

  private Future<JsonArray> logs(RoutingContext ctx) {
    return readable(ctx).compose(app -> usage.logs(app.id(), intParam(ctx, "limit", 100)));
  }

  // ---- admin ----

  private Future<JsonArray> reviewQueue(RoutingContext ctx) {
    return registry.reviewQueue().compose(queue -> {
      Future<JsonArray> out = Future.succeededFuture(new JsonArray());
      for (Version v : queue) {
        out = out.compose(arr -> registry.listing(v.appId()).map(l -> {
          JsonObject app = l.map(x -> new JsonObject().put("id", x.app().id()).put("name", x.app().name())
              .put("owner", x.app().owner().toJson())).orElse(new JsonObject().put("id", v.appId()));
          long waited = Duration.between(v.submittedAt().orElse(v.uploadedAt()), Instant.ofEpochMilli(clock.millis()))
              .toSeconds();
          return arr.add(v.toJson().put("app", app).put("waitingSeconds", Math.max(0, waited)));
        }));
      }
      return out;
    });
  }

  private Future<JsonArray> searchApps(RoutingContext ctx) {
    return registry
        .search(Optional.ofNullable(ctx.queryParams().get("q")), Optional.ofNullable(ctx.queryParams().get("status")),
            100)
        .map(RegistryApi::json);
  }

  private Future<JsonObject> adminApp(RoutingContext ctx) {
    String appId = ctx.pathParam("appId");
    return registry.listing(appId).compose(found -> {
      App app = found.orElseThrow(() -> PlatformException.notFound("app '" + appId + "'")).app();
      return registry.versions(appId).compose(versions -> usage.usage(appId).map(u -> {
        JsonArray list = new JsonArray();
        versions.forEach(v -> list.add(v.toJson()));
        return app.toJson().put("versions", list).put("usage", u);
      }));
    });
  }

  private Future<JsonObject> approve(RoutingContext ctx) {
    return registry.approve(actor(ctx), ctx.pathParam("appId"), ctx.pathParam("version"),
        JsonBody.optionalString(JsonBody.object(ctx), "note")).map(Version::toJson);
  }

  private Future<JsonObject> reject(RoutingContext ctx) {
    return registry.reject(actor(ctx), ctx.pathParam("appId"), ctx.pathParam("version"),
        JsonBody.string(JsonBody.object(ctx), "reason")).map(Version::toJson);
  }

  private Future<JsonObject> adminRelease(RoutingContext ctx) {
    return registry.release(actor(ctx), ctx.pathParam("appId"), ctx.pathParam("version")).map(App::toJson);
  }

  private Future<JsonObject> suspend(RoutingContext ctx) {
    return registry.suspend(actor(ctx), ctx.pathParam("appId"), JsonBody.string(JsonBody.object(ctx), "reason"))
        .map(App::toJson);
  }

  private Future<JsonObject> unsuspend(RoutingContext ctx) {
    return registry
        .unsuspend(actor(ctx), ctx.pathParam("appId"), JsonBody.optionalString(JsonBody.object(ctx), "reason"))
        .map(App::toJson);
  }

  private Future<JsonObject> auditLog(RoutingContext ctx) {
    AuditFilter filter;
    try {
      filter = new AuditFilter(query(ctx, "action"), query(ctx, "actor"), query(ctx, "appId"),
          query(ctx, "from").map(Instant::parse), query(ctx, "to").map(Instant::parse), query(ctx, "before"),
          intParam(ctx, "limit", 50));
    } catch (DateTimeParseException e) {
      return Future.failedFuture(
          PlatformException.invalid("/from", "from and to must be ISO-8601 times such as 2026-12-01T09:00:00Z"));
    }
    return registry.audit().read(filter).map(page -> {
      JsonArray entries = new JsonArray();
      page.entries().forEach(e -> entries.add(e.toJson()));
      return new JsonObject().put("entries", entries).put("nextBefore", page.nextBefore().orElse(null));
    });
  }

  // ---- users ----

  private Future<JsonArray> directory(RoutingContext ctx) {
    return registry.directory(Optional.ofNullable(ctx.queryParams().get("q")), 100).map(apps -> {
      JsonArray out = new JsonArray();
      apps.forEach(a -> out.add(a.directoryJson()));
      return out;
    });
  }

  private Future<JsonObject> launch(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Optional<String> conversationId = JsonBody.optionalString(body, "conversationId");
    return launcher.launch(actor(ctx), Authn.principal(ctx).accountId(), ctx.pathParam("appId"), conversationId);
  }

  // ---- helpers ----

  private static Optional<String> query(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.queryParams().get(name)).filter(s -> !s.isBlank());
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    return QueryParams.integer(ctx, name, 1, Integer.MAX_VALUE).map(Long::intValue).orElse(fallback);
  }

  private static JsonArray json(List<App> apps) {
    JsonArray out = new JsonArray();
    apps.forEach(a -> out.add(a.toJson()));
    return out;
  }
}
