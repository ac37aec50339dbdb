package dev.parley.core.apps.broker;

import dev.parley.core.accounts.AccountService;
import dev.parley.core.accounts.Actor;
import dev.parley.core.accounts.Authn;
import dev.parley.core.apps.registry.App;
import dev.parley.core.apps.registry.DevVersions;
import dev.parley.core.apps.registry.Launcher;
import dev.parley.core.apps.registry.Listing;
import dev.parley.core.apps.registry.RegistryService;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.RequestLocale;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import dev.parley.runtime.Permission;
import io.vertx.core.Future;
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
public final class BrokerApi implements RouteSet {

  /** Builds the launch of an app's page: {@code (conversationId, listing) → {pageUrl, launchParams, …}}. */
  public interface PageLauncher {
    Future<JsonObject> launch(RoutingContext ctx, String userId, String conversationId, Listing listing,
        String startParam);
  }

  /** Builds the launch of a development version's page in its development conversation. */
  public interface DevPageLauncher {
    Future<JsonObject> launch(RoutingContext ctx, String userId, DevVersions.DevVersion dev, String startParam);
  }

  private final Broker broker;
  private final RegistryService registry;
  private final Launcher launcher;
  private final AccountService accounts;
  private final PageLauncher pages;
  private final DevVersions devVersions;
  private final DevPageLauncher devPages;

  public BrokerApi(Broker broker, RegistryService registry, Launcher launcher, AccountService accounts,
      PageLauncher pages, DevVersions devVersions, DevPageLauncher devPages) {
    this.devVersions = devVersions;
    this.devPages = devPages;
    this.broker = broker;
    this.registry = registry;
    this.launcher = launcher;
    this.accounts = accounts;
    this.pages = pages;
  }

  @Override
  public void mount(Router api) {
    api.get("/conversations/:id/apps").handler(Respond.json(this::installed));
    api.post("/conversations/:id/apps").handler(Respond.json(this::install));
    api.delete("/conversations/:id/apps/:appId").handler(Respond.json(this::uninstall));
    api.post("/conversations/:id/commands").handler(Respond.json(this::command));
    api.post("/conversations/:id/messages/:messageId/actions").handler(Respond.json(this::cardAction));
    api.post("/conversations/:id/apps/:appId/calls").handler(Respond.json(this::pageCall));
    api.post("/conversations/:id/apps/:appId/launch").handler(Respond.json(this::launch));
    api.get("/me/pins").handler(Respond.json(this::pins));
    api.put("/me/pins/:appId").handler(Respond.json(this::pin));
    api.delete("/me/pins/:appId").handler(Respond.json(this::unpin));
    api.get("/me/notifications").handler(Respond.json(this::notifications));
    api.get("/permissions").handler(Respond.json(this::catalogue));
    api.get("/me/consents").handler(Respond.json(this::consents));
    api.post("/apps/:appId/consent").handler(Respond.json(this::consent));
    api.delete("/apps/:appId/consent").handler(Respond.json(this::revokeAll));
    api.delete("/apps/:appId/consent/:permission").handler(Respond.json(this::revokeOne));
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

  private Future<JsonArray> installed(RoutingContext ctx) {
    String conversationId = ctx.pathParam("id");
    // Membership first: the list is no business of non-members.
    return broker.chat().requireMember(me(ctx), conversationId)
        .compose(v -> broker.installations().installed(conversationId))
        .compose(apps -> describe(apps.values().stream().filter(i -> devVersions.in(conversationId, i.appId())
            .isEmpty()).toList()))
        .map(list -> {
          // the development versions of this development conversation first: the messenger lists and opens them
          JsonArray all = new JsonArray();
          devVersions.inConversation(conversationId).forEach(dev -> all.add(devJson(dev)));
          return all.addAll(list);
        });
  }

  private static JsonObject devJson(DevVersions.DevVersion dev) {
    var version = dev.version();
    return new JsonObject().put("app", dev.app().directoryJson().put("status", "active"))
        .put("installedBy", new JsonObject().put("id", version.uploadedBy().id())
            .put("username", version.uploadedBy().username()).put("displayName", version.uploadedBy().displayName()))
        .put("installedAt", version.uploadedAt().toString()).put("commands", version.manifest().commandsJson())
        .put("hasPage", version.manifest().startPage().isPresent()).put("dev", true).put("version", version.version());
  }

  /** Every installed app described at once (Future.all), in installation order; apps gone from the registry left out. */
  private Future<JsonArray> describe(List<Installations.Installed> installed) {
    List<Future<Optional<JsonObject>>> described = installed.stream().map(i -> registry.listing(i.appId())
        .compose(l -> accounts.find(i.installedBy())
            .map(a -> a.publicJson()).otherwise(new JsonObject().put("id", i.installedBy()))
            .map(by -> l.map(listing -> installedJson(listing, by, i)))))
        .toList();
    return Future.all(described).map(all -> {
      JsonArray arr = new JsonArray();
      described.forEach(f -> f.result().ifPresent(arr::add));
      return arr;
    });
  }

  static JsonObject installedJson(Listing listing, JsonObject by, Installations.Installed i) {
    App app = listing.app();
    JsonArray commands = listing.live().map(v -> v.manifest().commandsJson()).orElse(new JsonArray());
    return new JsonObject().put("app", app.directoryJson().put("status", app.suspended() ? "suspended" : "active"))
        .put("installedBy", by).put("installedAt", i.installedAt().toString()).put("commands", commands)
        .put("hasPage", listing.live().flatMap(v -> v.manifest().startPage()).isPresent());
  }

  private Future<Answer> install(RoutingContext ctx) {
    String conversationId = ctx.pathParam("id");
    String appId = JsonBody.string(JsonBody.object(ctx), "appId");
    return registry.listing(appId).compose(l -> {
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
              .map(arr -> Answer.createdOrOk(created, arr.getJsonObject(0))));
    });
  }

