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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TypeScript app from init to an answer in a conversation: the CLI compiles src/server.ts with
 * esbuild before validate and publish, and a syntax error names the .ts file, line and column. The
 * esbuild is the cli module's own (cli/package.json, installed by its build), so the test does not
 * download anything; without it (-DskipUi) the CLI's default, npx esbuild@pinned, runs.
 */
class TypeScriptAppTest {

  private static final String ROOT_PASSWORD = "console-secret-1";
  private static final Path ESBUILD = Path.of("..", "cli", "node_modules", ".bin", "esbuild").toAbsolutePath()
      .normalize();
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

  private CliRunner cli(String name) {
    CliRunner cli = new CliRunner(work.resolve("config-" + name));
    return Files.isExecutable(ESBUILD) ? cli.env("PARLEY_ESBUILD", ESBUILD.toString()) : cli;
  }

  @Test
  void initTypeScript_validates_publishes_andItsCommandAnswers() {
    ApiClient api = server.api();
    TestUser dev = api.signUp("tess");
    TestUser root = api.signIn("root", ROOT_PASSWORD);
    api.grant(root, dev, "developer");
    CliRunner cli = cli("tess").env("PARLEY_PASSWORD", dev.password());
    assertThat(cli.run("login", "--server", address, "--username", dev.username()).code()).isZero();

    CliRunner.Run init = cli.run("init", "hello-ts", "--typescript", "--dir", work.toString());
    assertThat(init.code()).as("%s", init).isZero();
    assertThat(init.out()).contains("TypeScript");
    Path app = work.resolve("hello-ts");
    assertThat(app.resolve("src/server.ts")).content().contains("import { greeting } from \"./greeting.ts\"")
        .contains("event: CommandEvent");
    assertThat(app.resolve("src/greeting.ts")).exists();
    assertThat(app.resolve("types/parley-host.d.ts")).content().contains("declare const parley");
    assertThat(app.resolve("types/handlers.d.ts")).content().contains("interface CommandEvent");
    assertThat(app.resolve("tsconfig.json")).content().contains("types/*.d.ts");
    assertThat(app.resolve("README.md")).content().contains("esbuild");
    assertThat(app.resolve("server.js")).doesNotExist();

    CliRunner.Run valid = cli.run("validate", "--dir", app.toString());
    assertThat(valid.code()).as("%s", valid).isZero();
    assertThat(valid.out()).contains("hello-ts 0.1.0: no problems");

    CliRunner.Run publish = cli.run("publish", "--dir", app.toString());
    assertThat(publish.code()).as("%s", publish).isZero();
    assertThat(api.post("/api/admin/apps/hello-ts/versions/0.1.0/approve", root, new JsonObject()).status())
        .isEqualTo(200);

    TestUser bob = api.signUp("bobts");
    String group = api.group(dev, "ts", bob).getString("id");
    assertThat(api.post("/api/conversations/" + group + "/apps", dev, new JsonObject().put("appId", "hello-ts"))
        .status()).isEqualTo(201);
    api.post("/api/apps/hello-ts/consent", dev, new JsonObject().put("permissions", new JsonArray().add("cards.post")));
    Reply hello = api.post("/api/conversations/" + group + "/commands", dev,
        new JsonObject().put("text", "/hello Ada"));
    assertThat(hello.json().encode()).contains("Hello, Ada!");
  }

  @Test
  void devMode_compilesEachSave_andABrokenSaveNamesTheTsFile() throws IOException {
    ApiClient api = server.api();
    TestUser dev = api.signUp("devts");
    api.grant(api.signIn("root", ROOT_PASSWORD), dev, "developer");
    CliRunner cli = cli("devts").env("PARLEY_PASSWORD", dev.password());
    assertThat(cli.run("login", "--server", address, "--username", dev.username()).code()).isZero();
    assertThat(cli.run("init", "live-ts", "--typescript", "--dir", work.toString()).code()).isZero();
    Path app = work.resolve("live-ts");

    CliRunner.Run first = cli.run("dev", "--once", "--dir", app.toString());
    assertThat(first.code()).as("%s", first).isZero();
    Matcher m = Pattern.compile("conversation: (\\S+)").matcher(first.out());
    assertThat(m.find()).as("%s", first).isTrue();
    String conversation = m.group(1);
    assertThat(say(api, dev, conversation, "/hello Ada")).contains("Hello, Ada!");

    // a save of the imported .ts module is compiled and live
    Path module = app.resolve("src/greeting.ts");
    Files.writeString(module, Files.readString(module).replace("\"Hello, \"", "\"Hi, \""));
    CliRunner.Run saved = cli.run("dev", "--once", "--dir", app.toString());
    assertThat(saved.code()).as("%s", saved).isZero();
    assertThat(say(api, dev, conversation, "/hello Ada")).contains("Hi, Ada!");

    // a broken save: the .ts file's place, exit 1, the last good code stays live
    Files.writeString(module, Files.readString(module) + "\nexport function broken( {\n");
    CliRunner.Run refused = cli.run("dev", "--once", "--dir", app.toString());
    assertThat(refused.code()).as("%s", refused).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.err()).containsPattern("src/greeting\\.ts:\\d+:\\d+");
    assertThat(say(api, dev, conversation, "/hello Ada")).contains("Hi, Ada!");
  }

  private static String say(ApiClient api, TestUser user, String conversation, String text) {
    Reply r = api.post("/api/conversations/" + conversation + "/commands", user, new JsonObject().put("text", text));
    return r.status() + " " + r.body();
  }

  @Test
  void aSyntaxErrorInATsModule_namesTheFileLineAndColumn_andExits1() throws IOException {
    CliRunner cli = cli("broken");
    assertThat(cli.run("init", "broken-ts", "--typescript", "--dir", work.toString()).code()).isZero();
    Path app = work.resolve("broken-ts");
    Path module = app.resolve("src/greeting.ts");
    Files.writeString(module, Files.readString(module).replace("return \"Hello, \" + who + \"!\";",
        "return \"Hello, \" + who +;"));

    CliRunner.Run valid = cli.run("validate", "--dir", app.toString());
    assertThat(valid.code()).as("%s", valid).isEqualTo(ExitCodes.FAILED);
    assertThat(valid.err()).containsPattern("src/greeting\\.ts:4:\\d+: Unexpected \";\"");
    assertThat(valid.all()).doesNotContain("\tat ");

    // publish compiles before it reaches the server: the same error, exit 1, nothing uploaded
    CliRunner.Run publish = cli.run("publish", "--server", address, "--dir", app.toString());
    assertThat(publish.code()).as("%s", publish).isEqualTo(ExitCodes.FAILED);
    assertThat(publish.err()).contains("1 TypeScript error").containsPattern("src/greeting\\.ts:4:\\d+");
  }
}
