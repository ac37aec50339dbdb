package dev.parley.core.safety;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The SQL of {@code blocks}. */
final class BlockRepository {

  // Idempotent: blocking twice is blocking once (both databases take ON CONFLICT DO NOTHING).
  private static final Statement INSERT = sql("INSERT INTO blocks (blocker_id, blocked_id, created_at) "
      + "VALUES (#{blocker}, #{blocked}, #{at}) ON CONFLICT DO NOTHING");
  private static final Statement DELETE = sql(
      "DELETE FROM blocks WHERE blocker_id = #{blocker} AND blocked_id = #{blocked}");
  private static final Statement BLOCKED_BY = sql("SELECT blocked_id FROM blocks WHERE blocker_id = #{blocker}");
  private static final Statement BLOCKERS_OF = sql("SELECT blocker_id FROM blocks WHERE blocked_id = #{blocked}");
  private static final Statement LIST = sql("SELECT b.blocked_id, b.created_at, a.username, a.display_name "
      + "FROM blocks b JOIN accounts a ON a.id = b.blocked_id WHERE b.blocker_id = #{blocker} "
      + "ORDER BY b.created_at DESC, b.blocked_id");

  Future<Void> insert(SqlClient client, String blocker, String blocked, long at) {
    return INSERT.update(client, params("blocker", blocker, "blocked", blocked, "at", at)).mapEmpty();
  }

  Future<Boolean> delete(SqlClient client, String blocker, String blocked) {
    return DELETE.update(client, params("blocker", blocker, "blocked", blocked)).map(n -> n > 0);
  }

  /** Whom {@code blocker} blocked. */
  Future<Set<String>> blockedBy(SqlClient client, String blocker) {
    return BLOCKED_BY.list(client, params("blocker", blocker), r -> r.getString("blocked_id")).map(HashSet::new);
  }

  /** Who blocked {@code blocked}. */
  Future<Set<String>> blockersOf(SqlClient client, String blocked) {
    return BLOCKERS_OF.list(client, params("blocked", blocked), r -> r.getString("blocker_id")).map(HashSet::new);
  }

  /** The people {@code blocker} blocked, newest first: {@code {account: {id, username, displayName}, blockedAt}}. */
  Future<List<JsonObject>> list(SqlClient client, String blocker) {
    return LIST.list(client, params("blocker", blocker), r -> new JsonObject()
        .put("account", new JsonObject().put("id", r.getString("blocked_id")).put("username", r.getString("username"))
            .put("displayName", r.getString("display_name")))
        .put("blockedAt", Instant.ofEpochMilli(r.getLong("created_at")).toString()));
  }
}
