package dev.parley.core.accounts;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The SQL of account security: sessions as their owner sees them, passwords, reset links, two-factor. */
final class SecurityRepository {

  /** A live session as its owner sees it. */
  record SessionRow(String id, String tokenHash, @Nullable String userAgent, long createdAt, long lastUsedAt) {
  }

  /** What a security check needs of an account. */
  record Secrets(String username, String passwordHash, @Nullable String totpSecret, @Nullable String totpPending,
      long totpLastStep) {
  }

  /** A reset link's state. */
  record Reset(String accountId, long expiresAt, @Nullable Long usedAt) {
  }

  private static final Statement DESCRIBE = Statement.sql("UPDATE sessions SET id = #{id}, user_agent = #{userAgent}, "
      + "last_used_at = #{at} WHERE token_hash = #{tokenHash}");
  private static final Statement TOUCH = Statement.sql(
      "UPDATE sessions SET last_used_at = #{at} WHERE token_hash = #{tokenHash}");
  private static final Statement SESSIONS = Statement.sql("SELECT id, token_hash, user_agent, created_at, "
      + "last_used_at FROM sessions WHERE account_id = #{accountId} AND expires_at > #{now} "
      + "ORDER BY last_used_at DESC, created_at DESC");
  private static final Statement DELETE_SESSION = Statement.sql(
      "DELETE FROM sessions WHERE account_id = #{accountId} AND token_hash = #{tokenHash}");
  private static final Statement DELETE_OTHERS = Statement.sql(
      "DELETE FROM sessions WHERE account_id = #{accountId} AND token_hash <> #{keep}");
  private static final Statement DELETE_ALL = Statement.sql("DELETE FROM sessions WHERE account_id = #{accountId}");

  private static final Statement SECRETS = Statement.sql("SELECT username, password_hash, totp_secret, totp_pending, "
      + "totp_last_step FROM accounts WHERE id = #{id}");
  private static final Statement SET_PASSWORD = Statement.sql(
      "UPDATE accounts SET password_hash = #{hash} WHERE id = #{id}");

  private static final Statement RESET_INSERT = Statement.sql("INSERT INTO password_resets (token_hash, account_id, "
      + "issued_by, created_at, expires_at) VALUES (#{tokenHash}, #{accountId}, #{issuedBy}, #{at}, #{expiresAt})");
  private static final Statement RESET = Statement.sql(
      "SELECT account_id, expires_at, used_at FROM password_resets WHERE token_hash = #{tokenHash}");
  private static final Statement RESET_USE = Statement.sql("UPDATE password_resets SET used_at = #{at} "
      + "WHERE token_hash = #{tokenHash} AND used_at IS NULL AND expires_at > #{at}");
  private static final Statement RESETS_VOID = Statement.sql("UPDATE password_resets SET used_at = #{at} "
      + "WHERE account_id = #{accountId} AND used_at IS NULL");

  private static final Statement TOTP_PENDING = Statement.sql(
      "UPDATE accounts SET totp_pending = #{secret} WHERE id = #{id}");
  private static final Statement TOTP_ENABLE = Statement.sql("UPDATE accounts SET totp_secret = totp_pending, "
      + "totp_pending = NULL, totp_last_step = #{step} WHERE id = #{id} AND totp_pending = #{secret}");
  private static final Statement TOTP_DISABLE = Statement.sql(
      "UPDATE accounts SET totp_secret = NULL, totp_pending = NULL WHERE id = #{id}");
  private static final Statement TOTP_STEP = Statement.sql("UPDATE accounts SET totp_last_step = #{step} "
      + "WHERE id = #{id} AND totp_last_step < #{step}");
  private static final Statement CODES_DELETE = Statement.sql("DELETE FROM recovery_codes WHERE account_id = #{id}");
  private static final Statement CODE_INSERT = Statement.sql(
      "INSERT INTO recovery_codes (account_id, code_hash) VALUES (#{id}, #{hash})");
  private static final Statement CODE_USE = Statement.sql("UPDATE recovery_codes SET used_at = #{at} "
      + "WHERE account_id = #{id} AND code_hash = #{hash} AND used_at IS NULL");
  private static final Statement CODES_LEFT = Statement.sql(
      "SELECT COUNT(*) AS n FROM recovery_codes WHERE account_id = #{id} AND used_at IS NULL");

