package dev.parley.core.apps.registry;

import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;

/**
 * Uploaded zips, kept in the database under the bundle's content digest so that a version's bytes
 * commit or roll back with the version itself (a refused upload leaves nothing behind) and every
 * node sees them. Parsed bundles are cached by digest.
 */
final class BundleStore {

  private final Vertx vertx;
  private final Database db;
  private final BundleReader reader;
  private final RegistryCache cache;
  private final Clock clock;

  BundleStore(Vertx vertx, Database db, BundleReader reader, RegistryCache cache, Clock clock) {
    this.vertx = vertx;
    this.db = db;
    this.reader = reader;
    this.cache = cache;
    this.clock = clock;
  }

  /** Reads a zip as hostile input, on a worker; fails with the reader's MiniAppException. */
  Future<Bundle> read(byte[] zip) {
    return vertx.executeBlocking(() -> reader.read(zip), false);
  }

  Future<Void> insert(SqlClient tx, String digest, byte[] zip) {
    // The app's row is locked by the caller, and a digest covers the manifest's app id: no race here.
    return BundleRepository.insert(tx, digest, zip, clock.millis());
  }

  Future<Bundle> bundle(String digest) {
    return cache.bundle(digest, () -> BundleRepository.zip(db.pool(), digest).compose(zip -> zip.isEmpty()
        ? Future.failedFuture(PlatformException.notFound("bundle " + digest))
        : read(zip.get())));
  }
}
