package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import dev.parley.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows docs/guide.md as a new developer would, so that the guide cannot rot: every line of every
 * {@code sh} block runs, in order, and every {@code <!-- guide: ... -->} step (something done in the
 * messenger or the admin console) is done through the API those use.
 *
 * <p>How the lines run: {@code ./parley start} starts a real server (a {@link TestServer} with the
 * flags of the line, on a free port that replaces {@code localhost:8080} in later lines);
 * {@code parley app ...} runs the CLI in-process in the current folder; {@code cd} changes that
 * folder; {@code node --test} runs Node; {@code export PATH=...} is the shell's business. Any other
 * line fails the test: a guide may only hold commands this test can run.
 */
class GuideTest {

  private static final Pattern FLAG = Pattern.compile("--bootstrap-admin\\.(username|password)=('([^']*)'|(\\S+))");
  private static final Pattern STEP = Pattern.compile("^<!-- guide: (.*) -->$");

  @TempDir
  Path clone;

  private TestServer server;
  private String address;
  private String adminName;
  private String adminPassword;
  private Path cwd;
  private CliRunner cli;
  private final List<String> ran = new ArrayList<>();

  @Test
  void everyCommandOfTheGuideWorks() throws Exception {
    Path guide = Path.of("..", "docs", "guide.md");
    List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
    cwd = clone;
    cli = new CliRunner(clone.resolve(".config-parley"));
    long started = System.nanoTime();
    try {
      boolean inSh = false;
      for (String line : lines) {
        String t = line.strip();
        if (t.startsWith("```")) {
          inSh = !inSh && t.equals("```sh");
          continue;
        }
        if (inSh && !t.isEmpty() && !t.startsWith("#")) {
          runCommand(t);
        }
        Matcher step = STEP.matcher(t);
        if (!inSh && step.matches()) {
          runStep(step.group(1));
        }
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
    assertThat(ran).as("commands the guide ran").hasSizeGreaterThan(10);
    System.out.printf("GuideTest: %d commands and steps of docs/guide.md in %.1f s%n", ran.size(),
        (System.nanoTime() - started) / 1e9);
  }

  private void runCommand(String line) throws IOException, InterruptedException {
    ran.add(line);
    if (line.startsWith("./parley start")) {
      Matcher m = FLAG.matcher(line);
      while (m.find()) {
        String value = m.group(3) != null ? m.group(3) : m.group(4);
        if (m.group(1).equals("username")) {
          adminName = value;
        } else {
          adminPassword = value;
        }
      }
      server = TestServer.create(Kind.H2, o -> o.setBootstrapAdmin(new JsonObject().put("username", adminName)
          .put("password", adminPassword))).start(java.time.Duration.ofMinutes(5));
      address = "http://127.0.0.1:" + server.server().port();
      cli.env("PARLEY_PASSWORD", adminPassword); // what login's prompt would be answered with
      return;
    }
    if (line.startsWith("export PATH=")) {
      return;
    }
    if (line.startsWith("cd ")) {
      cwd = cwd.resolve(line.substring(3).strip()).normalize();
      assertThat(cwd).as(line).isDirectory();
      return;
    }
    if (line.startsWith("node --test")) {
      Process node = new ProcessBuilder(words(line)).directory(cwd.toFile()).redirectErrorStream(true).start();
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(node.exitValue()).as("%s in %s:%n%s", line, cwd, output).isZero();
      return;
    }
    if (line.startsWith("parley app ") || line.startsWith("./parley app ")) {
      List<String> args = words(line.replace("http://localhost:8080", address));
      args = new ArrayList<>(args.subList(2, args.size()));
      if (!args.contains("--dir") && !args.contains("generate-completion")) {
        args.add("--dir");
        args.add(cwd.toString());
      }
      CliRunner.Run run = cli.run(args.toArray(String[]::new));
      assertThat(run.code()).as("%s%n%s", line, run).isZero();
      return;
    }
    fail("docs/guide.md has a command GuideTest cannot run: " + line);
  }

  private void runStep(String step) {
    ran.add(step);
    List<String> w = words(step);
    ApiClient api = server.api();
    TestUser admin = api.signIn(adminName, adminPassword);
    switch (w.get(0)) {
      case "grant" -> api.grant(admin, api.signIn(w.get(2), w.get(2).equals(adminName) ? adminPassword : ""), w.get(1));
      case "approve" -> {
        Reply r = api.post("/api/admin/apps/" + w.get(1) + "/versions/" + w.get(2) + "/approve", admin,
            new JsonObject());
        assertThat(r.status()).as("%s: %s", step, r).isEqualTo(200);
      }
      case "try" -> tryInAConversation(api, admin, w.get(2), w.get(3), w.get(4));
      default -> fail("unknown guide step: " + step);
    }
  }

  /** Opens a conversation with someone, adds the app, allows what it asks, sends the command. */
  private void tryInAConversation(ApiClient api, TestUser user, String appId, String command, String expected) {
    TestUser friend = api.signUp("friend");
    String group = api.group(user, "Trying " + appId, friend).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", user, new JsonObject().put("appId", appId));
    assertThat(installed.status()).as("%s", installed).isEqualTo(201);
    JsonObject body = new JsonObject().put("text", command);
    Reply answer = api.post("/api/conversations/" + group + "/commands", user, body);
    if ("consent_required".equals(answer.json().getString("status"))) {
      JsonArray names = new JsonArray();
      answer.json().getJsonArray("permissions").forEach(p -> names.add(((JsonObject) p).getString("name")));
      assertThat(api.post("/api/apps/" + appId + "/consent", user, new JsonObject().put("permissions", names)).status())
          .isEqualTo(200);
      answer = api.post("/api/conversations/" + group + "/commands", user, body);
    }
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    assertThat(answer.json().getString("status")).isEqualTo("done");
    assertThat(answer.json().getJsonArray("messages").encode()).contains(expected);
  }

  /** Splits a line into words as a shell would for these lines: spaces, and '…' or "…" quoting. */
  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any || !word.isEmpty()) {
          out.add(word.toString());
          word.setLength(0);
          any = false;
        }
      } else {
        word.append(c);
      }
    }
    if (any || !word.isEmpty()) {
      out.add(word.toString());
    }
    return out;
  }
}
