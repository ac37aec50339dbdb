package dev.parley.core.money.gifting;

import dev.parley.core.money.ledger.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A red packet as its card shows it: what was sent, who has claimed what so far, what is left.
 * The amounts of unclaimed shares are never shown.
 *
 * @param id the packet's id; its escrow account is owned by this id
 * @param conversationId where it was sent
 * @param senderId who sent it
 * @param currency its currency
 * @param total minor units
 * @param shares how many shares it was split into
 * @param mode how it was split
 * @param message the sender's words, empty for none
 * @param status where it stands
 * @param createdAt epoch milliseconds
 * @param expiresAt epoch milliseconds; claims are refused from then on
 * @param claims the claimed shares, oldest first
 * @param returned minor units returned to the sender after the expiry, 0 until then
 * @param replayed true when {@link RedPackets#create} answers a retry of an earlier creation
 */
public record RedPacket(String id, String conversationId, String senderId, Currency currency, long total, int shares,
    SplitMode mode, String message, Status status, long createdAt, long expiresAt,
    List<Claim> claims, long returned, boolean replayed) {

  public RedPacket {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(currency, "currency");
    claims = List.copyOf(claims);
  }

  /** Where a packet stands. */
  public enum Status {
    /** Created, the sender's money not yet in escrow; nobody can claim. */
    FUNDING,
    /** Open for claims. */
    ACTIVE,
    /** Every share claimed. */
    FINISHED,
    /** Past its expiry (or never paid for): claims are refused, the unclaimed rest returns to the sender. */
    EXPIRED;

    /** The name stored and shown: {@code funding}, {@code active}, … */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The status stored as {@code key}. */
    public static Status of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One claimed share.
   *
   * @param packetId the packet
   * @param index the share's index, from 0; its transfer's idempotency key is {@code packet:<id>:share:<index>}
   * @param userId who claimed it
   * @param displayName their display name, empty when unknown
   * @param amount minor units
   * @param claimedAt epoch milliseconds
   * @param transferId the transfer that paid it, empty while the money has not moved yet
   * @param repeated true when a claim answers the caller's earlier claim (nothing new was claimed)
   */
  public record Claim(String packetId, int index, String userId, String displayName, long amount, long claimedAt,
      Optional<String> transferId, boolean repeated) {

    /** {@code {user, displayName, amount, amountMinor, at}} in {@code currency}. */
    public JsonObject toJson(Currency currency) {
      return new JsonObject().put("user", userId).put("displayName", displayName)
          .put("amount", Money.format(currency, amount)).put("amountMinor", amount).put("at", claimedAt);
    }
  }

  /** The claimed money, minor units. */
  public long claimedAmount() {
    return claims.stream().mapToLong(Claim::amount).sum();
  }

  /** The money not claimed (returned to the sender once expired), minor units. */
  public long remaining() {
    return total - claimedAmount();
  }

  /** The answer of {@code GET /api/red-packets/:id}. */
  public JsonObject toJson() {
    JsonArray claimed = new JsonArray();
    claims.forEach(c -> claimed.add(c.toJson(currency)));
    return new JsonObject().put("id", id).put("conversationId", conversationId).put("senderId", senderId)
        .put("currency", currency.getCurrencyCode()).put("total", Money.format(currency, total))
        .put("totalMinor", total)
        .put("shares", shares).put("mode", mode.key()).put("message", message).put("status", status.key())
        .put("claimed", claimed).put("remaining", Money.format(currency, remaining()))
        .put("remainingMinor", remaining())
        .put("remainingShares", shares - claims.size()).put("returned", Money.format(currency, returned))
        .put("returnedMinor", returned).put("createdAt", createdAt).put("expiresAt", expiresAt);
  }
}
