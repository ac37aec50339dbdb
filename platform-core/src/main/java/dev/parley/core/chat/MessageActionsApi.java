package dev.parley.core.chat;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Authn;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** HTTP routes of message actions: edit, edit history, delete for everyone, reactions. */
public final class MessageActionsApi implements RouteSet {

  private final MessageActions actions;

  public MessageActionsApi(MessageActions actions) {
    this.actions = actions;
  }

  @Override
  public void mount(Router api) {
    String message = "/conversations/:id/messages/:messageId";
    api.patch(message).handler(Respond.json(this::edit));
    api.delete(message).handler(Respond.json(this::delete));
    api.get(message + "/edits").handler(Respond.json(this::edits));
    api.put(message + "/reactions/:emoji").handler(Respond.json(ctx -> react(ctx, true)));
    api.delete(message + "/reactions/:emoji").handler(Respond.json(ctx -> react(ctx, false)));
  }

  private static Account me(RoutingContext ctx) {
    return Authn.principal(ctx).account();
  }

  private Future<JsonObject> edit(RoutingContext ctx) {
    String text = JsonBody.string(JsonBody.object(ctx), "text");
    Account me = me(ctx);
    return actions.edit(me, ctx.pathParam("id"), ctx.pathParam("messageId"), text)
        .compose(m -> actions.view(me.id(), List.of(m)))
        .map(page -> page.getJsonObject(0));
  }

  private Future<JsonObject> edits(RoutingContext ctx) {
    return actions.edits(me(ctx).id(), ctx.pathParam("id"), ctx.pathParam("messageId"))
        .map(list -> new JsonObject().put("edits", list));
  }

  private Future<Void> delete(RoutingContext ctx) {
    return actions.delete(me(ctx), ctx.pathParam("id"), ctx.pathParam("messageId"));
  }

  private Future<JsonObject> react(RoutingContext ctx, boolean add) {
    return actions.react(me(ctx), ctx.pathParam("id"), ctx.pathParam("messageId"), ctx.pathParam("emoji"), add);
  }
}
