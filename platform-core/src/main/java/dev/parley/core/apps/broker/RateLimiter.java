package dev.parley.core.apps.broker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.common.PlatformException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
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

  /**
   * Takes one token from each bucket of the call, or fails with 429 naming the one that is empty;
   * a refused call takes no token from any bucket.
   */
  void acquire(String appId, String userId, String conversationId) {
    Bucket app = bucket("app:" + appId, options.getAppRate());
    Bucket user = bucket("user:" + userId, options.getUserRate());
    Bucket conversation = bucket("conversation:" + conversationId, options.getConversationRate());
    check(app, "the app '" + appId + "' is getting too many calls");
    check(user, "you are sending app commands too fast");
    check(conversation, "this conversation is sending app commands too fast");
    app.tryConsume(1);
    user.tryConsume(1);
    conversation.tryConsume(1);
  }

  /** Takes a token of the app's page broadcasts in one conversation, or fails with 429 saying so. */
  void acquireBroadcast(String appId, String conversationId) {
    Bucket bucket = bucket("broadcast:" + appId + ":" + conversationId, options.getBroadcastRate());
    check(bucket, "the app '" + appId + "' broadcasts to its pages too often (at most " + options.getBroadcastRate()
        + " a second in a conversation)");
    bucket.tryConsume(1);
  }

  /** Takes one token of the app's bucket (a search asks each app once), or fails with 429. */
  void acquireApp(String appId) {
    Bucket app = bucket("app:" + appId, options.getAppRate());
    check(app, "the app '" + appId + "' is getting too many calls");
    app.tryConsume(1);
  }

  /**
   * One search of a user (its fan-out to every app counts once), from a bucket of its own so that
   * searching as one types never uses up the tokens of the user's commands.
   */
  boolean tryAcquireSearch(String userId) {
    return bucket("search:" + userId, options.getUserRate()).tryConsume(1);
  }

  private Bucket bucket(String key, int perSecond) {
    return buckets.get(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(2L * perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build());
  }

  private static void check(Bucket bucket, String message) {
    EstimationProbe probe = bucket.estimateAbilityToConsume(1);
    if (!probe.canBeConsumed()) {
      long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
      throw PlatformException.tooMany(message + "; try again in " + seconds + " s", seconds);
    }
  }
}
