package dev.parley.core.money.gifting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The splits, property-style over many random totals and share counts: every share at least one minor unit, the sum exact. */
class RedPacketSplitsTest {

  /** A SecureRandom that repeats: SHA1PRNG seeded before its first use. */
  static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void equal_spreadsTheRemainderOverTheFirstShares() {
    assertThat(Splits.equal(1000, 3)).containsExactly(334, 333, 333);
    assertThat(Splits.equal(1001, 4)).containsExactly(251, 250, 250, 250);
    assertThat(Splits.equal(7, 7)).containsExactly(1, 1, 1, 1, 1, 1, 1);
    assertThat(Splits.equal(5, 1)).containsExactly(5);
  }

  @Test
  void equal_propertyOverRandomTotals() {
    Random cases = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      int shares = 1 + cases.nextInt(500);
      long total = shares + (long) (cases.nextDouble() * (i % 2 == 0 ? 10_000 : 100_000_000_000L - shares));
      long[] split = Splits.equal(total, shares);
      assertThat(split).hasSize(shares);
      assertThat(Arrays.stream(split).sum()).isEqualTo(total);
      long min = Arrays.stream(split).min().orElseThrow();
      long max = Arrays.stream(split).max().orElseThrow();
      assertThat(min).isGreaterThanOrEqualTo(1);
      assertThat(max - min).isLessThanOrEqualTo(1);
      for (int s = 1; s < shares; s++) {
        assertThat(split[s]).as("larger shares come first").isLessThanOrEqualTo(split[s - 1]);
      }
    }
  }

  @Test
  void lucky_propertyOverRandomTotals_everyShareAtLeastOneAndTheSumExact() {
    Random cases = new Random(7);
    SecureRandom random = seeded(2024);
    for (int i = 0; i < 20_000; i++) {
      int shares = 1 + cases.nextInt(i % 10 == 0 ? 500 : 20);
      long total = switch (i % 4) {
        case 0 -> shares; // exactly one minor unit each
        case 1 -> shares + cases.nextInt(3);
        case 2 -> shares + cases.nextInt(10_000);
        default -> shares + (long) (cases.nextDouble() * (100_000_000_000L - shares));
      };
      long[] split = Splits.lucky(total, shares, random);
      assertThat(split).hasSize(shares);
      assertThat(Arrays.stream(split).sum()).as("%d in %d shares", total, shares).isEqualTo(total);
      assertThat(Arrays.stream(split).min().orElseThrow()).as("%d in %d shares", total, shares)
          .isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void lucky_isRandomButRepeatsWithTheSameSeed() {
    long[] a = Splits.lucky(100_00, 10, seeded(1));
    long[] b = Splits.lucky(100_00, 10, seeded(1));
    long[] c = Splits.lucky(100_00, 10, seeded(2));
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
    assertThat(Arrays.stream(a).distinct().count()).as("not an equal split").isGreaterThan(1);
  }

  @Test
  void lucky_sharesAverageTheMean() {
    SecureRandom random = seeded(99);
    long[] sums = new long[10];
    int rounds = 5_000;
    for (int i = 0; i < rounds; i++) {
      long[] split = Splits.lucky(100_00, 10, random);
      for (int s = 0; s < 10; s++) {
        sums[s] += split[s];
      }
    }
    for (long sum : sums) {
      assertThat(sum / rounds).as("each position averages about 10.00").isBetween(9_00L, 11_00L);
    }
  }

  @Test
  void split_refusesMoreSharesThanMinorUnits() {
    assertThatThrownBy(() -> Splits.lucky(5, 6, seeded(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Splits.equal(5, 6)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Splits.equal(5, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
