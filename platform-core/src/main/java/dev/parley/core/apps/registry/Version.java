package dev.parley.core.apps.registry;

import dev.parley.runtime.Manifest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One uploaded version of an app: immutable content (the bundle digest and its manifest, parsed once
 * when the row is read) and its review state.
 */
public record Version(String appId, String version, String digest, ReviewState state, boolean live, long size,
    int fileCount, Manifest manifest, AccountRef uploadedBy, Instant uploadedAt, Optional<Instant> submittedAt,
    Optional<Instant> reviewedAt, Optional<AccountRef> reviewedBy, Optional<String> reviewReason,
    Optional<Instant> releaseAt, Optional<Instant> releasedAt) {

  public Version {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(manifest, "manifest");
  }

  /** The permission names asked for, in manifest order. */
  public List<String> permissionNames() {
    return manifest.permissionNames();
  }

  /** The network domains the version may reach. */
  public List<String> allowedDomains() {
    return manifest.allowedDomains();
  }

  /** The permissions asked for, each {@code {name, reason}}. */
  private JsonArray permissionsJson() {
    JsonArray out = new JsonArray();
    manifest.permissions().forEach(p -> out.add(new JsonObject().put("name", p.name()).put("reason", p.reason())));
    return out;
  }

  public JsonObject toJson() {
    return new JsonObject().put("appId", appId).put("version", version).put("digest", digest).put("state", state.key())
        .put("live", live).put("size", size).put("fileCount", fileCount).put("permissions", permissionsJson())
        .put("allowedDomains", new JsonArray(new ArrayList<>(allowedDomains()))).put("uploadedBy", uploadedBy.toJson())
        .put("uploadedAt", uploadedAt.toString()).put("submittedAt", text(submittedAt))
        .put("reviewedAt", text(reviewedAt)).put("reviewedBy", reviewedBy.map(AccountRef::toJson).orElse(null))
        .put("reviewReason", reviewReason.orElse(null)).put("releaseAt", text(releaseAt))
        .put("releasedAt", text(releasedAt));
  }

  private static String text(Optional<Instant> t) {
    return t.map(Instant::toString).orElse(null);
  }
}
