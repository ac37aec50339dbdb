package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * App pages on their own origin in real headless Chromium. A test page on the messenger's origin
 * {@code http://localhost:<port>} (served by a test-only route, so with no CSP of its own) holds a
 * secret in its DOM, a cookie and localStorage, and frames two apps' pages from
 * {@code http://<appId>.apps.localhost:<port>} as the messenger does. Each page probes what it
 * can reach and reports by postMessage: not the parent's DOM, cookie or storage, not the other
 * app's frame or storage, and no fetch outside its manifest's domains (the CSP blocks it, with a
 * {@code securitypolicyviolation} event). The first page also runs the SDK against the test
 * page playing the messenger's side of the bridge, with real signed launch parameters. A page
 * on any other origin cannot frame an app's page at all.
 */
class AppOriginBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The probe every app page runs (a module script: CSP allows no inline script). */
  private static final String PROBE = """
      import Parley from '/parley-sdk.js';
      const out = { origin: location.origin };
      const violations = [];
      document.addEventListener('securitypolicyviolation',
          (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
      try { out.parentDom = parent.document.getElementById('secret').textContent; }
      catch (e) { out.parentDom = 'blocked:' + e.name; }
      try { out.parentCookie = parent.document.cookie; } catch (e) { out.parentCookie = 'blocked:' + e.name; }
      try { out.parentStorage = parent.localStorage.getItem('messenger_secret'); }
      catch (e) { out.parentStorage = 'blocked:' + e.name; }
      out.cookie = document.cookie;
      out.storageMessenger = localStorage.getItem('messenger_secret');
      out.storageOtherApp = localStorage.getItem('app_secret');
      localStorage.setItem('app_secret', 'storage-of-' + location.hostname);
      document.cookie = 'app_cookie=cookie-of-' + location.hostname + '; path=/';
      out.siblings = [];
      for (let i = 0; i < parent.frames.length; i++) {
        const f = parent.frames[i];
        if (f === window) continue;
        try { out.siblings.push('read:' + f.document.body.innerHTML); } catch (e) { out.siblings.push('blocked:' + e.name); }
        try { out.siblings.push('storage:' + f.localStorage.getItem('app_secret')); } catch (e) { out.siblings.push('blocked:' + e.name); }
      }
      try { await fetch('https://outside.example.net/steal?x=1'); out.fetchOutside = 'allowed'; }
      catch (e) { out.fetchOutside = 'rejected:' + e.name; }
      const allowed = fetch('https://api.example.com/ping').then(() => 'answered', () => 'failed');
      out.fetchAllowed = await Promise.race([allowed, new Promise((r) => setTimeout(() => r('pending'), 3000))]);
      out.fetchSelf = (await fetch('/parley-sdk.d.ts')).status;
      out.fetchApi = (await fetch('/api/session', { credentials: 'include' })).status;
      await new Promise((r) => setTimeout(r, 100));
      out.violations = violations;
      out.launched = Parley.launched;
      if (Parley.launched) {
        out.launchAppId = Parley.launchParams.appId;
        const ready = await Parley.ready();
        out.readyScheme = ready.theme.scheme;
        out.themeVar = getComputedStyle(document.documentElement).getPropertyValue('--parley-accent').trim();
      }
      parent.postMessage({ probe: out }, '*');
      """;

  /** The messenger stand-in: secrets, frames added on demand, the bridge's ready answered. */
  private static final String HOST_PAGE = """
      <!doctype html><meta charset=utf-8><title>messenger stand-in</title>
      <div id=secret>dom-secret-of-the-messenger</div>
      <script>
        document.cookie = 'messenger_secret=cookie-secret-of-the-messenger; path=/';
        localStorage.setItem('messenger_secret', 'storage-secret-of-the-messenger');
        window.probes = {};
        window.frameOrigins = {};
        window.addEventListener('message', (e) => {
          const d = e.data;
          if (d && d.probe) { window.probes[e.origin] = d.probe; return; }
          const frame = [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === e.source);
          if (!frame || window.frameOrigins[frame.id] !== e.origin) return;
          if (d && d.parley === 1 && d.method === 'ready') {
            e.source.postMessage({ parley: 1, id: d.id, result: { theme: { scheme: 'dark', colors: { accent: '#123456' } } } }, e.origin);
          }
        });
        window.addFrame = (id, src) => {
          const f = document.createElement('iframe');
          f.id = id;
          f.setAttribute('sandbox', 'allow-scripts allow-forms allow-same-origin');
          window.frameOrigins[id] = new URL(src).origin;
          f.src = src;
          document.body.appendChild(f);
        };
      </script>
      """;

  /** The platform, with the messenger stand-in at /test/host.html (a test-only route: no CSP of its own). */
  @RegisterExtension
  static final BrowserServer server = BrowserServer.platform(router -> router.get("/test/host.html")
      .handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(HOST_PAGE)))
      .withAdmin();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = server.api();
  }

  /** Publishes an app whose page runs {@link #PROBE}, allowed to reach api.example.com only. */
  private static String publishProbeApp(TestUser dev, TestUser admin, String name) {
    String appId = TestApps.appId(api, name);
    TestApps.createApp(api, dev, appId);
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0", "network.fetch");
    JsonObject manifest = TestApps.manifest(appId, "1.0.0", "network.fetch")
        .put("network", new JsonObject().put("allowed_domains", new JsonArray().add("api.example.com")));
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("ui/index.html", ("<!doctype html><meta charset=utf-8><title>" + appId + "</title>"
        + "<p id=mine>page of " + appId + "</p><script type=module src=probe.js></script>")
        .getBytes(StandardCharsets.UTF_8));
    files.put("ui/probe.js", PROBE.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, dev, admin, appId, "1.0.0", TestApps.zip(files));
    return appId;
  }

  private static String appUrl(String appId) {
    return "http://" + appId + ".apps.localhost:" + server.port() + "/";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> probeOf(WebDriver driver, String origin) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage("the probe of " + origin)
        .until(d -> js.executeScript("return window.probes[arguments[0]] || null;", origin) != null);
    return (Map<String, Object>) js.executeScript("return window.probes[arguments[0]];", origin);
  }

  @Test
  void appPages_areIsolatedFromTheMessengerAndFromEachOther_andReachOnlyTheirDomains() {
    TestUser admin = api.signIn(BrowserServer.ROOT, BrowserServer.ROOT_PASSWORD);
    TestUser dev = TestApps.developer(api, admin, "origin");
    String first = publishProbeApp(dev, admin, "first");
    String second = publishProbeApp(dev, admin, "second");
    TestUser user = api.signUp("Launcher");
    JsonObject launch = server.platform().launchSigner()
        .sign(first, "1.0.0", user.id(), "conv0000000000000001", "browser")
        .toCompletionStage().toCompletableFuture().join();
    String messenger = "http://localhost:" + server.port();
    String fragment = "#launch=" + Base64.getUrlEncoder().withoutPadding().encodeToString(launch.encode()
        .getBytes(StandardCharsets.UTF_8)) + "&host=" + java.net.URLEncoder.encode(messenger, StandardCharsets.UTF_8);

    WebDriver driver = browsers.open("messenger");
    driver.get(messenger + "/test/host.html");
    JavascriptExecutor js = (JavascriptExecutor) driver;
    assertThat(js.executeScript("return document.cookie;")).asString().contains("messenger_secret=");

    js.executeScript("addFrame('a', arguments[0]);", appUrl(first) + fragment);
    String firstOrigin = appUrl(first).replaceAll("/$", "");
    Map<String, Object> a = probeOf(driver, firstOrigin);
    assertThat(a.get("origin")).isEqualTo(firstOrigin);
    assertThat(a.get("parentDom")).asString().startsWith("blocked:");
    assertThat(a.get("parentCookie")).asString().startsWith("blocked:");
    assertThat(a.get("parentStorage")).asString().startsWith("blocked:");
    assertThat(a.get("cookie")).asString().doesNotContain("messenger_secret").doesNotContain("parley_session");
    assertThat(a.get("storageMessenger")).isNull();
    assertThat(a.get("fetchOutside")).asString().startsWith("rejected:");
    assertThat((List<String>) a.get("violations")).anySatisfy(v -> assertThat(v)
        .startsWith("connect-src").contains("outside.example.net"));
    assertThat((List<String>) a.get("violations")).noneSatisfy(v -> assertThat(v).contains("api.example.com"));
    assertThat(a.get("fetchSelf")).isEqualTo(200L);
    assertThat(a.get("fetchApi")).as("no API on an app's origin").isEqualTo(404L);
    // The SDK against the messenger stand-in: launch params from the fragment, ready answered, theme applied.
    assertThat(a.get("launched")).isEqualTo(true);
    assertThat(a.get("launchAppId")).isEqualTo(first);
    assertThat(a.get("readyScheme")).isEqualTo("dark");
    assertThat(a.get("themeVar")).isEqualTo("#123456");

    // The second app, on another origin, loads after the first wrote its storage and cookie.
    js.executeScript("addFrame('b', arguments[0]);", appUrl(second));
    String secondOrigin = appUrl(second).replaceAll("/$", "");
    Map<String, Object> b = probeOf(driver, secondOrigin);
    assertThat(b.get("parentDom")).asString().startsWith("blocked:");
    assertThat(b.get("storageOtherApp")).as("the first app's localStorage").isNull();
    assertThat(b.get("cookie")).asString().doesNotContain("cookie-of-" + first).doesNotContain("messenger_secret");
    assertThat((List<String>) b.get("siblings")).isNotEmpty().allSatisfy(s -> assertThat(s).startsWith("blocked:"));
    assertThat(b.get("launched")).as("no launch fragment: not launched").isEqualTo(false);

    // And the messenger's own secrets are still there, untouched by the frames.
    assertThat(js.executeScript("return localStorage.getItem('app_secret');")).isNull();
    assertThat(js.executeScript("return document.cookie;")).asString().doesNotContain("app_cookie");

    // Any other origin may not frame the page at all (frame-ancestors is the messenger's origin and,
    // for a local messenger, its other loopback names localhost, 127.0.0.1 and [::1]; framer.localhost
    // reaches the same server under a name that is none of them).
    driver.get("http://framer.localhost:" + server.port() + "/test/host.html");
    js.executeScript("addFrame('c', arguments[0]);", appUrl(first));
    new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage("Chromium refusing the frame")
        .until(d -> d.manage().logs().get(LogType.BROWSER).getAll().stream()
            .anyMatch(entry -> entry.getMessage().contains("frame-ancestors")));
    assertThat(js.executeScript("return Object.keys(window.probes).length;")).isEqualTo(0L);
  }
}
