package dev.parley.core.money.ledger.spi;

import io.vertx.core.Future;

/**
 * Charges a payer outside Parley, so that the ledger may credit their wallet. Implementations must
 * be idempotent on {@link ChargeRequest#idempotencyKey()}: the same key with the same content gives
 * the same {@link Charge} (a real provider is handed the key; the test provider is deterministic),
 * because a retried top-up charges again and relies on the ledger to move the money once.
 */
public interface PaymentProvider {

  /** A short name shown to users and stored in the transfer's reference, e.g. {@code test}. */
  String name();

  /** True for a provider whose money is not real; the API says so in every answer. */
  boolean test();

  /**
   * Charges the payer. Fails with a {@code PlatformException} of reason {@code INVALID} (field
   * {@code /card}) for a declined or malformed payment source, {@code UNAVAILABLE} when the
   * provider cannot be reached.
   */
  Future<Charge> charge(ChargeRequest request);
}
