package dev.parley.core.payments;

import dev.parley.core.ledger.AccountRef;
import dev.parley.core.ledger.Money;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A payment an app asked a user for, as stored.
 *
 * @param id the request's id
 * @param appId the app that asked
 * @param appName the app's name when it asked (shown on the confirmation sheet)
 * @param conversationId where it asked
 * @param payerId the user who pays: the user the app's call ran for
 * @param payee who is paid
 * @param currency the currency
 * @param amount minor units
 * @param note the app's note for the user, empty for none
 * @param reference the app's own reference (an order id), empty for none
 * @param status where the request stands
 * @param createdAt epoch milliseconds
 * @param expiresAt epoch milliseconds; a pending request is not confirmed after this
 * @param transferId the ledger transfer of a completed payment
 * @param refundTransferId the ledger transfer of its refund
 */
public record PaymentRequest(String id, String appId, String appName, String conversationId, String payerId, Payee payee,
                             Currency currency, long amount, String note, String reference, Status status, long createdAt,
                             long expiresAt, Optional<String> transferId, Optional<String> refundTransferId) {

  public PaymentRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payee, "payee");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(transferId, "transferId");
    Objects.requireNonNull(refundTransferId, "refundTransferId");
  }

  /** Where a request stands. */
  public enum Status {
    /** Waiting for the payer. */
    PENDING,
    /** One confirmation has claimed it and is moving the money. */
    CONFIRMING,
    /** The money moved. */
    COMPLETED,
    /** The payer declined. */
    CANCELLED,
    /** Nobody confirmed it in time. */
    EXPIRED,
    /** The payee handed the money back. */
    REFUNDED;

    /** The stored and shown name: {@code pending}, … */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Status of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * Who is paid.
   *
   * @param kind {@code user} or {@code merchant}
   * @param id the user's account id, or the app id of a merchant
   * @param name the user's display name, or the app's name
   * @param username the user's username; empty for a merchant
   */
  public record Payee(String kind, String id, String name, String username) {

    public static final String USER = "user";
    public static final String MERCHANT = "merchant";

    public Payee {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(username, "username");
    }

    public boolean merchant() {
      return MERCHANT.equals(kind);
    }

    /** The ledger account credited. */
    public AccountRef account(Currency currency) {
      return merchant() ? AccountRef.merchant(id, currency) : AccountRef.wallet(id, currency);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("kind", kind).put("id", id).put("name", name);
      if (!merchant()) {
        json.put("username", username);
      }
      return json;
    }
  }

  /** The request as users and the API see it. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("status", status.key())
        .put("app", new JsonObject().put("id", appId).put("name", appName))
        .put("conversationId", conversationId).put("payerId", payerId).put("payee", payee.toJson())
        .put("currency", currency.getCurrencyCode()).put("amount", Money.format(currency, amount)).put("amountMinor", amount)
        .put("note", note).put("reference", reference)
        .put("createdAt", Instant.ofEpochMilli(createdAt).toString()).put("expiresAt", Instant.ofEpochMilli(expiresAt).toString())
        .put("transferId", transferId.orElse(null)).put("refundTransferId", refundTransferId.orElse(null));
  }

  /**
   * The event the app's {@code payment} handler receives: {@code payment.completed},
   * {@code payment.cancelled} (with {@code reason} {@code cancelled} or {@code expired}) or
   * {@code payment.refunded}. {@code payee} is the user id, or {@code "app"} for the app's own
   * merchant account.
   */
  public JsonObject appEvent() {
    String type = switch (status) {
      case COMPLETED -> "payment.completed";
      case REFUNDED -> "payment.refunded";
      default -> "payment.cancelled";
    };
    JsonObject event = new JsonObject().put("type", type).put("requestId", id).put("reference", reference)
        .put("amount", Money.format(currency, amount)).put("amountMinor", amount)
        .put("currency", currency.getCurrencyCode()).put("payee", payee.merchant() ? "app" : payee.id())
        .put("payerId", payerId).put("note", note).put("transferId", transferId.orElse(null));
    if (status == Status.CANCELLED || status == Status.EXPIRED) {
      event.put("reason", status.key());
    }
    if (status == Status.REFUNDED) {
      event.put("refundTransferId", refundTransferId.orElse(null));
    }
    return event;
  }
}
