package dev.parley.core.apps.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Launch parameters signed by a real platform, on both databases: both signatures verify with the
 * JDK ({@link LaunchVerifier}) and with the JavaScript of {@code docs/launch-params.md} run by
 * {@code node}; tampering, another secret and age are refused; the platform key is one key for
 * every node and restart, even when two nodes start at once.
 */
class LaunchSignerTest extends PlatformTestBase {

  private TestUser dev;
  private String appId;
  private String secret;

  @Override
  protected void setUp() {
    TestUser admin = p.admin();
    dev = TestApps.developer(api, admin, "signer");
    appId = TestApps.appId(api, "signed");
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, admin, appId, "1.0.0");
    Reply rotated = api.post("/api/developer/apps/" + appId + "/secret", dev, new JsonObject());
    assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
    secret = rotated.json().getString("secret");
  }

  private JsonObject sign(String startParam) {
    return ApiClient.await(p.platform().launchSigner().sign(appId, "1.0.0", "user0000000000000001",
        "conv0000000000000001", startParam));
  }

  private String platformKey() {
    Reply key = api.get("/api/platform-key", Caller.anonymous());
    assertThat(key.status()).as("%s", key).isEqualTo(200);
    assertThat(key.json().getString("alg")).isEqualTo("Ed25519");
    return key.json().getString("publicKey");
  }

  @Test
  void sign_givesParamsAndBothSignatures_thatTheJdkVerifies() throws Exception {
    JsonObject launch = sign("promo_42");
    JsonObject params = launch.getJsonObject("launchParams");
    assertThat(params.fieldNames()).containsExactlyInAnyOrder("appId", "version", "userId", "conversationId",
        "startParam", "locale", "issuedAt", "nonce");
    assertThat(params.getString("appId")).isEqualTo(appId);
    assertThat(params.getString("version")).isEqualTo("1.0.0");
    assertThat(params.getString("startParam")).isEqualTo("promo_42");
    assertThat(Duration.between(Instant.parse(params.getString("issuedAt")), Instant.now()).abs())
        .isLessThan(Duration.ofMinutes(1));
    assertThat(launch.getString("signature")).matches("[0-9a-f]{64}");
    assertThat(launch.getString("platformSignature")).matches("[A-Za-z0-9_-]{86}");
    assertThat(sign("promo_42").getJsonObject("launchParams").getString("nonce"))
        .as("every launch has its own nonce").isNotEqualTo(params.getString("nonce"));

    assertThat(new String(LaunchVerifier.canonical(params), StandardCharsets.UTF_8))
        .isEqualTo(LaunchSigner.canonical(params))
        .startsWith("appId=" + appId + "\nconversationId=conv0000000000000001\nissuedAt=");
    String key = platformKey();
    assertThat(LaunchVerifier.hmacValid(launch, secret)).isTrue();
    assertThat(LaunchVerifier.platformSignatureValid(launch, key)).isTrue();
    assertThat(LaunchVerifier.fresh(launch, Instant.now())).isTrue();

    JsonObject tampered = launch.copy();
    tampered.getJsonObject("launchParams").put("userId", "user0000000000000002");
    assertThat(LaunchVerifier.hmacValid(tampered, secret)).isFalse();
    assertThat(LaunchVerifier.platformSignatureValid(tampered, key)).isFalse();
    assertThat(LaunchVerifier.hmacValid(launch, secret + "x")).as("another secret").isFalse();
    assertThat(LaunchVerifier.fresh(launch, Instant.now().plus(Duration.ofMinutes(6)))).isFalse();
  }

  @Test
  void sign_withoutStartParam_signsAnEmptyLine() throws Exception {
    JsonObject launch = sign("");
    assertThat(LaunchSigner.canonical(launch.getJsonObject("launchParams"))).contains("\nstartParam=\n");
    assertThat(LaunchVerifier.hmacValid(launch, secret)).isTrue();
    assertThat(LaunchVerifier.platformSignatureValid(launch, platformKey())).isTrue();
  }

  @Test
  void sign_refusesStartParamsThatCouldBreakTheCanonicalForm() {
    for (String bad : List.of("a\nuserId=x", "a=b", "é", "x".repeat(LaunchSigner.MAX_START_PARAM + 1))) {
      Throwable failure = catchThrowable(() -> sign(bad));
      assertThat(failure).as(bad).isInstanceOf(PlatformException.class);
      assertThat(((PlatformException) failure).reason()).isEqualTo(PlatformException.Reason.INVALID);
    }
  }

  @Test
  void sign_unknownApp_failsNotFound() {
    Throwable failure = catchThrowable(() -> ApiClient.await(p.platform().launchSigner()
        .sign("no-such-app", "1.0.0", "u", "c", "")));
    assertThat(failure).isInstanceOf(PlatformException.class);
    assertThat(((PlatformException) failure).reason()).isEqualTo(PlatformException.Reason.NOT_FOUND);
  }

  @Test
  void rotatingTheSecret_makesOldSignaturesFail() throws Exception {
    String otherApp = TestApps.appId(api, "rotated");
    TestApps.createApp(api, dev, otherApp);
    String before = api.post("/api/developer/apps/" + otherApp + "/secret", dev, new JsonObject()).json()
        .getString("secret");
    JsonObject launch = ApiClient.await(p.platform().launchSigner().sign(otherApp, "0.1.0", "u1", "c1", ""));
    assertThat(LaunchVerifier.hmacValid(launch, before)).isTrue();
    String after = api.post("/api/developer/apps/" + otherApp + "/secret", dev, new JsonObject()).json()
        .getString("secret");
    JsonObject again = ApiClient.await(p.platform().launchSigner().sign(otherApp, "0.1.0", "u1", "c1", ""));
    assertThat(LaunchVerifier.hmacValid(again, after)).isTrue();
    assertThat(LaunchVerifier.hmacValid(again, before)).isFalse();
  }

  @Test
  void platformKey_isPublic_andTheSameAfterARestart_andForConcurrentFirstStarts() {
    assertThat(api.get("/api/platform-key", Caller.anonymous()).header("Cache-Control")).isEqualTo("no-store");
    String key = platformKey();
    // Another node (or this one restarted) on the same database signs with the same key.
    try (TestPlatform other = TestPlatform.builder(kind).database(p.database()).bootstrapAdmin(false)
        .platformOptions(TestPlatform::withOwnSearchIndex).start()) {
      assertThat(other.api().get("/api/platform-key", Caller.anonymous()).json().getString("publicKey")).isEqualTo(key);
    }
    // One launch key (the table also holds other keys, such as the device cookies' secret).
    assertThat(p.sql("SELECT COUNT(*) AS n FROM platform_keys WHERE algorithm = 'Ed25519'").get(0).getLong("n"))
        .isEqualTo(1L);

    // Two nodes racing on an empty table: one insert wins, the other reads the winner back.
    p.sql("DELETE FROM platform_keys");
    List<PlatformKeys> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(new PlatformKeys(p.platform().database(), Clock.systemUTC()));
    }
    List<Future<java.security.KeyPair>> loads = nodes.stream().map(PlatformKeys::launchKey).toList();
    ApiClient.await(Future.all(loads));
    List<String> keys = loads.stream().map(f -> java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(f.result().getPublic().getEncoded())).distinct().toList();
    assertThat(keys).hasSize(1);
    // One launch key (the table also holds other keys, such as the device cookies' secret).
    assertThat(p.sql("SELECT COUNT(*) AS n FROM platform_keys WHERE algorithm = 'Ed25519'").get(0).getLong("n"))
        .isEqualTo(1L);
  }

  @Test
  void theDocumentedJavaScript_verifiesRealOutput_withNode() throws Exception {
    String node = NodeJs.executableOrSkip();
    JsonObject launch = sign("from_docs");
    JsonObject input = new JsonObject().put("launch", launch).put("appSecret", secret).put("platformKey",
        platformKey());
    Path dir = Files.createTempDirectory("parley-launch-doc-");
    try {
      Path script = dir.resolve("verify.mjs");
      Files.writeString(script, jsBlock() + """

          const input = JSON.parse(process.argv[2]);
          const opts = { appSecret: input.appSecret, platformKey: input.platformKey };
          const tampered = structuredClone(input.launch);
          tampered.launchParams.conversationId = 'conv0000000000000002';
          const issued = Date.parse(input.launch.launchParams.issuedAt);
          console.log(JSON.stringify({
            valid: verifyLaunch(input.launch, opts),
            tampered: verifyLaunch(tampered, opts),
            otherSecret: verifyLaunch(input.launch, { ...opts, appSecret: input.appSecret + 'x' }),
            stale: verifyLaunch(input.launch, { ...opts, now: issued + 6 * 60_000 }),
          }));
          """);
      Process process = new ProcessBuilder(node, script.toString(), input.encode()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      JsonObject result = new JsonObject(output.trim());
      assertThat(result.getJsonObject("valid").getMap()).containsEntry("ok", true).containsEntry("hmacOk", true)
          .containsEntry("platformOk", true).containsEntry("fresh", true);
      assertThat(result.getJsonObject("tampered").getMap()).containsEntry("ok", false).containsEntry("hmacOk", false)
          .containsEntry("platformOk", false);
      assertThat(result.getJsonObject("otherSecret").getMap()).containsEntry("ok", false).containsEntry("hmacOk", false)
          .containsEntry("platformOk", true);
      assertThat(result.getJsonObject("stale").getMap()).containsEntry("ok", false).containsEntry("fresh", false);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  /** The first {@code ```js} block of docs/launch-params.md. */
  static String jsBlock() throws IOException {
    String doc = Files.readString(docs().resolve("launch-params.md"));
    Matcher m = Pattern.compile("```js\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("a ```js block in docs/launch-params.md").isTrue();
    return m.group(1);
  }

  private static Path docs() {
    Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    for (Path dir = base; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/launch-params.md"))) {
        return dir.resolve("docs");
      }
    }
    throw new AssertionError("no docs/launch-params.md above " + base);
  }
}
