package dev.parley.core.money.ledger;

import java.util.Locale;

/** Why money moved; shown in histories. A correction is a transfer of its own, never an edit. */
public enum TransferKind {
  /** Funding from outside, through a payment provider: issuing → wallet. */
  TOPUP,
  /** A user pays another user or an app: wallet → wallet or merchant. */
  PAYMENT,
  /** Money handed back by its payee. */
  REFUND,
  /** Money put aside for later (a red packet): wallet → escrow. */
  ESCROW,
  /** Money paid out of escrow: a claim, or the unclaimed rest returned. */
  RELEASE,
  /** A correction made by an operator. */
  CORRECTION;

  /** The name stored and shown: {@code topup}, {@code payment}, … */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind stored as {@code key}. */
  public static TransferKind of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
