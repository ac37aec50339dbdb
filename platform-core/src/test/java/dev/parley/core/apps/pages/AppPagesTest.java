package dev.parley.core.apps.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * App pages on their own origin, through real HTTP with the {@code Host} of
 * {@code <appId>.apps.localhost:<port>}, on both databases: the start page and files of the live
 * version under the strict CSP (connect-src lists the manifest's domains, frame-ancestors the
 * messenger), ETag revalidation, the SDK, refusals (suspended, unknown, no live version), no API
 * on an app's origin, and the messenger's own host left alone.
 */
class AppPagesTest extends PlatformTestBase {

  static final String PAGE = "<!doctype html><title>page</title><script type=module src=app.js></script><p>hi</p>";
  static final String SCRIPT = "import Parley from '/parley-sdk.js';\nParley.ready();\n";
  /** Stands for a bundled audio file: ranges and types do not care what the bytes are. */
  static final String TRACK = "OggS-0123456789abcdefghijklmnopqrstuvwxyz";

  private WebClient http;
  private TestUser admin;
  private TestUser dev;
  private String appId;

  @Override
  protected void setUp() {
    http = WebClient.create(p.vertx());
    admin = p.admin();
    dev = TestApps.developer(api, admin, "pages");
    appId = TestApps.appId(api, "page");
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, admin, appId, "1.0.0", bundle(appId, "1.0.0", PAGE));
  }

  /** A bundle with a page, its script, and two allowed domains (one a wildcard). */
  static byte[] bundle(String appId, String version, String page) {
    Map<String, byte[]> files = TestApps.files(appId, version, "network.fetch");
    JsonObject manifest = TestApps.manifest(appId, version, "network.fetch")
        .put("network", new JsonObject().put("allowed_domains",
            new JsonArray().add("api.example.com").add("*.cdn.example.org")));
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("ui/index.html", page.getBytes(StandardCharsets.UTF_8));
    files.put("ui/app.js", SCRIPT.getBytes(StandardCharsets.UTF_8));
    files.put("ui/img/dot.png", TestApps.ICON);
    files.put("ui/tracks/loop.ogg", TRACK.getBytes(StandardCharsets.US_ASCII));
    return TestApps.zip(files);
  }

  private String appHost(String id) {
    return id + ".apps.localhost";
  }

  private Reply get(String host, String path, Caller caller, String... headers) {
    return request(HttpMethod.GET, host, path, caller, headers);
  }

  /** A request to 127.0.0.1:port whose Host is {@code host}:port. */
  private Reply request(HttpMethod method, String host, String path, Caller caller, String... headers) {
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(p.port(), "127.0.0.1"))
        .setHost(host).setPort(p.port()).setURI(path);
    caller.headers().forEach(options::putHeader);
    for (int i = 0; i < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    return ApiClient.await(http.request(method, options).send().map(r -> new Reply(r.statusCode(),
        MultiMap.caseInsensitiveMultiMap().addAll(r.headers()), r.bodyAsString() == null ? "" : r.bodyAsString())));
  }

  private String expectedPolicy() {
    return "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "media-src 'self' blob:; font-src 'self'; connect-src 'self' https://api.example.com https://*.cdn.example.org; "
        + "frame-ancestors http://localhost:" + p.port() + " http://127.0.0.1:" + p.port() + " http://[::1]:" + p.port()
        + "; base-uri 'none'; form-action 'self'";
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void root_servesTheStartPage_underTheStrictPolicy() throws Exception {
    Reply page = get(appHost(appId), "/", Caller.anonymous());
    assertThat(page.status()).as("%s", page).isEqualTo(200);
    assertThat(page.body()).isEqualTo(PAGE);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).isEqualTo(expectedPolicy());
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(page.header("ETag")).isEqualTo("\"" + sha256(PAGE) + "\"");
    assertThat(page.header("Set-Cookie")).isNull();
  }

  @Test
  void otherPaths_areFilesOfTheUiFolder() throws Exception {
    Reply script = get(appHost(appId), "/app.js", Caller.anonymous());
    assertThat(script.status()).as("%s", script).isEqualTo(200);
    assertThat(script.body()).isEqualTo(SCRIPT);
    assertThat(script.contentType()).startsWith("text/javascript");
    assertThat(script.header("Content-Security-Policy")).isEqualTo(expectedPolicy());
    assertThat(get(appHost(appId), "/img/dot.png", Caller.anonymous()).contentType()).isEqualTo("image/png");
    assertThat(get(appHost(appId), "/index.html", Caller.anonymous()).body()).isEqualTo(PAGE);
    assertThat(get(appHost(appId), "/missing.js", Caller.anonymous()).status()).isEqualTo(404);
    // Only ui/ is the page's: the server code and the manifest are not served on the app's origin.
    assertThat(get(appHost(appId), "/../server.js", Caller.anonymous()).status()).isEqualTo(404);
    assertThat(get(appHost(appId), "/%2e%2e/server.js", Caller.anonymous()).status()).isEqualTo(404);
    assertThat(get(appHost(appId), "/server.js", Caller.anonymous()).status()).isEqualTo(404);
    assertThat(get(appHost(appId), "/manifest.json", Caller.anonymous()).status()).isEqualTo(404);
  }

  @Test
  void etag_revalidates_with304() {
    Reply page = get(appHost(appId), "/", Caller.anonymous());
    Reply again = get(appHost(appId), "/", Caller.anonymous(), "If-None-Match", page.header("ETag"));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.header("ETag")).isEqualTo(page.header("ETag"));
    assertThat(get(appHost(appId), "/", Caller.anonymous(), "If-None-Match", "\"other\"").status()).isEqualTo(200);
    Reply head = request(HttpMethod.HEAD, appHost(appId), "/app.js", Caller.anonymous());
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(SCRIPT.length()));
    assertThat(request(HttpMethod.POST, appHost(appId), "/", Caller.anonymous()).status()).isEqualTo(405);
  }

  @Test
  void bundleFiles_answerSingleRanges_206and416_andIfRange_soAudioCanSeek() {
    String track = "/tracks/loop.ogg";
    Reply whole = get(appHost(appId), track, Caller.anonymous());
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.contentType()).isEqualTo("audio/ogg");
    assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(whole.header("Cache-Control")).isEqualTo("no-cache");
    String etag = whole.header("ETag");

    Reply part = get(appHost(appId), track, Caller.anonymous(), "Range", "bytes=4-9");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(TRACK.substring(4, 10));
    assertThat(part.header("Content-Range")).isEqualTo("bytes 4-9/" + TRACK.length());
    assertThat(part.header("ETag")).isEqualTo(etag);
    assertThat(get(appHost(appId), track, Caller.anonymous(), "Range", "bytes=-3").body())
        .isEqualTo(TRACK.substring(TRACK.length() - 3));
    assertThat(get(appHost(appId), track, Caller.anonymous(), "Range", "bytes=30-").body())
        .isEqualTo(TRACK.substring(30));

    Reply beyond = get(appHost(appId), track, Caller.anonymous(), "Range", "bytes=" + TRACK.length() + "-");
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + TRACK.length());
    // A range for another version of the file (If-Range with an old ETag) gets the whole new file.
    Reply stale = get(appHost(appId), track, Caller.anonymous(), "Range", "bytes=0-1", "If-Range", "\"old\"");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(TRACK);
    assertThat(get(appHost(appId), track, Caller.anonymous(), "If-None-Match", etag).status()).isEqualTo(304);
    // Several ranges: the whole file, as RFC 9110 allows.
    assertThat(get(appHost(appId), track, Caller.anonymous(), "Range", "bytes=0-1,4-5").status()).isEqualTo(200);
  }

  @Test
  void sdk_isServedOnEveryAppOrigin() {
    Reply sdk = get(appHost(appId), "/parley-sdk.js", Caller.anonymous());
    assertThat(sdk.status()).isEqualTo(200);
    assertThat(sdk.contentType()).startsWith("text/javascript");
    assertThat(sdk.body()).contains("export function createParley");
    assertThat(sdk.header("ETag")).isNotNull();
    assertThat(sdk.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors");
    assertThat(get(appHost(appId), "/parley-sdk.js", Caller.anonymous(), "If-None-Match", sdk.header("ETag")).status())
        .isEqualTo(304);
    Reply types = get(appHost(appId), "/parley-sdk.d.ts", Caller.anonymous());
    assertThat(types.status()).isEqualTo(200);
    assertThat(types.body()).contains("export interface LaunchParams");
    assertThat(get(appHost(appId), "/sdk/parley-sdk.js", Caller.anonymous()).body()).isEqualTo(sdk.body());
    // Even on the origin of an app that does not exist: the SDK needs no registry lookup.
    assertThat(get(appHost("nobody-here"), "/parley-sdk.js", Caller.anonymous()).status()).isEqualTo(200);
  }

  @Test
  void unknownApp_andAppWithoutLiveVersion_are404() {
    Reply unknown = get(appHost("no-such-app"), "/", Caller.anonymous());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("text/html");
    assertThat(unknown.header("Content-Security-Policy")).startsWith("default-src 'none'");
    String draftOnly = TestApps.appId(api, "draft");
    TestApps.createApp(api, dev, draftOnly);
    TestApps.draft(api, dev, draftOnly, "0.1.0");
    assertThat(get(appHost(draftOnly), "/", Caller.anonymous()).status()).isEqualTo(404);
    assertThat(get(appHost("api"), "/", Caller.anonymous()).status()).as("a reserved id").isEqualTo(404);
  }

  @Test
  void suspendedApp_isRefused_untilUnsuspended() {
    String suspended = TestApps.appId(api, "susp");
    TestApps.createApp(api, dev, suspended);
    TestApps.publish(api, dev, admin, suspended, "1.0.0", bundle(suspended, "1.0.0", PAGE));
    assertThat(get(appHost(suspended), "/", Caller.anonymous()).status()).isEqualTo(200);
    Reply s = api.post("/api/admin/apps/" + suspended + "/suspend", admin, new JsonObject().put("reason", "abuse"));
    assertThat(s.status()).as("%s", s).isEqualTo(200);
    Reply refused = get(appHost(suspended), "/", Caller.anonymous());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("suspended").doesNotContain(PAGE);
    assertThat(get(appHost(suspended), "/app.js", Caller.anonymous()).status()).isEqualTo(403);
    assertThat(api.post("/api/admin/apps/" + suspended + "/unsuspend", admin, new JsonObject()).status())
        .isEqualTo(200);
    assertThat(get(appHost(suspended), "/", Caller.anonymous()).status()).isEqualTo(200);
  }

  @Test
  void aNewLiveVersion_replacesThePage() {
    String moving = TestApps.appId(api, "moving");
    TestApps.createApp(api, dev, moving);
    TestApps.publish(api, dev, admin, moving, "1.0.0", bundle(moving, "1.0.0", PAGE));
    Reply first = get(appHost(moving), "/", Caller.anonymous());
    String second = PAGE.replace("hi", "hello again");
    TestApps.publish(api, dev, admin, moving, "1.1.0", bundle(moving, "1.1.0", second));
    Reply revalidated = get(appHost(moving), "/", Caller.anonymous(), "If-None-Match", first.header("ETag"));
    assertThat(revalidated.status()).isEqualTo(200);
    assertThat(revalidated.body()).isEqualTo(second);
  }

  @Test
  void noApiRoute_worksOnAnAppOrigin_notEvenWithTheSessionCookie() {
    for (String path : new String[] {"/api/session", "/api/platform-key", "/api/apps", "/api/live", "/api",
        "/health/ready", "/static/apps/" + appId}) {
      Reply reply = get(appHost(appId), path, admin);
      assertThat(reply.status()).as(path + ": " + reply).isEqualTo(404);
      assertThat(reply.body()).as(path).doesNotContain("\"username\"");
    }
    Reply post = request(HttpMethod.POST, appHost(appId), "/api/conversations", admin);
    assertThat(post.status()).isIn(404, 405);
  }

  @Test
  void theMessengerHost_isNotAffected() {
    for (String host : new String[] {"localhost", "127.0.0.1", "apps.localhost", "x.apps"}) {
      Reply session = get(host, "/api/session", admin);
      assertThat(session.status()).as(host + ": " + session).isEqualTo(200);
      assertThat(get(host, "/api/platform-key", Caller.anonymous()).status()).as(host).isEqualTo(200);
      assertThat(get(host, "/", Caller.anonymous()).header("Content-Security-Policy")).as(host).isNull();
    }
  }

  @Test
  void appIdOf_andAppOrigin() {
    assertThat(AppPages.appIdOf("payments.apps.example.com")).contains("payments");
    assertThat(AppPages.appIdOf("Payments.Apps.Localhost")).contains("payments");
    assertThat(AppPages.appIdOf("payments.apps.")).isEmpty();
    assertThat(AppPages.appIdOf("a.apps.localhost")).as("too short for an app id").isEmpty();
    assertThat(AppPages.appIdOf("x.payments.apps.localhost")).isEmpty();
    assertThat(AppPages.appIdOf("localhost")).isEmpty();
    assertThat(AppPages.appOrigin("payments", "http://localhost:8080"))
        .isEqualTo("http://payments.apps.localhost:8080");
    assertThat(AppPages.appOrigin("payments", "https://chat.example.com"))
        .isEqualTo("https://payments.apps.chat.example.com");
    // issue 20: a messenger opened at a loopback address gave pages x.apps.127.0.0.1, which is no host name
    assertThat(AppPages.appOrigin("payments", "http://127.0.0.1:8080"))
        .isEqualTo("http://payments.apps.localhost:8080");
    assertThat(AppPages.appOrigin("payments", "http://[::1]:8080")).isEqualTo("http://payments.apps.localhost:8080");
    assertThat(AppPages.appOrigin("payments", "http://127.1.2.3")).isEqualTo("http://payments.apps.localhost");
    assertThat(AppPages.appsHost("chat.example.com")).isEqualTo("chat.example.com");
    assertThat(AppPages.isIpLiteral("192.168.1.5")).isTrue();
    assertThat(AppPages.isIpLiteral("chat.example.com")).isFalse();
  }
}
