package dev.parley.core.apps.pages;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.Optional;

/** The SQL of the platform's own key pairs, each stored once for every node. */
final class PlatformKeyRepository {

  /** A stored pair: its algorithm and both keys, base64 of their standard encodings. */
  record StoredKey(String id, String algorithm, String privateKey, String publicKey) {
  }

  private static final Statement FIND = Statement.sql(
      "SELECT id, algorithm, private_key, public_key FROM platform_keys WHERE id = #{id}");
  private static final Statement INSERT = Statement.sql("INSERT INTO platform_keys (id, algorithm, private_key, "
      + "public_key, created_at) VALUES (#{id}, #{algorithm}, #{privateKey}, #{publicKey}, #{createdAt})");

  private static final RowMapper<StoredKey> KEY = row -> new StoredKey(row.getString("id"), row.getString("algorithm"),
      row.getString("private_key"), row.getString("public_key"));

  private PlatformKeyRepository() {
  }

  static Future<Optional<StoredKey>> find(SqlClient client, String id) {
    return FIND.first(client, params("id", id), KEY);
  }

  /** Inserts a pair; fails with the driver's unique violation when another node stored one first. */
  static Future<Void> insert(SqlClient client, StoredKey key, long createdAt) {
    return INSERT.update(client, params("id", key.id(), "algorithm", key.algorithm(), "privateKey", key.privateKey(),
        "publicKey", key.publicKey(), "createdAt", createdAt)).mapEmpty();
  }
}
