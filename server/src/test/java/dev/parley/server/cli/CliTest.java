package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.ExitCodes;
import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import dev.parley.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every subcommand of the developer CLI against a real server, with the exit codes scripts see. */
class CliTest {

  private static final String ROOT_PASSWORD = "console-secret-1";
  private static TestServer server;
  private static String address;

  @TempDir
  Path work;

  @BeforeAll
  static void start() {
    server = TestServer.create(Kind.H2, o -> o.setBootstrapAdmin(new JsonObject().put("username", "root")
        .put("password", ROOT_PASSWORD))).start(java.time.Duration.ofMinutes(5));
    address = "http://127.0.0.1:" + server.server().port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A developer account signed in through the CLI (login with a password): its runner and session. */
  private record Developer(CliRunner cli, TestUser user) {
  }

  private Developer developer(String name) {
    ApiClient api = server.api();
    TestUser dev = api.signUp(name);
    api.grant(api.signIn("root", ROOT_PASSWORD), dev, "developer");
    CliRunner cli = new CliRunner(work.resolve("config-" + name)).env("PARLEY_PASSWORD", dev.password());
    CliRunner.Run login = cli.run("login", "--server", address, "--username", dev.username());
    assertThat(login.code()).as("%s", login).isZero();
    return new Developer(cli, dev);
  }

  @Test
  void init_makesAFolderThatValidates_andEveryTemplateDoes() {
    CliRunner cli = new CliRunner(work.resolve("config"));
    for (String template : new String[] {"command", "page", "payments", "search"}) {
      CliRunner.Run init = cli.run("init", "t-" + template, "--template", template, "--dir", work.toString());
      assertThat(init.code()).as("%s", init).isZero();
      Path app = work.resolve("t-" + template);
      assertThat(app.resolve("manifest.json")).exists();
      assertThat(app.resolve("server.js")).exists();
      assertThat(app.resolve("ui/index.html")).exists();
      assertThat(app.resolve("test/server.test.js")).exists();
      assertThat(app.resolve("README.md")).exists();
      CliRunner.Run valid = cli.run("validate", "--dir", app.toString());
      assertThat(valid.code()).as("%s", valid).isZero();
      assertThat(valid.out()).contains("t-" + template + " 0.1.0: no problems");
    }
    CliRunner.Run again = cli.run("init", "t-command", "--dir", work.toString());
    assertThat(again.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(again.err()).contains("is not empty");
    assertThat(cli.run("init", "Bad_Id", "--dir", work.toString()).code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void validate_printsEachProblemWithFilePointerAndLine() throws IOException {
    CliRunner cli = new CliRunner(work.resolve("config"));
    cli.run("init", "broken", "--dir", work.toString());
    Path app = work.resolve("broken");
    Path manifest = app.resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replace("\"handler\": \"hello\"", "\"handler\": \"helo\""));
    CliRunner.Run run = cli.run("validate", "--dir", app.toString());
    assertThat(run.code()).as("%s", run).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err())
        .contains("manifest.json:16 /commands/0/handler: \"helo\" is not a function exported by server.js");

    Files.writeString(manifest,
        Files.readString(manifest).replace("\"helo\"", "\"hello\"").replace("\"description\": \"Say hello\"",
            "\"descripton\": \"Say hello\""));
    run = cli.run("validate", "--no-sandbox", "--dir", app.toString());
    assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).contains("manifest.json:13 /commands/0: unknown field \"descripton\"");
    assertThat(run.all()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aServerThatIsDown_isExit3_andNoTokenOrABadOne_isExit4() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    CliRunner cli = new CliRunner(work.resolve("config")).env("PARLEY_PASSWORD", "whatever-it-is");
    cli.run("init", "down", "--dir", work.toString());
    CliRunner.Run down = cli.run("login", "--server", "http://127.0.0.1:" + closed, "--username", "x");
    assertThat(down.code()).as("%s", down).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(down.err()).contains("cannot reach the Parley server at http://127.0.0.1:" + closed);

    CliRunner.Run notSignedIn = cli.run("status", "--server", address, "--dir", work.resolve("down").toString());
    assertThat(notSignedIn.code()).isEqualTo(ExitCodes.NOT_SIGNED_IN);
    assertThat(notSignedIn.err()).contains("run parley app login --server " + address);

    CliRunner.Run badToken = cli.env("PARLEY_TOKEN", "not-a-token").run("status", "--server", address, "--app", "down");
    assertThat(badToken.code()).as("%s", badToken).isEqualTo(ExitCodes.NOT_SIGNED_IN);
    assertThat(badToken.err()).contains("the server refused the token").contains("parley app login");

    CliRunner.Run badPassword = cli.env("PARLEY_TOKEN", null).run("login", "--server", address, "--username",
        "nobody1");
    assertThat(badPassword.code()).isEqualTo(ExitCodes.NOT_SIGNED_IN);
    assertThat(badPassword.err()).contains("sign-in refused");

    assertThat(cli.run("status", "--no-such-option").code()).isEqualTo(ExitCodes.USAGE);
    CliRunner.Run completion = cli.run("generate-completion");
    assertThat(completion.code()).isZero();
    assertThat(completion.out()).contains("complete -F");
  }

  @Test
  void login_publish_approve_thenStatusVersionsUsageLogsSecret_andTheAppAnswersInAConversation() throws IOException {
    Developer dev = developer("ada");
    Path config = dev.cli().configDir().resolve("cli.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
    assertThat(Files.readString(config)).contains(address);

    CliRunner cli = dev.cli();
    cli.run("init", "greeter", "--dir", work.toString());
    String app = work.resolve("greeter").toString();
    CliRunner.Run publish = cli.run("publish", "--dir", app);
    assertThat(publish.code()).as("%s", publish).isZero();
    assertThat(publish.out()).contains("Created the app greeter").contains("Submitted greeter 0.1.0 for review");

    ApiClient api = server.api();
    TestUser root = api.signIn("root", ROOT_PASSWORD);
    assertThat(api.post("/api/admin/apps/greeter/versions/0.1.0/approve", root, new JsonObject()).status())
        .isEqualTo(200);

    CliRunner.Run status = cli.run("status", "--dir", app);
    assertThat(status.code()).as("%s", status).isZero();
    assertThat(status.out()).contains("live:    0.1.0").contains("active");
    CliRunner.Run versions = cli.run("versions", "--dir", app);
    assertThat(versions.out()).containsPattern("0\\.1\\.0\\s+approved\\s+yes");

    // the app answers in a conversation
    TestUser bob = api.signUp("bob");
    String group = api.group(dev.user(), "try", bob).getString("id");
    assertThat(api.post("/api/conversations/" + group + "/apps", dev.user(), new JsonObject().put("appId", "greeter"))
        .status()).isEqualTo(201);
    api.post("/api/apps/greeter/consent", dev.user(),
        new JsonObject().put("permissions", new JsonArray().add("cards.post")));
    Reply hello = api.post("/api/conversations/" + group + "/commands", dev.user(),
        new JsonObject().put("text", "/hello Ada"));
    assertThat(hello.json().encode()).contains("Hello, Ada!");

    CliRunner.Run usage = cli.run("usage", "--dir", app);
    assertThat(usage.code()).as("%s", usage).isZero();
    assertThat(usage.out()).contains("greeter:").contains("invocations");
    CliRunner.Run logs = cli.run("logs", "--dir", app, "--follow", "--poll-millis", "100", "--follow-for-millis",
        "300");
    assertThat(logs.code()).as("%s", logs).isZero();
    CliRunner.Run secret = cli.run("secret", "rotate", "--dir", app);
    assertThat(secret.code()).as("%s", secret).isZero();
    assertThat(secret.out().strip()).hasSizeGreaterThan(20);

    // a version whose number exists with other content: refused in words
    Path serverJs = work.resolve("greeter/greeting.js");
    Files.writeString(serverJs, Files.readString(serverJs).replace("Hello, ", "Hi, "));
    CliRunner.Run same = cli.run("publish", "--dir", app);
    assertThat(same.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(same.err()).contains("version 0.1.0 of 'greeter' exists with other content");

    // someone else's app is not found
    CliRunner.Run other = developer("eve").cli().run("status", "--app", "greeter");
    assertThat(other.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(other.err()).contains("app 'greeter'");
  }

  @Test
  void aRefusedUpload_printsTheServersProblems() throws IOException {
    Developer dev = developer("bea");
    CliRunner cli = dev.cli();
    cli.run("init", "refused", "--dir", work.toString());
    Path manifest = work.resolve("refused/manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replace("\"handler\": \"hello\"", "\"handler\": \"helo\""));
    CliRunner.Run publish = cli.run("publish", "--dir", work.resolve("refused").toString());
    assertThat(publish.code()).as("%s", publish).isEqualTo(ExitCodes.FAILED);
    assertThat(publish.err()).contains("/commands/0/handler").contains("helo");
    assertThat(publish.all()).doesNotContain("\tat ");

    CliRunner.Run release = cli.run("publish", "--release-at", "tomorrow", "--dir", work.resolve("refused").toString());
    assertThat(release.code()).isEqualTo(ExitCodes.USAGE);
  }
}
