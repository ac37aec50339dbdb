package dev.parley.samples.business;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/** Verifies a Parley webhook (Standard Webhooks): the snippet of docs/business-webhooks.md. */
final class WebhookVerifier {

  private static final long TOLERANCE_SECONDS = 5 * 60;
  private final byte[] key;

  /** @param secret the endpoint's secret, {@code whsec_...} */
  WebhookVerifier(String secret) {
    this.key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
  }

  /** Throws {@link IllegalArgumentException} unless the request is authentic and recent. */
  void verify(@Nullable String id, @Nullable String timestamp, @Nullable String signatures, String rawBody,
      Instant now) {
    if (id == null || timestamp == null || signatures == null) {
      throw new IllegalArgumentException("missing webhook headers");
    }
    if (!timestamp.matches("[0-9]{1,12}")
        || Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
      throw new IllegalArgumentException("webhook-timestamp is too old or too new");
    }
    byte[] expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      expected = mac.doFinal((id + "." + timestamp + "." + rawBody).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    for (String signature : signatures.split(" ")) {
      if (!signature.startsWith("v1,")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(signature.substring(3));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw new IllegalArgumentException("no valid webhook-signature");
  }
}