  private Future<Void> uninstall(RoutingContext ctx) {
    return broker.installations().uninstall(me(ctx), ctx.pathParam("id"), ctx.pathParam("appId"));
  }

  private Future<JsonArray> pins(RoutingContext ctx) {
    return broker.installations().pins(me(ctx)).compose(ids -> {
      Future<JsonArray> out = Future.succeededFuture(new JsonArray());
      for (String id : ids) {
        out = out.compose(arr -> registry.listing(id).map(l -> {
          l.filter(x -> x.live().isPresent()).ifPresent(x -> arr.add(x.app().directoryJson()));
          return arr;
        }));
      }
      return out;
    });
  }

  private Future<Void> pin(RoutingContext ctx) {
    return existing(ctx.pathParam("appId")).compose(l -> broker.installations().pin(me(ctx), l.app().id()));
  }

  private Future<Void> unpin(RoutingContext ctx) {
    return broker.installations().unpin(me(ctx), ctx.pathParam("appId"));
  }

  private Future<JsonArray> notifications(RoutingContext ctx) {
    return broker.notifications(me(ctx), 50);
  }

  // ---- consent ----

  private Future<JsonArray> catalogue(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    Permission.catalogue().forEach(p -> out.add(new JsonObject().put("name", p.permissionName())
        .put("description", p.description()).put("userText", p.userText())));
    return Future.succeededFuture(out);
  }

  private Future<JsonArray> consents(RoutingContext ctx) {
    return broker.consents().all(me(ctx)).compose(decisions -> {
      Map<String, JsonArray> byApp = new LinkedHashMap<>();
      decisions.stream().filter(d -> d.granted()).forEach(d -> byApp.computeIfAbsent(d.appId(), k -> new JsonArray())
          .add(new JsonObject().put("name", d.permission())
              .put("userText", Permission.byName(d.permission()).map(Permission::userText).orElse(d.permission()))
              .put("grantedAt", d.at().toString())));
      Future<JsonArray> out = Future.succeededFuture(new JsonArray());
      for (Map.Entry<String, JsonArray> e : byApp.entrySet()) {
        out = out.compose(arr -> registry.listing(e.getKey()).map(l -> arr.add(new JsonObject()
            .put("app",
                new JsonObject().put("id", e.getKey()).put("name", l.map(x -> x.app().name()).orElse(e.getKey()))
                    .put("iconUrl", l.flatMap(x -> x.app().iconUrl()).orElse(null)))
            .put("permissions", e.getValue()))));
      }
      return out;
    });
  }

