package dev.parley.core.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle) in the PHC string format, so that the parameters
 * travel with each hash and can be raised later. Slow on purpose: call it off the event loop.
 */
public final class PasswordHasher {

  /** OWASP's recommended Argon2id minimum: 19 MiB, 2 passes, 1 lane. */
  public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
  public static final int DEFAULT_ITERATIONS = 2;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  private PasswordHasher(int memoryKib, int iterations) {
    if (memoryKib < 8 || iterations < 1) {
      throw new IllegalArgumentException("Argon2 needs memory >= 8 KiB and iterations >= 1");
    }
    this.memoryKib = memoryKib;
    this.iterations = iterations;
  }

  public static PasswordHasher create() {
    return new PasswordHasher(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS);
  }

  /** A hasher with other costs (tests use cheap ones). */
  public static PasswordHasher create(int memoryKib, int iterations) {
    return new PasswordHasher(memoryKib, iterations);
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKib, iterations, 1, HASH_BYTES);
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(out);
  }

  /** Checks {@code password} against a stored PHC string; false for anything malformed. */
  public boolean verify(String stored, String password) {
    String[] parts = stored.split("\\$");
    if (parts.length != 6 || !"argon2id".equals(parts[1])) {
      return false;
    }
    try {
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        int v = Integer.parseInt(kv.substring(2));
        switch (kv.charAt(0)) {
          case 'm' -> m = v;
          case 't' -> t = v;
          case 'p' -> p = v;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      byte[] actual = derive(password, salt, m, t, p, expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Verifies against a fixed dummy hash: keeps sign-in time the same for unknown usernames. */
  public void burn(String password) {
    derive(password, new byte[SALT_BYTES], memoryKib, iterations, 1, HASH_BYTES);
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(m)
        .withIterations(t)
        .withParallelism(p)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
