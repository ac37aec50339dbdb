package dev.parley.core.apps.registry;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A mini-app's listing in the registry: who owns it, what it is, whether it is suspended and
 * which version is live.
 *
 * @param liveDigest the bundle digest of the live version
 * @param liveIcon the path of the live version's icon inside its bundle
 */
public record App(String id, AccountRef owner, String name, String description, String category,
    Optional<String> homepage, Optional<String> privacyPolicyUrl, boolean suspended, Optional<String> suspendedReason,
    Optional<Instant> suspendedAt, Optional<String> liveVersion, Optional<String> liveDigest, Optional<String> liveIcon,
    Instant createdAt, Instant updatedAt, Optional<Instant> secretRotatedAt) {

  public App {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(category, "category");
  }

  /** The URL of the live version's icon, if there is a live version with an icon. */
  public Optional<String> iconUrl() {
    return liveDigest.flatMap(d -> liveIcon.map(icon -> VersionFiles.url(id, d, icon)));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("description", description).put("category", category)
        .put("homepage", homepage.orElse(null)).put("privacyPolicyUrl", privacyPolicyUrl.orElse(null))
        .put("iconUrl", iconUrl().orElse(null)).put("owner", owner.toJson())
        .put("status", suspended ? "suspended" : "active").put("suspendedReason", suspendedReason.orElse(null))
        .put("suspendedAt", suspendedAt.map(Instant::toString).orElse(null))
        .put("liveVersion", liveVersion.orElse(null)).put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString())
        .put("secretRotatedAt", secretRotatedAt.map(Instant::toString).orElse(null));
  }

  /** What users see in the directory. */
  public JsonObject directoryJson() {
    return new JsonObject().put("id", id).put("name", name).put("description", description).put("category", category)
        .put("iconUrl", iconUrl().orElse(null)).put("version", liveVersion.orElse(null));
  }
}
