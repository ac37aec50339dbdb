package dev.parley.core.apps.media;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One uploaded file of an app in a conversation: its id (the name in {@code /media/<id>}), the
 * SHA-256 of its bytes (their ETag), what it is and who uploaded it.
 */
public record MediaItem(String id, String appId, String conversationId, String sha256, String name,
    String contentType, long size, String uploadedBy, Instant createdAt) {

  /** The path of the file on its app's origin. */
  public String path() {
    return "/media/" + id;
  }

  /** {@code {id, url, contentType, size, name, uploadedBy}} as apps see it; {@code origin} may be "" (a relative URL). */
  public JsonObject toJson(String origin) {
    return new JsonObject().put("id", id).put("url", origin + path()).put("contentType", contentType).put("size", size)
        .put("name", name).put("uploadedBy", uploadedBy);
  }
}
