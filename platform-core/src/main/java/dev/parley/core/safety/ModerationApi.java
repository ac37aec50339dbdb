package dev.parley.core.safety;

import dev.parley.core.accounts.Actor;
import dev.parley.core.accounts.Authn;
import dev.parley.core.accounts.Role;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.QueryParams;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** The moderators' routes (admin role): the reports queue and the actions on people and messages. */
public final class ModerationApi implements RouteSet {

  private final Reports reports;
  private final Moderation moderation;

  public ModerationApi(Reports reports, Moderation moderation) {
    this.reports = reports;
    this.moderation = moderation;
  }

  @Override
  public void mount(Router api) {
    // Each route checks the role itself: this set does not rely on another set's /admin/* guard.
    var admin = Authn.role(Role.ADMIN);
    api.get("/admin/reports").handler(admin).handler(Respond.json(this::queue));
    api.post("/admin/reports/:reportId/resolve").handler(admin).handler(Respond.json(ctx -> close(ctx, "resolved")));
    api.post("/admin/reports/:reportId/dismiss").handler(admin).handler(Respond.json(ctx -> close(ctx, "dismissed")));
    api.post("/admin/accounts/:id/warn").handler(admin).handler(Respond.json(this::warn));
    api.post("/admin/accounts/:id/suspend").handler(admin).handler(Respond.json(this::suspend));
    api.post("/admin/accounts/:id/restore").handler(admin).handler(Respond.json(this::restore));
    api.get("/admin/suspensions").handler(admin).handler(Respond.json(this::suspended));
    api.post("/admin/conversations/:conversationId/messages/:messageId/remove").handler(admin)
        .handler(Respond.json(this::remove));
  }

  private static Actor actor(RoutingContext ctx) {
    return Actor.of(Authn.principal(ctx), ctx);
  }

  private Future<JsonArray> queue(RoutingContext ctx) {
    String status = Optional.ofNullable(ctx.queryParams().get("status")).orElse("open");
    int limit = QueryParams.integer(ctx, "limit", 1, 200).map(Long::intValue).orElse(100);
    return reports.queue(status, limit).map(JsonArray::new);
  }

  private Future<JsonObject> close(RoutingContext ctx, String status) {
    JsonObject body = JsonBody.object(ctx);
    return moderation.close(actor(ctx), ctx.pathParam("reportId"), status, JsonBody.optionalString(body, "note"));
  }

  private Future<JsonObject> warn(RoutingContext ctx) {
    return moderation.warn(actor(ctx), ctx.pathParam("id"), JsonBody.string(JsonBody.object(ctx), "reason"));
  }

  private Future<JsonObject> suspend(RoutingContext ctx) {
    return moderation.suspend(actor(ctx), ctx.pathParam("id"), JsonBody.string(JsonBody.object(ctx), "reason"));
  }

  private Future<JsonObject> restore(RoutingContext ctx) {
    return moderation.restore(actor(ctx), ctx.pathParam("id"), JsonBody.string(JsonBody.object(ctx), "reason"));
  }

  private Future<JsonArray> suspended(RoutingContext ctx) {
    return moderation.suspended().map(JsonArray::new);
  }

  private Future<JsonObject> remove(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return moderation.removeMessage(actor(ctx), ctx.pathParam("conversationId"), ctx.pathParam("messageId"),
        JsonBody.string(body, "reason"), JsonBody.optionalString(body, "reportId"));
  }
}
