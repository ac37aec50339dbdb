package dev.parley.core.attachments;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Attachments: where blobs are stored ({@code store}: {@code filesystem} under the data directory,
 * or {@code postgres} large objects that every node of a cluster shares), the largest file of each
 * kind, how many unfinished uploads one person may have, their quota, how long an unfinished upload
 * waits before it is cleaned, and how long a signed link works.
 */
public final class AttachmentOptions {

  public static final String FILESYSTEM = "filesystem";
  public static final String POSTGRES = "postgres";
  private static final long MB = 1024L * 1024;

  private String store = FILESYSTEM;
  /** Whether {@code store} was set (a cluster picks postgres for an unset one, refuses a set filesystem). */
  private boolean storeChosen;
  private long maxImageBytes = 20 * MB;
  private long maxVideoBytes = 200 * MB;
  private long maxVoiceBytes = 20 * MB;
  private long maxFileBytes = 100 * MB;
  private int maxUnfinishedUploads = 5;
  private long quotaBytes = 1024 * MB;
  private long uploadExpiryMillis = 24L * 60 * 60 * 1000;
  private long linkSeconds = 300;
  /** Where blobs and unfinished uploads live (the server's dataDir/attachments); a temp directory when unset. */
  private @Nullable String directory;

  public AttachmentOptions() {
  }

  public AttachmentOptions(AttachmentOptions o) {
    this.store = o.store;
    this.storeChosen = o.storeChosen;
    this.maxImageBytes = o.maxImageBytes;
    this.maxVideoBytes = o.maxVideoBytes;
    this.maxVoiceBytes = o.maxVoiceBytes;
    this.maxFileBytes = o.maxFileBytes;
    this.maxUnfinishedUploads = o.maxUnfinishedUploads;
    this.quotaBytes = o.quotaBytes;
    this.uploadExpiryMillis = o.uploadExpiryMillis;
    this.linkSeconds = o.linkSeconds;
    this.directory = o.directory;
  }

  public AttachmentOptions(JsonObject json) {
    AttachmentOptions d = new AttachmentOptions();
    if (json.containsKey("store")) {
      setStore(json.getString("store"));
    }
    setMaxImageBytes(json.getLong("maxImageBytes", d.maxImageBytes));
    setMaxVideoBytes(json.getLong("maxVideoBytes", d.maxVideoBytes));
    setMaxVoiceBytes(json.getLong("maxVoiceBytes", d.maxVoiceBytes));
    setMaxFileBytes(json.getLong("maxFileBytes", d.maxFileBytes));
    setMaxUnfinishedUploads(json.getInteger("maxUnfinishedUploads", d.maxUnfinishedUploads));
    setQuotaBytes(json.getLong("quotaBytes", d.quotaBytes));
    setUploadExpiryMillis(json.getLong("uploadExpiryMillis", d.uploadExpiryMillis));
    setLinkSeconds(json.getLong("linkSeconds", d.linkSeconds));
  }

  public JsonObject toJson() {
    return new JsonObject().put("store", store).put("maxImageBytes", maxImageBytes)
        .put("maxVideoBytes", maxVideoBytes).put("maxVoiceBytes", maxVoiceBytes).put("maxFileBytes", maxFileBytes)
        .put("maxUnfinishedUploads", maxUnfinishedUploads).put("quotaBytes", quotaBytes)
        .put("uploadExpiryMillis", uploadExpiryMillis).put("linkSeconds", linkSeconds);
  }

  /** The largest file of a kind ({@code image}, {@code video}, {@code voice}, else {@code file}). */
  public long maxBytes(String kind) {
    return switch (kind) {
      case "image" -> maxImageBytes;
      case "video" -> maxVideoBytes;
      case "voice" -> maxVoiceBytes;
      default -> maxFileBytes;
    };
  }

  /** The largest file of any kind: what {@code Tus-Max-Size} says. */
  public long maxAnyBytes() {
    return Math.max(Math.max(maxImageBytes, maxVideoBytes), Math.max(maxVoiceBytes, maxFileBytes));
  }

  public String getStore() {
    return store;
  }

  public AttachmentOptions setStore(String store) {
    if (!FILESYSTEM.equals(store) && !POSTGRES.equals(store)) {
      throw new IllegalArgumentException("store must be \"filesystem\" or \"postgres\", got " + store);
    }
    this.store = store;
    this.storeChosen = true;
    return this;
  }

  /** Back to the default store as if none had been configured (a copy of options that left it unset). */
  public AttachmentOptions unchooseStore() {
    this.store = new AttachmentOptions().store;
    this.storeChosen = false;
    return this;
  }

  /** True when {@code store} was configured, not left at its default. */
  public boolean isStoreChosen() {
    return storeChosen;
  }

  public long getMaxImageBytes() {
    return maxImageBytes;
  }

  public AttachmentOptions setMaxImageBytes(long v) {
    this.maxImageBytes = positive("maxImageBytes", v);
    return this;
  }

  public long getMaxVideoBytes() {
    return maxVideoBytes;
  }

  public AttachmentOptions setMaxVideoBytes(long v) {
    this.maxVideoBytes = positive("maxVideoBytes", v);
    return this;
  }

  public long getMaxVoiceBytes() {
    return maxVoiceBytes;
  }

  public AttachmentOptions setMaxVoiceBytes(long v) {
    this.maxVoiceBytes = positive("maxVoiceBytes", v);
    return this;
  }

  public long getMaxFileBytes() {
    return maxFileBytes;
  }

  public AttachmentOptions setMaxFileBytes(long v) {
    this.maxFileBytes = positive("maxFileBytes", v);
    return this;
  }

  public int getMaxUnfinishedUploads() {
    return maxUnfinishedUploads;
  }

  public AttachmentOptions setMaxUnfinishedUploads(int v) {
    if (v < 1 || v > 1000) {
      throw new IllegalArgumentException("maxUnfinishedUploads must be 1..1000, got " + v);
    }
    this.maxUnfinishedUploads = v;
    return this;
  }

  public long getQuotaBytes() {
    return quotaBytes;
  }

  public AttachmentOptions setQuotaBytes(long v) {
    this.quotaBytes = positive("quotaBytes", v);
    return this;
  }

  public long getUploadExpiryMillis() {
    return uploadExpiryMillis;
  }

  public AttachmentOptions setUploadExpiryMillis(long v) {
    if (v < 1000) {
      throw new IllegalArgumentException("uploadExpiryMillis must be at least 1000, got " + v);
    }
    this.uploadExpiryMillis = v;
    return this;
  }

  public long getLinkSeconds() {
    return linkSeconds;
  }

  public AttachmentOptions setLinkSeconds(long v) {
    if (v < 1 || v > 86_400) {
      throw new IllegalArgumentException("linkSeconds must be 1..86400, got " + v);
    }
    this.linkSeconds = v;
    return this;
  }

  public @Nullable String getDirectory() {
    return directory;
  }

  public AttachmentOptions setDirectory(@Nullable String directory) {
    this.directory = directory;
    return this;
  }

  private static long positive(String name, long v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttachmentOptions other && toJson().equals(other.toJson())
        && Objects.equals(directory, other.directory);
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }
}
