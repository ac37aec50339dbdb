package dev.parley.core.money.payments;

import dev.parley.core.apps.broker.Arguments;
import dev.parley.core.apps.broker.Capability;
import dev.parley.core.apps.broker.Requirement;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.Permission;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The payments host calls of an app ({@code parley.payments.request}, {@code parley.payments.refund},
 * {@code parley.redpackets.create}),
 * as the broker's host performs them once it has checked the permission {@code payments.request}
 * and the arguments' schema ({@link #capabilities}).
 * Both fail with a {@link dev.parley.core.common.PlatformException} whose message is meant for the app's developer.
 */
public interface AppPayments {

  /**
   * Creates a pending request for the context's user to pay and shows it to them; answers
   * {@code {requestId, status: "pending", expiresAt}}. Nothing moves until the user confirms.
   */
  Future<JsonObject> request(CallContext context, String appName, JsonObject args);

  /** Refunds a completed payment to the app's own merchant account: {@code {requestId}}. */
  Future<JsonObject> refund(CallContext context, JsonObject args);

  /**
   * Asks the context's user to pay a red packet into the conversation, {@code {total, currency,
   * shares, mode?, message?, reference?}}: a payment request whose payee is the packet, shown in the
   * same sheet; the confirmation creates the packet. Answers like {@link #request}.
   */
  Future<JsonObject> packet(CallContext context, String appName, JsonObject args);

  /**
   * {@code payments.request}, {@code payments.refund} and {@code redpackets.create}, all with the
   * permission {@code payments.request}; {@code appName} names the calling app on the payer's sheet.
   * The service's own {@link dev.parley.core.common.PlatformException}s are the app's clear errors.
   */
  default List<Capability> capabilities(Function<CallContext, Future<String>> appName) {
    Objects.requireNonNull(appName, "appName");
    Requirement pay = Requirement.permission(Permission.PAYMENTS_REQUEST);
    JsonObject currency = Arguments.string("an ISO 4217 code such as \"EUR\"");
    JsonObject reference = Arguments.string("the app's own reference, given back with the outcome");
    String pending = "{ requestId: string; status: 'pending'; expiresAt: string }";
    return List.of(
        Capability.of("payments.request", pay, Arguments.of("Asks the user of the call to pay; Parley shows its own "
            + "confirmation sheet, and only the user's confirmation moves the money.")
            .required("payee", Arguments.string("a member's user id, \"@username\", or \"app\" (the app's merchant "
                + "account)"))
            .required("amount", Arguments.string("a decimal string such as \"12.50\""))
            .required("currency", currency)
            .optional("note", Arguments.string("shown to the payer"))
            .optional("reference", reference).schema(), pending,
            (context, args) -> appName.apply(context).compose(name -> request(context, name, args))
                .recover(Capability::refusal)),
        Capability.of("payments.refund", pay, Arguments.of("Refunds a completed payment to this app's merchant "
            + "account, once.")
            .required("requestId", Arguments.id("the id payments.request answered")).schema(),
            "{ requestId: string; status: 'refunded'; refundTransferId: string }",
            (context, args) -> refund(context, args).recover(Capability::refusal)),
        Capability.of("redpackets.create", pay, Arguments.of("Asks the user of the call to send a red packet into "
            + "this conversation: a payment request whose payee is the packet, confirmed in the same sheet.")
            .required("total", Arguments.string("a decimal string such as \"10.00\""))
            .required("currency", currency)
            .required("shares", Arguments.integer("a whole number of shares, such as 5"))
            .optional("mode", Arguments.oneOf("\"equal\" (the default) or \"lucky\"", "equal", "lucky"))
            .optional("message", Arguments.string("shown on the packet"))
            .optional("reference", reference).schema(), pending,
            (context, args) -> appName.apply(context).compose(name -> packet(context, name, args))
                .recover(Capability::refusal)));
  }

  /** Calls the payments that {@code target} supplies when a call comes (it may be built after the caller). */
  static AppPayments deferred(Supplier<? extends AppPayments> target) {
    Objects.requireNonNull(target, "target");
    return new AppPayments() {
      @Override
      public Future<JsonObject> request(CallContext context, String appName, JsonObject args) {
        return target.get().request(context, appName, args);
      }

      @Override
      public Future<JsonObject> refund(CallContext context, JsonObject args) {
        return target.get().refund(context, args);
      }

      @Override
      public Future<JsonObject> packet(CallContext context, String appName, JsonObject args) {
        return target.get().packet(context, appName, args);
      }
    };
  }
}
