package dev.parley.core.apps.media;

import io.vertx.core.json.JsonObject;

/**
 * Media uploads: the largest file accepted ({@code maxUploadBytes}, 20 MiB) and how many bytes of
 * media this node keeps in memory for serving ({@code cacheBytes}, 64 MiB).
 */
public final class MediaOptions {

  public static final long DEFAULT_MAX_UPLOAD_BYTES = 20L * 1024 * 1024;
  public static final long DEFAULT_CACHE_BYTES = 64L * 1024 * 1024;

  private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
  private long cacheBytes = DEFAULT_CACHE_BYTES;

  public MediaOptions() {
  }

  public MediaOptions(MediaOptions other) {
    this.maxUploadBytes = other.maxUploadBytes;
    this.cacheBytes = other.cacheBytes;
  }

  public MediaOptions(JsonObject json) {
    setMaxUploadBytes(json.getLong("maxUploadBytes", DEFAULT_MAX_UPLOAD_BYTES));
    setCacheBytes(json.getLong("cacheBytes", DEFAULT_CACHE_BYTES));
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxUploadBytes", maxUploadBytes).put("cacheBytes", cacheBytes);
  }

  public long getMaxUploadBytes() {
    return maxUploadBytes;
  }

  /** At most 1 GiB: a file is held in memory while it is checked and stored. */
  public MediaOptions setMaxUploadBytes(long maxUploadBytes) {
    if (maxUploadBytes < 1 || maxUploadBytes > 1L << 30) {
      throw new IllegalArgumentException("maxUploadBytes must be 1..1073741824, got " + maxUploadBytes);
    }
    this.maxUploadBytes = maxUploadBytes;
    return this;
  }

  public long getCacheBytes() {
    return cacheBytes;
  }

  public MediaOptions setCacheBytes(long cacheBytes) {
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("cacheBytes must not be negative, got " + cacheBytes);
    }
    this.cacheBytes = cacheBytes;
    return this;
  }

  /** {@code 20 MiB}, {@code 300 KiB}, {@code 512 bytes}: the limit as people read it. */
  static String describe(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }
}
