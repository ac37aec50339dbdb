package dev.parley.core.money.ledger.spi;

import java.util.Objects;

/**
 * An approved charge.
 *
 * @param reference the provider's reference of the charge, stored with the transfer (at most 120
 *     characters); the same request gives the same reference
 * @param description what the user's history shows, e.g. {@code TEST card •••• 4242}; no secrets
 */
public record Charge(String reference, String description) {

  public Charge {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(description, "description");
    if (reference.isEmpty() || reference.length() > 120) {
      throw new IllegalArgumentException("reference must have 1 to 120 characters");
    }
  }
}
