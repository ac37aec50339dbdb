package dev.parley.core.accounts;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.accounts.AccountService.ApiToken;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SQL of browser sessions and personal API tokens (both stored as hashes of their secrets). */
final class SessionRepository {

  /** A live session's account and CSRF token. */
  record Session(String accountId, String csrfToken) {
  }

  /** A token's id and account. */
  record TokenOwner(String id, String accountId) {
  }

  private static final Statement OPEN = Statement.sql("INSERT INTO sessions (token_hash, account_id, csrf_token, "
      + "created_at, expires_at) VALUES (#{tokenHash}, #{accountId}, #{csrfToken}, #{createdAt}, #{expiresAt})");
  // A suspended account's sessions are deleted when it is suspended; the join also refuses one
  // opened by a sign-in that raced the suspension.
  private static final Statement LIVE = Statement.sql("SELECT s.account_id, s.csrf_token FROM sessions s "
      + "JOIN accounts a ON a.id = s.account_id "
      + "WHERE s.token_hash = #{tokenHash} AND s.expires_at > #{now} AND a.suspended_at IS NULL");
  private static final Statement CLOSE_ALL = Statement.sql("DELETE FROM sessions WHERE account_id = #{accountId}");
  private static final Statement CLOSE = Statement.sql("DELETE FROM sessions WHERE token_hash = #{tokenHash}");

  private static final Statement TOKEN = Statement.sql("SELECT t.id, t.account_id FROM api_tokens t "
      + "JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = #{tokenHash} AND a.suspended_at IS NULL");
  private static final Statement TOKEN_USED = Statement.sql(
      "UPDATE api_tokens SET last_used_at = #{at} WHERE id = #{id}");
  private static final Statement TOKENS = Statement.sql("SELECT id, name, created_at, last_used_at FROM api_tokens "
      + "WHERE account_id = #{accountId} ORDER BY created_at");
  private static final Statement TOKEN_COUNT = Statement.sql(
      "SELECT COUNT(*) AS n FROM api_tokens WHERE account_id = #{accountId}");
  private static final Statement TOKEN_INSERT = Statement.sql("INSERT INTO api_tokens (id, account_id, name, "
      + "token_hash, created_at) VALUES (#{id}, #{accountId}, #{name}, #{tokenHash}, #{createdAt})");
  private static final Statement TOKEN_DELETE = Statement.sql(
      "DELETE FROM api_tokens WHERE id = #{id} AND account_id = #{accountId}");

  private static final RowMapper<Session> SESSION = row -> new Session(row.getString("account_id"),
      row.getString("csrf_token"));
  private static final RowMapper<TokenOwner> TOKEN_OWNER = row -> new TokenOwner(row.getString("id"),
      row.getString("account_id"));
  private static final RowMapper<ApiToken> API_TOKEN = row -> new ApiToken(row.getString("id"), row.getString("name"),
      Instant.ofEpochMilli(row.getLong("created_at")),
      Optional.ofNullable(row.getLong("last_used_at")).map(Instant::ofEpochMilli), Optional.empty());
  private static final RowMapper<Long> COUNT = row -> row.getLong("n");

  private SessionRepository() {
  }

  static Future<Void> open(SqlClient client, String tokenHash, String accountId, String csrfToken, long createdAt,
      long expiresAt) {
    return OPEN.update(client, params("tokenHash", tokenHash, "accountId", accountId, "csrfToken", csrfToken,
        "createdAt", createdAt, "expiresAt", expiresAt)).mapEmpty();
  }

  /** The session of that hash, if it has not expired by {@code now}. */
  static Future<Optional<Session>> live(SqlClient client, String tokenHash, long now) {
    return LIVE.first(client, params("tokenHash", tokenHash, "now", now), SESSION);
  }

  static Future<Void> close(SqlClient client, String tokenHash) {
    return CLOSE.update(client, params("tokenHash", tokenHash)).mapEmpty();
  }

  /** Ends every session of an account (a suspension). */
  static Future<Void> closeAll(SqlClient client, String accountId) {
    return CLOSE_ALL.update(client, params("accountId", accountId)).mapEmpty();
  }

  static Future<Optional<TokenOwner>> token(SqlClient client, String tokenHash) {
    return TOKEN.first(client, params("tokenHash", tokenHash), TOKEN_OWNER);
  }

  static Future<Void> tokenUsed(SqlClient client, String id, long at) {
    return TOKEN_USED.update(client, params("id", id, "at", at)).mapEmpty();
  }

  /** An account's tokens, oldest first, without their secrets. */
  static Future<List<ApiToken>> tokens(SqlClient client, String accountId) {
    return TOKENS.list(client, params("accountId", accountId), API_TOKEN);
  }

  static Future<Long> tokenCount(SqlClient client, String accountId) {
    return TOKEN_COUNT.first(client, params("accountId", accountId), COUNT).map(Optional::orElseThrow);
  }

  static Future<Void> insertToken(SqlClient client, String id, String accountId, String name, String tokenHash,
      long createdAt) {
    return TOKEN_INSERT.update(client, params("id", id, "accountId", accountId, "name", name, "tokenHash", tokenHash,
        "createdAt", createdAt)).mapEmpty();
  }

  /** Deletes an account's token; answers how many rows went (0 or 1). */
  static Future<Integer> deleteToken(SqlClient client, String id, String accountId) {
    return TOKEN_DELETE.update(client, params("id", id, "accountId", accountId));
  }
}
