package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.ExitCodes;
import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.LiveClient;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import dev.parley.server.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode end to end: a save is live in the developer's conversation, nobody else sees it, a disabled server refuses. */
class DevModeTest {

  private static final String ROOT_PASSWORD = "console-secret-1";
  private static final Pattern CONVERSATION = Pattern.compile("Your development conversation: (\\S+)");

  @TempDir
  Path work;

  private static TestServer server(Boolean devMode) {
    return TestServer.create(Kind.H2, o -> {
      o.setBootstrapAdmin(new JsonObject().put("username", "root").put("password", ROOT_PASSWORD));
      o.setDevModeEnabled(devMode);
    }).start(Duration.ofMinutes(5));
  }

  private CliRunner developer(TestServer server, TestUser[] user) {
    ApiClient api = server.api();
    TestUser dev = api.signUp("dev");
    api.grant(api.signIn("root", ROOT_PASSWORD), dev, "developer");
    user[0] = dev;
    CliRunner cli = new CliRunner(work.resolve("config")).env("PARLEY_PASSWORD", dev.password());
    CliRunner.Run login = cli.run("login", "--server", "http://127.0.0.1:" + server.server().port(), "--username",
        dev.username());
    assertThat(login.code()).as("%s", login).isZero();
    return cli;
  }

  private static String say(ApiClient api, TestUser user, String conversation, String text) {
    Reply r = api.post("/api/conversations/" + conversation + "/commands", user, new JsonObject().put("text", text));
    return r.status() + " " + r.body();
  }

  @Test
  void aSaveIsLive_onlyInTheDevelopersConversation_andBlocksNoVersionNumber() throws Exception {
    try (TestServer server = server(null)) { // the embedded database: dev mode on by default
      TestUser[] dev = new TestUser[1];
      CliRunner cli = developer(server, dev);
      ApiClient api = server.api();
      cli.run("init", "live-app", "--dir", work.toString());
      Path app = work.resolve("live-app");

      CliRunner.Run first = cli.run("dev", "--once", "--dir", app.toString());
      assertThat(first.code()).as("%s", first).isZero();
      assertThat(first.out()).containsPattern("live live-app 0\\.1\\.0\\+dev in \\d+ ms");
      Matcher m = CONVERSATION.matcher(first.out());
      assertThat(m.find()).isTrue();
      String conversation = m.group(1);
      assertThat(say(api, dev[0], conversation, "/hello Ada")).startsWith("200").contains("Hello, Ada!");

      // a save: watching, the changed file is live at once
      CompletableFuture<CliRunner.Run> watching = CompletableFuture.supplyAsync(
          () -> cli.run("dev", "--for-millis", "60000", "--dir", app.toString()));
      Path module = app.resolve("greeting.js");
      long deadline = System.currentTimeMillis() + 120_000;
      String answer = "";
      String changed = Files.readString(module).replace("\"Hello, \"", "\"Hi, \"");
      while (System.currentTimeMillis() < deadline && !answer.contains("Hi, Ada!")) {
        Files.writeString(module, changed); // saved again until the watcher, starting meanwhile, sees it
        Thread.sleep(1000);
        answer = say(api, dev[0], conversation, "/hello Ada");
      }
      assertThat(answer).contains("Hi, Ada!");

      // nobody else: not a member of the development conversation, not in the directory, not installable
      TestUser eve = api.signUp("eve");
      assertThat(say(api, eve, conversation, "/hello Ada")).doesNotStartWith("200");
      assertThat(api.get("/api/apps", eve).body()).doesNotContain("live-app");
      String own = api.group(eve, "eve's", dev[0]).getString("id");
      assertThat(api.post("/api/conversations/" + own + "/apps", eve, new JsonObject().put("appId", "live-app"))
          .status()).isEqualTo(409);
      assertThat(say(api, dev[0], own, "/hello Ada")).startsWith("404");

      // a development version is no version: 0.1.0 can still be published
      CliRunner.Run versions = cli.run("versions", "--dir", app.toString());
      assertThat(versions.out()).contains("no versions yet");
      assertThat(cli.run("publish", "--dir", app.toString()).code()).isZero();

      // a broken save is refused with its problem, and the last good one stays live
      Files.writeString(module, Files.readString(module) + "\nexport function broken( {\n");
      CliRunner.Run refused = cli.run("dev", "--once", "--dir", app.toString());
      assertThat(refused.code()).isEqualTo(ExitCodes.FAILED);
      assertThat(refused.err()).contains("refused").contains("greeting.js");
      assertThat(say(api, dev[0], conversation, "/hello Ada")).contains("Hi, Ada!");
      watching.join();
    }
  }

