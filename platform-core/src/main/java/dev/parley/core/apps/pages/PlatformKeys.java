package dev.parley.core.apps.pages;

import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
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
    return PlatformKeyRepository.find(db.pool(), LAUNCH).map(found -> found.map(PlatformKeys::decode).orElse(null));
  }

  private Future<KeyPair> create() {
    KeyPair fresh;
    try {
      fresh = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      return Future.failedFuture(PlatformException.internal("the JDK has no Ed25519", e));
    }
    return PlatformKeyRepository.insert(db.pool(), new PlatformKeyRepository.StoredKey(LAUNCH, ALGORITHM,
        ENCODER.encodeToString(fresh.getPrivate().getEncoded()),
        ENCODER.encodeToString(fresh.getPublic().getEncoded())), clock.millis())
        .map(inserted -> fresh)
        // Another node inserted first: everyone signs with its key.
        .recover(failure -> Database.isUniqueViolation(failure)
            ? read().compose(winner -> winner != null ? Future.succeededFuture(winner) : Future.failedFuture(failure))
            : Future.failedFuture(failure));
  }

  private static KeyPair decode(PlatformKeyRepository.StoredKey row) {
    if (!ALGORITHM.equals(row.algorithm())) {
      throw PlatformException.internal("platform key '" + LAUNCH + "' is " + row.algorithm()
          + ", not " + ALGORITHM, null);
    }
    try {
      KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(DECODER.decode(row.privateKey())));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(DECODER.decode(row.publicKey())));
      return new KeyPair(publicKey, privateKey);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw PlatformException.internal("platform key '" + LAUNCH + "' cannot be decoded", e);
    }
  }
}
