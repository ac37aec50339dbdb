package dev.parley.core.accounts;

import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * OWASP's "device cookies": a signed cookie, issued at a successful sign-in, that names the
 * username and a random device id. Its holder proves it signed in as that username from this
 * browser before, so the throttle counts its attempts on the device alone and not on the username
 * or the address that an attacker may be exhausting. The value is
 * {@code <deviceId>.<issuedAtSeconds>.<base64url(username)>.<base64url(HMAC-SHA256 of the first three)>},
 * keyed with a secret kept in {@code platform_keys} (the same on every node).
 */
final class DeviceCookies {

  /** The cookie's name; it is sent only to {@code /api/auth}. */
  static final String COOKIE = "parley_device";
  /** How long a device cookie proves anything. */
  static final Duration LIFETIME = Duration.ofDays(365);

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private volatile @Nullable Future<SecretKeySpec> key;

  DeviceCookies(Database db, Clock clock, IdGenerator ids) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
  }

  /** A fresh device cookie value for {@code username}. */
  Future<String> issue(String username) {
    return key().map(k -> {
      String signed = ids.newSecret(16) + "." + clock.instant().getEpochSecond() + "."
          + B64.encodeToString(username.getBytes(StandardCharsets.UTF_8));
      return signed + "." + B64.encodeToString(mac(k, signed));
    });
  }

  /** The device id of {@code value} when it is a valid, unexpired cookie issued for {@code username}. */
  Future<Optional<String>> device(String value, String username) {
    if (value == null || value.length() > 300) {
      return Future.succeededFuture(Optional.empty());
    }
    String[] parts = value.split("\\.", -1);
    if (parts.length != 4) {
      return Future.succeededFuture(Optional.empty());
    }
    return key().map(k -> {
      try {
        String signed = parts[0] + "." + parts[1] + "." + parts[2];
        long issued = Long.parseLong(parts[1]);
        boolean valid = MessageDigest.isEqual(mac(k, signed), B64D.decode(parts[3]))
            && new String(B64D.decode(parts[2]), StandardCharsets.UTF_8).equals(username)
            && clock.instant().getEpochSecond() - issued < LIFETIME.toSeconds();
        return valid ? Optional.of(parts[0]) : Optional.<String>empty();
      } catch (IllegalArgumentException e) {
        return Optional.<String>empty();
      }
    });
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
    return DeviceKeyRepository.find(db.pool()).compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(found.get());
      }
      String secret = ids.newSecret(32);
      // Another node may store its secret first: then read the winner's back.
      return DeviceKeyRepository.insert(db.pool(), secret, clock.millis()).map(secret)
          .recover(failure -> Database.isUniqueViolation(failure)
              ? DeviceKeyRepository.find(db.pool()).map(Optional::orElseThrow)
              : Future.failedFuture(failure));
    }).map(secret -> new SecretKeySpec(B64D.decode(secret), DeviceKeyRepository.ALGORITHM));
  }

  private static byte[] mac(SecretKeySpec key, String signed) {
    try {
      Mac mac = Mac.getInstance(DeviceKeyRepository.ALGORITHM);
      mac.init(key);
      return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw PlatformException.internal("HMAC-SHA256 is not available", e);
    }
  }
}
