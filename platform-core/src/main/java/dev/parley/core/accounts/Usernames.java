package dev.parley.core.accounts;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/** The SQL of renaming: usernames given up by a rename stay reserved for their former owner a while. */
final class Usernames {

  private static final Statement RESERVED = Statement.sql(
      "SELECT account_id FROM username_reservations WHERE username = #{username} AND expires_at > #{now}");
  private static final Statement RELEASE = Statement.sql(
      "DELETE FROM username_reservations WHERE username = #{username}");
  private static final Statement RESERVE = Statement.sql("INSERT INTO username_reservations (username, account_id, "
      + "expires_at) VALUES (#{username}, #{accountId}, #{expiresAt})");
  private static final Statement RENAME = Statement.sql("UPDATE accounts SET username = #{username} WHERE id = #{id}");
  private static final Statement DISPLAY_NAME = Statement.sql(
      "UPDATE accounts SET display_name = #{displayName} WHERE id = #{id}");

  private Usernames() {
  }

  /** The account a username is reserved for at {@code now}, if any. */
  static Future<Optional<String>> reservedFor(SqlClient client, String username, long now) {
    return RESERVED.first(client, params("username", username, "now", now), row -> row.getString("account_id"));
  }

  /** Drops a username's reservation (expired, or taken back by the account it was reserved for). */
  static Future<Void> release(SqlClient client, String username) {
    return RELEASE.update(client, params("username", username)).mapEmpty();
  }

  static Future<Void> reserve(SqlClient client, String username, String accountId, long expiresAt) {
    return RELEASE.update(client, params("username", username)).compose(n -> RESERVE.update(client,
        params("username", username, "accountId", accountId, "expiresAt", expiresAt))).mapEmpty();
  }

  static Future<Void> rename(SqlClient client, String accountId, String username) {
    return RENAME.update(client, params("username", username, "id", accountId)).mapEmpty();
  }

  static Future<Void> displayName(SqlClient client, String accountId, String displayName) {
    return DISPLAY_NAME.update(client, params("displayName", displayName, "id", accountId)).mapEmpty();
  }
}
