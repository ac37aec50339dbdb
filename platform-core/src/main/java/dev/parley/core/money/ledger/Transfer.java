package dev.parley.core.money.ledger;

import io.vertx.core.json.JsonObject;
import java.util.Currency;

/**
 * A committed transfer, as stored.
 *
 * @param id the transfer's id
 * @param kind why the money moved
 * @param from the account debited
 * @param to the account credited
 * @param amount minor units
 * @param reference the initiator's reference, empty for none
 * @param note the payer's note, empty for none
 * @param createdBy who asked
 * @param createdAt epoch milliseconds
 * @param replayed true when this answers a retry: the transfer was made by an earlier request with
 *     the same key and content, and nothing moved now
 */
public record Transfer(String id, TransferKind kind, AccountRef from, AccountRef to, long amount, String reference,
    String note, String createdBy, long createdAt, boolean replayed) {

  public Currency currency() {
    return from.currency();
  }

  /** The transfer as the API shows it: the amount as a decimal string and in minor units. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("kind", kind.key()).put("currency", currency().getCurrencyCode())
        .put("amount", Money.format(currency(), amount)).put("amountMinor", amount)
        .put("from", new JsonObject().put("kind", from.kind().key()).put("ownerId", from.ownerId()))
        .put("to", new JsonObject().put("kind", to.kind().key()).put("ownerId", to.ownerId()))
        .put("reference", reference).put("note", note)
        .put("createdAt", java.time.Instant.ofEpochMilli(createdAt).toString());
  }
}
