package dev.parley.core.broker;

import dev.parley.core.PlatformException;
import dev.parley.core.accounts.AccountService;
import dev.parley.core.audit.Actor;
import dev.parley.core.registry.App;
import dev.parley.core.registry.Launcher;
import dev.parley.core.registry.Listing;
import dev.parley.core.registry.RegistryService;
import dev.parley.core.web.Authn;
import dev.parley.core.web.Json;
import dev.parley.core.web.JsonBody;
import dev.parley.runtime.Permission;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** HTTP routes of the broker: installs, pins, consent, commands, card actions, page calls, launch. */
public final class BrokerApi {

  /** Builds the launch of an app's page: {@code (conversationId, listing) → {pageUrl, launchParams, …}}. */
  public interface PageLauncher {
    Future<JsonObject> launch(RoutingContext ctx, String userId, String conversationId, Listing listing, String startParam);
  }

  private final Vertx vertx;
  private final Broker broker;
  private final RegistryService registry;
  private final Launcher launcher;
  private final AccountService accounts;
  private final PageLauncher pages;

  public BrokerApi(Vertx vertx, Broker broker, RegistryService registry, Launcher launcher, AccountService accounts,
      PageLauncher pages) {
    this.vertx = vertx;
    this.broker = broker;
    this.registry = registry;
    this.launcher = launcher;
    this.accounts = accounts;
    this.pages = pages;
  }

