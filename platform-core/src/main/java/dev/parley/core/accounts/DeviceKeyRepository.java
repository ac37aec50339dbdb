package dev.parley.core.accounts;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/**
 * The SQL of the secret that signs device cookies: one row of {@code platform_keys}, so that every
 * node and every restart checks cookies with the same key. It is symmetric, so its public half is
 * left empty.
 */
final class DeviceKeyRepository {

  /** The row's id in {@code platform_keys}. */
  static final String ID = "device-cookies";
  static final String ALGORITHM = "HmacSHA256";

  private static final Statement FIND = Statement.sql("SELECT private_key FROM platform_keys WHERE id = #{id}");
  private static final Statement INSERT = Statement.sql("INSERT INTO platform_keys (id, algorithm, private_key, "
      + "public_key, created_at) VALUES (#{id}, #{algorithm}, #{secret}, '', #{createdAt})");

  private DeviceKeyRepository() {
  }

  /** The stored secret (base64url), if there is one yet. */
  static Future<Optional<String>> find(SqlClient client) {
    return FIND.first(client, params("id", ID), row -> row.getString("private_key"));
  }

  /** Stores a secret; fails with the driver's unique violation when another node stored one first. */
  static Future<Void> insert(SqlClient client, String secret, long createdAt) {
    return INSERT.update(client, params("id", ID, "algorithm", ALGORITHM, "secret", secret, "createdAt", createdAt))
        .mapEmpty();
  }
}
