package dev.parley.core.chat;

import io.vertx.core.json.JsonObject;

/**
 * Limits of live sessions: how far a slow reader may fall behind before it is cut off, how long a
 * closing socket may linger, and how many live connections one account and one address may hold.
 */
public final class LiveOptions {

  /** Bytes waiting to be written to one session before it counts as too slow. */
  public static final int DEFAULT_MAX_QUEUED_BYTES = 512 * 1024;
  /** Live events held for one session while its backlog is being sent. */
  public static final int DEFAULT_MAX_BUFFERED_EVENTS = 2_000;
  /** Sends over the WebSocket that may be in flight at once per session. */
  public static final int DEFAULT_MAX_INFLIGHT_SENDS = 64;

  /** Milliseconds a socket may take to close after its close frame before the connection is cut. */
  public static final int DEFAULT_CLOSE_TIMEOUT_MILLIS = 2_000;
  /** Live connections one account may hold on one node (browser tabs and devices); 0: no cap. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ACCOUNT = 20;
  /** Live connections one remote address may hold on one node; 0: no cap. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 200;

  private int maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
  private int maxBufferedEvents = DEFAULT_MAX_BUFFERED_EVENTS;
  private int maxInflightSends = DEFAULT_MAX_INFLIGHT_SENDS;
  private int closeTimeoutMillis = DEFAULT_CLOSE_TIMEOUT_MILLIS;
  private int maxConnectionsPerAccount = DEFAULT_MAX_CONNECTIONS_PER_ACCOUNT;
  private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;

  public LiveOptions() {
  }

  public LiveOptions(LiveOptions other) {
    this.maxQueuedBytes = other.maxQueuedBytes;
    this.maxBufferedEvents = other.maxBufferedEvents;
    this.maxInflightSends = other.maxInflightSends;
    this.closeTimeoutMillis = other.closeTimeoutMillis;
    this.maxConnectionsPerAccount = other.maxConnectionsPerAccount;
    this.maxConnectionsPerAddress = other.maxConnectionsPerAddress;
  }

  public LiveOptions(JsonObject json) {
    this();
    if (json.containsKey("maxQueuedBytes")) {
      setMaxQueuedBytes(json.getInteger("maxQueuedBytes"));
    }
    if (json.containsKey("maxBufferedEvents")) {
      setMaxBufferedEvents(json.getInteger("maxBufferedEvents"));
    }
    if (json.containsKey("maxInflightSends")) {
      setMaxInflightSends(json.getInteger("maxInflightSends"));
    }
    if (json.containsKey("closeTimeoutMillis")) {
      setCloseTimeoutMillis(json.getInteger("closeTimeoutMillis"));
    }
    if (json.containsKey("maxConnectionsPerAccount")) {
      setMaxConnectionsPerAccount(json.getInteger("maxConnectionsPerAccount"));
    }
    if (json.containsKey("maxConnectionsPerAddress")) {
      setMaxConnectionsPerAddress(json.getInteger("maxConnectionsPerAddress"));
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxQueuedBytes", maxQueuedBytes).put("maxBufferedEvents", maxBufferedEvents)
        .put("maxInflightSends", maxInflightSends).put("closeTimeoutMillis", closeTimeoutMillis)
        .put("maxConnectionsPerAccount", maxConnectionsPerAccount)
        .put("maxConnectionsPerAddress", maxConnectionsPerAddress);
  }

  public int getMaxQueuedBytes() {
    return maxQueuedBytes;
  }

  public LiveOptions setMaxQueuedBytes(int maxQueuedBytes) {
    if (maxQueuedBytes < 1024) {
      throw new IllegalArgumentException("maxQueuedBytes must be at least 1024, got " + maxQueuedBytes);
    }
    this.maxQueuedBytes = maxQueuedBytes;
    return this;
  }

  public int getMaxBufferedEvents() {
    return maxBufferedEvents;
  }

  public LiveOptions setMaxBufferedEvents(int maxBufferedEvents) {
    if (maxBufferedEvents < 1) {
      throw new IllegalArgumentException("maxBufferedEvents must be positive, got " + maxBufferedEvents);
    }
    this.maxBufferedEvents = maxBufferedEvents;
    return this;
  }

  public int getMaxInflightSends() {
    return maxInflightSends;
  }

  public LiveOptions setMaxInflightSends(int maxInflightSends) {
    if (maxInflightSends < 1) {
      throw new IllegalArgumentException("maxInflightSends must be positive, got " + maxInflightSends);
    }
    this.maxInflightSends = maxInflightSends;
    return this;
  }

  public int getCloseTimeoutMillis() {
    return closeTimeoutMillis;
  }

  public LiveOptions setCloseTimeoutMillis(int closeTimeoutMillis) {
    if (closeTimeoutMillis < 1 || closeTimeoutMillis > 600_000) {
      throw new IllegalArgumentException("closeTimeoutMillis must be 1..600000, got " + closeTimeoutMillis);
    }
    this.closeTimeoutMillis = closeTimeoutMillis;
    return this;
  }

  public int getMaxConnectionsPerAccount() {
    return maxConnectionsPerAccount;
  }

  public LiveOptions setMaxConnectionsPerAccount(int maxConnectionsPerAccount) {
    if (maxConnectionsPerAccount < 0) {
      throw new IllegalArgumentException("maxConnectionsPerAccount must be 0 (no cap) or more, got "
          + maxConnectionsPerAccount);
    }
    this.maxConnectionsPerAccount = maxConnectionsPerAccount;
    return this;
  }

  public int getMaxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  public LiveOptions setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
    if (maxConnectionsPerAddress < 0) {
      throw new IllegalArgumentException("maxConnectionsPerAddress must be 0 (no cap) or more, got "
          + maxConnectionsPerAddress);
    }
    this.maxConnectionsPerAddress = maxConnectionsPerAddress;
    return this;
  }
}
