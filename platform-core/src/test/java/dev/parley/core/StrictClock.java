package dev.parley.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tests' one clock: the system clock plus an offset the test may {@link #advance(long) move},
 * except that every reading is at least one millisecond after the one before. The platform orders
 * conversations by the time of their last activity; with this clock two events never tie, so tests
 * that check that order do not depend on how fast the machine is, and tests of what falls due
 * (expiries, retries) move time instead of waiting for it.
 */
public final class StrictClock extends Clock {

  private final AtomicLong last = new AtomicLong();
  private final AtomicLong offset = new AtomicLong();

  /**
   * Moves time forward by {@code millis} from the last reading too: many readings within one
   * millisecond (a thousand concurrent claims) push the last reading ahead of the system clock,
   * and an advance must still move every later reading at least {@code millis} past it.
   */
  public void advance(long millis) {
    offset.addAndGet(millis);
    last.addAndGet(millis);
  }

  @Override
  public long millis() {
    long now = System.currentTimeMillis() + offset.get();
    return last.updateAndGet(prev -> Math.max(prev + 1, now));
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the platform reads UTC only");
  }
}
