package dev.parley.core.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Buckets in PostgreSQL, shared by the nodes of a cluster: Bucket4j's own distributed algorithm
 * (compare-and-swap of the serialized bucket state) on the reactive pool, so a check never blocks an
 * event loop and no lock is held between statements. A row lives until its bucket would be full again
 * (then a fresh bucket is the same thing); every node sweeps expired rows now and then.
 */
final class PostgresRateLimits implements RateLimits {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresRateLimits.class);
  static final long SWEEP_MILLIS = Duration.ofMinutes(5).toMillis();

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final long sweepTimer;

  PostgresRateLimits(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, t -> sweep());
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public Buckets buckets(String name, Caffeine<Object, Object> localCache, TimeMeter time) {
    ClientSideConfig config = ClientSideConfig.getDefault()
        // Kept a little past full: a bucket read just before its row goes is then still exact.
        .withExpirationAfterWriteStrategy(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
            Duration.ofSeconds(10)));
    if (time != null) {
      config = config.withClientClock(time);
    }
    AsyncProxyManager<String> manager = new PostgresBucketProxyManager(config, pool, clock).asAsync();
    return (key, configuration) -> {
      AsyncBucketProxy proxy = manager.builder()
          .build(name + ":" + key, () -> CompletableFuture.completedFuture(configuration.get()));
      return new Shared(vertx, proxy);
    };
  }

  /** Deletes the rows of buckets that are full again; any node may, any time. */
  Future<Integer> sweep() {
    return pool.preparedQuery("DELETE FROM rate_limit_buckets WHERE expires_at < $1")
        .execute(Tuple.of(clock.millis())).map(r -> r.rowCount())
        .onFailure(e -> LOG.warn("sweeping expired rate-limit buckets failed", e));
  }

  @Override
  public void close() {
    vertx.cancelTimer(sweepTimer);
  }

  /** Completes on the caller's context, as a local answer would. */
  private record Shared(Vertx vertx, AsyncBucketProxy proxy) implements RateBucket {
    @Override
    public Future<ConsumptionProbe> tryConsume(long tokens) {
      Context context = vertx.getOrCreateContext();
      return Future.fromCompletionStage(proxy.tryConsumeAndReturnRemaining(tokens), context);
    }

    @Override
    public Future<Void> addTokens(long tokens) {
      Context context = vertx.getOrCreateContext();
      return Future.fromCompletionStage(proxy.addTokens(tokens), context);
    }
  }
}
