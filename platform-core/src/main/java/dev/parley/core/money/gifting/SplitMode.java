package dev.parley.core.money.gifting;

import java.util.Locale;

/** How a red packet's total is split into its shares; the split is fixed when the packet is created. */
public enum SplitMode {
  /** Every share the same; the remainder goes one minor unit each to the first shares. */
  EQUAL,
  /** Random amounts from a secure source, every share at least one minor unit. */
  LUCKY;

  /** The name stored and shown: {@code equal} or {@code lucky}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode stored as {@code key}. */
  public static SplitMode of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
