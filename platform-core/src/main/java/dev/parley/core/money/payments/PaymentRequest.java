package dev.parley.core.money.payments;

import dev.parley.core.money.gifting.SplitMode;
import dev.parley.core.money.ledger.AccountRef;
import dev.parley.core.money.ledger.Money;
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
 * @param packet for a payment into a red packet (payee kind {@code red_packet}): its split, and the
 *     packet once the confirmation made it; empty for other payments
 */
public record PaymentRequest(String id, String appId, String appName, String conversationId, String payerId,
    Payee payee,
    Currency currency, long amount, String note, String reference, Status status, long createdAt,
    long expiresAt, Optional<String> transferId, Optional<String> refundTransferId,
    Optional<Packet> packet) {

  public PaymentRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payee, "payee");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(transferId, "transferId");
    Objects.requireNonNull(refundTransferId, "refundTransferId");
    Objects.requireNonNull(packet, "packet");
  }

  /**
   * The red packet a request pays into: {@code amount} is its total, {@code note} its message.
   *
   * @param shares how many shares
   * @param mode how the total is split
   * @param packetId the packet, made by the confirmation; empty before
   */
  public record Packet(int shares, SplitMode mode, Optional<String> packetId) {

    public Packet {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(packetId, "packetId");
    }

    public JsonObject toJson() {
      return new JsonObject().put("shares", shares).put("mode", mode.key()).put("packetId", packetId.orElse(null));
    }
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
   * @param kind {@code user}, {@code merchant} or {@code red_packet}
   * @param id the user's account id, the app id of a merchant, or the conversation of a red packet
   * @param name the user's display name, the app's name, or "Red packet"
   * @param username the user's username; empty for the others
   */
  public record Payee(String kind, String id, String name, String username) {

    public static final String USER = "user";
    public static final String MERCHANT = "merchant";
    public static final String RED_PACKET = "red_packet";

    public Payee {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(username, "username");
    }

    public boolean merchant() {
      return MERCHANT.equals(kind);
    }

    /** A member's wallet (neither a merchant nor a red packet). */
    public boolean user() {
      return USER.equals(kind);
    }

    /** The ledger account credited; a red packet's escrow is the packet's own business. */
    public AccountRef account(Currency currency) {
      if (RED_PACKET.equals(kind)) {
        throw new IllegalStateException("a red packet is paid through RedPackets.create, not into an account");
      }
      return merchant() ? AccountRef.merchant(id, currency) : AccountRef.wallet(id, currency);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("kind", kind).put("id", id).put("name", name);
      if (user()) {
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
        .put("currency", currency.getCurrencyCode()).put("amount", Money.format(currency, amount))
        .put("amountMinor", amount)
        .put("note", note).put("reference", reference)
        .put("createdAt", Instant.ofEpochMilli(createdAt).toString())
        .put("expiresAt", Instant.ofEpochMilli(expiresAt).toString())
        .put("transferId", transferId.orElse(null)).put("refundTransferId", refundTransferId.orElse(null))
        .put("packet", packet.map(Packet::toJson).orElse(null));
  }

  /**
   * The event the app's {@code payment} handler receives: {@code payment.completed},
   * {@code payment.cancelled} (with {@code reason} {@code cancelled} or {@code expired}) or
   * {@code payment.refunded}. {@code payee} is the user id, or {@code "app"} for the app's own
   * merchant account, or {@code "red_packet"} with the {@code packetId} the confirmation made.
   */
  public JsonObject appEvent() {
    String type = switch (status) {
      case COMPLETED -> "payment.completed";
      case REFUNDED -> "payment.refunded";
      default -> "payment.cancelled";
    };
    JsonObject event = new JsonObject().put("type", type).put("requestId", id).put("reference", reference)
        .put("amount", Money.format(currency, amount)).put("amountMinor", amount)
        .put("currency", currency.getCurrencyCode())
        .put("payee", payee.merchant() ? "app" : payee.user() ? payee.id() : Payee.RED_PACKET)
        .put("payerId", payerId).put("note", note).put("transferId", transferId.orElse(null));
    if (status == Status.CANCELLED || status == Status.EXPIRED) {
      event.put("reason", status.key());
    }
    if (status == Status.REFUNDED) {
      event.put("refundTransferId", refundTransferId.orElse(null));
    }
    packet.ifPresent(p -> event.put("packetId", p.packetId().orElse(null)).put("shares", p.shares())
        .put("mode", p.mode().key()));
    return event;
  }
}
