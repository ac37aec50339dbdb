package dev.parley.core.broker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.PlatformException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * Token buckets (Bucket4j) per app, per user and per conversation on this node; idle buckets are
 * forgotten. A refusal carries the time until the next token, for {@code Retry-After}.
 */
final class RateLimiter {

  private final BrokerOptions options;
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(200_000)
      .expireAfterAccess(Duration.ofMinutes(10)).build();

  RateLimiter(BrokerOptions options) {
    this.options = options;
  }

  /** Takes one token from each bucket of the call, or fails with 429 naming the one that is empty. */
  void acquire(String appId, String userId, String conversationId) {
    take("app:" + appId, options.getAppRate(), "the app '" + appId + "' is getting too many calls");
    take("user:" + userId, options.getUserRate(), "you are sending app commands too fast");
    take("conversation:" + conversationId, options.getConversationRate(),
        "this conversation is sending app commands too fast");
  }

  private void take(String key, int perSecond, String message) {
    Bucket bucket = buckets.get(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(2L * perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
      throw PlatformException.tooMany(message + "; try again in " + seconds + " s", seconds);
    }
  }
}
