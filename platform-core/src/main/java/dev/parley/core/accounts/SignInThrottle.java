package dev.parley.core.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed sign-ins per username and per client address. Past the limit within the window,
 * further attempts are refused until the window has passed, whatever the password.
 */
final class SignInThrottle {

  static final int MAX_FAILURES_PER_USERNAME = 5;
  static final int MAX_FAILURES_PER_ADDRESS = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final Cache<String, AtomicInteger> failures;

  SignInThrottle(Ticker ticker) {
    this.failures = Caffeine.newBuilder()
        .expireAfterWrite(WINDOW)
        .maximumSize(100_000)
        .ticker(ticker)
        .build();
  }

  /** Whether this username or this address has failed too often lately. */
  boolean blocked(String username, String address) {
    return count("u:" + username) >= MAX_FAILURES_PER_USERNAME || count("a:" + address) >= MAX_FAILURES_PER_ADDRESS;
  }

  void failed(String username, String address) {
    failures.get("u:" + username, k -> new AtomicInteger()).incrementAndGet();
    failures.get("a:" + address, k -> new AtomicInteger()).incrementAndGet();
  }

  void succeeded(String username) {
    failures.invalidate("u:" + username);
  }

  long retryAfterSeconds() {
    return WINDOW.toSeconds();
  }

  private int count(String key) {
    AtomicInteger n = failures.getIfPresent(key);
    return n == null ? 0 : n.get();
  }
}
