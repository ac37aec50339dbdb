package dev.parley.core.pages;

import dev.parley.core.PlatformException;
import dev.parley.core.storage.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;

/**
 * The platform's Ed25519 key pair for launch parameters, kept in {@code platform_keys} so that
 * every node and every restart signs with the same key. The first use reads the row; when there
 * is none it inserts a fresh pair, and when another node won that race (the primary key refuses
 * the second insert) it reads the winner's row back. A failed load is retried on the next use.
 */
final class PlatformKeys {

  static final String ALGORITHM = "Ed25519";
  /** The row of the key that signs launch parameters. */
  static final String LAUNCH = "launch";

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final Database db;
  private final Clock clock;
  private volatile Future<KeyPair> launchKey;

  PlatformKeys(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The launch-signing key pair, loaded (or created) once. */
  Future<KeyPair> launchKey() {
    Future<KeyPair> current = launchKey;
    if (current == null || current.failed()) {
      synchronized (this) {
        current = launchKey;
        if (current == null || current.failed()) {
          current = readOrCreate();
          launchKey = current;
        }
      }
    }
    return current;
  }

  private Future<KeyPair> readOrCreate() {
    return read().compose(found -> found != null ? Future.succeededFuture(found) : create());
  }

  /** The stored pair, or null when there is no row yet. */
  private Future<KeyPair> read() {
    return db.query("SELECT algorithm, private_key, public_key FROM platform_keys WHERE id = ?", LAUNCH)
        .map(PlatformKeys::decode);
  }

  private Future<KeyPair> create() {
    KeyPair fresh;
    try {
      fresh = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      return Future.failedFuture(PlatformException.internal("the JDK has no Ed25519", e));
    }
    return db.query("INSERT INTO platform_keys (id, algorithm, private_key, public_key, created_at) "
            + "VALUES (?, ?, ?, ?, ?)", LAUNCH, ALGORITHM, ENCODER.encodeToString(fresh.getPrivate().getEncoded()),
            ENCODER.encodeToString(fresh.getPublic().getEncoded()), clock.millis())
        .map(inserted -> fresh)
        // Another node inserted first: everyone signs with its key.
        .recover(failure -> Database.isUniqueViolation(failure)
            ? read().compose(winner -> winner != null ? Future.succeededFuture(winner) : Future.failedFuture(failure))
            : Future.failedFuture(Database.classify(failure)));
  }

  private static KeyPair decode(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    if (!ALGORITHM.equals(row.getString("algorithm"))) {
      throw PlatformException.internal("platform key '" + LAUNCH + "' is " + row.getString("algorithm")
          + ", not " + ALGORITHM, null);
    }
    try {
      KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(DECODER.decode(row.getString("private_key"))));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(DECODER.decode(row.getString("public_key"))));
      return new KeyPair(publicKey, privateKey);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw PlatformException.internal("platform key '" + LAUNCH + "' cannot be decoded", e);
    }
  }
}
