package dev.parley.core.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** Buckets in this process's memory, idle ones forgotten: what one node needs, at no cost. */
final class LocalRateLimits implements RateLimits {

  @Override
  public boolean shared() {
    return false;
  }

  @Override
  public Buckets buckets(String name, Caffeine<Object, Object> localCache, TimeMeter time) {
    Cache<String, Local> cache = localCache.build();
    return (key, configuration) -> cache.get(key, k -> new Local(bucket(configuration, time)));
  }

  private static Bucket bucket(Supplier<BucketConfiguration> configuration, TimeMeter time) {
    LocalBucketBuilder builder = Bucket.builder();
    for (Bandwidth limit : configuration.get().getBandwidths()) {
      builder.addLimit(limit);
    }
    if (time != null) {
      builder.withCustomTimePrecision(time);
    }
    return builder.build();
  }

  /** Answers at once: a local bucket never waits. */
  private record Local(Bucket bucket) implements RateBucket {
    @Override
    public Future<ConsumptionProbe> tryConsume(long tokens) {
      return Future.succeededFuture(bucket.tryConsumeAndReturnRemaining(tokens));
    }

    @Override
    public Future<Void> addTokens(long tokens) {
      bucket.addTokens(tokens);
      return Future.succeededFuture();
    }
  }
}
