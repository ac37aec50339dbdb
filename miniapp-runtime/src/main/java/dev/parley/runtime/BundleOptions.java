package dev.parley.runtime;

import io.vertx.core.json.JsonObject;

/**
 * Caps applied when reading a bundle, which is hostile input. Defaults: 10 MiB archive,
 * 5 MiB per entry, 50 MiB in total, a compression ratio of 100, 1,000 entries.
 */
public class BundleOptions {

  /** Default cap on the archive size: 10 MiB. */
  public static final long DEFAULT_MAX_ARCHIVE_BYTES = 10L << 20;
  /** Default cap on one entry's inflated size: 5 MiB. */
  public static final long DEFAULT_MAX_ENTRY_BYTES = 5L << 20;
  /** Default cap on the inflated size of all entries: 50 MiB. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 50L << 20;
  /** Default cap on inflated / compressed size of one entry: 100. */
  public static final int DEFAULT_MAX_COMPRESSION_RATIO = 100;
  /** Default number of inflated bytes of an entry before its ratio is checked: 64 KiB. */
  public static final long DEFAULT_RATIO_THRESHOLD_BYTES = 64L << 10;
  /** Default cap on the number of entries: 1,000. */
  public static final int DEFAULT_MAX_ENTRIES = 1000;

  private long maxArchiveBytes = DEFAULT_MAX_ARCHIVE_BYTES;
  private long maxEntryBytes = DEFAULT_MAX_ENTRY_BYTES;
  private long maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES;
  private int maxCompressionRatio = DEFAULT_MAX_COMPRESSION_RATIO;
  private long ratioThresholdBytes = DEFAULT_RATIO_THRESHOLD_BYTES;
  private int maxEntries = DEFAULT_MAX_ENTRIES;

  /** Creates options with the defaults. */
  public BundleOptions() {
  }

  /**
   * Copies options.
   *
   * @param other the options to copy
   */
  public BundleOptions(BundleOptions other) {
    this.maxArchiveBytes = other.maxArchiveBytes;
    this.maxEntryBytes = other.maxEntryBytes;
    this.maxTotalBytes = other.maxTotalBytes;
    this.maxCompressionRatio = other.maxCompressionRatio;
    this.ratioThresholdBytes = other.ratioThresholdBytes;
    this.maxEntries = other.maxEntries;
  }

  /**
   * Reads options from JSON (camelCase keys, as {@link #toJson()} writes them); missing keys
   * keep their defaults.
   *
   * @param json the options
   */
  public BundleOptions(JsonObject json) {
    this();
    setMaxArchiveBytes(json.getLong("maxArchiveBytes", maxArchiveBytes));
    setMaxEntryBytes(json.getLong("maxEntryBytes", maxEntryBytes));
    setMaxTotalBytes(json.getLong("maxTotalBytes", maxTotalBytes));
    setMaxCompressionRatio(json.getInteger("maxCompressionRatio", maxCompressionRatio));
    setRatioThresholdBytes(json.getLong("ratioThresholdBytes", ratioThresholdBytes));
    setMaxEntries(json.getInteger("maxEntries", maxEntries));
  }

  /** Returns the options as JSON. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("maxArchiveBytes", maxArchiveBytes)
        .put("maxEntryBytes", maxEntryBytes)
        .put("maxTotalBytes", maxTotalBytes)
        .put("maxCompressionRatio", maxCompressionRatio)
        .put("ratioThresholdBytes", ratioThresholdBytes)
        .put("maxEntries", maxEntries);
  }

  /** Returns the cap on the archive size in bytes. */
  public long getMaxArchiveBytes() {
    return maxArchiveBytes;
  }

  /**
   * Sets the cap on the archive size.
   *
   * @param v bytes, positive
   * @return this
   */
  public BundleOptions setMaxArchiveBytes(long v) {
    this.maxArchiveBytes = positive(v, "maxArchiveBytes");
    return this;
  }

  /** Returns the cap on one entry's inflated size in bytes. */
  public long getMaxEntryBytes() {
    return maxEntryBytes;
  }

  /**
   * Sets the cap on one entry's inflated size.
   *
   * @param v bytes, positive
   * @return this
   */
  public BundleOptions setMaxEntryBytes(long v) {
    this.maxEntryBytes = positive(v, "maxEntryBytes");
    return this;
  }

  /** Returns the cap on the inflated size of all entries in bytes. */
  public long getMaxTotalBytes() {
    return maxTotalBytes;
  }

  /**
   * Sets the cap on the inflated size of all entries.
   *
   * @param v bytes, positive
   * @return this
   */
  public BundleOptions setMaxTotalBytes(long v) {
    this.maxTotalBytes = positive(v, "maxTotalBytes");
    return this;
  }

  /** Returns the cap on the compression ratio of one entry. */
  public int getMaxCompressionRatio() {
    return maxCompressionRatio;
  }

  /**
   * Sets the cap on the compression ratio of one entry.
   *
   * @param v ratio, positive
   * @return this
   */
  public BundleOptions setMaxCompressionRatio(int v) {
    this.maxCompressionRatio = (int) positive(v, "maxCompressionRatio");
    return this;
  }

  /** Returns how many bytes an entry inflates to before its ratio is checked. */
  public long getRatioThresholdBytes() {
    return ratioThresholdBytes;
  }

  /**
   * Sets how many bytes an entry inflates to before its ratio is checked (small files
   * compress well and are harmless).
   *
   * @param v bytes, positive
   * @return this
   */
  public BundleOptions setRatioThresholdBytes(long v) {
    this.ratioThresholdBytes = positive(v, "ratioThresholdBytes");
    return this;
  }

  /** Returns the cap on the number of entries. */
  public int getMaxEntries() {
    return maxEntries;
  }

  /**
   * Sets the cap on the number of entries (folders included).
   *
   * @param v entries, positive
   * @return this
   */
  public BundleOptions setMaxEntries(int v) {
    this.maxEntries = (int) positive(v, "maxEntries");
    return this;
  }

  private static long positive(long v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }
    return v;
  }
}
