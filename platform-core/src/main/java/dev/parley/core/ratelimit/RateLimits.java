package dev.parley.core.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.common.PlatformException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the rate limits' token buckets live (docs/DESIGN.md, "Cluster: rate limits"): in this
 * process on a single node ({@link #local()}), or in PostgreSQL when nodes form a cluster
 * ({@link #postgres}), so that N nodes do not hand out N budgets. Every Bucket4j limit of the
 * platform takes its buckets from here; only this seam knows which.
 */
public interface RateLimits {

  /**
   * The buckets of one limiter. {@code name} keeps its keys apart from other limiters' in the shared
   * table; {@code localCache} says how long idle local buckets are kept (a shared bucket's row expires
   * once it would be full again); {@code time} is the limiter's clock, or null for the system's.
   */
  Buckets buckets(String name, Caffeine<Object, Object> localCache, TimeMeter time);

  /** Stops any background work (the shared table's sweep). */
  default void close() {
  }

  /** True when buckets are shared by every node of a cluster. */
  boolean shared();

  /** The buckets of one limiter, by key. */
  interface Buckets {
    RateBucket get(String key, Supplier<BucketConfiguration> configuration);
  }

  /** Node-local buckets in memory: the single-node default. */
  static RateLimits local() {
    return new LocalRateLimits();
  }

  /** Buckets in PostgreSQL's {@code rate_limit_buckets}, shared by every node using that database. */
  static RateLimits postgres(Vertx vertx, Pool pool, Clock clock) {
    return new PostgresRateLimits(vertx, pool, clock);
  }

  /** A bucket and what a refusal by it says. */
  record Want(RateBucket bucket, String refusal) {
  }

  /**
   * Takes one token from each bucket, or none: the buckets are asked together, and when one refuses,
   * the tokens the others gave are given back. Fails with 429 worded by the first refusing bucket.
   */
  static Future<List<RateBucket>> takeAll(List<Want> wants) {
    List<Future<ConsumptionProbe>> probes = new ArrayList<>(wants.size());
    for (Want want : wants) {
      probes.add(want.bucket().tryConsume(1));
    }
    return Future.join(probes).transform(ignored -> {
      List<RateBucket> spent = new ArrayList<>(wants.size());
      PlatformException refusal = null;
      Throwable failure = null;
      for (int i = 0; i < wants.size(); i++) {
        Future<ConsumptionProbe> probe = probes.get(i);
        if (probe.failed()) {
          failure = failure == null ? probe.cause() : failure;
        } else if (probe.result().isConsumed()) {
          spent.add(wants.get(i).bucket());
        } else if (refusal == null) {
          refusal = tooMany(wants.get(i).refusal(), probe.result());
        }
      }
      if (refusal == null && failure == null) {
        return Future.succeededFuture(spent);
      }
      spent.forEach(b -> b.addTokens(1));
      return Future.failedFuture(refusal != null ? refusal : failure);
    });
  }

  /** Takes one token of one bucket, or fails with 429 saying {@code refusal} and when to try again. */
  static Future<Void> take(RateBucket bucket, String refusal) {
    return bucket.tryConsume(1).compose(probe -> probe.isConsumed()
        ? Future.succeededFuture()
        : Future.failedFuture(tooMany(refusal, probe)));
  }

  /** 429 with the whole seconds until a token is back (at least one). */
  static PlatformException tooMany(String message, ConsumptionProbe probe) {
    long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    return PlatformException.tooMany(message.replace("{seconds}", Long.toString(seconds)), seconds);
  }
}
