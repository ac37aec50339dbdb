package dev.parley.core.payments;

import dev.parley.core.PlatformException;
import dev.parley.core.payments.PaymentRequest.Status;
import dev.parley.core.web.Authn;
import dev.parley.core.web.Json;
import dev.parley.core.web.JsonBody;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's side of payment requests, mounted under {@code /api} behind authentication: list
 * them, confirm or cancel one as its payer, refund one as its payee. Nothing here accepts an
 * amount or a payee: a confirmation carries out the stored request.
 */
public final class PaymentsApi {

  /** The response header set when a confirmation answers an earlier one's result. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private final Vertx vertx;
  private final PaymentService payments;

  public PaymentsApi(Vertx vertx, PaymentService payments) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.payments = Objects.requireNonNull(payments, "payments");
  }

  /** The routes, relative to {@code /api}; every one needs an authenticated caller. */
  public Router router() {
    Router router = Router.router(vertx);
    router.get("/payment-requests").handler(this::list);
    router.get("/payment-requests/:requestId").handler(this::get);
    router.post("/payment-requests/:requestId/confirm").handler(this::confirm);
    router.post("/payment-requests/:requestId/cancel").handler(this::cancel);
    router.post("/payment-requests/:requestId/refund").handler(this::refund);
    return router;
  }

  private static String me(RoutingContext ctx) {
    return Authn.principal(ctx).accountId();
  }

  private void list(RoutingContext ctx) {
    String statusText = ctx.queryParams().get("status");
    Optional<Status> status = Optional.empty();
    if (statusText != null && !statusText.isEmpty()) {
      try {
        status = Optional.of(Status.of(statusText));
      } catch (IllegalArgumentException e) {
        throw PlatformException.invalid("status", "status must be one of pending, confirming, completed, cancelled, "
            + "expired, refunded");
      }
    }
    String role = ctx.queryParams().get("role");
    if (role != null && !role.equals("payer") && !role.equals("payee")) {
      throw PlatformException.invalid("role", "role must be payer or payee");
    }
    payments.list(me(ctx), "payee".equals(role), status, 50).onSuccess(list -> {
      JsonArray out = new JsonArray();
      list.forEach(r -> out.add(r.toJson()));
      Json.send(ctx, 200, new JsonObject().put("requests", out));
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    payments.get(me(ctx), ctx.pathParam("requestId")).onSuccess(r -> Json.send(ctx, 200, r.toJson())).onFailure(ctx::fail);
  }

  private void confirm(RoutingContext ctx) {
    String key = key(JsonBody.object(ctx));
    payments.confirm(me(ctx), ctx.pathParam("requestId"), key).onSuccess(c -> {
      if (c.replayed()) {
        ctx.response().putHeader(REPLAYED_HEADER, "true");
      }
      Json.send(ctx, 200, c.request().toJson());
    }).onFailure(ctx::fail);
  }

  private void cancel(RoutingContext ctx) {
    payments.cancel(me(ctx), ctx.pathParam("requestId")).onSuccess(r -> Json.send(ctx, 200, r.toJson()))
        .onFailure(ctx::fail);
  }

  private void refund(RoutingContext ctx) {
    key(JsonBody.object(ctx));
    payments.refundByUser(me(ctx), ctx.pathParam("requestId")).onSuccess(r -> Json.send(ctx, 200, r.toJson()))
        .onFailure(ctx::fail);
  }

  /** The client's idempotency key: required, so that clients retry with one key per intended action. */
  private static String key(JsonObject body) {
    String key = JsonBody.string(body, "idempotencyKey");
    if (!key.matches("[A-Za-z0-9._:-]{1,100}")) {
      throw PlatformException.invalid("/idempotencyKey",
          "idempotencyKey must be 1 to 100 letters, digits or . _ : - (one new random key per confirmation, reused on retry)");
    }
    return key;
  }
}
