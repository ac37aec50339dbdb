package dev.parley.core.push;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/push/key}, {@code POST|DELETE /api/push/subscriptions}: 404 {@code not-found}
 * while Web Push is not configured.
 */
public final class PushApi implements RouteSet {

  private final Push push;

  public PushApi(Push push) {
    this.push = push;
  }

  @Override
  public void mount(Router api) {
    api.get("/push/key").handler(Respond.json(this::key));
    api.post("/push/subscriptions").handler(Respond.json(this::subscribe));
    api.delete("/push/subscriptions").handler(Respond.json(this::unsubscribe));
  }

  private Future<JsonObject> key(RoutingContext ctx) {
    return push.publicKey().map(key -> new JsonObject().put("publicKey", key));
  }

  private Future<Answer> subscribe(RoutingContext ctx) {
    return push.subscribe(Authn.principal(ctx).account().id(), JsonBody.object(ctx))
        .map(endpoint -> Answer.created(new JsonObject().put("endpoint", endpoint)));
  }

  private Future<Void> unsubscribe(RoutingContext ctx) {
    return push.unsubscribe(Authn.principal(ctx).account().id(), JsonBody.object(ctx));
  }
}
