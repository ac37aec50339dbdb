package dev.parley.core.safety;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.common.PlatformException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * The send rate limit per account: a Bucket4j bucket of {@link SafetyOptions#getSendsPerWindow()}
 * tokens refilled greedily over the window, one token per message. Buckets live in memory per node
 * (like the sign-in throttle's): an idle bucket is dropped once it would be full again.
 */
final class SendLimits {

  private final int capacity;
  private final Duration window;
  private final Cache<String, Bucket> buckets;

  SendLimits(SafetyOptions options) {
    this.capacity = options.getSendsPerWindow();
    this.window = Duration.ofSeconds(options.getSendWindowSeconds());
    this.buckets = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(window.multipliedBy(2)).build();
  }

  /** Takes one send of the account's budget, or throws 429 with the seconds until one is back. */
  void take(String accountId) {
    Bucket bucket = buckets.get(accountId, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build()).build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      throw PlatformException.tooMany("you are sending messages too fast: at most " + capacity + " every "
          + window.toSeconds() + " seconds; try again in " + seconds + " s", seconds);
    }
  }
}
