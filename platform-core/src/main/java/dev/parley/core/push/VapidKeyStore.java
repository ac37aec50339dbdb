package dev.parley.core.push;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import com.interaso.webpush.VapidKeys;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Optional;

/**
 * The platform's VAPID key pair (P-256), generated once and kept in {@code platform_keys} (row
 * {@code vapid}) beside the launch-signing key, so that every node and every restart signs with
 * the same key and browsers' subscriptions stay valid. The first node to need it inserts it; a
 * concurrent insert loses on the primary key and reads the winner's row.
 */
final class VapidKeyStore {

  static final String ID = "vapid";
  static final String ALGORITHM = "ES256";

  private static final Statement FIND = sql(
      "SELECT algorithm, private_key, public_key FROM platform_keys WHERE id = #{id}");
  private static final Statement INSERT = sql("INSERT INTO platform_keys (id, algorithm, private_key, public_key, "
      + "created_at) VALUES (#{id}, #{algorithm}, #{privateKey}, #{publicKey}, #{createdAt})");

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private volatile @org.jspecify.annotations.Nullable Future<VapidKeys> keys;

  VapidKeyStore(Vertx vertx, Database db, Clock clock) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
  }

  /** The key pair, read (or made) once; a failed load is tried again on the next use. */
  Future<VapidKeys> keys() {
    Future<VapidKeys> current = keys;
    if (current == null || current.failed()) {
      synchronized (this) {
        current = keys;
        if (current == null || current.failed()) {
          current = read().compose(found -> found.isPresent() ? Future.succeededFuture(found.get()) : create());
          keys = current;
        }
      }
    }
    return current;
  }

  private Future<Optional<VapidKeys>> read() {
    return FIND.first(db.pool(), params("id", ID), r -> VapidKeys.create(r.getString("public_key"),
        r.getString("private_key")));
  }

  private Future<VapidKeys> create() {
    return vertx.executeBlocking(VapidKeys::generate, false).compose(fresh -> INSERT.update(db.pool(), params(
        "id", ID, "algorithm", ALGORITHM, "privateKey", fresh.getPkcs8PrivateKey(),
        "publicKey", fresh.getX509PublicKey(), "createdAt", clock.millis()))
        .map(fresh)
        .recover(failure -> Database.isUniqueViolation(failure)
            ? read().compose(winner -> winner.isPresent()
                ? Future.succeededFuture(winner.get())
                : Future.failedFuture(failure))
            : Future.failedFuture(failure)));
  }
}
