package dev.parley.core.safety;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.ratelimit.RateLimits;
import io.github.bucket4j.BucketConfiguration;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * The send rate limit per account: a Bucket4j bucket of {@link SafetyOptions#getSendsPerWindow()}
 * tokens refilled greedily over the window, one token per message. Buckets live where
 * {@link RateLimits} keeps them: in memory on one node (an idle bucket is dropped once it would be
 * full again), in PostgreSQL in a cluster.
 */
final class SendLimits {

  private final int capacity;
  private final Duration window;
  private final BucketConfiguration configuration;
  private final RateLimits.Buckets buckets;

  SendLimits(SafetyOptions options, RateLimits limits) {
    this.capacity = options.getSendsPerWindow();
    this.window = Duration.ofSeconds(options.getSendWindowSeconds());
    this.configuration = BucketConfiguration.builder()
        .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, window)).build();
    this.buckets = limits.buckets("send", Caffeine.newBuilder().maximumSize(200_000)
        .expireAfterAccess(window.multipliedBy(2)), null);
  }

  /** Takes one send of the account's budget, or fails with 429 and the seconds until one is back. */
  Future<Void> take(String accountId) {
    return RateLimits.take(buckets.get(accountId, () -> configuration), "you are sending messages too fast: at most "
        + capacity + " every " + window.toSeconds() + " seconds; try again in {seconds} s");
  }
}
