package dev.parley.core.apps.registry;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/** The SQL of uploaded zips, stored once per content digest. */
final class BundleRepository {

  private static final Statement INSERT = Statement.sql("INSERT INTO bundles (sha256, zip, size, created_at) "
      + "SELECT #{digest}, #{zip}, #{size}, #{now} WHERE NOT EXISTS (SELECT 1 FROM bundles WHERE sha256 = #{stored})");
  private static final Statement ZIP = Statement.sql("SELECT zip FROM bundles WHERE sha256 = #{digest}");

  private BundleRepository() {
  }

  /** Stores the zip unless its digest is stored already. */
  static Future<Void> insert(SqlClient tx, String digest, byte[] zip, long now) {
    return INSERT.update(tx, params("digest", digest, "stored", digest, "zip", Buffer.buffer(zip),
        "size", (long) zip.length, "now", now)).mapEmpty();
  }

  /** The zip of a digest: a Buffer from PostgreSQL, a byte array from H2, as bytes. */
  static Future<Optional<byte[]>> zip(SqlClient client, String digest) {
    return ZIP.first(client, params("digest", digest), row -> {
      Object value = row.getValue("zip");
      return value instanceof Buffer b ? b.getBytes() : (byte[]) value;
    });
  }
}
