package dev.parley.core.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One uploaded version of an app: immutable content (the bundle digest and its manifest) and its
 * review state.
 */
public record Version(String appId, String version, String digest, ReviewState state, boolean live, long size,
    int fileCount, JsonObject manifest, AccountRef uploadedBy, Instant uploadedAt, Optional<Instant> submittedAt,
    Optional<Instant> reviewedAt, Optional<AccountRef> reviewedBy, Optional<String> reviewReason,
    Optional<Instant> releaseAt, Optional<Instant> releasedAt) {

  public Version {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(state, "state");
    manifest = manifest.copy();
  }

  @Override
  public JsonObject manifest() {
    return manifest.copy();
  }

  /** The permission names asked for, in manifest order. */
  public List<String> permissionNames() {
    List<String> out = new ArrayList<>();
    permissions().forEach(p -> out.add(((JsonObject) p).getString("name")));
    return out;
  }

  /** The permissions asked for, each {@code {name, reason}}. */
  public JsonArray permissions() {
    JsonArray out = new JsonArray();
    JsonArray asked = manifest.getJsonArray("req_permissions", new JsonArray());
    for (Object p : asked) {
      if (p instanceof JsonObject o) {
        out.add(new JsonObject().put("name", o.getString("name")).put("reason", o.getString("reason", "")));
      }
    }
    return out;
  }

  /** The network domains the version may reach. */
  public List<String> allowedDomains() {
    JsonObject network = manifest.getJsonObject("network", new JsonObject());
    List<String> out = new ArrayList<>();
    network.getJsonArray("allowed_domains", new JsonArray()).forEach(d -> out.add(String.valueOf(d)));
    return out;
  }

  public JsonObject toJson() {
    return new JsonObject().put("appId", appId).put("version", version).put("digest", digest).put("state", state.key())
        .put("live", live).put("size", size).put("fileCount", fileCount).put("permissions", permissions())
        .put("allowedDomains", new JsonArray(allowedDomains())).put("uploadedBy", uploadedBy.toJson())
        .put("uploadedAt", uploadedAt.toString()).put("submittedAt", text(submittedAt))
        .put("reviewedAt", text(reviewedAt)).put("reviewedBy", reviewedBy.map(AccountRef::toJson).orElse(null))
        .put("reviewReason", reviewReason.orElse(null)).put("releaseAt", text(releaseAt))
        .put("releasedAt", text(releasedAt));
  }

  private static String text(Optional<Instant> t) {
    return t.map(Instant::toString).orElse(null);
  }
}
