package dev.parley.core.registry;

import dev.parley.runtime.Manifest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Optional;

/** The registry's SQL selects and how their rows become {@link App}s and {@link Version}s. */
final class RegistryRows {

  static final String APP_SELECT = "SELECT a.id, a.name, a.description, a.category, a.homepage, a.privacy_policy_url, "
      + "a.status, a.suspended_reason, a.suspended_at, a.live_version, a.created_at, a.updated_at, a.secret_rotated_at, "
      + "o.id AS owner_id, o.username AS owner_username, o.display_name AS owner_name, "
      + "lv.bundle_sha256 AS live_digest, lv.icon AS live_icon "
      + "FROM apps a JOIN accounts o ON o.id = a.owner_id "
      + "LEFT JOIN app_versions lv ON lv.app_id = a.id AND lv.version = a.live_version";

  static final String VERSION_SELECT = "SELECT v.app_id, v.version, v.bundle_sha256, v.manifest, v.size, v.file_count, "
      + "v.state, v.uploaded_at, v.submitted_at, v.reviewed_at, v.review_reason, v.release_at, v.released_at, "
      + "a.live_version, u.id AS up_id, u.username AS up_username, u.display_name AS up_name, "
      + "r.id AS rev_id, r.username AS rev_username, r.display_name AS rev_name "
      + "FROM app_versions v JOIN apps a ON a.id = v.app_id JOIN accounts u ON u.id = v.uploaded_by "
      + "LEFT JOIN accounts r ON r.id = v.reviewed_by";

  private RegistryRows() {
  }

  static App app(Row row) {
    return new App(row.getString("id"),
        new AccountRef(row.getString("owner_id"), row.getString("owner_username"), row.getString("owner_name")),
        row.getString("name"), row.getString("description"), row.getString("category"),
        Optional.ofNullable(row.getString("homepage")), Optional.ofNullable(row.getString("privacy_policy_url")),
        "suspended".equals(row.getString("status")), Optional.ofNullable(row.getString("suspended_reason")),
        instant(row, "suspended_at"), Optional.ofNullable(row.getString("live_version")),
        Optional.ofNullable(row.getString("live_digest")), Optional.ofNullable(row.getString("live_icon")),
        Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")),
        instant(row, "secret_rotated_at"));
  }

  static Version version(Row row) {
    String version = row.getString("version");
    Optional<AccountRef> reviewer = Optional.ofNullable(row.getString("rev_id"))
        .map(id -> new AccountRef(id, row.getString("rev_username"), row.getString("rev_name")));
    return new Version(row.getString("app_id"), version, row.getString("bundle_sha256"),
        ReviewState.parse(row.getString("state")), version.equals(row.getString("live_version")),
        row.getLong("size"), row.getInteger("file_count"), Manifest.fromJson(new JsonObject(row.getString("manifest"))),
        new AccountRef(row.getString("up_id"), row.getString("up_username"), row.getString("up_name")),
        Instant.ofEpochMilli(row.getLong("uploaded_at")), instant(row, "submitted_at"), instant(row, "reviewed_at"),
        reviewer, Optional.ofNullable(row.getString("review_reason")), instant(row, "release_at"),
        instant(row, "released_at"));
  }

  private static Optional<Instant> instant(Row row, String column) {
    Long value = row.getLong(column);
    return value == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
  }
}
