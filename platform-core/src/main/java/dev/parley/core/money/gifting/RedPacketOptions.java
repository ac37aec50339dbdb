package dev.parley.core.money.gifting;

import io.vertx.core.json.JsonObject;

/** Settings of red packets: how long one stays open, how often every node settles due work, the largest split. */
public final class RedPacketOptions {

  /** How long a packet can be claimed: 24 hours. */
  public static final long DEFAULT_EXPIRY_MILLIS = 24 * 60 * 60 * 1000L;
  /** How often each node looks for expired packets, returns and unpaid claims: 5 seconds. */
  public static final long DEFAULT_SWEEP_INTERVAL_MILLIS = 5_000;
  /** How long a packet may stay unpaid for (its creator gone) before it is expired: 10 minutes. */
  public static final long DEFAULT_FUNDING_TIMEOUT_MILLIS = 10 * 60 * 1000L;
  /** How old a claim whose money has not moved must be before the sweep moves it: 30 seconds. */
  public static final long DEFAULT_PAYOUT_RETRY_MILLIS = 30_000;
  /** The most shares of one packet: a group's largest size. */
  public static final int DEFAULT_MAX_SHARES = 500;

  private long expiryMillis = DEFAULT_EXPIRY_MILLIS;
  private long sweepIntervalMillis = DEFAULT_SWEEP_INTERVAL_MILLIS;
  private long fundingTimeoutMillis = DEFAULT_FUNDING_TIMEOUT_MILLIS;
  private long payoutRetryMillis = DEFAULT_PAYOUT_RETRY_MILLIS;
  private int maxShares = DEFAULT_MAX_SHARES;

  public RedPacketOptions() {
  }

  public RedPacketOptions(RedPacketOptions other) {
    this.expiryMillis = other.expiryMillis;
    this.sweepIntervalMillis = other.sweepIntervalMillis;
    this.fundingTimeoutMillis = other.fundingTimeoutMillis;
    this.payoutRetryMillis = other.payoutRetryMillis;
    this.maxShares = other.maxShares;
  }

  public RedPacketOptions(JsonObject json) {
    this();
    if (json.containsKey("expiryMillis")) {
      setExpiryMillis(json.getLong("expiryMillis"));
    }
    if (json.containsKey("sweepIntervalMillis")) {
      setSweepIntervalMillis(json.getLong("sweepIntervalMillis"));
    }
    if (json.containsKey("fundingTimeoutMillis")) {
      setFundingTimeoutMillis(json.getLong("fundingTimeoutMillis"));
    }
    if (json.containsKey("payoutRetryMillis")) {
      setPayoutRetryMillis(json.getLong("payoutRetryMillis"));
    }
    if (json.containsKey("maxShares")) {
      setMaxShares(json.getInteger("maxShares"));
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("expiryMillis", expiryMillis).put("sweepIntervalMillis", sweepIntervalMillis)
        .put("fundingTimeoutMillis", fundingTimeoutMillis).put("payoutRetryMillis", payoutRetryMillis)
        .put("maxShares", maxShares);
  }

  /** How long after its creation a packet can be claimed, in milliseconds. */
  public long getExpiryMillis() {
    return expiryMillis;
  }

  public RedPacketOptions setExpiryMillis(long expiryMillis) {
    if (expiryMillis < 1_000 || expiryMillis > 30L * 24 * 60 * 60 * 1000) {
      throw new IllegalArgumentException("expiryMillis must be from 1 second to 30 days, got " + expiryMillis);
    }
    this.expiryMillis = expiryMillis;
    return this;
  }

  /** How often each node sweeps, in milliseconds. */
  public long getSweepIntervalMillis() {
    return sweepIntervalMillis;
  }

  public RedPacketOptions setSweepIntervalMillis(long sweepIntervalMillis) {
    if (sweepIntervalMillis < 100) {
      throw new IllegalArgumentException("sweepIntervalMillis must be at least 100, got " + sweepIntervalMillis);
    }
    this.sweepIntervalMillis = sweepIntervalMillis;
    return this;
  }

  /** How long a packet may wait for its money before the sweep expires it, in milliseconds. */
  public long getFundingTimeoutMillis() {
    return fundingTimeoutMillis;
  }

  public RedPacketOptions setFundingTimeoutMillis(long fundingTimeoutMillis) {
    if (fundingTimeoutMillis < 1_000) {
      throw new IllegalArgumentException("fundingTimeoutMillis must be at least 1000, got " + fundingTimeoutMillis);
    }
    this.fundingTimeoutMillis = fundingTimeoutMillis;
    return this;
  }

  /** How old an unpaid claim must be before the sweep pays it, in milliseconds. */
  public long getPayoutRetryMillis() {
    return payoutRetryMillis;
  }

  public RedPacketOptions setPayoutRetryMillis(long payoutRetryMillis) {
    if (payoutRetryMillis < 0) {
      throw new IllegalArgumentException("payoutRetryMillis must not be negative, got " + payoutRetryMillis);
    }
    this.payoutRetryMillis = payoutRetryMillis;
    return this;
  }

  /** The most shares one packet may have. */
  public int getMaxShares() {
    return maxShares;
  }

  public RedPacketOptions setMaxShares(int maxShares) {
    if (maxShares < 1 || maxShares > 10_000) {
      throw new IllegalArgumentException("maxShares must be from 1 to 10000, got " + maxShares);
    }
    this.maxShares = maxShares;
    return this;
  }
}
