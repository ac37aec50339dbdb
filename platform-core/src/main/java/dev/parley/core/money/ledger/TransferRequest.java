package dev.parley.core.money.ledger;

import dev.parley.core.common.IdGenerator;
import io.vertx.core.json.JsonArray;
import java.util.Currency;
import java.util.Objects;

/**
 * A transfer to make: {@code amount} minor units from one account to another of the same currency.
 *
 * @param idempotencyKey unique per intended transfer, 1 to 200 characters; callers namespace it
 *     (the API uses {@code u:<accountId>:<client key>}) so that users cannot collide
 * @param kind why the money moves
 * @param from the account debited
 * @param to the account credited; another account of the same currency
 * @param amount minor units, 1 to {@link Money#MAX_AMOUNT}
 * @param reference what the initiator refers to (a provider's charge, an order); empty for none
 * @param note the payer's words shown in histories; empty for none
 * @param createdBy who asked: a user's account id, or a system component such as {@code provider:test}
 */
public record TransferRequest(String idempotencyKey, TransferKind kind, AccountRef from, AccountRef to, long amount,
    String reference, String note, String createdBy) {

  /** The longest reference and note, in characters. */
  public static final int MAX_TEXT = 200;

  public TransferRequest {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(createdBy, "createdBy");
    if (idempotencyKey.isEmpty() || idempotencyKey.length() > 200) {
      throw new IllegalArgumentException("idempotencyKey must have 1 to 200 characters");
    }
    if (!from.currency().equals(to.currency())) {
      throw new IllegalArgumentException(
          "both accounts must hold the same currency, got " + from.currency() + " and " + to.currency());
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("a transfer needs two different accounts");
    }
    if (amount <= 0 || amount > Money.MAX_AMOUNT) {
      throw new IllegalArgumentException("amount must be 1 to " + Money.MAX_AMOUNT + " minor units, got " + amount);
    }
    if (reference.length() > MAX_TEXT || note.length() > MAX_TEXT) {
      throw new IllegalArgumentException("reference and note may have at most " + MAX_TEXT + " characters");
    }
    if (createdBy.isEmpty() || createdBy.length() > 64) {
      throw new IllegalArgumentException("createdBy must have 1 to 64 characters");
    }
  }

  /** The currency of both accounts. */
  public Currency currency() {
    return from.currency();
  }

  /**
   * SHA-256 (hex) of the canonical form of everything but the key: a retry with the same key must
   * have the same hash, or it is refused.
   */
  public String hash() {
    JsonArray canonical = new JsonArray().add("v1").add(kind.key()).add(currency().getCurrencyCode()).add(amount)
        .add(from.kind().key()).add(from.ownerId()).add(to.kind().key()).add(to.ownerId())
        .add(reference).add(note).add(createdBy);
    return IdGenerator.sha256(canonical.encode());
  }
}
