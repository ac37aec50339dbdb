package dev.parley.core.attachments;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Short-lived signed URLs of attachments ({@code ?exp=<epoch seconds>&sig=<HMAC-SHA256>}) for the
 * browser elements that cannot send the session cookie: the signature covers the attachment id and
 * the expiry, keyed with a secret kept in {@code platform_keys} (the same on every node; created by
 * the first node that needs it, the loser of a race reads the winner's back).
 */
final class LinkSigner {

  static final String KEY_ID = "attachment-links";
  private static final String ALGORITHM = "HmacSHA256";
  private static final Statement FIND = Statement.sql("SELECT private_key FROM platform_keys WHERE id = #{id}");
  private static final Statement INSERT = Statement.sql("INSERT INTO platform_keys (id, algorithm, private_key, "
      + "public_key, created_at) VALUES (#{id}, #{algorithm}, #{secret}, '', #{createdAt})");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private volatile @Nullable Future<SecretKeySpec> key;

  LinkSigner(Database db, Clock clock, IdGenerator ids) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
  }

  /** The query of a signed URL of {@code id} that works until {@code expiresAtSeconds}. */
  Future<String> sign(String id, long expiresAtSeconds) {
    return key().map(k -> "exp=" + expiresAtSeconds + "&sig=" + B64.encodeToString(mac(k, id, expiresAtSeconds)));
  }

  /** Whether {@code exp} and {@code sig} sign {@code id} and have not expired. */
  Future<Boolean> verify(String id, @Nullable String exp, @Nullable String sig) {
    if (exp == null || sig == null || !exp.matches("[0-9]{1,12}")) {
      return Future.succeededFuture(false);
    }
    long expires = Long.parseLong(exp);
    if (expires * 1000 < clock.millis()) {
      return Future.succeededFuture(false);
    }
    return key()
        .map(k -> MessageDigest.isEqual(B64.encodeToString(mac(k, id, expires)).getBytes(StandardCharsets.US_ASCII),
            sig.getBytes(StandardCharsets.US_ASCII)));
  }

  private Future<SecretKeySpec> key() {
    Future<SecretKeySpec> current = key;
    if (current == null || current.failed()) {
      synchronized (this) {
        current = key;
        if (current == null || current.failed()) {
          current = readOrCreate();
          key = current;
        }
      }
    }
    return current;
  }

  private Future<SecretKeySpec> readOrCreate() {
    return find().compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(found.get());
      }
      String secret = ids.newSecret(32);
      return INSERT.update(db.pool(), params("id", KEY_ID, "algorithm", ALGORITHM, "secret", secret,
          "createdAt", clock.millis())).map(secret)
          .recover(e -> Database.isUniqueViolation(e) ? find().map(Optional::orElseThrow) : Future.failedFuture(e));
    }).map(secret -> new SecretKeySpec(Base64.getUrlDecoder().decode(secret), ALGORITHM));
  }

  private Future<Optional<String>> find() {
    return FIND.first(db.pool(), params("id", KEY_ID), row -> row.getString("private_key"));
  }

  private static byte[] mac(SecretKeySpec key, String id, long expires) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal((id + "\n" + expires).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
    }
  }
}
