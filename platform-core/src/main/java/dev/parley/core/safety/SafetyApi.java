package dev.parley.core.safety;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** A person's own safety routes: their blocks, and reports of people and messages. */
public final class SafetyApi implements RouteSet {

  private final Blocks blocks;
  private final Reports reports;

  public SafetyApi(Blocks blocks, Reports reports) {
    this.blocks = blocks;
    this.reports = reports;
  }

  @Override
  public void mount(Router api) {
    api.get("/blocks").handler(Respond.json(this::list));
    api.put("/blocks/:accountId").handler(Respond.json(this::block));
    api.delete("/blocks/:accountId").handler(Respond.json(this::unblock));
    api.post("/reports").handler(Respond.json(this::report));
  }

  private static String me(RoutingContext ctx) {
    return Authn.principal(ctx).account().id();
  }

  private Future<JsonArray> list(RoutingContext ctx) {
    return blocks.list(me(ctx)).map(JsonArray::new);
  }

  private Future<JsonObject> block(RoutingContext ctx) {
    String other = ctx.pathParam("accountId");
    return blocks.block(me(ctx), other)
        .map(v -> new JsonObject().put("accountId", other).put("blocked", true));
  }

  private Future<JsonObject> unblock(RoutingContext ctx) {
    String other = ctx.pathParam("accountId");
    return blocks.unblock(me(ctx), other)
        .map(v -> new JsonObject().put("accountId", other).put("blocked", false));
  }

  private Future<Answer> report(RoutingContext ctx) {
    return reports.report(Authn.principal(ctx).account(), JsonBody.object(ctx)).map(Answer::created);
  }
}
