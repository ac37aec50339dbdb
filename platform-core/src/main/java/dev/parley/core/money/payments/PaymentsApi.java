package dev.parley.core.money.payments;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import dev.parley.core.money.payments.PaymentRequest.Status;
import io.vertx.core.Future;
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
public final class PaymentsApi implements RouteSet {

  /** The response header set when a confirmation answers an earlier one's result. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private final PaymentService payments;

  public PaymentsApi(PaymentService payments) {
    this.payments = Objects.requireNonNull(payments, "payments");
  }

  @Override
  public void mount(Router api) {
    api.get("/payment-requests").handler(Respond.json(this::list));
    api.get("/payment-requests/:requestId").handler(Respond.json(this::get));
    api.post("/payment-requests/:requestId/confirm").handler(Respond.json(this::confirm));
    api.post("/payment-requests/:requestId/cancel").handler(Respond.json(this::cancel));
    api.post("/payment-requests/:requestId/refund").handler(Respond.json(this::refund));
  }

  private static String me(RoutingContext ctx) {
    return Authn.principal(ctx).accountId();
  }

  private Future<JsonObject> list(RoutingContext ctx) {
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
    return payments.list(me(ctx), "payee".equals(role), status, 50).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(r -> out.add(r.toJson()));
      return new JsonObject().put("requests", out);
    });
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    return payments.get(me(ctx), ctx.pathParam("requestId")).map(PaymentRequest::toJson);
  }

  private Future<Answer> confirm(RoutingContext ctx) {
    String key = key(JsonBody.object(ctx));
    return payments.confirm(me(ctx), ctx.pathParam("requestId"), key).map(c -> c.replayed()
        ? Answer.ok(c.request().toJson()).header(REPLAYED_HEADER, "true")
        : Answer.ok(c.request().toJson()));
  }

  private Future<JsonObject> cancel(RoutingContext ctx) {
    return payments.cancel(me(ctx), ctx.pathParam("requestId")).map(PaymentRequest::toJson);
  }

  private Future<JsonObject> refund(RoutingContext ctx) {
    key(JsonBody.object(ctx));
    return payments.refundByUser(me(ctx), ctx.pathParam("requestId")).map(PaymentRequest::toJson);
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
