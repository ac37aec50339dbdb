package dev.parley.core.attachments;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code attachments}: a tus upload while {@link #state} is {@code uploading} or
 * {@code processing}, then a {@code ready} attachment (or a {@code refused} one, without bytes, kept
 * until it expires so its uploader can read why). Preview facts ({@code width}, {@code height},
 * {@code durationMs}, {@code pageCount}, {@code placeholder}, {@code waveform}, {@code previewFailure})
 * are in {@link #meta}.
 */
public record Attachment(String id, String uploaderId, String state, String name, @Nullable String declaredType,
    long length, long offset, @Nullable String expectedSha256, @Nullable String kind, @Nullable String contentType,
    @Nullable Long size, @Nullable String sha256, @Nullable String previewSha256, @Nullable String previewType,
    boolean inline, JsonObject meta, @Nullable JsonObject problem, long createdAt, long updatedAt) {

  public static final String UPLOADING = "uploading";
  public static final String PROCESSING = "processing";
  public static final String READY = "ready";
  public static final String REFUSED = "refused";

  public boolean ready() {
    return READY.equals(state);
  }

  public boolean unfinished() {
    return UPLOADING.equals(state) || PROCESSING.equals(state);
  }

  /** The URL of its bytes. */
  public static String contentUrl(String id) {
    return "/api/attachments/" + id + "/content";
  }

  /** The attachment's JSON, as messages and the API show it (docs/api.md "Attachments"). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("kind", kind).put("contentType", contentType)
        .put("name", name).put("size", size).put("sha256", sha256);
    for (String key : new String[] {"width", "height", "durationMs", "pageCount", "placeholder", "waveform"}) {
      if (meta.getValue(key) != null) {
        json.put(key, meta.getValue(key));
      }
    }
    json.put("inline", inline).put("url", contentUrl(id));
    if (previewSha256 != null) {
      json.put("previewUrl", "/api/attachments/" + id + "/preview");
    }
    Optional.ofNullable(meta.getString("previewFailure")).ifPresent(f -> json.put("previewFailure", f));
    return json;
  }

  /** {@code GET /api/uploads/:id}: where the upload stands. */
  public JsonObject statusJson() {
    JsonObject json = new JsonObject().put("id", id).put("offset", offset).put("length", length).put("status", state);
    if (ready()) {
      json.put("attachment", toJson());
    }
    if (problem != null) {
      json.put("problem", problem);
    }
    return json;
  }
}