  /** Routes that need an account; mount under {@code /api} behind {@link Authn#required}. */
  public Router router() {
    Router router = Router.router(vertx);
    router.get("/conversations/:id/apps").handler(this::installed);
    router.post("/conversations/:id/apps").handler(this::install);
    router.delete("/conversations/:id/apps/:appId").handler(this::uninstall);
    router.post("/conversations/:id/commands").handler(this::command);
    router.post("/conversations/:id/messages/:messageId/actions").handler(this::cardAction);
    router.post("/conversations/:id/apps/:appId/calls").handler(this::pageCall);
    router.post("/conversations/:id/apps/:appId/launch").handler(this::launch);
    router.get("/me/pins").handler(this::pins);
    router.put("/me/pins/:appId").handler(ctx -> existing(ctx.pathParam("appId"))
        .compose(l -> broker.installations().pin(me(ctx), l.app().id()))
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
    router.delete("/me/pins/:appId").handler(ctx -> broker.installations().unpin(me(ctx), ctx.pathParam("appId"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
    router.get("/me/notifications").handler(ctx -> broker.notifications(me(ctx), 50)
        .onSuccess(list -> Json.send(ctx, 200, list)).onFailure(ctx::fail));
    router.get("/permissions").handler(this::catalogue);
    router.get("/me/consents").handler(this::consents);
    router.post("/apps/:appId/consent").handler(this::consent);
    router.delete("/apps/:appId/consent").handler(ctx -> broker.consents()
        .revoke(me(ctx), ctx.pathParam("appId"), Optional.empty())
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
    router.delete("/apps/:appId/consent/:permission").handler(ctx -> revokeOne(ctx));
    return router;
  }

  private static String me(RoutingContext ctx) {
    return Authn.principal(ctx).accountId();
  }

  private static Actor actor(RoutingContext ctx) {
    return Actor.of(Authn.principal(ctx), ctx);
  }

  private Future<Listing> existing(String appId) {
    return registry.listing(appId).map(l -> l.filter(x -> x.live().isPresent())
        .orElseThrow(() -> PlatformException.notFound("app '" + appId + "'")));
  }

  // ---- installs ----

  private void installed(RoutingContext ctx) {
    String conversationId = ctx.pathParam("id");
    // Membership first: the list is no business of non-members.
    broker.chat().requireMember(me(ctx), conversationId)
        .compose(v -> broker.installations().installed(conversationId))
        .compose(apps -> describe(apps.values().stream().toList()))
        .onSuccess(list -> Json.send(ctx, 200, list)).onFailure(ctx::fail);
  }

  private Future<JsonArray> describe(List<Installations.Installed> installed) {
    Future<JsonArray> out = Future.succeededFuture(new JsonArray());
    for (Installations.Installed i : installed) {
      out = out.compose(arr -> registry.listing(i.appId()).compose(l -> accounts.find(i.installedBy())
          .map(a -> a.publicJson()).otherwise(new JsonObject().put("id", i.installedBy()))
          .map(by -> {
            if (l.isPresent()) {
              arr.add(installedJson(l.get(), by, i));
            }
            return arr;
          })));
    }
    return out;
  }

  static JsonObject installedJson(Listing listing, JsonObject by, Installations.Installed i) {
    App app = listing.app();
    JsonArray commands = listing.live().map(v -> v.manifest().commandsJson()).orElse(new JsonArray());
    return new JsonObject().put("app", app.directoryJson().put("status", app.suspended() ? "suspended" : "active"))
        .put("installedBy", by).put("installedAt", i.installedAt().toString()).put("commands", commands)
        .put("hasPage", listing.live().flatMap(v -> v.manifest().startPage()).isPresent());
  }

  private void install(RoutingContext ctx) {
    String conversationId = ctx.pathParam("id");
    String appId = JsonBody.string(JsonBody.object(ctx), "appId");
    registry.listing(appId).compose(l -> {
      Listing listing = l.orElseThrow(() -> PlatformException.notFound("app '" + appId + "'"));
      if (listing.app().suspended()) {
        throw PlatformException.of(PlatformException.Reason.CONFLICT, "the app '" + appId + "' is suspended");
      }
      if (listing.live().isEmpty()) {
        throw PlatformException.of(PlatformException.Reason.CONFLICT, "the app '" + appId + "' has no live version");
      }
      return broker.installations().install(me(ctx), conversationId, appId)
          .compose(created -> broker.installations().installed(conversationId)
              .compose(apps -> describe(List.of(apps.get(appId))))
              .map(arr -> {
                Json.send(ctx, created ? 201 : 200, arr.getJsonObject(0));
                return null;
              }));
    }).onFailure(ctx::fail);
  }

  private void uninstall(RoutingContext ctx) {
    broker.installations().uninstall(me(ctx), ctx.pathParam("id"), ctx.pathParam("appId"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void pins(RoutingContext ctx) {
    broker.installations().pins(me(ctx)).compose(ids -> {
      Future<JsonArray> out = Future.succeededFuture(new JsonArray());
      for (String id : ids) {
        out = out.compose(arr -> registry.listing(id).map(l -> {
          l.filter(x -> x.live().isPresent()).ifPresent(x -> arr.add(x.app().directoryJson()));
          return arr;
        }));
      }
      return out;
    }).onSuccess(arr -> Json.send(ctx, 200, arr)).onFailure(ctx::fail);
  }

  // ---- consent ----

  private void catalogue(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    Permission.catalogue().forEach(p -> out.add(new JsonObject().put("name", p.permissionName())
        .put("description", p.description()).put("userText", p.userText())));
    Json.send(ctx, 200, out);
  }

  private void consents(RoutingContext ctx) {
    broker.consents().all(me(ctx)).compose(decisions -> {
      Map<String, JsonArray> byApp = new LinkedHashMap<>();
      decisions.stream().filter(d -> d.granted()).forEach(d -> byApp.computeIfAbsent(d.appId(), k -> new JsonArray())
          .add(new JsonObject().put("name", d.permission())
              .put("userText", Permission.byName(d.permission()).map(Permission::userText).orElse(d.permission()))
              .put("grantedAt", d.at().toString())));
      Future<JsonArray> out = Future.succeededFuture(new JsonArray());
      for (Map.Entry<String, JsonArray> e : byApp.entrySet()) {
        out = out.compose(arr -> registry.listing(e.getKey()).map(l -> arr.add(new JsonObject()
            .put("app", new JsonObject().put("id", e.getKey()).put("name", l.map(x -> x.app().name()).orElse(e.getKey()))
                .put("iconUrl", l.flatMap(x -> x.app().iconUrl()).orElse(null)))
            .put("permissions", e.getValue()))));
      }
      return out;
    }).onSuccess(arr -> Json.send(ctx, 200, arr)).onFailure(ctx::fail);
  }

  private void consent(RoutingContext ctx) {
    String appId = ctx.pathParam("appId");
    List<String> permissions = JsonBody.strings(JsonBody.object(ctx), "permissions", 32);
    existing(appId).compose(l -> broker.consents().grant(me(ctx), appId, permissions, l.live().get().permissionNames()))
        .onSuccess(granted -> Json.send(ctx, 200, new JsonObject().put("appId", appId)
            .put("granted", new JsonArray(new ArrayList<>(granted)))))
        .onFailure(ctx::fail);
  }

  private void revokeOne(RoutingContext ctx) {
    String permission = ctx.pathParam("permission");
    if (Permission.byName(permission).isEmpty()) {
      ctx.fail(PlatformException.invalid("/permission", "'" + permission + "' is not a permission"));
      return;
    }
    broker.consents().revoke(me(ctx), ctx.pathParam("appId"), Optional.of(permission))
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  // ---- running ----

  private void command(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    String text = JsonBody.string(body, "text");
    answer(ctx, broker.command(actor(ctx), me(ctx), ctx.pathParam("id"), text));
  }

  private void cardAction(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    answer(ctx, broker.cardAction(actor(ctx), me(ctx), ctx.pathParam("id"), ctx.pathParam("messageId"),
        JsonBody.string(body, "actionId"), JsonBody.optionalString(body, "value")));
  }

  private void pageCall(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Object args = body.getValue("args");
    if (args != null && !(args instanceof JsonObject)) {
      ctx.fail(PlatformException.invalid("/args", "args must be an object"));
      return;
    }
    answer(ctx, broker.pageCall(actor(ctx), me(ctx), ctx.pathParam("id"), ctx.pathParam("appId"),
        JsonBody.string(body, "capability"), args == null ? new JsonObject() : (JsonObject) args));
  }

  private void launch(RoutingContext ctx) {
    String conversationId = ctx.pathParam("id");
    String appId = ctx.pathParam("appId");
    String startParam = JsonBody.optionalString(JsonBody.object(ctx), "startParam").orElse("");
    if (startParam.length() > 512) {
      ctx.fail(PlatformException.invalid("/startParam", "startParam must be at most 512 characters"));
      return;
    }
    broker.chat().requireMember(me(ctx), conversationId)
        .compose(v -> broker.installations().installed(conversationId))
        .compose(apps -> apps.containsKey(appId) ? launcher.launch(actor(ctx), me(ctx), appId, Optional.of(conversationId))
            : Future.failedFuture(PlatformException.notFound("app '" + appId + "' in this conversation")))
        .compose(launched -> launcher.live(actor(ctx), appId)
            .compose(listing -> pages.launch(ctx, me(ctx), conversationId, listing, startParam))
            .map(page -> launched.mergeIn(page)))
        .onSuccess(json -> Json.send(ctx, 200, json)).onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(json -> Json.send(ctx, "pending".equals(json.getString("status")) ? 202 : 200, json))
        .onFailure(ctx::fail);
  }
}
