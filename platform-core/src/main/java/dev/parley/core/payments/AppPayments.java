package dev.parley.core.payments;

import dev.parley.runtime.CallContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The payments host calls of an app ({@code parley.payments.request}, {@code parley.payments.refund},
 * {@code parley.redpackets.create}),
 * as the broker's host performs them once it has checked the permission {@code payments.request}.
 * Both fail with a {@link dev.parley.core.PlatformException} whose message is meant for the app's developer.
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
