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
        .compose(apps -> describe(conversationId,
            apps.values().stream().filter(i -> devVersions.in(conversationId, i.appId())
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
  private Future<JsonArray> describe(String conversationId, List<Installations.Installed> installed) {
    List<Future<Optional<JsonObject>>> described = installed.stream().map(i -> registry.listing(i.appId())
        .compose(l -> accounts.find(i.installedBy())
            .map(a -> a.publicJson()).otherwise(new JsonObject().put("id", i.installedBy()))
            .map(by -> l.map(listing -> installedJson(listing, by, i))))
        .compose(json -> json.isEmpty()
            ? Future.succeededFuture(json)
            : permissionsOf(conversationId, i.appId(), json.get()).map(Optional::of)))
        .toList();
    return Future.all(described).map(all -> {
      JsonArray arr = new JsonArray();
      described.forEach(f -> f.result().ifPresent(arr::add));
      return arr;
    });
  }

  /**
   * The app's permissions as every member of the group sees them in its app settings: each with
   * its scope, and for the conversation's own who granted it and when (a personal permission is
   * each person's to decide).
   */
  private Future<JsonObject> permissionsOf(String conversationId, String appId, JsonObject json) {
    return registry.listing(appId).compose(l -> broker.consents().conversation().grants(conversationId, appId)
        .compose(grants -> {
          List<String> asked = l.flatMap(Listing::live).map(v -> v.permissionNames()).orElse(List.of());
          List<Future<JsonObject>> items = asked.stream().map(name -> {
            JsonObject item = new JsonObject().put("name", name)
                .put("userText", Permission.byName(name).map(Permission::userText).orElse(name))
                .put("scope", dev.parley.core.apps.permissions.ConsentScopes.scopeOf(name));
            var grant = grants.get(name);
            if (grant == null) {
              return Future.succeededFuture(dev.parley.core.apps.permissions.ConsentScopes.isConversation(name)
                  ? item.put("granted", false)
                  : item);
            }
            item.put("granted", true).put("grantedAt", grant.at().toString());
            return grant.grantedBy().isEmpty()
                ? Future.succeededFuture(item.putNull("grantedBy"))
                : accounts.find(grant.grantedBy().get()).map(a -> item.put("grantedBy", new JsonObject()
                    .put("id", a.id()).put("displayName", a.displayName())))
                    // Lazily: an eager putNull would overwrite a find that completed before this line ran.
                    // Only a deleted account shows as null; any other failure is the request's failure.
                    .recover(e -> e instanceof PlatformException pe && pe.reason() == PlatformException.Reason.NOT_FOUND
                        ? Future.succeededFuture(item.putNull("grantedBy"))
                        : Future.failedFuture(e));
          }).toList();
          return Future.all(items).map(all -> json.put("permissions",
              new JsonArray(items.stream().map(Future::result).map(Object.class::cast).toList())));
        }));
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
      var account = Authn.principal(ctx).account();
      return broker.installations().install(me(ctx), conversationId, appId)
          // Installing is the installer's consent to the conversation permissions, and says so to the group.
          .compose(created -> !created
              ? Future.succeededFuture(false)
              : broker.consents().conversation()
                  .grant(conversationId, appId, account.id(), listing.live().get().permissionNames())
                  .compose(g -> broker.chat().appInstalled(account, conversationId,
                      new dev.parley.core.chat.Message.AppLabel(appId, listing.app().name())))
                  .map(true))
          .compose(created -> broker.installations().installed(conversationId)
              .compose(apps -> describe(conversationId, List.of(apps.get(appId))))
              .map(arr -> Answer.createdOrOk(created, arr.getJsonObject(0))));
    });
  }

  private Future<Void> uninstall(RoutingContext ctx) {
    return broker.installations().uninstall(me(ctx), ctx.pathParam("id"), ctx.pathParam("appId"))
        .compose(v -> broker.consents().conversation().forget(ctx.pathParam("id"), ctx.pathParam("appId")));
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
    JsonObject body = JsonBody.object(ctx);
    List<String> permissions = JsonBody.strings(body, "permissions", 32);
    if (body.getValue("conversationId") != null && !(body.getValue("conversationId") instanceof String)) {
      throw PlatformException.invalid("/conversationId", "conversationId must be a conversation's id");
    }
    String conversationId = body.getString("conversationId");
    // With a conversation, its permissions (cards.post, storage.conversation, members.read) are granted
    // for the whole conversation, by someone who may install apps there; the rest are the caller's own.
    List<String> shared = conversationId == null
        ? List.of()
        : permissions.stream().filter(dev.parley.core.apps.permissions.ConsentScopes::isConversation).toList();
    List<String> own = permissions.stream().filter(p -> !shared.contains(p)).toList();
    return existing(appId).compose(l -> {
      List<String> asked = l.live().get().permissionNames();
      Future<List<String>> forConversation = shared.isEmpty()
          ? Future.succeededFuture(List.of())
          : broker.chat().requireMember(me(ctx), conversationId)
              .compose(v -> broker.installations().installed(conversationId))
              .compose(apps -> apps.containsKey(appId)
                  ? broker.installations().mayInstall(me(ctx), conversationId)
                  : Future.failedFuture(PlatformException.notFound("app '" + appId + "' in this conversation")))
              .compose(may -> {
                if (!may) {
                  return Future.failedFuture(PlatformException.forbidden(
                      "only someone who may install apps in this group decides what the app may do in it"));
                }
                for (String p : shared) {
                  if (!asked.contains(p)) {
                    return Future.failedFuture(PlatformException.invalid("/permissions", "the app '" + appId
                        + "' does not ask for '" + p + "'"));
                  }
                }
                return broker.consents().conversation().grant(conversationId, appId, me(ctx), shared);
              });
      return forConversation.compose(g -> (own.isEmpty()
          ? Future.succeededFuture(List.<String>of())
          : broker.consents().grant(me(ctx), appId, own, asked)).map(mine -> {
            List<String> all = new ArrayList<>(g);
            all.addAll(mine);
            return all;
          }));
    }).map(granted -> new JsonObject().put("appId", appId).put("granted", new JsonArray(new ArrayList<>(granted))));
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