  /** A GET on the app's origin: to 127.0.0.1 with the {@code Host} of {@code url}. */
  private static Reply onAppOrigin(TestServer server, String url) {
    URI uri = URI.create(url);
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(server.server().port(), "127.0.0.1"))
        .setHost(uri.getHost()).setPort(server.server().port()).setURI(uri.getRawPath());
    WebClient http = WebClient.create(server.vertx());
    try {
      return ApiClient.await(http.request(HttpMethod.GET, options).send().map(r -> new Reply(r.statusCode(),
          MultiMap.caseInsensitiveMultiMap().addAll(r.headers()), r.bodyAsString() == null ? "" : r.bodyAsString())));
    } finally {
      http.close();
    }
  }

  @Test
  void aDevPage_isServedOnlyToItsConversationsMembers_andItsCspReportsReachTheDevelopersLog() {
    try (TestServer server = server(null)) {
      TestUser[] dev = new TestUser[1];
      CliRunner cli = developer(server, dev);
      ApiClient api = server.api();
      cli.run("init", "page-app", "--dir", work.toString());
      Path app = work.resolve("page-app");
      CliRunner.Run first = cli.run("dev", "--once", "--dir", app.toString());
      assertThat(first.code()).as("%s", first).isZero();
      Matcher m = CONVERSATION.matcher(first.out());
      assertThat(m.find()).isTrue();
      String conversation = m.group(1);

      // the conversation lists it (the messenger's app list), then the developer launches its page: a /dev/<token>/ URL
      JsonObject listed = new JsonArray(api.get("/api/conversations/" + conversation + "/apps", dev[0]).body())
          .getJsonObject(0);
      assertThat(listed.getJsonObject("app").getString("id")).isEqualTo("page-app");
      assertThat(listed.getBoolean("dev")).isTrue();
      assertThat(listed.getBoolean("hasPage")).isTrue();
      Reply launch = api.post("/api/conversations/" + conversation + "/apps/page-app/launch", dev[0],
          new JsonObject());
      assertThat(launch.status()).as(launch.body()).isEqualTo(200);
      JsonObject launched = new JsonObject(launch.body());
      assertThat(launched.getString("version")).isEqualTo("0.1.0+dev");
      assertThat(launched.getJsonObject("launchParams").getString("version")).isEqualTo("0.1.0+dev");
      String pageUrl = launched.getString("pageUrl");
      assertThat(pageUrl).startsWith("http://page-app.apps.localhost:").contains("/dev/").endsWith("/");
      Reply page = onAppOrigin(server, pageUrl);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains("<title>Page App</title>").contains("src=\"app.js\"");
      assertThat(onAppOrigin(server, pageUrl + "app.js").status()).as("the page's relative files, in its folder")
          .isEqualTo(200);
      assertThat(page.header("Cache-Control")).isEqualTo("no-store");
      assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'")
          .endsWith("; report-uri http://localhost:" + server.server().port() + "/api/dev/csp-reports/page-app");

      // nobody else: the published origin has no live version, a non-member cannot launch, a forged token gets nothing
      assertThat(onAppOrigin(server, "http://page-app.apps.localhost/").status()).isEqualTo(404);
      TestUser eve = api.signUp("eve");
      assertThat(api.post("/api/conversations/" + conversation + "/apps/page-app/launch", eve, new JsonObject())
          .status()).isIn(403, 404);
      String token = pageUrl.replaceAll(".*/dev/([^/]+)/$", "$1");
      String forged = pageUrl.replace(token, eve.id() + token.substring(token.lastIndexOf('.')));
      assertThat(onAppOrigin(server, forged).status()).isEqualTo(404);
      assertThat(onAppOrigin(server, pageUrl.replace(token, token + "x")).status()).isEqualTo(404);

      // a CSP report of the page lands in the developer's log, which `parley app dev` prints
      String report = new JsonObject().put("csp-report", new JsonObject()
          .put("document-uri", pageUrl).put("effective-directive", "script-src-elem").put("blocked-uri", "inline")
          .put("source-file", pageUrl + "index.html").put("line-number", 7).put("column-number", 3)).encode();
      Reply sent = api.request(HttpMethod.POST, "/api/dev/csp-reports/page-app", Caller.anonymous(),
          Buffer.buffer(report), "application/csp-report");
      assertThat(sent.status()).as(sent.body()).isEqualTo(204);
      String reportsJson = new JsonArray().add(new JsonObject().put("type", "csp-violation").put("body",
          new JsonObject().put("effectiveDirective", "img-src").put("blockedURL", "https://evil.example/x.png")
              .put("sourceFile", pageUrl + "app.js").put("lineNumber", 2).put("columnNumber", 9)))
          .encode();
      assertThat(api.request(HttpMethod.POST, "/api/dev/csp-reports/page-app", Caller.anonymous(),
          Buffer.buffer(reportsJson), "application/reports+json").status()).isEqualTo(204);
      String logs = api.get("/api/developer/apps/page-app/logs", dev[0]).body();
      assertThat(logs).contains("CSP refused an inline script (script-src-elem) at ui/index.html:7:3")
          .contains("CSP refused https://evil.example/x.png (img-src) at ui/app.js:2:9");

      // no development version, no listening; other content types are refused; a body is capped
      assertThat(api.request(HttpMethod.POST, "/api/dev/csp-reports/other-app", Caller.anonymous(),
          Buffer.buffer(report), "application/csp-report").status()).isEqualTo(404);
      assertThat(api.request(HttpMethod.POST, "/api/dev/csp-reports/page-app", Caller.anonymous(),
          Buffer.buffer("x=1"), "application/x-www-form-urlencoded").status()).isEqualTo(415);
      assertThat(api.request(HttpMethod.POST, "/api/dev/csp-reports/page-app", Caller.anonymous(),
          Buffer.buffer("[" + "0,".repeat(20_000) + "0]"), "application/reports+json").status()).isEqualTo(413);
    }
  }

  @Test
  void eachSave_tellsOnlyTheDevelopmentConversationsSocketsToReload() {
    try (TestServer server = server(null)) {
      TestUser[] dev = new TestUser[1];
      CliRunner cli = developer(server, dev);
      ApiClient api = server.api();
      cli.run("init", "reload-app", "--dir", work.toString());
      Path app = work.resolve("reload-app");
      CliRunner.Run first = cli.run("dev", "--once", "--dir", app.toString());
      assertThat(first.code()).as("%s", first).isZero();
      Matcher m = CONVERSATION.matcher(first.out());
      assertThat(m.find()).isTrue();
      String conversation = m.group(1);
      TestUser eve = api.signUp("eve");
      String shared = api.group(dev[0], "shared", eve).getString("id");

      try (LiveClient devLive = api.live(dev[0]); LiveClient eveLive = api.live(eve)) {
        assertThat(cli.run("dev", "--once", "--dir", app.toString()).code()).isZero();
        JsonObject reloaded = devLive.next("app_reloaded");
        assertThat(reloaded.getString("conversationId")).isEqualTo(conversation);
        assertThat(reloaded.getString("appId")).isEqualTo("reload-app");
        assertThat(reloaded.getString("digest")).hasSize(64);

        // eve shares a conversation with the developer but not the development one: a message there
        // is the fence, and nothing of the save came before it
        api.send(dev[0], shared, "fence");
        List<JsonObject> seen = new ArrayList<>();
        JsonObject frame;
        do {
          frame = eveLive.next();
          seen.add(frame);
        } while (!"message".equals(frame.getString("type")));
        assertThat(seen).noneMatch(f -> "app_reloaded".equals(f.getString("type")));
      }
    }
  }

  @Test
  void aServerWithDevModeOff_refuses() {
    try (TestServer server = server(false)) {
      CliRunner cli = developer(server, new TestUser[1]);
      cli.run("init", "off-app", "--dir", work.toString());
      CliRunner.Run run = cli.run("dev", "--once", "--dir", work.resolve("off-app").toString());
      assertThat(run.code()).as("%s", run).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err()).contains("dev mode is disabled on this server");
    }
  }
}
