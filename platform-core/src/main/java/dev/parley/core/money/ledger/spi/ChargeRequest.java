package dev.parley.core.money.ledger.spi;

import java.util.Currency;
import java.util.Objects;

/**
 * What a provider is asked to charge.
 *
 * @param idempotencyKey the ledger key of the top-up; the same key must give the same charge
 * @param accountId the user whose wallet is funded
 * @param currency the currency
 * @param amount the amount in minor units, above zero
 * @param source the payment source as the user gave it (for the test provider, a card number)
 */
public record ChargeRequest(String idempotencyKey, String accountId, Currency currency, long amount, String source) {

  public ChargeRequest {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(source, "source");
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be above zero, got " + amount);
    }
  }

  @Override
  public String toString() { // never the card number
    return "ChargeRequest[" + idempotencyKey + ", " + accountId + ", " + amount + " " + currency + "]";
  }
}
