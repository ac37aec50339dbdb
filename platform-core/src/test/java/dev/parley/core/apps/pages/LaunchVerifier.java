package dev.parley.core.apps.pages;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an app's backend does with the launch object a page hands it, in the JDK alone: the same
 * steps as the Java example of {@code docs/launch-params.md}. Tests verify real platform output
 * with it.
 */
public final class LaunchVerifier {

  /** Launch parameters are refused after this long. */
  public static final Duration MAX_AGE = Duration.ofMinutes(5);

  private LaunchVerifier() {
  }

  /** The sorted {@code key=value} lines joined by {@code \n}, as UTF-8 bytes. */
  public static byte[] canonical(JsonObject launchParams) {
    TreeMap<String, String> sorted = new TreeMap<>();
    launchParams.forEach(e -> sorted.put(e.getKey(), e.getValue() == null ? "" : e.getValue().toString()));
    StringBuilder lines = new StringBuilder();
    sorted.forEach((k, v) -> lines.append(lines.isEmpty() ? "" : "\n").append(k).append('=').append(v));
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code signature} is the hex HMAC-SHA256 of the canonical form with the app's secret (constant time). */
  public static boolean hmacValid(JsonObject launch, String appSecret) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal(canonical(launch.getJsonObject("launchParams")));
    byte[] given;
    try {
      given = HexFormat.of().parseHex(launch.getString("signature", ""));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  /** Whether {@code platformSignature} is a valid Ed25519 signature with the key of {@code GET /api/platform-key}. */
  public static boolean platformSignatureValid(JsonObject launch, String publicKeyBase64Url)
      throws GeneralSecurityException {
    PublicKey key = KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(Base64.getUrlDecoder().decode(publicKeyBase64Url)));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(canonical(launch.getJsonObject("launchParams")));
    try {
      return verifier.verify(Base64.getUrlDecoder().decode(launch.getString("platformSignature", "")));
    } catch (IllegalArgumentException | java.security.SignatureException e) {
      return false;
    }
  }

  /** Whether the parameters were issued at most five minutes before {@code now} (and not after it, with a minute of skew). */
  public static boolean fresh(JsonObject launch, Instant now) {
    Instant issuedAt = Instant.parse(launch.getJsonObject("launchParams").getString("issuedAt"));
    return !issuedAt.isBefore(now.minus(MAX_AGE)) && !issuedAt.isAfter(now.plus(Duration.ofMinutes(1)));
  }
}
