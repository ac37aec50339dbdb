package dev.parley.core.apps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /static/apps/:appId/:digest/:path} on both databases: immutable caching with a
 * strong ETag, conditional and range requests, HEAD, who may read drafts and suspended apps, and
 * the sandbox that keeps the app's HTML from running script in the messenger's origin.
 */
class VersionFilesTest extends PlatformTestBase {

  private static final String PAGE = "<!doctype html><title>app</title><p>hello</p>";

  private TestUser admin;
  private TestUser dev;
  private String appId;
  private String pageUrl;
  private String pageSha;

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dev");
    appId = TestApps.appId(api, "files");
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, admin, appId, "1.0.0");
    JsonObject page = api.get("/api/developer/apps/" + appId + "/versions/1.0.0", dev).json().getJsonArray("files")
        .stream().map(f -> (JsonObject) f).filter(f -> f.getString("path").equals("ui/index.html")).findFirst()
        .orElseThrow();
    pageUrl = page.getString("url");
    pageSha = page.getString("sha256");
  }

  @Test
  void approvedFile_isPublic_immutable_withTheSha256AsStrongEtag() {
    Reply reply = api.get(pageUrl, Caller.anonymous());

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(PAGE);
    assertThat(reply.contentType()).isEqualTo("text/html");
    assertThat(reply.header("Cache-Control")).contains("public").contains("max-age=31536000").contains("immutable");
    assertThat(reply.header("ETag")).isEqualTo("\"" + pageSha + "\"");
    assertThat(pageSha).matches("[0-9a-f]{64}");
    assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void html_isSandboxed_soItCannotRunScriptInTheMessengerOrigin() {
    String csp = api.get(pageUrl, Caller.anonymous()).header("Content-Security-Policy");

    assertThat(csp).isNotNull();
    assertThat(csp.split(";")).anySatisfy(d -> assertThat(d.trim()).startsWith("sandbox"));
    assertThat(csp).doesNotContain("allow-scripts").doesNotContain("allow-same-origin");
    assertThat(csp).contains("default-src 'none'");
  }

  @Test
  void ifNoneMatch_withTheEtag_is304WithoutABody() {
    Reply reply = api.get(pageUrl, headers("If-None-Match", "\"" + pageSha + "\""));
    assertThat(reply.status()).isEqualTo(304);
    assertThat(reply.body()).isEmpty();
    assertThat(reply.header("ETag")).isEqualTo("\"" + pageSha + "\"");

    Reply other = api.get(pageUrl, headers("If-None-Match", "\"" + "0".repeat(64) + "\""));
    assertThat(other.status()).as("another etag: the file").isEqualTo(200);
    assertThat(other.body()).isEqualTo(PAGE);
  }

  @Test
  void range_isServedAs206() {
    Reply first = api.get(pageUrl, headers("Range", "bytes=0-3"));
    assertThat(first.status()).as("%s", first).isEqualTo(206);
    assertThat(first.body()).isEqualTo(PAGE.substring(0, 4));
    assertThat(first.header("Content-Range")).isEqualTo("bytes 0-3/" + PAGE.length());
    assertThat(first.header("Content-Length")).isEqualTo("4");

    Reply suffix = api.get(pageUrl, headers("Range", "bytes=-5"));
    assertThat(suffix.status()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(PAGE.substring(PAGE.length() - 5));
    assertThat(suffix.header("Content-Range"))
        .isEqualTo("bytes " + (PAGE.length() - 5) + "-" + (PAGE.length() - 1) + "/" + PAGE.length());

    Reply open = api.get(pageUrl, headers("Range", "bytes=10-"));
    assertThat(open.status()).isEqualTo(206);
    assertThat(open.body()).isEqualTo(PAGE.substring(10));
  }

  @Test
  void unsatisfiableRange_is416() {
    Reply reply = api.get(pageUrl, headers("Range", "bytes=100000-"));
    assertThat(reply.status()).isEqualTo(416);
    assertThat(reply.header("Content-Range")).isEqualTo("bytes */" + PAGE.length());
  }

  @Test
  void head_answersTheHeadersWithoutTheBody() {
    Reply reply = api.request(HttpMethod.HEAD, pageUrl, Caller.anonymous(), null, null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEmpty();
    assertThat(reply.header("Content-Length")).isEqualTo(Integer.toString(PAGE.length()));
    assertThat(reply.header("ETag")).isEqualTo("\"" + pageSha + "\"");
  }

  @Test
  void unknownDigestOrPath_is404() {
    String base = pageUrl.substring(0, pageUrl.indexOf("/ui/"));
    String digest = base.substring(base.lastIndexOf('/') + 1);
    for (String url : new String[] {
        base + "/ui/nothing.html",
        base.replace(digest, "0".repeat(64)) + "/ui/index.html",
        base.replace(digest, "not-a-digest") + "/ui/index.html",
        "/static/apps/no-such-app/" + digest + "/ui/index.html"}) {
      Reply reply = api.get(url, admin);
      assertThat(reply.status()).as("%s: %s", url, reply).isEqualTo(404);
      assertThat(reply.contentType()).isEqualTo("application/problem+json");
    }
    // Dot segments are resolved before routing: this leaves the files' routes (and the platform's router).
    assertThat(api.get(base + "/../../../etc/passwd", admin).status()).isEqualTo(404);
    assertThat(api.get(base + "/ui/%2e%2e/%2e%2e/manifest.json", admin).status()).isEqualTo(404);
  }

  // Regression (issue 19, finding 8): a live app's server code was downloadable without signing in.
  @Test
  void liveServerCodeAndManifest_areOnlyForTheOwnerAndAdmins_whilePagesAndIconsArePublic() {
    for (String path : new String[] {"server.js", "manifest.json"}) {
      String url = TestApps.fileUrl(api, dev, appId, "1.0.0", path);
      assertThat(api.get(url, Caller.anonymous()).status()).as("%s anonymously", path).isEqualTo(404);
      assertThat(api.request(HttpMethod.HEAD, url, Caller.anonymous(), null, null).status()).isEqualTo(404);
      assertThat(api.get(url, api.signUp("reader")).status()).as("%s for a user", path).isEqualTo(404);
      assertThat(api.get(url, TestApps.developer(api, admin, "rival")).status()).as("%s for another developer", path)
          .isEqualTo(404);
      Reply owner = api.get(url, dev);
      assertThat(owner.status()).as("%s for its developer", path).isEqualTo(200);
      assertThat(owner.header("Cache-Control")).as("never in a shared cache").startsWith("private");
      Reply reviewer = api.get(url, admin);
      assertThat(reviewer.status()).as("%s for an admin (the review console)", path).isEqualTo(200);
      assertThat(reviewer.header("Cache-Control")).startsWith("private");
    }
    assertThat(api.get(TestApps.fileUrl(api, dev, appId, "1.0.0", "server.js"), dev).body())
        .contains("export async function hello");

    Reply icon = api.get(TestApps.fileUrl(api, dev, appId, "1.0.0", "icon.png"), Caller.anonymous());
    assertThat(icon.status()).as("the icon, outside ui/, is public: %s", icon).isEqualTo(200);
    assertThat(icon.header("Cache-Control")).startsWith("public");
    assertThat(api.get(pageUrl, Caller.anonymous()).status()).isEqualTo(200);
  }

  @Test
  void draftFiles_areOnlyForTheOwnerAndAdmins() {
    String draftApp = TestApps.appId(api, "draft");
    TestApps.createApp(api, dev, draftApp);
    TestApps.draft(api, dev, draftApp, "0.1.0");
    String url = TestApps.fileUrl(api, dev, draftApp, "0.1.0", "server.js");

    assertThat(api.get(url, Caller.anonymous()).status()).isEqualTo(404);
    assertThat(api.get(url, api.signUp("stranger")).status()).isEqualTo(404);
    assertThat(api.get(url, TestApps.developer(api, admin, "otherdev")).status()).isEqualTo(404);
    Reply owner = api.get(url, dev);
    assertThat(owner.status()).isEqualTo(200);
    assertThat(owner.body()).contains("export async function hello");
    assertThat(owner.header("Cache-Control")).as("never in a shared cache").startsWith("private");
    assertThat(api.get(url, admin).status()).isEqualTo(200);
  }

  @Test
  void suspendedAppFiles_areOnlyForAdmins() {
    String suspendedApp = TestApps.appId(api, "susp");
    TestApps.createApp(api, dev, suspendedApp);
    TestApps.publish(api, dev, admin, suspendedApp, "1.0.0");
    String url = TestApps.fileUrl(api, dev, suspendedApp, "1.0.0", "ui/index.html");
    assertThat(api.get(url, Caller.anonymous()).status()).isEqualTo(200);

    assertThat(api.post("/api/admin/apps/" + suspendedApp + "/suspend", admin, new JsonObject().put("reason", "abuse"))
        .status()).isEqualTo(200);
    assertThat(api.get(url, Caller.anonymous()).status()).isEqualTo(404);
    assertThat(api.get(url, api.signUp("user")).status()).isEqualTo(404);
    assertThat(api.get(url, dev).status()).as("not even the owner").isEqualTo(404);
    Reply asAdmin = api.get(url, admin);
    assertThat(asAdmin.status()).isEqualTo(200);
    assertThat(asAdmin.header("Cache-Control")).startsWith("private");

    assertThat(api.post("/api/admin/apps/" + suspendedApp + "/unsuspend", admin, new JsonObject()).status())
        .isEqualTo(200);
    assertThat(api.get(url, Caller.anonymous()).status()).isEqualTo(200);
  }

  private static Caller headers(String... nameValue) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      map.put(nameValue[i], nameValue[i + 1]);
    }
    return () -> map;
  }
}
