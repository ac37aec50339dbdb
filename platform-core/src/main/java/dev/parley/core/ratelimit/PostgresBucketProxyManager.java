package dev.parley.core.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bucket4j's compare-and-swap protocol on {@code rate_limit_buckets}: read the state; write the new
 * state only if the row still holds the state read (an insert only if there was none); Bucket4j
 * retries on a lost race. Asynchronous only: the synchronous API would block an event loop.
 */
final class PostgresBucketProxyManager extends AbstractCompareAndSwapBasedProxyManager<String> {

  private final Pool pool;
  private final Clock clock;

  PostgresBucketProxyManager(ClientSideConfig config, Pool pool, Clock clock) {
    super(config);
    this.pool = pool;
    this.clock = clock;
  }

  @Override
  protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
    throw new UnsupportedOperationException("shared rate limits are asynchronous only");
  }

  @Override
  protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
    return new AsyncCompareAndSwapOperation() {
      @Override
      public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
        return pool.preparedQuery("SELECT state FROM rate_limit_buckets WHERE id = $1").execute(Tuple.of(key))
            .map(rows -> {
              var it = rows.iterator();
              return it.hasNext() ? Optional.of(bytes(it.next())) : Optional.<byte[]>empty();
            }).toCompletionStage().toCompletableFuture();
      }

      @Override
      public CompletableFuture<Boolean> compareAndSwap(byte[] originalData, byte[] newData,
          RemoteBucketState newState, Optional<Long> timeoutNanos) {
        long expiresAt = expiresAt(newState);
        var write = originalData == null
            ? pool.preparedQuery("INSERT INTO rate_limit_buckets (id, state, expires_at) VALUES ($1, $2, $3)"
                + " ON CONFLICT (id) DO NOTHING").execute(Tuple.of(key, Buffer.buffer(newData), expiresAt))
            : pool.preparedQuery("UPDATE rate_limit_buckets SET state = $2, expires_at = $3"
                + " WHERE id = $1 AND state = $4")
                .execute(Tuple.of(key, Buffer.buffer(newData), expiresAt, Buffer.buffer(originalData)));
        return write.map(r -> r.rowCount() == 1).toCompletionStage().toCompletableFuture();
      }
    };
  }

  private long expiresAt(RemoteBucketState state) {
    Optional<ExpirationAfterWriteStrategy> strategy = getClientSideConfig().getExpirationAfterWriteStrategy();
    long ttl = strategy.map(s -> s.calculateTimeToLiveMillis(state, currentTimeNanos())).orElse(86_400_000L);
    return clock.millis() + Math.max(0, ttl);
  }

  private static byte[] bytes(Row row) {
    return row.getBuffer(0).getBytes();
  }

  @Override
  protected CompletableFuture<Void> removeAsync(String key) {
    return pool.preparedQuery("DELETE FROM rate_limit_buckets WHERE id = $1").execute(Tuple.of(key))
        .<Void>mapEmpty().toCompletionStage().toCompletableFuture();
  }

  @Override
  public void removeProxy(String key) {
    throw new UnsupportedOperationException("shared rate limits are asynchronous only");
  }

  @Override
  public boolean isAsyncModeSupported() {
    return true;
  }

  @Override
  public boolean isExpireAfterWriteSupported() {
    return true;
  }
}
