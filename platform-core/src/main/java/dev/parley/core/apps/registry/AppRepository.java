package dev.parley.core.apps.registry;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of apps: their listing, their lock, suspension, signing secret and live version. */
final class AppRepository {

  private static final String SELECT = "SELECT a.id, a.name, a.description, a.category, a.homepage, "
      + "a.privacy_policy_url, a.status, a.suspended_reason, a.suspended_at, a.live_version, a.created_at, "
      + "a.updated_at, a.secret_rotated_at, o.id AS owner_id, o.username AS owner_username, "
      + "o.display_name AS owner_name, lv.bundle_sha256 AS live_digest, lv.icon AS live_icon "
      + "FROM apps a JOIN accounts o ON o.id = a.owner_id "
      + "LEFT JOIN app_versions lv ON lv.app_id = a.id AND lv.version = a.live_version";

  private static final Statement BY_ID = Statement.sql(SELECT + " WHERE a.id = #{id}");
  private static final Statement OWNED_BY = Statement.sql(
      SELECT + " WHERE a.owner_id = #{ownerId} ORDER BY a.created_at DESC");

  /** The listings' conditions: fixed fragments, each chosen when its value is given. */
  private static final String ANY = " WHERE 1 = 1";
  private static final String MATCHING_OWNER = " AND (a.id LIKE #{likeId} OR LOWER(a.name) LIKE #{likeName} "
      + "OR o.username LIKE #{likeOwner})";
  private static final String WITH_STATUS = " AND a.status = #{status}";
  private static final String BY_ID_ORDER = " ORDER BY a.id LIMIT #{limit}";
  private static final String LISTED = " WHERE a.status = 'active' AND a.live_version IS NOT NULL";
  private static final String MATCHING_TEXT = " AND (a.id LIKE #{likeId} OR LOWER(a.name) LIKE #{likeName} "
      + "OR LOWER(a.description) LIKE #{likeDescription})";
  private static final String BY_NAME_ORDER = " ORDER BY a.name LIMIT #{limit}";

  private static final Statement LOCK = Statement.sql("SELECT id FROM apps WHERE id = #{id} FOR UPDATE");
  private static final Statement LOCK_LIVE = Statement.sql(
      "SELECT live_version FROM apps WHERE id = #{id} FOR UPDATE");
  private static final Statement INSERT = Statement.sql("INSERT INTO apps (id, owner_id, name, description, category, "
      + "homepage, privacy_policy_url, status, signing_secret, created_at, updated_at) VALUES (#{id}, #{ownerId}, "
      + "#{name}, #{description}, #{category}, #{homepage}, #{privacyPolicyUrl}, 'active', #{secret}, #{createdAt}, "
      + "#{updatedAt})");
  private static final Statement UPDATE_TEXT = Statement.sql("UPDATE apps SET name = #{name}, "
      + "description = #{description}, category = #{category}, homepage = #{homepage}, "
      + "privacy_policy_url = #{privacyPolicyUrl}, updated_at = #{now} WHERE id = #{id}");
  private static final Statement SUSPEND = Statement.sql("UPDATE apps SET status = 'suspended', "
      + "suspended_reason = #{reason}, suspended_at = #{suspendedAt}, updated_at = #{updatedAt} WHERE id = #{id}");
  private static final Statement UNSUSPEND = Statement.sql("UPDATE apps SET status = 'active', "
      + "suspended_reason = NULL, suspended_at = NULL, updated_at = #{now} WHERE id = #{id}");
  private static final Statement ROTATE_SECRET = Statement.sql("UPDATE apps SET signing_secret = #{secret}, "
      + "secret_rotated_at = #{rotatedAt}, updated_at = #{updatedAt} WHERE id = #{id}");
  private static final Statement SECRET = Statement.sql("SELECT signing_secret FROM apps WHERE id = #{id}");
  private static final Statement SET_LIVE = Statement.sql(
      "UPDATE apps SET live_version = #{version}, updated_at = #{now} WHERE id = #{id}");

  static final RowMapper<App> APP = row -> new App(row.getString("id"),
      new AccountRef(row.getString("owner_id"), row.getString("owner_username"), row.getString("owner_name")),
      row.getString("name"), row.getString("description"), row.getString("category"),
      Optional.ofNullable(row.getString("homepage")), Optional.ofNullable(row.getString("privacy_policy_url")),
      "suspended".equals(row.getString("status")), Optional.ofNullable(row.getString("suspended_reason")),
      instant(row, "suspended_at"), Optional.ofNullable(row.getString("live_version")),
      Optional.ofNullable(row.getString("live_digest")), Optional.ofNullable(row.getString("live_icon")),
      Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")),
      instant(row, "secret_rotated_at"));