  private static final RowMapper<SessionRow> SESSION_ROW = row -> new SessionRow(
      Optional.ofNullable(row.getString("id")).orElse(row.getString("token_hash").substring(0, 20)),
      row.getString("token_hash"), row.getString("user_agent"), row.getLong("created_at"),
      Optional.ofNullable(row.getLong("last_used_at")).orElse(row.getLong("created_at")));
  private static final RowMapper<Secrets> SECRETS_ROW = row -> new Secrets(row.getString("username"),
      row.getString("password_hash"), row.getString("totp_secret"), row.getString("totp_pending"),
      row.getLong("totp_last_step"));
  private static final RowMapper<Reset> RESET_ROW = row -> new Reset(row.getString("account_id"),
      row.getLong("expires_at"), row.getLong("used_at"));
  private static final RowMapper<Long> COUNT = row -> row.getLong("n");

  private SecurityRepository() {
  }

  static Future<Void> describe(SqlClient client, String tokenHash, String id, @Nullable String userAgent, long at) {
    return DESCRIBE.update(client, params("id", id, "userAgent", userAgent, "at", at, "tokenHash", tokenHash))
        .mapEmpty();
  }

  static Future<Void> touch(SqlClient client, String tokenHash, long at) {
    return TOUCH.update(client, params("at", at, "tokenHash", tokenHash)).mapEmpty();
  }

  static Future<List<SessionRow>> sessions(SqlClient client, String accountId, long now) {
    return SESSIONS.list(client, params("accountId", accountId, "now", now), SESSION_ROW);
  }

  static Future<Integer> deleteSession(SqlClient client, String accountId, String tokenHash) {
    return DELETE_SESSION.update(client, params("accountId", accountId, "tokenHash", tokenHash));
  }

  static Future<Integer> deleteOthers(SqlClient client, String accountId, String keep) {
    return DELETE_OTHERS.update(client, params("accountId", accountId, "keep", keep));
  }

  static Future<Integer> deleteAll(SqlClient client, String accountId) {
    return DELETE_ALL.update(client, params("accountId", accountId));
  }

  static Future<Optional<Secrets>> secrets(SqlClient client, String accountId) {
    return SECRETS.first(client, params("id", accountId), SECRETS_ROW);
  }

  static Future<Void> setPassword(SqlClient client, String accountId, String hash) {
    return SET_PASSWORD.update(client, params("hash", hash, "id", accountId)).mapEmpty();
  }

  static Future<Void> insertReset(SqlClient client, String tokenHash, String accountId, String issuedBy, long at,
      long expiresAt) {
    return RESET_INSERT.update(client, params("tokenHash", tokenHash, "accountId", accountId, "issuedBy", issuedBy,
        "at", at, "expiresAt", expiresAt)).mapEmpty();
  }

  static Future<Optional<Reset>> reset(SqlClient client, String tokenHash) {
    return RESET.first(client, params("tokenHash", tokenHash), RESET_ROW);
  }

  /** Marks the link used if it is unused and unexpired at {@code at}; 1 when this call used it. */
  static Future<Integer> useReset(SqlClient client, String tokenHash, long at) {
    return RESET_USE.update(client, params("at", at, "tokenHash", tokenHash));
  }

  static Future<Void> voidResets(SqlClient client, String accountId, long at) {
    return RESETS_VOID.update(client, params("at", at, "accountId", accountId)).mapEmpty();
  }

  static Future<Void> totpPending(SqlClient client, String accountId, String secret) {
    return TOTP_PENDING.update(client, params("secret", secret, "id", accountId)).mapEmpty();
  }

  static Future<Integer> totpEnable(SqlClient client, String accountId, String secret, long step) {
    return TOTP_ENABLE.update(client, params("step", step, "id", accountId, "secret", secret));
  }

  static Future<Void> totpDisable(SqlClient client, String accountId) {
    return TOTP_DISABLE.update(client, params("id", accountId)).compose(n -> CODES_DELETE.update(client,
        params("id", accountId))).mapEmpty();
  }

  /** Moves the last accepted step forward; 0 when {@code step} was accepted already (a replayed code). */
  static Future<Integer> totpStep(SqlClient client, String accountId, long step) {
    return TOTP_STEP.update(client, params("step", step, "id", accountId));
  }

  static Future<Void> replaceCodes(SqlClient client, String accountId, List<String> hashes) {
    List<Map<String, Object>> batch = new ArrayList<>();
    hashes.forEach(h -> batch.add(params("id", accountId, "hash", h)));
    return CODES_DELETE.update(client, params("id", accountId)).compose(n -> CODE_INSERT.batch(client, batch));
  }

  /** Uses a recovery code; 1 when it was unused. */
  static Future<Integer> useCode(SqlClient client, String accountId, String hash, long at) {
    return CODE_USE.update(client, params("at", at, "id", accountId, "hash", hash));
  }

  static Future<Long> codesLeft(SqlClient client, String accountId) {
    return CODES_LEFT.first(client, params("id", accountId), COUNT).map(Optional::orElseThrow);
  }
}
