package dev.parley.core.apps.registry;

import static dev.parley.core.apps.registry.AppRepository.instant;
import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import dev.parley.runtime.Manifest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of app versions: their content, review states and scheduled releases. */
final class VersionRepository {

  /** A version's number, release code (the manifest's {@code version.code}) and bundle digest. */
  record Stored(String version, long code, String digest) {
  }

  /** A version of an app, by number. */
  record Due(String appId, String version) {
  }

  private static final String SELECT = "SELECT v.app_id, v.version, v.bundle_sha256, v.manifest, v.size, "
      + "v.file_count, v.state, v.uploaded_at, v.submitted_at, v.reviewed_at, v.review_reason, v.release_at, "
      + "v.released_at, a.live_version, u.id AS up_id, u.username AS up_username, u.display_name AS up_name, "
      + "r.id AS rev_id, r.username AS rev_username, r.display_name AS rev_name "
      + "FROM app_versions v JOIN apps a ON a.id = v.app_id JOIN accounts u ON u.id = v.uploaded_by "
      + "LEFT JOIN accounts r ON r.id = v.reviewed_by";

  private static final Statement ONE = Statement.sql(SELECT + " WHERE v.app_id = #{appId} AND v.version = #{version}");
  private static final Statement OF_APP = Statement.sql(SELECT + " WHERE v.app_id = #{appId}");
  private static final Statement IN_REVIEW = Statement.sql(
      SELECT + " WHERE v.state = 'in_review' ORDER BY v.submitted_at, v.app_id");
  private static final Statement STATES = Statement.sql(
      "SELECT bundle_sha256, state FROM app_versions WHERE app_id = #{appId}");
  private static final Statement STORED = Statement.sql(
      "SELECT version, bundle_sha256, manifest FROM app_versions WHERE app_id = #{appId}");
  private static final Statement INSERT = Statement.sql("INSERT INTO app_versions (app_id, version, bundle_sha256, "
      + "manifest, size, file_count, icon, state, uploaded_by, uploaded_at) VALUES (#{appId}, #{version}, #{digest}, "
      + "#{manifest}, #{size}, #{fileCount}, #{icon}, 'draft', #{uploadedBy}, #{now})");
  private static final Statement SUBMIT = Statement.sql("UPDATE app_versions SET state = 'in_review', "
      + "submitted_at = #{now}, release_at = #{releaseAt}, reviewed_at = NULL, reviewed_by = NULL, "
      + "review_reason = NULL WHERE app_id = #{appId} AND version = #{version}");
  private static final Statement WITHDRAW = Statement.sql("UPDATE app_versions SET state = 'draft', "
      + "submitted_at = NULL WHERE app_id = #{appId} AND version = #{version}");
  private static final Statement REVIEW = Statement.sql("UPDATE app_versions SET state = #{state}, "
      + "reviewed_at = #{now}, reviewed_by = #{reviewer}, review_reason = #{reason} "
      + "WHERE app_id = #{appId} AND version = #{version}");
  private static final Statement DUE = Statement.sql("SELECT app_id, version FROM app_versions "
      + "WHERE state = 'approved' AND release_at IS NOT NULL AND release_at <= #{now} AND released_at IS NULL "
      + "ORDER BY release_at, app_id, version");
  private static final Statement CLAIM_RELEASE = Statement.sql("UPDATE app_versions SET released_at = #{now} "
      + "WHERE app_id = #{appId} AND version = #{version} AND released_at IS NULL");
  private static final Statement RELEASED = Statement.sql(
      "UPDATE app_versions SET released_at = #{now} WHERE app_id = #{appId} AND version = #{version}");

