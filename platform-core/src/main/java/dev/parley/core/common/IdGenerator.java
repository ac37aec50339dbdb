package dev.parley.core.common;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes identifiers and secrets. Injected so tests can make predictable ones.
 */
public interface IdGenerator {

  /** A new opaque identifier: 20 lower-case base32 characters (100 random bits). */
  String newId();

  /** A new secret of {@code bytes} random bytes, URL-safe base64 without padding. */
  String newSecret(int bytes);

  /** The default, backed by {@link SecureRandom}. */
  static IdGenerator secure() {
    return new IdGenerator() {
      private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
      private final SecureRandom random = new SecureRandom();

      @Override
      public String newId() {
        byte[] bytes = new byte[13];
        random.nextBytes(bytes);
        char[] out = new char[20];
        long acc = 0;
        int bits = 0;
        int bi = 0;
        for (int i = 0; i < out.length; i++) {
          while (bits < 5) {
            acc = (acc << 8) | (bytes[bi++] & 0xff);
            bits += 8;
          }
          out[i] = ALPHABET[(int) ((acc >>> (bits - 5)) & 31)];
          bits -= 5;
        }
        return new String(out);
      }

      @Override
      public String newSecret(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      }
    };
  }

  /** Whether {@code value} has the shape of an id this generator makes; anything else names nothing. */
  static boolean isId(String value) {
    if (value == null || value.length() != 20) {
      return false;
    }
    for (int i = 0; i < 20; i++) {
      char c = value.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
        return false;
      }
    }
    return true;
  }

  /** SHA-256 of a secret, hex encoded: how secrets are stored. */
  static String sha256(String secret) {
    try {
      var digest = java.security.MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
