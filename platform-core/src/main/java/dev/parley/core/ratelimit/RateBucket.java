package dev.parley.core.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;

/**
 * One token bucket, wherever it lives: in this process (the futures are complete at once) or in the
 * cluster's database (the futures complete on the caller's context once PostgreSQL answered).
 */
public interface RateBucket {

  /** Takes {@code tokens} if there are so many, and says how long until there would be. */
  Future<ConsumptionProbe> tryConsume(long tokens);

  /** Gives tokens back (a refused multi-bucket take, a successful sign-in); never past the capacity. */
  Future<Void> addTokens(long tokens);
}
