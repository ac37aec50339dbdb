package dev.parley.core.registry;

import dev.parley.core.PlatformException;
import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Principal;
import dev.parley.core.accounts.Role;
import dev.parley.core.audit.Actor;
import dev.parley.core.audit.AuditFilter;
import dev.parley.core.web.Authn;
import dev.parley.core.web.Json;
import dev.parley.core.web.JsonBody;
import dev.parley.core.web.OpenApiValidation;
import dev.parley.core.web.Problems;
import dev.parley.runtime.Bundle;
import io.vertx.core.Future;
import io.vertx.core.Handler;
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
public final class RegistryApi {

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

  public RegistryApi(Vertx vertx, RegistryService registry, UsageLog usage, Launcher launcher, Authn authn,
      OpenApiValidation contract, Clock clock, long maxBundleBytes) {
    this.vertx = vertx;
    this.registry = registry;
    this.usage = usage;
    this.launcher = launcher;
    this.contract = contract;
    this.files = new VersionFiles(registry, authn);
    this.clock = clock;
    this.maxBundleBytes = maxBundleBytes;
  }

  /** The path of the upload route, which reads its own (larger) body. */
  public static final String UPLOAD_PATH = "/api/developer/apps/:appId/versions";

  /**
   * The body handler of the upload route, to mount before the API's general one: a bundle may be
   * larger than other requests. A request without any credentials is refused before its body is
   * read.
   */
  public void mountUpload(Router root, Path uploadsDirectory) {
    root.post(UPLOAD_PATH).handler(ctx -> {
      if (ctx.request().getHeader("Authorization") == null && ctx.request().getCookie(Authn.COOKIE) == null) {
        ctx.fail(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED, "sign in first"));
        return;
      }
      ctx.next();
    });
    root.post(UPLOAD_PATH).handler(BodyHandler.create(true).setBodyLimit(maxBundleBytes + MULTIPART_SLACK)
        .setUploadsDirectory(uploadsDirectory.toString()).setDeleteUploadedFilesOnEnd(true))
        .failureHandler(this::uploadTooLarge); // the body limit fails here, outside the API's sub-router
  }

  /** The OpenAPI document and the version files; mount at the root, before authentication. */
  public Router publicRouter() {
    Router router = Router.router(vertx);
    router.get("/api/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
        .end(contract.yaml()));
    router.get("/api/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end(contract.json()));
    router.get(VersionFiles.PREFIX + ":appId/:digest/*").handler(files::serve);
    router.head(VersionFiles.PREFIX + ":appId/:digest/*").handler(files::serve);
    return router;
  }

  /** The routes that need an account; mount under {@code /api} behind {@link Authn#required}. */
  public Router router() {
    Router router = Router.router(vertx);
    router.get("/apps").handler(this::directory);
    router.post("/apps/:appId/launch").handler(this::launch);

    router.route("/developer/*").handler(this::developerOrAdmin);
    router.get("/developer/apps").handler(contract.operation("listMyApps")).handler(this::myApps);
    router.post("/developer/apps").handler(contract.operation("createApp")).handler(this::createApp);
    router.get("/developer/apps/:appId").handler(contract.operation("getApp")).handler(ctx -> readable(ctx).onSuccess(app ->
        Json.send(ctx, 200, app.toJson())).onFailure(ctx::fail));
    router.patch("/developer/apps/:appId").handler(contract.operation("updateApp")).handler(this::updateApp);
    router.get("/developer/apps/:appId/versions").handler(contract.operation("listVersions")).handler(this::versions);
    router.post("/developer/apps/:appId/versions").handler(this::upload).failureHandler(this::uploadTooLarge);
    router.get("/developer/apps/:appId/versions/:version").handler(contract.operation("getVersion")).handler(this::versionDetail);
    router.post("/developer/apps/:appId/versions/:version/submit").handler(contract.operation("submitVersion")).handler(this::submit);
    router.post("/developer/apps/:appId/versions/:version/withdraw").handler(contract.operation("withdrawVersion")).handler(ctx ->
        writable(ctx).compose(app -> registry.withdraw(actor(ctx), app, ctx.pathParam("version")))
            .onSuccess(v -> Json.send(ctx, 200, v.toJson())).onFailure(ctx::fail));
    router.post("/developer/apps/:appId/versions/:version/release").handler(contract.operation("releaseVersion")).handler(ctx ->
        writable(ctx).compose(app -> registry.release(actor(ctx), app.id(), ctx.pathParam("version")))
            .onSuccess(a -> Json.send(ctx, 200, a.toJson())).onFailure(ctx::fail));
    router.get("/developer/apps/:appId/reviews").handler(contract.operation("reviewHistory")).handler(this::reviews);
    router.post("/developer/apps/:appId/secret").handler(contract.operation("rotateSecret")).handler(ctx ->
        writable(ctx).compose(app -> registry.rotateSecret(actor(ctx), app.id()))
            .onSuccess(s -> Json.send(ctx, 200, s)).onFailure(ctx::fail));
    router.get("/developer/apps/:appId/usage").handler(contract.operation("appUsage")).handler(ctx ->
        readable(ctx).compose(app -> usage.usage(app.id()))
            .onSuccess(u -> Json.send(ctx, 200, u)).onFailure(ctx::fail));
    router.get("/developer/apps/:appId/logs").handler(contract.operation("appLogs")).handler(ctx ->
        readable(ctx).compose(app -> usage.logs(app.id(), intParam(ctx, "limit", 100)))
            .onSuccess(l -> Json.send(ctx, 200, l)).onFailure(ctx::fail));

    router.route("/admin/*").handler(Authn.role(Role.ADMIN));
    router.get("/admin/reviews").handler(contract.operation("reviewQueue")).handler(this::reviewQueue);
    router.get("/admin/apps").handler(contract.operation("searchApps")).handler(ctx -> registry.search(
            Optional.ofNullable(ctx.queryParams().get("q")), Optional.ofNullable(ctx.queryParams().get("status")), 100)
        .onSuccess(apps -> Json.send(ctx, 200, json(apps))).onFailure(ctx::fail));
    router.get("/admin/apps/:appId").handler(contract.operation("adminGetApp")).handler(this::adminApp);
    router.post("/admin/apps/:appId/versions/:version/approve").handler(contract.operation("approveVersion")).handler(ctx ->
        registry.approve(actor(ctx), ctx.pathParam("appId"), ctx.pathParam("version"),
                JsonBody.optionalString(JsonBody.object(ctx), "note"))
            .onSuccess(v -> Json.send(ctx, 200, v.toJson())).onFailure(ctx::fail));
    router.post("/admin/apps/:appId/versions/:version/reject").handler(contract.operation("rejectVersion")).handler(ctx ->
        registry.reject(actor(ctx), ctx.pathParam("appId"), ctx.pathParam("version"),
                JsonBody.string(JsonBody.object(ctx), "reason"))
            .onSuccess(v -> Json.send(ctx, 200, v.toJson())).onFailure(ctx::fail));
    router.post("/admin/apps/:appId/versions/:version/release").handler(contract.operation("adminReleaseVersion")).handler(ctx ->
        registry.release(actor(ctx), ctx.pathParam("appId"), ctx.pathParam("version"))
            .onSuccess(a -> Json.send(ctx, 200, a.toJson())).onFailure(ctx::fail));
    router.post("/admin/apps/:appId/suspend").handler(contract.operation("suspendApp")).handler(ctx ->
        registry.suspend(actor(ctx), ctx.pathParam("appId"), JsonBody.string(JsonBody.object(ctx), "reason"))
            .onSuccess(a -> Json.send(ctx, 200, a.toJson())).onFailure(ctx::fail));
    router.post("/admin/apps/:appId/unsuspend").handler(contract.operation("unsuspendApp")).handler(ctx ->
        registry.unsuspend(actor(ctx), ctx.pathParam("appId"), JsonBody.optionalString(JsonBody.object(ctx), "reason"))
            .onSuccess(a -> Json.send(ctx, 200, a.toJson())).onFailure(ctx::fail));
    router.get("/admin/audit").handler(contract.operation("auditLog")).handler(this::auditLog);
    return router;
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

  private void myApps(RoutingContext ctx) {
    registry.ownedBy(Authn.principal(ctx).accountId()).onSuccess(apps -> Json.send(ctx, 200, json(apps)))
        .onFailure(ctx::fail);
  }

  private void createApp(RoutingContext ctx) {
    Principal p = Authn.principal(ctx);
    if (!p.account().has(Role.DEVELOPER)) {
      ctx.fail(PlatformException.forbidden("creating apps needs the developer role"));
      return;
    }
    registry.create(actor(ctx), JsonBody.object(ctx)).onSuccess(app -> Json.send(ctx, 201, app.toJson()))
        .onFailure(ctx::fail);
  }

  private void updateApp(RoutingContext ctx) {
    JsonObject changes = JsonBody.object(ctx);
    writable(ctx).compose(app -> registry.update(actor(ctx), app, changes))
        .onSuccess(app -> Json.send(ctx, 200, app.toJson())).onFailure(ctx::fail);
  }

  private void versions(RoutingContext ctx) {
    readable(ctx).compose(app -> registry.versions(app.id())).onSuccess(list -> {
      JsonArray out = new JsonArray();
      list.forEach(v -> out.add(v.toJson()));
      Json.send(ctx, 200, out);
    }).onFailure(ctx::fail);
  }

  private void upload(RoutingContext ctx) {
    if (!AppIds.isValid(ctx.pathParam("appId"))) {
      ctx.fail(PlatformException.notFound("app '" + ctx.pathParam("appId") + "'"));
      return;
    }
    writable(ctx).compose(app -> uploadedBytes(ctx).compose(zip -> registry.upload(actor(ctx), app, zip)))
        .onSuccess(up -> Json.send(ctx, up.created() ? 201 : 200, up.version().toJson()))
        .onFailure(ctx::fail);
  }

  private Future<byte[]> uploadedBytes(RoutingContext ctx) {
    String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("")
        .toLowerCase(Locale.ROOT).split(";")[0].trim();
    if (type.equals("multipart/form-data")) {
      Optional<FileUpload> part = ctx.fileUploads().stream().filter(f -> f.name().equals("bundle")).findFirst();
      if (part.isEmpty()) {
        return Future.failedFuture(PlatformException.invalid("/bundle", "put the zip in the multipart part named 'bundle'"));
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

  private void uploadTooLarge(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      Problems.send(ctx, 413, "the bundle is larger than the " + maxBundleBytes + " bytes allowed");
      return;
    }
    ctx.next();
  }

  private void versionDetail(RoutingContext ctx) {
    readable(ctx).compose(app -> registry.version(app.id(), ctx.pathParam("version")))
        .compose(version -> registry.bundle(version.digest()).compose(bundle -> registry.comparedTo(version)
            .map(previous -> detail(version, bundle, previous))))
        .onSuccess(json -> Json.send(ctx, 200, json)).onFailure(ctx::fail);
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

  private void submit(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Optional<Instant> releaseAt;
    try {
      releaseAt = JsonBody.optionalString(body, "releaseAt").map(Instant::parse);
    } catch (DateTimeParseException e) {
      ctx.fail(PlatformException.invalid("/releaseAt", "releaseAt must be an ISO-8601 time such as 2026-12-01T09:00:00Z"));
      return;
    }
    writable(ctx).compose(app -> registry.submit(actor(ctx), app, ctx.pathParam("version"), releaseAt))
        .onSuccess(v -> Json.send(ctx, 200, v.toJson())).onFailure(ctx::fail);
  }

  private void reviews(RoutingContext ctx) {
    readable(ctx).compose(app -> registry.audit().read(AuditFilter.app(app.id(), 200))).onSuccess(page -> {
      JsonArray out = new JsonArray();
      page.entries().stream().filter(e -> e.action().startsWith("version.")).forEach(e -> out.add(e.toJson()));
      Json.send(ctx, 200, out);
    }).onFailure(ctx::fail);
  }

  // ---- admin ----

  private void reviewQueue(RoutingContext ctx) {
    registry.reviewQueue().compose(queue -> {
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
    }).onSuccess(arr -> Json.send(ctx, 200, arr)).onFailure(ctx::fail);
  }

  private void adminApp(RoutingContext ctx) {
    String appId = ctx.pathParam("appId");
    registry.listing(appId).compose(found -> {
      App app = found.orElseThrow(() -> PlatformException.notFound("app '" + appId + "'")).app();
      return registry.versions(appId).compose(versions -> usage.usage(appId).map(u -> {
        JsonArray list = new JsonArray();
        versions.forEach(v -> list.add(v.toJson()));
        return app.toJson().put("versions", list).put("usage", u);
      }));
    }).onSuccess(json -> Json.send(ctx, 200, json)).onFailure(ctx::fail);
  }

  private void auditLog(RoutingContext ctx) {
    AuditFilter filter;
    try {
      filter = new AuditFilter(query(ctx, "action"), query(ctx, "actor"), query(ctx, "appId"),
          query(ctx, "from").map(Instant::parse), query(ctx, "to").map(Instant::parse), query(ctx, "before"),
          intParam(ctx, "limit", 50));
    } catch (DateTimeParseException e) {
      ctx.fail(PlatformException.invalid("/from", "from and to must be ISO-8601 times such as 2026-12-01T09:00:00Z"));
      return;
    }
    registry.audit().read(filter).onSuccess(page -> {
      JsonArray entries = new JsonArray();
      page.entries().forEach(e -> entries.add(e.toJson()));
      Json.send(ctx, 200, new JsonObject().put("entries", entries).put("nextBefore", page.nextBefore().orElse(null)));
    }).onFailure(ctx::fail);
  }

  // ---- users ----

  private void directory(RoutingContext ctx) {
    registry.directory(Optional.ofNullable(ctx.queryParams().get("q")), 100).onSuccess(apps -> {
      JsonArray out = new JsonArray();
      apps.forEach(a -> out.add(a.directoryJson()));
      Json.send(ctx, 200, out);
    }).onFailure(ctx::fail);
  }

  private void launch(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Optional<String> conversationId = JsonBody.optionalString(body, "conversationId");
    launcher.launch(actor(ctx), Authn.principal(ctx).accountId(), ctx.pathParam("appId"), conversationId)
        .onSuccess(json -> Json.send(ctx, 200, json)).onFailure(ctx::fail);
  }

  // ---- helpers ----

  private static Optional<String> query(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.queryParams().get(name)).filter(s -> !s.isBlank());
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    return query(ctx, name).map(Integer::parseInt).orElse(fallback);
  }

  private static JsonArray json(List<App> apps) {
    JsonArray out = new JsonArray();
    apps.forEach(a -> out.add(a.toJson()));
    return out;
  }
}
