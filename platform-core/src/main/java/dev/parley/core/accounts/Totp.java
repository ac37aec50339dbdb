package dev.parley.core.accounts;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238: 30-second steps, 6 digits, HMAC-SHA1, what every
 * authenticator app reads) through java-otp. A code of the step before or after also passes (clock
 * drift); the caller records the accepted step so that no code passes twice.
 */
final class Totp {

  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator();
  private static final long STEP_SECONDS = GENERATOR.getTimeStep().toSeconds();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Totp() {
  }

  /** A new 160-bit secret, base32 (what authenticator apps are given). */
  static String newSecret() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    return base32(bytes);
  }

  /** The otpauth:// URI an authenticator app reads from the enrolment QR code. */
  static String uri(String issuer, String username, String secret) {
    String label = enc(issuer) + ":" + enc(username);
    return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + enc(issuer)
        + "&algorithm=SHA1&digits=6&period=" + STEP_SECONDS;
  }

  /** The code at {@code at}, for tests. */
  static String code(String secret, Instant at) {
    try {
      return String.format(Locale.ROOT, "%06d", GENERATOR.generateOneTimePassword(key(secret), at));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The time step {@code code} belongs to (the current one, the one before or after), if it matches one. */
  static OptionalLong matchingStep(String secret, String code, Instant now) {
    String typed = code == null ? "" : code.replace(" ", "");
    if (!typed.matches("[0-9]{6}")) {
      return OptionalLong.empty();
    }
    long current = now.getEpochSecond() / STEP_SECONDS;
    for (long step = current - 1; step <= current + 1; step++) {
      String expected = code(secret, Instant.ofEpochSecond(step * STEP_SECONDS));
      if (java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
          typed.getBytes(StandardCharsets.US_ASCII))) {
        return OptionalLong.of(step);
      }
    }
    return OptionalLong.empty();
  }

  /** The step {@code now} falls in. */
  static long step(Instant now) {
    return now.getEpochSecond() / STEP_SECONDS;
  }

  private static Key key(String secret) {
    return new SecretKeySpec(unbase32(secret), GENERATOR.getAlgorithm());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  static byte[] unbase32(String s) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.toUpperCase(Locale.ROOT).toCharArray()) {
      int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
      if (v < 0) {
        continue;
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }
}
