package dev.parley.core.links;

import dev.parley.core.common.net.AddressPolicy;
import java.util.Objects;

/**
 * Link previews: whether they are made, how long a page may take and how much of it is read, the
 * image cap, how long a preview and a failure are cached, and previews asked per account a minute.
 * The {@link AddressPolicy} is {@link AddressPolicy#PUBLIC}; only tests change it (to reach pages
 * they serve on this machine), no setting does.
 */
public final class LinkPreviewOptions {

  public static final long DEFAULT_TIMEOUT_MILLIS = 5_000;
  public static final int DEFAULT_MAX_PAGE_BYTES = 512 * 1024;
  public static final int DEFAULT_MAX_IMAGE_BYTES = 5 * 1024 * 1024;
  public static final long DEFAULT_TTL_MILLIS = 24 * 3600_000L;
  public static final long DEFAULT_FAILURE_TTL_MILLIS = 10 * 60_000L;
  public static final int DEFAULT_PER_MINUTE = 30;

  private boolean enabled = true;
  private long timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
  private int maxPageBytes = DEFAULT_MAX_PAGE_BYTES;
  private int maxImageBytes = DEFAULT_MAX_IMAGE_BYTES;
  private long ttlMillis = DEFAULT_TTL_MILLIS;
  private long failureTtlMillis = DEFAULT_FAILURE_TTL_MILLIS;
  private int perMinute = DEFAULT_PER_MINUTE;
  private AddressPolicy addressPolicy = AddressPolicy.PUBLIC;

  public LinkPreviewOptions() {
  }

  public LinkPreviewOptions(LinkPreviewOptions other) {
    this.enabled = other.enabled;
    this.timeoutMillis = other.timeoutMillis;
    this.maxPageBytes = other.maxPageBytes;
    this.maxImageBytes = other.maxImageBytes;
    this.ttlMillis = other.ttlMillis;
    this.failureTtlMillis = other.failureTtlMillis;
    this.perMinute = other.perMinute;
    this.addressPolicy = other.addressPolicy;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public LinkPreviewOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** The time a page (or its image), redirects included, may take. */
  public long getTimeoutMillis() {
    return timeoutMillis;
  }

  public LinkPreviewOptions setTimeoutMillis(long timeoutMillis) {
    this.timeoutMillis = positive(timeoutMillis, "timeoutMillis");
    return this;
  }

  /** The most bytes of a page read; the rest is not (the tags are in its head). */
  public int getMaxPageBytes() {
    return maxPageBytes;
  }

  public LinkPreviewOptions setMaxPageBytes(int maxPageBytes) {
    this.maxPageBytes = (int) positive(maxPageBytes, "maxPageBytes");
    return this;
  }

  /** The largest preview image fetched; a larger one leaves the preview without an image. */
  public int getMaxImageBytes() {
    return maxImageBytes;
  }

  public LinkPreviewOptions setMaxImageBytes(int maxImageBytes) {
    this.maxImageBytes = (int) positive(maxImageBytes, "maxImageBytes");
    return this;
  }

  public long getTtlMillis() {
    return ttlMillis;
  }

  public LinkPreviewOptions setTtlMillis(long ttlMillis) {
    this.ttlMillis = positive(ttlMillis, "ttlMillis");
    return this;
  }

  public long getFailureTtlMillis() {
    return failureTtlMillis;
  }

  public LinkPreviewOptions setFailureTtlMillis(long failureTtlMillis) {
    this.failureTtlMillis = positive(failureTtlMillis, "failureTtlMillis");
    return this;
  }

  /** Previews one account may ask for a minute (burst the same); cached answers count too. */
  public int getPerMinute() {
    return perMinute;
  }

  public LinkPreviewOptions setPerMinute(int perMinute) {
    this.perMinute = (int) positive(perMinute, "perMinute");
    return this;
  }

  public AddressPolicy getAddressPolicy() {
    return addressPolicy;
  }

  /** Tests only: which addresses pages may be fetched from. */
  public LinkPreviewOptions setAddressPolicy(AddressPolicy addressPolicy) {
    this.addressPolicy = Objects.requireNonNull(addressPolicy, "addressPolicy");
    return this;
  }

  private static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return value;
  }
}
