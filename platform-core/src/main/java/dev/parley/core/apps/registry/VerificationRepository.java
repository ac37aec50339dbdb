package dev.parley.core.apps.registry;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/** The SQL of bundle verifications: which version an archive's bytes made, once verified. */
final class VerificationRepository {

  /** The version an archive made. */
  record Verified(String appId, String version) {
  }

  private static final Statement FIND = Statement.sql(
      "SELECT app_id, version FROM bundle_verifications WHERE archive_sha256 = #{digest}");
  private static final Statement INSERT = Statement.sql(
      "INSERT INTO bundle_verifications (archive_sha256, app_id, version, verified_at) "
          + "VALUES (#{digest}, #{appId}, #{version}, #{now})");

  private VerificationRepository() {
  }

  static Future<Optional<Verified>> find(SqlClient client, String archiveDigest) {
    return FIND.first(client, params("digest", archiveDigest),
        row -> new Verified(row.getString("app_id"), row.getString("version")));
  }

  static Future<Void> insert(SqlClient client, String archiveDigest, String appId, String version, long now) {
    return INSERT.update(client, params("digest", archiveDigest, "appId", appId, "version", version, "now", now))
        .mapEmpty();
  }
}
