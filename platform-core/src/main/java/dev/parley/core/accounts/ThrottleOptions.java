package dev.parley.core.accounts;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * How sign-ins and sign-ups are slowed down (docs/DESIGN.md, "Sign-in throttle"). Each limit is a
 * budget of attempts that refills over time, never a lockout: past the budget, one more attempt is
 * let through every {@code signInRefillSeconds} (sign-up: {@code signUpRefillSeconds}); past three
 * times the budget, one every ten of those.
 */
public final class ThrottleOptions {

  /** Failed sign-ins of one username from one address before the delay starts. */
  public static final int DEFAULT_SIGN_IN_PAIR_FAILURES = 5;
  /** Failed sign-ins of one username from all unknown devices together before the delay starts. */
  public static final int DEFAULT_SIGN_IN_USERNAME_FAILURES = 20;
  /** Failed sign-ins from one address, whatever the usernames, before the delay starts. */
  public static final int DEFAULT_SIGN_IN_ADDRESS_FAILURES = 100;
  public static final long DEFAULT_SIGN_IN_REFILL_SECONDS = 60;
  /** Sign-ups from one address before the delay starts. */
  public static final int DEFAULT_SIGN_UPS_PER_ADDRESS = 20;
  public static final long DEFAULT_SIGN_UP_REFILL_SECONDS = 60;

  private int signInPairFailures = DEFAULT_SIGN_IN_PAIR_FAILURES;
  private int signInUsernameFailures = DEFAULT_SIGN_IN_USERNAME_FAILURES;
  private int signInAddressFailures = DEFAULT_SIGN_IN_ADDRESS_FAILURES;
  private long signInRefillSeconds = DEFAULT_SIGN_IN_REFILL_SECONDS;
  private int signUpsPerAddress = DEFAULT_SIGN_UPS_PER_ADDRESS;
  private long signUpRefillSeconds = DEFAULT_SIGN_UP_REFILL_SECONDS;

  public ThrottleOptions() {
  }

  public ThrottleOptions(ThrottleOptions other) {
    this.signInPairFailures = other.signInPairFailures;
    this.signInUsernameFailures = other.signInUsernameFailures;
    this.signInAddressFailures = other.signInAddressFailures;
    this.signInRefillSeconds = other.signInRefillSeconds;
    this.signUpsPerAddress = other.signUpsPerAddress;
    this.signUpRefillSeconds = other.signUpRefillSeconds;
  }

  public ThrottleOptions(JsonObject json) {
    setSignInPairFailures(json.getInteger("signInPairFailures", DEFAULT_SIGN_IN_PAIR_FAILURES));
    setSignInUsernameFailures(json.getInteger("signInUsernameFailures", DEFAULT_SIGN_IN_USERNAME_FAILURES));
    setSignInAddressFailures(json.getInteger("signInAddressFailures", DEFAULT_SIGN_IN_ADDRESS_FAILURES));
    setSignInRefillSeconds(json.getLong("signInRefillSeconds", DEFAULT_SIGN_IN_REFILL_SECONDS));
    setSignUpsPerAddress(json.getInteger("signUpsPerAddress", DEFAULT_SIGN_UPS_PER_ADDRESS));
    setSignUpRefillSeconds(json.getLong("signUpRefillSeconds", DEFAULT_SIGN_UP_REFILL_SECONDS));
  }

  public JsonObject toJson() {
    return new JsonObject().put("signInPairFailures", signInPairFailures)
        .put("signInUsernameFailures", signInUsernameFailures).put("signInAddressFailures", signInAddressFailures)
        .put("signInRefillSeconds", signInRefillSeconds).put("signUpsPerAddress", signUpsPerAddress)
        .put("signUpRefillSeconds", signUpRefillSeconds);
  }

  public int getSignInPairFailures() {
    return signInPairFailures;
  }

  public ThrottleOptions setSignInPairFailures(int signInPairFailures) {
    this.signInPairFailures = positive(signInPairFailures, "signInPairFailures");
    return this;
  }

  public int getSignInUsernameFailures() {
    return signInUsernameFailures;
  }

  public ThrottleOptions setSignInUsernameFailures(int signInUsernameFailures) {
    this.signInUsernameFailures = positive(signInUsernameFailures, "signInUsernameFailures");
    return this;
  }

  public int getSignInAddressFailures() {
    return signInAddressFailures;
  }

  public ThrottleOptions setSignInAddressFailures(int signInAddressFailures) {
    this.signInAddressFailures = positive(signInAddressFailures, "signInAddressFailures");
    return this;
  }

  public long getSignInRefillSeconds() {
    return signInRefillSeconds;
  }

  /** One more sign-in attempt per this many seconds once a budget is spent. */
  public Duration getSignInRefill() {
    return Duration.ofSeconds(signInRefillSeconds);
  }

  public ThrottleOptions setSignInRefillSeconds(long signInRefillSeconds) {
    this.signInRefillSeconds = seconds(signInRefillSeconds, "signInRefillSeconds");
    return this;
  }

  public int getSignUpsPerAddress() {
    return signUpsPerAddress;
  }

  public ThrottleOptions setSignUpsPerAddress(int signUpsPerAddress) {
    this.signUpsPerAddress = positive(signUpsPerAddress, "signUpsPerAddress");
    return this;
  }

  public long getSignUpRefillSeconds() {
    return signUpRefillSeconds;
  }

  /** One more sign-up per this many seconds once an address's budget is spent. */
  public Duration getSignUpRefill() {
    return Duration.ofSeconds(signUpRefillSeconds);
  }

  public ThrottleOptions setSignUpRefillSeconds(long signUpRefillSeconds) {
    this.signUpRefillSeconds = seconds(signUpRefillSeconds, "signUpRefillSeconds");
    return this;
  }

  private static int positive(int v, String name) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
    return v;
  }

  private static long seconds(long v, String name) {
    if (v < 1 || v > 86_400) {
      throw new IllegalArgumentException(name + " must be 1..86400, got " + v);
    }
    return v;
  }
}
