package dev.parley.core.business.webhooks;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The webhook routes, twice: in the Business API ({@code /api/business/v1/webhooks…}, with a
 * business API key, see {@link BusinessKeyAuth}) and for the business's console page
 * ({@code /api/businesses/:businessId/webhooks…}, signed in as the business's owner). Both take
 * the same bodies and answer the same JSON; docs/api.md.
 */
public final class WebhooksApi implements RouteSet {

  private static final Statement OWNER = Statement.sql("SELECT owner_id FROM businesses WHERE id = #{id}");

  private final Webhooks webhooks;
  private final Database db;

  public WebhooksApi(Webhooks webhooks, Database db) {
    this.webhooks = webhooks;
    this.db = db;
  }

  /** The Business API: authenticated by the business's API key, not by a session. */
  @Override
  public void mountPublic(Router api) {
    routes(api, "/business/v1/webhooks", handler -> Respond.json(ctx -> webhooks.businessKeys().businessId(ctx)
        .compose(businessId -> handler.apply(ctx, businessId))));
  }

  /** The console: the signed-in owner of the business. */
  @Override
  public void mount(Router api) {
    routes(api, "/businesses/:businessId/webhooks", handler -> Respond.json(ctx -> owned(ctx)
        .compose(businessId -> handler.apply(ctx, businessId))));
  }

  private void routes(Router api, String base,
      Function<BiFunction<RoutingContext, String, Future<?>>, io.vertx.core.Handler<RoutingContext>> as) {
    api.get(base).handler(as.apply((ctx, b) -> webhooks.endpoints(b).map(JsonArray::new)));
    api.post(base).handler(as.apply((ctx, b) -> webhooks.create(b, JsonBody.object(ctx)).map(Answer::created)));
    api.get(base + "/deliveries").handler(as.apply(this::deliveries));
    api.post(base + "/deliveries/:deliveryId/replay").handler(as.apply((ctx, b) -> webhooks.replay(b,
        ctx.pathParam("deliveryId"))));
    api.patch(base + "/:endpointId").handler(as.apply((ctx, b) -> webhooks.update(b, ctx.pathParam("endpointId"),
        JsonBody.object(ctx))));
    api.delete(base + "/:endpointId").handler(as.apply((ctx, b) -> webhooks.delete(b, ctx.pathParam("endpointId"))));
    api.post(base + "/:endpointId/rotate-secret").handler(as.apply((ctx, b) -> webhooks.rotateSecret(b,
        ctx.pathParam("endpointId"))));
  }

  private Future<JsonArray> deliveries(RoutingContext ctx, String businessId) {
    Optional<String> status = Optional.ofNullable(ctx.queryParams().get("status"));
    Optional<String> endpoint = Optional.ofNullable(ctx.queryParams().get("endpointId"));
    String limitParam = ctx.queryParams().get("limit");
    int limit = 50;
    if (limitParam != null) {
      if (!limitParam.matches("[0-9]{1,3}") || Integer.parseInt(limitParam) < 1 || Integer.parseInt(limitParam) > 200) {
        throw PlatformException.invalid("limit", "limit must be a number from 1 to 200");
      }
      limit = Integer.parseInt(limitParam);
    }
    return webhooks.deliveries(businessId, status, endpoint, limit).map(JsonArray::new);
  }

  /** The path's business when the caller owns it; 404 otherwise (a stranger learns nothing). */
  private Future<String> owned(RoutingContext ctx) {
    String businessId = ctx.pathParam("businessId");
    String caller = Authn.principal(ctx).account().id();
    return OWNER.first(db.pool(), Statement.params("id", businessId), r -> Optional.ofNullable(r.getString("owner_id")))
        .compose(owner -> owner.flatMap(o -> o).filter(caller::equals).isPresent()
            ? Future.succeededFuture(businessId)
            : Future.failedFuture(PlatformException.notFound("business")));
  }

}
