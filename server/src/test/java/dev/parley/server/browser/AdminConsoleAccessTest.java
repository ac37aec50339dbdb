package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import dev.parley.server.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who gets the admin console at {@code /admin} (plain HTTP, no browser): only a signed-in admin
 * gets its page and code; anybody else gets the public sign-in page, with 401 or 403.
 */
class AdminConsoleAccessTest {

  private static final String ROOT_PASSWORD = "console-secret-1";

  private static TestServer server;
  private static ApiClient api;
  private static TestUser admin;
  private static boolean built;

  @BeforeAll
  static void start() {
    server = TestServer.start(Kind.H2, o -> o.setBootstrapAdmin(new JsonObject()
        .put("username", "root").put("password", ROOT_PASSWORD)));
    api = server.api();
    admin = api.signIn("root", ROOT_PASSWORD);
    built = AdminConsoleAccessTest.class.getClassLoader().getResource("webroot/admin-ui/index.html") != null;
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void anonymous_getsTheSignInPage_with401_atEveryConsoleAddress() {
    if (!built) {
      assertThat(api.get("/admin", Caller.anonymous()).status()).isEqualTo(503);
      return;
    }
    for (String path : new String[] {"/admin", "/admin/", "/admin/reviews", "/admin/apps/pay/versions/1.0.0"}) {
      Reply reply = api.get(path, Caller.anonymous());
      assertThat(reply.status()).as(path).isEqualTo(401);
      assertThat(reply.contentType()).as(path).isEqualTo("text/html");
      assertThat(reply.body()).as(path).contains("/admin/signin.js").doesNotContain("/admin/assets/");
      assertThat(reply.header("Cache-Control")).as(path).contains("no-store");
      assertThat(reply.header("Content-Security-Policy")).as(path).contains("script-src 'self'");
    }
    String asset = assetOf(api.get("/admin", admin).body());
    Reply code = api.get(asset, Caller.anonymous());
    assertThat(code.status()).isEqualTo(401);
    assertThat(code.body()).doesNotContain("function");
  }

  @Test
  void signedInNonAdmins_get403_evenDevelopersWithATokenOrTheirCookie() {
    if (!built) {
      return;
    }
    TestUser ann = api.signUp("Ann");
    Reply page = api.get("/admin/reviews", ann);
    assertThat(page.status()).isEqualTo(403);
    assertThat(page.body()).contains("This console is for admins").contains("/admin/signin.js");

    TestUser dev = api.signUp("Dev");
    api.grant(admin, dev, "developer");
    String token = api.post("/api/tokens", dev, new JsonObject().put("name", "ci")).json().getString("token");
    assertThat(api.get("/admin", Caller.bearer(token)).status()).isEqualTo(403);
    assertThat(api.get(assetOf(api.get("/admin", admin).body()), dev).status()).isEqualTo(403);
  }

  @Test
  void theSignInPage_isPublic() {
    if (!built) {
      return;
    }
    Reply page = api.get("/admin/signin", Caller.anonymous());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).isEqualTo("text/html");
    assertThat(page.body()).contains("signin-username");
    Reply script = api.get("/admin/signin.js", Caller.anonymous());
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).isEqualTo("text/javascript");
    assertThat(script.body()).contains("/api/auth/signin");
    assertThat(api.get("/admin/favicon.svg", Caller.anonymous()).status()).isEqualTo(200);
    // An admin who is signed in already goes on to the console.
    Reply again = api.get("/admin/signin", admin);
    assertThat(again.status()).isEqualTo(302);
    assertThat(again.header("Location")).isEqualTo("/admin/");
  }

  @Test
  void admins_getTheConsole_deepLinksIncluded_andItsHashedCode_cachedPrivately() {
    if (!built) {
      assertThat(api.get("/admin", admin).status()).isEqualTo(503);
      return;
    }
    Reply index = api.get("/admin", admin);
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.contentType()).isEqualTo("text/html");
    assertThat(index.body()).contains("<div id=\"app\">");
    assertThat(index.header("Cache-Control")).contains("no-cache");
    assertThat(index.header("Content-Security-Policy")).contains("default-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(index.header("X-Content-Type-Options")).isEqualTo("nosniff");

    for (String deep : new String[] {"/admin/reviews", "/admin/apps/pay-go/versions/1.2.0", "/admin/audit"}) {
      Reply shell = api.get(deep, admin);
      assertThat(shell.status()).as(deep).isEqualTo(200);
      assertThat(shell.body()).as(deep).isEqualTo(index.body());
    }

    String asset = assetOf(index.body());
    Reply code = api.get(asset, admin);
    assertThat(code.status()).isEqualTo(200);
    assertThat(code.contentType()).isEqualTo("text/javascript");
    assertThat(code.header("Cache-Control")).contains("max-age=31536000").contains("immutable").contains("private");

    assertThat(api.get("/admin/assets/missing-123.js", admin).status()).isEqualTo(404);
    assertThat(api.get("/admin/assets/../index.html", admin).status()).isIn(200, 404); // normalised: never outside webroot
    assertThat(api.request(HttpMethod.HEAD, "/admin", admin, null, null).status()).isEqualTo(200);
  }

  @Test
  void theMessengerAndTheApi_areUntouched() {
    assertThat(api.get("/api/session", Caller.anonymous()).status()).isEqualTo(401);
    assertThat(api.get("/administrator", Caller.anonymous()).status()).isNotIn(401, 403);
  }

  /** The console's script, as its index names it. */
  private static String assetOf(String index) {
    Matcher m = Pattern.compile("src=\"(/admin/assets/[^\"]+\\.js)\"").matcher(index);
    assertThat(m.find()).as("a script in %s", index).isTrue();
    return m.group(1);
  }
}
