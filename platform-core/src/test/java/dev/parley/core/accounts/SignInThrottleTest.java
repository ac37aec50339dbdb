package dev.parley.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.common.PlatformException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle's budgets on a clock the test moves: counts, never waiting. */
class SignInThrottleTest {

  private final AtomicLong nanos = new AtomicLong();
  private final SignInThrottle throttle = new SignInThrottle(new ThrottleOptions().setSignInPairFailures(2)
      .setSignInUsernameFailures(4).setSignInAddressFailures(5).setSignInRefillSeconds(60).setSignUpsPerAddress(2)
      .setSignUpRefillSeconds(30), nanos::get);

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  /** The throttle's local buckets answer at once; a refusal is thrown as before. */
  private static <T> T sync(io.vertx.core.Future<T> future) {
    assertThat(future.isComplete()).isTrue();
    if (future.failed()) {
      throw (RuntimeException) future.cause();
    }
    return future.result();
  }

  private static long retryAfter(Runnable attempt) {
    try {
      attempt.run();
    } catch (PlatformException e) {
      assertThat(e.reason()).isEqualTo(PlatformException.Reason.TOO_MANY);
      return e.retryAfterSeconds();
    }
    throw new AssertionError("the attempt was let through");
  }

  @Test
  void reserve_pastThePairBudget_isRefused_andTheRefusalTakesNoTokenFromTheOtherBuckets() {
    sync(throttle.reserve("ann", "192.0.2.1", Optional.empty()));
    sync(throttle.reserve("ann", "192.0.2.1", Optional.empty()));

    assertThat(retryAfter(() -> sync(throttle.reserve("ann", "192.0.2.1", Optional.empty())))).isBetween(1L, 60L);
    // The refused attempts took nothing from the address: three other usernames still fit its budget of 5.
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> sync(throttle.reserve("ann", "192.0.2.1", Optional.empty())))
          .isInstanceOf(PlatformException.class);
    }
    sync(throttle.reserve("bob", "192.0.2.1", Optional.empty()));
    sync(throttle.reserve("cy", "192.0.2.1", Optional.empty()));
    sync(throttle.reserve("dee", "192.0.2.1", Optional.empty()));
    assertThat(retryAfter(() -> sync(throttle.reserve("eve", "192.0.2.1", Optional.empty())))).isPositive();
  }

  @Test
  void aSuccess_givesItsTokensBack() {
    for (int i = 0; i < 10; i++) {
      sync(throttle.reserve("ann", "192.0.2.2", Optional.empty())).succeeded();
    }
    sync(throttle.reserve("ann", "192.0.2.2", Optional.empty()));
  }

  @Test
  void aSpentBudget_refillsOneAttemptPerPeriod_andPastThreeBudgetsOnePerTenPeriods() {
    int let = 0;
    long wait = 0;
    for (int step = 0; step < 20 && wait == 0; step++) {
      try {
        sync(throttle.reserve("ann", "192.0.2.3", Optional.of("device-1")));
        let++;
        if (let >= 2) {
          advance(Duration.ofSeconds(60));
        }
      } catch (PlatformException e) {
        wait = e.retryAfterSeconds();
      }
    }
    assertThat(let).as("three budgets of 2").isEqualTo(6);
    assertThat(wait).as("the second stage waits longer than one period").isGreaterThan(60);
  }

  @Test
  void aDeviceCookie_drawsOnItsOwnBucket_notOnTheUsernameNorTheAddress() {
    for (int i = 0; i < 4; i++) {
      try {
        sync(throttle.reserve("ann", "198.51.100." + i, Optional.empty()));
      } catch (PlatformException e) {
        throw new AssertionError("one guess per address fits every budget", e);
      }
    }
    assertThat(retryAfter(() -> sync(throttle.reserve("ann", "198.51.100.9", Optional.empty())))).isPositive();

    sync(throttle.reserve("ann", "198.51.100.9", Optional.of("device-2")));
    sync(throttle.reserve("ann", "198.51.100.9", Optional.of("device-2")));
    assertThat(retryAfter(() -> sync(throttle.reserve("ann", "198.51.100.9", Optional.of("device-2"))))).isPositive();
  }

  @Test
  void signUp_takesATokenPerAddress_andIpv6CountsPerSlash64() {
    sync(throttle.signUp("2001:db8:1:2::10"));
    sync(throttle.signUp("2001:db8:1:2:ffff::99"));
    assertThat(retryAfter(() -> sync(throttle.signUp("2001:db8:1:2:abcd::1")))).isBetween(1L, 30L);
    sync(throttle.signUp("2001:db8:1:3::10"));
    sync(throttle.signUp("192.0.2.4"));
    sync(throttle.signUp("192.0.2.5"));
  }

  @Test
  void addressKey_groupsIpv6By64_andKeepsIpv4() {
    assertThat(SignInThrottle.addressKey("2001:db8:1:2:3:4:5:6"))
        .isEqualTo(SignInThrottle.addressKey("2001:db8:1:2::"));
    assertThat(SignInThrottle.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(SignInThrottle.addressKey(ClientAddresses.UNKNOWN)).isEqualTo(ClientAddresses.UNKNOWN);
  }
}
