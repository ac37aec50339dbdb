package dev.parley.core.chat;

import io.vertx.core.json.JsonObject;

/** Limits of live sessions: how far a slow reader may fall behind before it is cut off. */
public final class LiveOptions {

  /** Bytes waiting to be written to one session before it counts as too slow. */
  public static final int DEFAULT_MAX_QUEUED_BYTES = 512 * 1024;
  /** Live events held for one session while its backlog is being sent. */
  public static final int DEFAULT_MAX_BUFFERED_EVENTS = 2_000;
  /** Sends over the WebSocket that may be in flight at once per session. */
  public static final int DEFAULT_MAX_INFLIGHT_SENDS = 64;

  private int maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
  private int maxBufferedEvents = DEFAULT_MAX_BUFFERED_EVENTS;
  private int maxInflightSends = DEFAULT_MAX_INFLIGHT_SENDS;

  public LiveOptions() {
  }

  public LiveOptions(LiveOptions other) {
    this.maxQueuedBytes = other.maxQueuedBytes;
    this.maxBufferedEvents = other.maxBufferedEvents;
    this.maxInflightSends = other.maxInflightSends;
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
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxQueuedBytes", maxQueuedBytes).put("maxBufferedEvents", maxBufferedEvents)
        .put("maxInflightSends", maxInflightSends);
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
}