  private AppRepository() {
  }

  static Future<Optional<App>> find(SqlClient client, String id) {
    return BY_ID.first(client, params("id", id), APP);
  }

  static Future<List<App>> ownedBy(SqlClient client, String ownerId) {
    return OWNED_BY.list(client, params("ownerId", ownerId), APP);
  }

  /**
   * Apps for admins, by id: those whose id, lower-cased name or owner's username is {@code LIKE}
   * the pattern, and of that status, when given.
   */
  static Future<List<App>> search(SqlClient client, Optional<String> like, Optional<String> status, int limit) {
    StringBuilder sql = new StringBuilder(SELECT).append(ANY);
    Map<String, Object> args = new HashMap<>();
    like.ifPresent(l -> {
      sql.append(MATCHING_OWNER);
      args.put("likeId", l);
      args.put("likeName", l);
      args.put("likeOwner", l);
    });
    status.ifPresent(s -> {
      sql.append(WITH_STATUS);
      args.put("status", s);
    });
    sql.append(BY_ID_ORDER);
    args.put("limit", limit);
    return Statement.sql(sql.toString()).list(client, args, APP);
  }

  /**
   * Active apps with a live version, by name: those whose id, lower-cased name or description is
   * {@code LIKE} the pattern, when given.
   */
  static Future<List<App>> directory(SqlClient client, Optional<String> like, int limit) {
    StringBuilder sql = new StringBuilder(SELECT).append(LISTED);
    Map<String, Object> args = new HashMap<>();
    like.ifPresent(l -> {
      sql.append(MATCHING_TEXT);
      args.put("likeId", l);
      args.put("likeName", l);
      args.put("likeDescription", l);
    });
    sql.append(BY_NAME_ORDER);
    args.put("limit", limit);
    return Statement.sql(sql.toString()).list(client, args, APP);
  }

  /** Locks the app's row until the transaction ends; answers whether the app exists. */
  static Future<Boolean> lock(SqlClient tx, String id) {
    return LOCK.execute(tx, params("id", id)).map(rows -> rows.size() > 0);
  }

  /** Locks the app's row and answers its live version, if any. */
  static Future<Optional<String>> lockLive(SqlClient tx, String id) {
    return LOCK_LIVE.execute(tx, params("id", id))
        .map(rows -> Optional.ofNullable(rows.iterator().next().getString("live_version")));
  }

  static Future<Void> insert(SqlClient tx, String id, String ownerId, AppText text, String secret, long now) {
    return INSERT.update(tx, params("id", id, "ownerId", ownerId, "name", text.name(), "description",
        text.description(), "category", text.category(), "homepage", text.homepage(), "privacyPolicyUrl",
        text.privacyPolicyUrl(), "secret", secret, "createdAt", now, "updatedAt", now)).mapEmpty();
  }

  static Future<Void> updateText(SqlClient tx, String id, AppText text, long now) {
    return UPDATE_TEXT.update(tx, params("id", id, "name", text.name(), "description", text.description(),
        "category", text.category(), "homepage", text.homepage(), "privacyPolicyUrl", text.privacyPolicyUrl(),
        "now", now)).mapEmpty();
  }

  static Future<Void> suspend(SqlClient tx, String id, String reason, long now) {
    return SUSPEND.update(tx, params("id", id, "reason", reason, "suspendedAt", now, "updatedAt", now)).mapEmpty();
  }

  static Future<Void> unsuspend(SqlClient tx, String id, long now) {
    return UNSUSPEND.update(tx, params("id", id, "now", now)).mapEmpty();
  }

  static Future<Void> rotateSecret(SqlClient tx, String id, String secret, long now) {
    return ROTATE_SECRET.update(tx, params("id", id, "secret", secret, "rotatedAt", now, "updatedAt", now)).mapEmpty();
  }

  static Future<Optional<String>> signingSecret(SqlClient client, String id) {
    return SECRET.first(client, params("id", id), row -> row.getString("signing_secret"));
  }

  static Future<Void> setLive(SqlClient tx, String id, String version, long now) {
    return SET_LIVE.update(tx, params("id", id, "version", version, "now", now)).mapEmpty();
  }

  static Optional<Instant> instant(Row row, String column) {
    Long value = row.getLong(column);
    return value == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
  }
}
