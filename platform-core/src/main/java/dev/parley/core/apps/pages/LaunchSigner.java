package dev.parley.core.apps.pages;

import static java.util.Objects.requireNonNull;

import dev.parley.core.apps.registry.RegistryService;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the launch parameters handed to a mini-app's page, twice: with the app's own signing
 * secret (HMAC-SHA256, for the app's backend) and with the platform's Ed25519 key (for anyone
 * holding the public key of {@code GET /api/platform-key}).
 *
 * <p>The signed bytes are the <b>canonical form</b> of {@code launchParams}: every field as one
 * line {@code key=value}, the lines sorted by key (all keys are ASCII, so by code point), joined by
 * a single {@code "\n"} with no newline at the end, encoded in UTF-8. Every value is a string;
 * an absent start parameter is the empty string. No value contains a line break ({@code startParam}
 * is limited to {@code [A-Za-z0-9_-]}, {@code locale} is a BCP-47 tag, the others are ids, a version and an
 * ISO-8601 instant), so
 * the form is unambiguous. For example:
 *
 * <pre>
 * appId=payments
 * conversationId=k3j5...
 * issuedAt=2026-03-01T12:00:00Z
 * locale=de
 * nonce=Yb6c...
 * startParam=
 * userId=q7w2...
 * version=1.2.0
 * </pre>
 *
 * <p>{@code signature} is the lower-case hex of HMAC-SHA256 keyed with the UTF-8 bytes of the
 * app's signing secret; {@code platformSignature} is the unpadded base64url of the Ed25519
 * signature. Verifiers must also refuse parameters issued more than {@link #MAX_AGE} ago (see
 * {@code docs/launch-params.md}).
 */
public final class LaunchSigner {

  /** How long launch parameters are valid after {@code issuedAt}; verifiers enforce it. */
  public static final Duration MAX_AGE = Duration.ofMinutes(5);
  /** The longest start parameter, as in Telegram's {@code start_param}. */
  public static final int MAX_START_PARAM = 512;

  private static final Pattern START_PARAM = Pattern.compile("[A-Za-z0-9_-]{0," + MAX_START_PARAM + "}");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final RegistryService registry;
  private final PlatformKeys keys;
  private final Clock clock;
  private final IdGenerator ids;

  private LaunchSigner(RegistryService registry, PlatformKeys keys, Clock clock, IdGenerator ids) {
    this.registry = registry;
    this.keys = keys;
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * A signer whose Ed25519 key pair is read from (or, the very first time, created in) the
   * table {@code platform_keys} of {@code db}, on first use.
   */
  public static LaunchSigner create(Database db, RegistryService registry, Clock clock, IdGenerator ids) {
    return new LaunchSigner(requireNonNull(registry, "registry"),
        new PlatformKeys(requireNonNull(db, "db"), requireNonNull(clock, "clock")), clock,
        requireNonNull(ids, "ids"));
  }

  /** Whether {@code startParam} may be signed: up to 512 characters of {@code [A-Za-z0-9_-]}. */
  public static boolean isValidStartParam(String startParam) {
    return startParam != null && START_PARAM.matcher(startParam).matches();
  }

  /**
   * Signs a launch of {@code version} of {@code appId} by {@code userId} in {@code conversationId}.
   *
   * @param startParam the deep link's start parameter, {@code ""} when there is none
   * @return {@code {launchParams: {appId, version, userId, conversationId, startParam, issuedAt,
   *     nonce}, signature, platformSignature}}; fails with {@code INVALID} (field
   *     {@code /startParam}) for a start parameter outside {@code [A-Za-z0-9_-]{0,512}}, with
   *     {@code NOT_FOUND} for an unknown app
   */
  public Future<JsonObject> sign(String appId, String version, String userId, String conversationId,
      String startParam) {
    return sign(appId, version, userId, conversationId, startParam, "en");
  }

  /**
   * Signs a launch as {@link #sign(String, String, String, String, String)} does, for a user who
   * reads {@code locale} (a BCP-47 tag the platform checked, such as {@code de}): the page gets it
   * as {@code launchParams.locale}, so it can speak the user's language.
   */
  public Future<JsonObject> sign(String appId, String version, String userId, String conversationId,
      String startParam, String locale) {
    requireNonNull(locale, "locale");
    requireNonNull(appId, "appId");
    requireNonNull(version, "version");
    requireNonNull(userId, "userId");
    requireNonNull(conversationId, "conversationId");
    requireNonNull(startParam, "startParam");
    if (!isValidStartParam(startParam)) {
      return Future.failedFuture(PlatformException.invalid("/startParam",
          "startParam must be at most " + MAX_START_PARAM + " characters of A-Z, a-z, 0-9, _ and -"));
    }
    JsonObject params = new JsonObject()
        .put("appId", appId)
        .put("version", version)
        .put("userId", userId)
        .put("conversationId", conversationId)
        .put("startParam", startParam)
        .put("locale", locale)
        .put("issuedAt", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString())
        .put("nonce", ids.newSecret(16));
    byte[] data = canonical(params).getBytes(StandardCharsets.UTF_8);
    return registry.signingSecret(appId).compose(secret -> keys.launchKey().map(pair -> new JsonObject()
        .put("launchParams", params)
        .put("signature", hmac(secret, data))
        .put("platformSignature", ed25519(pair.getPrivate(), data))));
  }

  /** {@code {alg: "Ed25519", publicKey}}: the base64url X.509 SubjectPublicKeyInfo of the platform's key. */
  public Future<JsonObject> publicKey() {
    return keys.launchKey().map(pair -> new JsonObject().put("alg", PlatformKeys.ALGORITHM)
        .put("publicKey", BASE64URL.encodeToString(pair.getPublic().getEncoded())));
  }

  /**
   * The canonical form of launch parameters: {@code key=value} lines sorted by key, joined by
   * {@code "\n"}. Values are written as strings; {@code null} as the empty string.
   */
  public static String canonical(JsonObject launchParams) {
    List<String> keys = new ArrayList<>(launchParams.fieldNames());
    keys.sort(null);
    StringBuilder out = new StringBuilder();
    for (String key : keys) {
      Object value = launchParams.getValue(key);
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(key).append('=').append(value == null ? "" : value.toString());
    }
    return out.toString();
  }

  static String hmac(String secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  private static String ed25519(PrivateKey key, byte[] data) {
    try {
      Signature signature = Signature.getInstance(PlatformKeys.ALGORITHM);
      signature.initSign(key);
      signature.update(data);
      return BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with Ed25519", e);
    }
  }
}
