package dev.parley.core.money.gifting;

import java.security.SecureRandom;

/** Splitting a total into shares, in minor units: every share at least one, the sum exact. */
final class Splits {

  private Splits() {
  }

  /** The shares of {@code total} in {@code mode}; {@code 1 <= shares <= total}. */
  static long[] split(SplitMode mode, long total, int shares, SecureRandom random) {
    return mode == SplitMode.EQUAL ? equal(total, shares) : lucky(total, shares, random);
  }

  /** {@code total / shares} each, and one more minor unit to each of the first {@code total % shares}. */
  static long[] equal(long total, int shares) {
    check(total, shares);
    long base = total / shares;
    long remainder = total % shares;
    long[] out = new long[shares];
    for (int i = 0; i < shares; i++) {
      out[i] = base + (i < remainder ? 1 : 0);
    }
    return out;
  }

  /**
   * Random shares, WeChat's "double mean": while {@code n} shares of {@code rest} are left, the
   * next is uniform in {@code [1, min(2·rest/n − 1, rest − (n − 1))]}, so each share averages the
   * mean of what is left and every later share keeps at least one minor unit; the last takes the
   * rest. The order is then shuffled, so the last claimer is not the one with the remainder.
   */
  static long[] lucky(long total, int shares, SecureRandom random) {
    check(total, shares);
    long[] out = new long[shares];
    long rest = total;
    for (int i = 0; i < shares - 1; i++) {
      int left = shares - i;
      long max = Math.min(2 * (rest / left) - 1, rest - (left - 1));
      long amount = max <= 1 ? 1 : 1 + random.nextLong(max);
      out[i] = amount;
      rest -= amount;
    }
    out[shares - 1] = rest;
    for (int i = shares - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  private static void check(long total, int shares) {
    if (shares < 1 || total < shares) {
      throw new IllegalArgumentException("need 1 <= shares <= total, got " + shares + " shares of " + total);
    }
  }
}
