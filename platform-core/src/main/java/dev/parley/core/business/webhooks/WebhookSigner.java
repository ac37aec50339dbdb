package dev.parley.core.business.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: a secret is {@code whsec_} and the base64 of 24 random bytes; a
 * signature is {@code v1,} and the base64 HMAC-SHA256, keyed with the secret's bytes, of
 * {@code <webhook-id>.<webhook-timestamp>.<body>}; several are joined by spaces (secret rotation).
 */
public final class WebhookSigner {

  public static final String PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSigner() {
  }

  /** A new secret, {@code whsec_<base64 of 24 random bytes>}. */
  public static String newSecret() {
    byte[] key = new byte[24];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code v1,<base64>} signature of one message with one secret. */
  public static String sign(String secret, String id, long timestampSeconds, String body) {
    byte[] key = Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The {@code webhook-signature} header: one signature per secret, space-separated. */
  public static String header(List<String> secrets, String id, long timestampSeconds, String body) {
    return secrets.stream().map(s -> sign(s, id, timestampSeconds, body)).collect(Collectors.joining(" "));
  }
}