  private Future<JsonObject> consent(RoutingContext ctx) {
    String appId = ctx.pathParam("appId");
    List<String> permissions = JsonBody.strings(JsonBody.object(ctx), "permissions", 32);
    return existing(appId)
        .compose(l -> broker.consents().grant(me(ctx), appId, permissions, l.live().get().permissionNames()))
        .map(granted -> new JsonObject().put("appId", appId).put("granted", new JsonArray(new ArrayList<>(granted))));
  }

  private Future<Void> revokeAll(RoutingContext ctx) {
    return broker.consents().revoke(me(ctx), ctx.pathParam("appId"), Optional.empty());
  }

  private Future<Void> revokeOne(RoutingContext ctx) {
    String permission = ctx.pathParam("permission");
    if (Permission.byName(permission).isEmpty()) {
      return Future.failedFuture(PlatformException.invalid("/permission", "'" + permission + "' is not a permission"));
    }
    return broker.consents().revoke(me(ctx), ctx.pathParam("appId"), Optional.of(permission));
  }

  // ---- running ----

  private Future<Answer> command(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    String text = JsonBody.string(body, "text");
    return answer(broker.command(actor(ctx), me(ctx), ctx.pathParam("id"), text, RequestLocale.of(ctx)));
  }

  private Future<Answer> cardAction(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return answer(broker.cardAction(actor(ctx), me(ctx), ctx.pathParam("id"), ctx.pathParam("messageId"),
        JsonBody.string(body, "actionId"), JsonBody.optionalString(body, "value"), attachmentIds(body),
        RequestLocale.of(ctx)));
  }

  /** A card action's {@code attachmentIds}: the files chosen for a request_file button (at most 10 ids). */
  private static List<String> attachmentIds(JsonObject body) {
    Object raw = body.getValue("attachmentIds");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray ids) || ids.size() > 10) {
      throw PlatformException.invalid("/attachmentIds", "attachmentIds must be an array of at most 10 attachment ids");
    }
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!(ids.getValue(i) instanceof String id) || !id.matches("[A-Za-z0-9_-]{1,64}")) {
        throw PlatformException.invalid("/attachmentIds/" + i, "not an attachment id");
      }
      out.add(id);
    }
    return out;
  }

  private Future<Answer> pageCall(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Object args = body.getValue("args");
    if (args != null && !(args instanceof JsonObject)) {
      return Future.failedFuture(PlatformException.invalid("/args", "args must be an object"));
    }
    return answer(broker.pageCall(actor(ctx), me(ctx), ctx.pathParam("id"), ctx.pathParam("appId"),
        JsonBody.string(body, "capability"), args == null ? new JsonObject() : (JsonObject) args,
        RequestLocale.of(ctx)));
  }

  private Future<JsonObject> launch(RoutingContext ctx) {
    String conversationId = ctx.pathParam("id");
    String appId = ctx.pathParam("appId");
    String startParam = JsonBody.optionalString(JsonBody.object(ctx), "startParam").orElse("");
    if (startParam.length() > 512) {
      return Future.failedFuture(PlatformException.invalid("/startParam", "startParam must be at most 512 characters"));
    }
    Optional<DevVersions.DevVersion> dev = devVersions.in(conversationId, appId);
    if (dev.isPresent()) { // the development version, in its development conversation only
      return broker.chat().requireMember(me(ctx), conversationId)
          .compose(v -> devPages.launch(ctx, me(ctx), dev.get(), startParam));
    }
    return broker.chat().requireMember(me(ctx), conversationId)
        .compose(v -> broker.installations().installed(conversationId))
        .compose(apps -> apps.containsKey(appId)
            ? launcher.launch(actor(ctx), me(ctx), appId, Optional.of(conversationId))
            : Future.failedFuture(PlatformException.notFound("app '" + appId + "' in this conversation")))
        .compose(launched -> launcher.live(actor(ctx), appId)
            .compose(listing -> pages.launch(ctx, me(ctx), conversationId, listing, startParam))
            .map(page -> launched.mergeIn(page)));
  }

  /** A command's, a card action's or a page call's answer: 202 while the app is still at it. */
  private static Future<Answer> answer(Future<JsonObject> result) {
    return result.map(json -> Answer.of("pending".equals(json.getString("status")) ? 202 : 200, json));
  }
}