  static final RowMapper<Version> VERSION = row -> {
    String version = row.getString("version");
    Optional<AccountRef> reviewer = Optional.ofNullable(row.getString("rev_id"))
        .map(id -> new AccountRef(id, row.getString("rev_username"), row.getString("rev_name")));
    return new Version(row.getString("app_id"), version, row.getString("bundle_sha256"),
        ReviewState.parse(row.getString("state")), version.equals(row.getString("live_version")),
        row.getLong("size"), row.getInteger("file_count"),
        Manifest.fromJson(new JsonObject(row.getString("manifest"))),
        new AccountRef(row.getString("up_id"), row.getString("up_username"), row.getString("up_name")),
        Instant.ofEpochMilli(row.getLong("uploaded_at")), instant(row, "submitted_at"), instant(row, "reviewed_at"),
        reviewer, Optional.ofNullable(row.getString("review_reason")), instant(row, "release_at"),
        instant(row, "released_at"));
  };

  private VersionRepository() {
  }

  static Future<Optional<Version>> find(SqlClient client, String appId, String version) {
    return ONE.first(client, params("appId", appId, "version", version), VERSION);
  }

  /** Every version of an app, in no particular order. */
  static Future<List<Version>> ofApp(SqlClient client, String appId) {
    return OF_APP.list(client, params("appId", appId), VERSION);
  }

  /** Versions in review, oldest submission first. */
  static Future<List<Version>> inReview(SqlClient client) {
    return IN_REVIEW.list(client, Map.of(), VERSION);
  }

  /** The review state of each bundle digest of an app. */
  static Future<Map<String, String>> statesByDigest(SqlClient client, String appId) {
    return STATES.execute(client, params("appId", appId)).map(rows -> {
      Map<String, String> states = new HashMap<>();
      rows.forEach(r -> states.put(r.getString("bundle_sha256"), r.getString("state")));
      return states;
    });
  }

  /** The number and digest of every version of an app. */
  static Future<List<Stored>> stored(SqlClient client, String appId) {
    return STORED.list(client, params("appId", appId),
        row -> new Stored(row.getString("version"),
            Manifest.fromJson(new JsonObject(row.getString("manifest"))).version().code(),
            row.getString("bundle_sha256")));
  }

  /** A new draft. */
  static Future<Void> insert(SqlClient tx, String appId, String version, String digest, Manifest manifest, long size,
      int fileCount, Optional<String> icon, String uploadedBy, long now) {
    return INSERT.update(tx, params("appId", appId, "version", version, "digest", digest, "manifest",
        manifest.json().encode(), "size", size, "fileCount", fileCount, "icon", icon.orElse(null), "uploadedBy",
        uploadedBy, "now", now)).mapEmpty();
  }

  static Future<Void> submit(SqlClient tx, String appId, String version, Optional<Instant> releaseAt, long now) {
    return SUBMIT.update(tx, params("appId", appId, "version", version, "now", now, "releaseAt",
        releaseAt.map(Instant::toEpochMilli).orElse(null))).mapEmpty();
  }

  static Future<Void> withdraw(SqlClient tx, String appId, String version) {
    return WITHDRAW.update(tx, params("appId", appId, "version", version)).mapEmpty();
  }

  /** Records a review's outcome: {@code approved} or {@code rejected}, by whom, why. */
  static Future<Void> review(SqlClient tx, String appId, String version, ReviewState state,
      Optional<String> reviewer, Optional<String> reason, long now) {
    return REVIEW.update(tx, params("appId", appId, "version", version, "state", state.key(), "now", now,
        "reviewer", reviewer.orElse(null), "reason", reason.orElse(null))).mapEmpty();
  }

  /** Approved versions whose release time has come and that are not released yet. */
  static Future<List<Due>> due(SqlClient client, long now) {
    return DUE.list(client, params("now", now), row -> new Due(row.getString("app_id"), row.getString("version")));
  }

  /** Marks a due version released unless another node did; answers whether this call did. */
  static Future<Boolean> claimRelease(SqlClient tx, String appId, String version, long now) {
    return CLAIM_RELEASE.update(tx, params("appId", appId, "version", version, "now", now)).map(n -> n > 0);
  }

  static Future<Void> released(SqlClient tx, String appId, String version, long now) {
    return RELEASED.update(tx, params("appId", appId, "version", version, "now", now)).mapEmpty();
  }
}
