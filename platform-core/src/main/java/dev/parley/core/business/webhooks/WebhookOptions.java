package dev.parley.core.business.webhooks;

/**
 * Business webhooks: whether plain {@code http://} and loopback receivers are allowed (development
 * and tests only; production takes {@code https://} on public addresses), how long a receiver may
 * take, how often the worker looks for due deliveries, how many it sends at once, and how long a
 * rotated-out secret still signs.
 */
public final class WebhookOptions {

  public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;
  public static final long DEFAULT_POLL_MILLIS = 1_000;
  public static final int DEFAULT_CONCURRENCY = 32;
  public static final long DEFAULT_SECRET_OVERLAP_MILLIS = 24 * 3600_000L;

  private boolean allowInsecure;
  private long timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
  private long pollMillis = DEFAULT_POLL_MILLIS;
  private int concurrency = DEFAULT_CONCURRENCY;
  private long secretOverlapMillis = DEFAULT_SECRET_OVERLAP_MILLIS;

  public WebhookOptions() {
  }

  public WebhookOptions(WebhookOptions other) {
    this.allowInsecure = other.allowInsecure;
    this.timeoutMillis = other.timeoutMillis;
    this.pollMillis = other.pollMillis;
    this.concurrency = other.concurrency;
    this.secretOverlapMillis = other.secretOverlapMillis;
  }

  /** Whether {@code http://} URLs and the loopback address are taken (never other private addresses). */
  public boolean isAllowInsecure() {
    return allowInsecure;
  }

  public WebhookOptions setAllowInsecure(boolean allowInsecure) {
    this.allowInsecure = allowInsecure;
    return this;
  }

  /** The time a receiver has to answer 2xx; later is a failed attempt. */
  public long getTimeoutMillis() {
    return timeoutMillis;
  }

  public WebhookOptions setTimeoutMillis(long timeoutMillis) {
    this.timeoutMillis = positive(timeoutMillis, "timeoutMillis");
    return this;
  }

  /** How often the worker looks for due deliveries (new events start at once anyway). */
  public long getPollMillis() {
    return pollMillis;
  }

  public WebhookOptions setPollMillis(long pollMillis) {
    this.pollMillis = positive(pollMillis, "pollMillis");
    return this;
  }

  /** Deliveries sent at once by one node. */
  public int getConcurrency() {
    return concurrency;
  }

  public WebhookOptions setConcurrency(int concurrency) {
    this.concurrency = (int) positive(concurrency, "concurrency");
    return this;
  }

  /** How long the previous secret still signs after a rotation. */
  public long getSecretOverlapMillis() {
    return secretOverlapMillis;
  }

  public WebhookOptions setSecretOverlapMillis(long secretOverlapMillis) {
    this.secretOverlapMillis = positive(secretOverlapMillis, "secretOverlapMillis");
    return this;
  }

  private static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return value;
  }
}
