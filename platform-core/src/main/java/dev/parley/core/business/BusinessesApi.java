package dev.parley.core.business;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Actor;
import dev.parley.core.accounts.Authn;
import dev.parley.core.accounts.Role;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.QueryParams;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * The session side of businesses: owners (developers) manage their businesses and keys under
 * {@code /api/businesses}, admins review them under {@code /api/admin/businesses}, and customers
 * find verified ones, start conversations, block and share under {@code /api/directory/businesses}.
 */
public final class BusinessesApi implements RouteSet {

  private final Businesses businesses;
  private final BusinessConversations conversations;

  public BusinessesApi(Businesses businesses, BusinessConversations conversations) {
    this.businesses = businesses;
    this.conversations = conversations;
  }

  @Override
  public void mount(Router api) {
    api.route("/businesses*").handler(Authn.role(Role.DEVELOPER));
    api.post("/businesses").handler(Respond.json(this::create));
    api.get("/businesses").handler(Respond.json(this::mine));
    api.get("/businesses/:businessId").handler(Respond.json(ctx -> businesses
        .own(me(ctx).id(), ctx.pathParam("businessId")).map(Business::ownerJson)));
    api.patch("/businesses/:businessId").handler(Respond.json(ctx -> businesses
        .update(me(ctx), ctx.pathParam("businessId"), JsonBody.object(ctx)).map(Business::ownerJson)));
    api.get("/businesses/:businessId/keys").handler(Respond.json(ctx -> businesses
        .keys(me(ctx), ctx.pathParam("businessId"))));
    api.post("/businesses/:businessId/keys").handler(Respond.json(ctx -> businesses
        .createKey(me(ctx), ctx.pathParam("businessId"), JsonBody.string(JsonBody.object(ctx), "name"))
        .map(Answer::created)));
    api.delete("/businesses/:businessId/keys/:keyId").handler(Respond.json(ctx -> businesses
        .revokeKey(me(ctx), ctx.pathParam("businessId"), ctx.pathParam("keyId"))));

    api.route("/admin/*").handler(Authn.role(Role.ADMIN));
    api.get("/admin/businesses").handler(Respond.json(ctx -> businesses
        .byStatus(Optional.ofNullable(ctx.queryParams().get("status")).orElse(Business.PENDING))
        .map(list -> array(list.stream().map(Business::ownerJson).toList()))));
    api.post("/admin/businesses/:businessId/review").handler(Respond.json(this::review));

    api.get("/directory/businesses").handler(Respond.json(this::directory));
    api.get("/directory/businesses/:handle").handler(Respond.json(ctx -> conversations
        .relation(me(ctx), ctx.pathParam("handle"))));
    api.get("/directory/businesses/:handle/logo").handler(this::logo);
    api.post("/directory/businesses/:handle/conversations").handler(Respond.json(this::start));
    api.put("/directory/businesses/:handle/block").handler(Respond.json(ctx -> conversations
        .block(me(ctx), ctx.pathParam("handle"))));
    api.delete("/directory/businesses/:handle/block").handler(Respond.json(ctx -> conversations
        .unblock(me(ctx), ctx.pathParam("handle"))));
    api.put("/directory/businesses/:handle/share").handler(Respond.json(ctx -> conversations
        .share(me(ctx), ctx.pathParam("handle"), true)));
    api.delete("/directory/businesses/:handle/share").handler(Respond.json(ctx -> conversations
        .share(me(ctx), ctx.pathParam("handle"), false)));
  }

  private static Account me(RoutingContext ctx) {
    return Authn.principal(ctx).account();
  }

  private static JsonArray array(List<JsonObject> list) {
    JsonArray out = new JsonArray();
    list.forEach(out::add);
    return out;
  }

  private Future<Answer> create(RoutingContext ctx) {
    return businesses.create(me(ctx), JsonBody.object(ctx)).map(b -> Answer.created(b.ownerJson()));
  }

  private Future<JsonArray> mine(RoutingContext ctx) {
    return businesses.mine(me(ctx).id()).map(list -> array(list.stream().map(Business::ownerJson).toList()));
  }

  private Future<JsonObject> review(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Object reason = body.getValue("reason");
    if (reason != null && !(reason instanceof String)) {
      throw PlatformException.invalid("/reason", "reason must be a string");
    }
    return businesses.review(Actor.of(Authn.principal(ctx), ctx), ctx.pathParam("businessId"),
        JsonBody.string(body, "decision"), Optional.ofNullable((String) reason)).map(Business::ownerJson);
  }

  private Future<JsonArray> directory(RoutingContext ctx) {
    int limit = QueryParams.integer(ctx, "limit", 1, 50).map(Long::intValue).orElse(20);
    return businesses.directory(ctx.queryParams().get("q"), limit)
        .map(list -> array(list.stream().map(Business::publicJson).toList()));
  }

  private Future<Answer> start(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Object context = body.getValue("context");
    if (context != null && !(context instanceof String)) {
      throw PlatformException.invalid("/context", "context must be a string");
    }
    return conversations.start(me(ctx), ctx.pathParam("handle"), Optional.ofNullable((String) context))
        .map(Answer::ok);
  }

  /** The logo: a redirect to a short-lived signed link of the image. */
  private void logo(RoutingContext ctx) {
    businesses.logoUrl(ctx.pathParam("handle")).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
        return;
      }
      ctx.response().setStatusCode(302).putHeader("Location", done.result()).putHeader("Cache-Control", "no-store")
          .end();
    });
  }
}
