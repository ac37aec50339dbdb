package dev.parley.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system clock, except that every reading is at least one millisecond after the one before.
 * The platform orders conversations by the time of their last activity; with this clock two
 * events never tie, so tests that check that order do not depend on how fast the machine is.
 */
public final class StrictClock extends Clock {

  private final AtomicLong last = new AtomicLong();

  @Override
  public long millis() {
    long now = System.currentTimeMillis();
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
