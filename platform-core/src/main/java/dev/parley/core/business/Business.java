package dev.parley.core.business;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A business account: its profile, its review status and the bot account it speaks through. */
public record Business(String id, String handle, String name, Optional<String> logoAttachmentId, String description,
    String category, Optional<String> website, Optional<JsonObject> hours, String privacyUrl, String ownerId,
    String status, Instant createdAt, Optional<Instant> verifiedAt, String botAccountId,
    Optional<String> reviewReason) {

  /** Waiting for an admin's review. */
  public static final String PENDING = "pending";
  /** Reviewed and approved: listed in the directory, drawn with the badge. */
  public static final String VERIFIED = "verified";
  /** Reviewed and refused, with a reason. */
  public static final String REJECTED = "rejected";
  /** Stopped by an admin: not listed, its keys do not work. */
  public static final String SUSPENDED = "suspended";

  public Business {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(handle, "handle");
    hours = hours.map(JsonObject::copy);
  }

  public boolean verified() {
    return VERIFIED.equals(status);
  }

  /** What a customer sees: the profile and the server's flag for the badge, never the owner. */
  public JsonObject publicJson() {
    JsonObject json = new JsonObject().put("id", id).put("handle", handle).put("name", name)
        .put("description", description).put("category", category).put("website", website.orElse(null))
        .put("hours", hours.map(JsonObject::copy).orElse(null)).put("privacyUrl", privacyUrl)
        .put("verified", verified()).put("botAccountId", botAccountId)
        .put("logoUrl", logoAttachmentId.isPresent() ? "/api/directory/businesses/" + handle + "/logo" : null)
        .put("deepLink", "/b/" + handle);
    return json;
  }

  /** What its owner and the admins see: the public form, the review status and reason. */
  public JsonObject ownerJson() {
    return publicJson().put("status", status).put("ownerId", ownerId)
        .put("logoAttachmentId", logoAttachmentId.orElse(null))
        .put("createdAt", createdAt.toString()).put("verifiedAt", verifiedAt.map(Instant::toString).orElse(null))
        .put("reviewReason", reviewReason.orElse(null));
  }
}
