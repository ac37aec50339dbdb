package dev.parley.core.profiles;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/**
 * "Last seen": the last use of any of the account's sessions (its last authenticated request or
 * live connection, to about a minute: sessions are touched when the authentication cache misses).
 */
final class PresenceRepository {

  private static final Statement LAST_SEEN = Statement.sql(
      "SELECT MAX(last_used_at) AS at FROM sessions WHERE account_id = #{id}");

  private PresenceRepository() {
  }

  static Future<Optional<Long>> lastSeen(SqlClient client, String accountId) {
    return LAST_SEEN.first(client, params("id", accountId), row -> Optional.ofNullable(row.getLong("at")))
        .map(found -> found.flatMap(at -> at));
  }
}
