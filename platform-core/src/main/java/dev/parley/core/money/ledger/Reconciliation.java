package dev.parley.core.money.ledger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What {@link LedgerService#reconcile()} found.
 *
 * @param accounts how many accounts were checked
 * @param transfers how many transfers were checked
 * @param differences every difference found, at most {@link LedgerService#MAX_DIFFERENCES} of each kind
 */
public record Reconciliation(long accounts, long transfers, List<Difference> differences) {

  public Reconciliation {
    differences = List.copyOf(differences);
  }

  /** True when nothing differs. */
  public boolean ok() {
    return differences.isEmpty();
  }

  /**
   * One difference.
   *
   * @param kind {@code balance} (a stored balance is not the sum of its entries, or is below zero),
   *     {@code transfer} (a transfer does not have exactly two entries, of its two accounts and
   *     currency, that sum to zero) or {@code currency} (the balances of a currency do not sum to zero)
   * @param subject the account id, transfer id or currency code concerned
   * @param expected what the entries say (minor units)
   * @param actual what is stored (minor units)
   * @param message a sentence saying what differs
   */
  public record Difference(String kind, String subject, long expected, long actual, String message) {

    public JsonObject toJson() {
      return new JsonObject().put("kind", kind).put("subject", subject).put("expected", expected).put("actual", actual)
          .put("message", message);
    }
  }

  /** {@code {ok, accounts, transfers, differences: [...]}}, the admin API's answer. */
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    differences.forEach(d -> list.add(d.toJson()));
    return new JsonObject().put("ok", ok()).put("accounts", accounts).put("transfers", transfers).put("differences",
        list);
  }
}
