package dev.parley.core.accounts;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The SQL of accounts and their roles. */
final class AccountRepository {

  /** An account's id and stored password hash, for signing in. */
  record Credentials(String id, String passwordHash, boolean suspended) {
  }

  private static final String WITH_ROLES = "SELECT a.id, a.username, a.display_name, r.role FROM accounts a "
      + "LEFT JOIN account_roles r ON r.account_id = a.id";

  private static final Statement CREDENTIALS = Statement.sql(
      "SELECT id, password_hash, suspended_at FROM accounts WHERE username = #{username}");
  private static final Statement INSERT = Statement.sql("INSERT INTO accounts (id, username, display_name, "
      + "password_hash, created_at) VALUES (#{id}, #{username}, #{displayName}, #{passwordHash}, #{createdAt})");
  private static final Statement GRANT = Statement.sql(
      "INSERT INTO account_roles (account_id, role, granted_at) VALUES (#{accountId}, #{role}, #{grantedAt})");
  private static final Statement REVOKE = Statement.sql(
      "DELETE FROM account_roles WHERE account_id = #{accountId} AND role = #{role}");
  private static final Statement BY_ID = Statement.sql(WITH_ROLES + " WHERE a.id = #{id}");
  private static final Statement SEARCH = Statement.sql(WITH_ROLES + " WHERE a.id IN (SELECT id FROM accounts "
      + "WHERE kind = 'person' AND (username LIKE #{likeUsername} ESCAPE '\\' "
      + "OR LOWER(display_name) LIKE #{likeDisplayName} ESCAPE '\\') " // bots: in the business directory
      + "ORDER BY username LIMIT #{limit}) ORDER BY a.username");
  private static final Statement ADMINS = Statement.sql(
      "SELECT COUNT(*) AS n FROM account_roles WHERE role = 'admin'");
  private static final Statement OTHER_ADMINS = Statement.sql(
      "SELECT COUNT(*) AS n FROM account_roles WHERE role = 'admin' AND account_id <> #{accountId}");

  private static final RowMapper<Credentials> CREDENTIALS_ROW = row -> new Credentials(row.getString("id"),
      row.getString("password_hash"), row.getValue("suspended_at") != null);
  private static final RowMapper<Long> COUNT = row -> row.getLong("n");
  /** One row per account and role; {@link #accounts} folds them. */
  private static final RowMapper<Row> ROW = row -> row;

  private AccountRepository() {
  }

  static Future<Optional<Credentials>> credentials(SqlClient client, String username) {
    return CREDENTIALS.first(client, params("username", username), CREDENTIALS_ROW);
  }

  static Future<Void> insert(SqlClient client, String id, String username, String displayName, String passwordHash,
      long createdAt) {
    return INSERT.update(client, params("id", id, "username", username, "displayName", displayName,
        "passwordHash", passwordHash, "createdAt", createdAt)).mapEmpty();
  }

  static Future<Void> grant(SqlClient client, String accountId, Role role, long grantedAt) {
    return GRANT.update(client, params("accountId", accountId, "role", role.key(), "grantedAt", grantedAt)).mapEmpty();
  }

  /** Grants several roles in one batch. */
  static Future<Void> grantAll(SqlClient client, String accountId, Collection<Role> roles, long grantedAt) {
    List<Map<String, Object>> batch = new ArrayList<>();
    roles.forEach(role -> batch.add(params("accountId", accountId, "role", role.key(), "grantedAt", grantedAt)));
    return GRANT.batch(client, batch);
  }

  static Future<Void> revoke(SqlClient client, String accountId, Role role) {
    return REVOKE.update(client, params("accountId", accountId, "role", role.key())).mapEmpty();
  }

  static Future<Optional<Account>> find(SqlClient client, String id) {
    return BY_ID.list(client, params("id", id), ROW).map(rows -> accounts(rows).stream().findFirst());
  }

  /**
   * Accounts whose username or lower-cased display name is {@code LIKE} the pattern (escaped with
   * a backslash), by username.
   */
  static Future<List<Account>> search(SqlClient client, String like, int limit) {
    return SEARCH.list(client, params("likeUsername", like, "likeDisplayName", like, "limit", limit), ROW)
        .map(AccountRepository::accounts);
  }

  static Future<Long> admins(SqlClient client) {
    return ADMINS.first(client, Map.of(), COUNT).map(Optional::orElseThrow);
  }

  static Future<Long> adminsOtherThan(SqlClient client, String accountId) {
    return OTHER_ADMINS.first(client, params("accountId", accountId), COUNT).map(Optional::orElseThrow);
  }

  /** Folds the rows of {@link #WITH_ROLES} (one per role) into accounts, in row order. */
  private static List<Account> accounts(List<Row> rows) {
    Map<String, Row> first = new LinkedHashMap<>();
    Map<String, EnumSet<Role>> roles = new HashMap<>();
    for (Row row : rows) {
      String id = row.getString("id");
      first.putIfAbsent(id, row);
      EnumSet<Role> r = roles.computeIfAbsent(id, k -> EnumSet.noneOf(Role.class));
      String role = row.getString("role");
      if (role != null) {
        r.add(Role.valueOf(role.toUpperCase(Locale.ROOT)));
      }
    }
    List<Account> out = new ArrayList<>();
    first.forEach((id, row) -> out.add(new Account(id, row.getString("username"), row.getString("display_name"),
        roles.get(id))));
    return out;
  }
}
