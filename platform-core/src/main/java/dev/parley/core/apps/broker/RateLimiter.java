package dev.parley.core.apps.broker;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.ratelimit.RateBucket;
import dev.parley.core.ratelimit.RateLimits;
import io.github.bucket4j.BucketConfiguration;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Token buckets (Bucket4j) per app, per user and per conversation, where {@link RateLimits} keeps
 * them (this node's memory, or PostgreSQL in a cluster); idle buckets are forgotten. A refusal
 * carries the time until the next token, for {@code Retry-After}.
 */
final class RateLimiter {

  private final BrokerOptions options;
  private final RateLimits.Buckets buckets;

  RateLimiter(BrokerOptions options) {
    this(options, RateLimits.local());
  }

  RateLimiter(BrokerOptions options, RateLimits limits) {
    this.options = options;
    this.buckets = limits.buckets("broker", Caffeine.newBuilder().maximumSize(200_000)
        .expireAfterAccess(Duration.ofMinutes(10)), null);
  }

  /**
   * Takes one token from each bucket of the call, or fails with 429 naming the one that is empty;
   * a refused call takes no token from any bucket (the others' are given back).
   */
  Future<Void> acquire(String appId, String userId, String conversationId) {
    return RateLimits.takeAll(List.of(
        new RateLimits.Want(bucket("app:" + appId, options.getAppRate()),
            "the app '" + appId + "' is getting too many calls; try again in {seconds} s"),
        new RateLimits.Want(bucket("user:" + userId, options.getUserRate()),
            "you are sending app commands too fast; try again in {seconds} s"),
        new RateLimits.Want(bucket("conversation:" + conversationId, options.getConversationRate()),
            "this conversation is sending app commands too fast; try again in {seconds} s")))
        .mapEmpty();
  }

  /** Takes a token of the app's page broadcasts in one conversation, or fails with 429 saying so. */
  Future<Void> acquireBroadcast(String appId, String conversationId) {
    return RateLimits.take(bucket("broadcast:" + appId + ":" + conversationId, options.getBroadcastRate()),
        "the app '" + appId + "' broadcasts to its pages too often (at most " + options.getBroadcastRate()
            + " a second in a conversation); try again in {seconds} s");
  }

  /** Takes one token of the app's bucket (a search asks each app once), or fails with 429. */
  Future<Void> acquireApp(String appId) {
    return RateLimits.take(bucket("app:" + appId, options.getAppRate()),
        "the app '" + appId + "' is getting too many calls; try again in {seconds} s");
  }

  /**
   * One search of a user (its fan-out to every app counts once), from a bucket of its own so that
   * searching as one types never uses up the tokens of the user's commands.
   */
  Future<Boolean> tryAcquireSearch(String userId) {
    return bucket("search:" + userId, options.getUserRate()).tryConsume(1).map(p -> p.isConsumed());
  }

  private RateBucket bucket(String key, int perSecond) {
    return buckets.get(key, () -> BucketConfiguration.builder()
        .addLimit(l -> l.capacity(2L * perSecond).refillGreedy(perSecond, Duration.ofSeconds(1))).build());
  }
}
