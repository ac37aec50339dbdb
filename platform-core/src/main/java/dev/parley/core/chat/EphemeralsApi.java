package dev.parley.core.chat;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP routes of ephemeral messages: the caller's own list, dismiss, share with the conversation. */
public final class EphemeralsApi implements RouteSet {

  private final Ephemerals ephemerals;

  public EphemeralsApi(Ephemerals ephemerals) {
    this.ephemerals = ephemerals;
  }

  @Override
  public void mount(Router api) {
    String base = "/conversations/:id/ephemeral";
    api.get(base).handler(Respond.json(this::list));
    api.delete(base + "/:messageId").handler(Respond.json(this::dismiss));
    api.post(base + "/:messageId/share").handler(Respond.json(this::share));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    return ephemerals.list(Authn.principal(ctx).accountId(), ctx.pathParam("id"))
        .map(list -> new JsonObject().put("messages", Ephemerals.toJson(list)));
  }

  private Future<Void> dismiss(RoutingContext ctx) {
    return ephemerals.dismiss(Authn.principal(ctx).accountId(), ctx.pathParam("id"), ctx.pathParam("messageId"));
  }

  private Future<JsonObject> share(RoutingContext ctx) {
    return ephemerals.share(Authn.principal(ctx).account(), ctx.pathParam("id"), ctx.pathParam("messageId"))
        .map(Message::toJson);
  }
}
