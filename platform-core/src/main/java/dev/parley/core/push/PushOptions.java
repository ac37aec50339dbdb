package dev.parley.core.push;

import dev.parley.core.common.net.AddressPolicy;
import java.util.Objects;

/**
 * Web Push: off unless enabled with a subject (a {@code mailto:} or {@code https:} contact the push
 * services can reach), how long a push service keeps an undelivered push, and which addresses
 * endpoints may have ({@link AddressPolicy#PUBLIC}; tests only change it).
 */
public final class PushOptions {

  public static final int DEFAULT_TTL_SECONDS = 24 * 3600;

  private boolean enabled;
  private String subject = "";
  private int ttlSeconds = DEFAULT_TTL_SECONDS;
  private AddressPolicy addressPolicy = AddressPolicy.PUBLIC;
  private boolean plainHttpEndpoints;

  public PushOptions() {
  }

  public PushOptions(PushOptions other) {
    this.enabled = other.enabled;
    this.subject = other.subject;
    this.ttlSeconds = other.ttlSeconds;
    this.addressPolicy = other.addressPolicy;
    this.plainHttpEndpoints = other.plainHttpEndpoints;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public PushOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** The VAPID subject, {@code mailto:...} or {@code https://...}. */
  public String getSubject() {
    return subject;
  }

  public PushOptions setSubject(String subject) {
    if (!subject.isEmpty() && !subject.startsWith("mailto:") && !subject.startsWith("https://")) {
      throw new IllegalArgumentException("push subject must start with mailto: or https://");
    }
    this.subject = subject;
    return this;
  }

  public int getTtlSeconds() {
    return ttlSeconds;
  }

  public PushOptions setTtlSeconds(int ttlSeconds) {
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException("ttlSeconds must not be negative");
    }
    this.ttlSeconds = ttlSeconds;
    return this;
  }

  public AddressPolicy getAddressPolicy() {
    return addressPolicy;
  }

  /** Tests only: which addresses push endpoints may have. */
  public PushOptions setAddressPolicy(AddressPolicy addressPolicy) {
    this.addressPolicy = Objects.requireNonNull(addressPolicy, "addressPolicy");
    return this;
  }

  public boolean isPlainHttpEndpoints() {
    return plainHttpEndpoints;
  }

  /** Tests only: take {@code http://} endpoints (every real push service is {@code https://}). */
  public PushOptions setPlainHttpEndpoints(boolean plainHttpEndpoints) {
    this.plainHttpEndpoints = plainHttpEndpoints;
    return this;
  }
}
