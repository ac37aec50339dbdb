package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code Main} in a child JVM (the same java, the test class path): a bad setting stops it
 * with exit code 2 and a message on stderr; started on {@code --port 0} it prints the port it got;
 * killed for real (no shutdown hook runs) and started again on the same data directory, everything
 * that was answered before the kill is still there (crash safety of the embedded H2 store).
 */
class MainProcessTest {

  private static final Pattern READY = Pattern.compile("Parley is ready: http://localhost:(\\d+)");

  @TempDir
  Path dir;

  /** A started child process and the lines of its standard output. */
  private record Child(Process process, BlockingQueue<String> stdout, Path stderr) {

    String awaitLine(Pattern pattern, List<String> seen) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (true) {
        String line = stdout.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("the server did not print " + pattern + " in time; stdout so far: " + seen
              + "; stderr: " + readStderr());
        }
        seen.add(line);
        if (pattern.matcher(line).find()) {
          return line;
        }
      }
    }

    String readStderr() {
      try {
        return Files.readString(stderr);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }
  }

  private Child launch(String name, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
    builder.environment().putAll(env);
    Path stderr = dir.resolve(name + ".stderr");
    builder.redirectError(stderr.toFile());
    Process process = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process is gone
      }
    }, "stdout-of-" + name);
    reader.setDaemon(true);
    reader.start();
    return new Child(process, lines, stderr);
  }

  private static int exitCode(Child child) throws InterruptedException {
    assertThat(child.process().waitFor(2, TimeUnit.MINUTES)).as("the process ends").isTrue();
    return child.process().exitValue();
  }

  @Test
  void invalidFlag_exitsWithCode2AndSaysWhichSettingAndWhere() throws Exception {
    Child child = launch("bad-flag", Map.of(), "--port", "70000");
    assertThat(exitCode(child)).isEqualTo(2);
    assertThat(child.readStderr()).contains(
        "parley: invalid configuration: port must be between 0 and 65535, got 70000 (from flag --port)");
  }

  @Test
  void train_theAotCachesTrainingStart_makesAFirstVisitAndExitsZero() throws Exception {
    // ./parley runs this with -XX:AOTCacheOutput after a build; a request it makes that the API no
    // longer answers as expected would leave every start without the cache.
    Child child = launch("train", Map.of(), "train");
    assertThat(exitCode(child)).as("stderr: %s", child.readStderr()).isEqualTo(0);
  }

  @Test
  void invalidEnvironmentVariable_exitsWithCode2AndNamesTheVariable() throws Exception {
    Child child = launch("bad-env", Map.of("PARLEY_PORT", "70000"));
    assertThat(exitCode(child)).isEqualTo(2);
    assertThat(child.readStderr()).contains(
        "parley: invalid configuration: port must be between 0 and 65535, got 70000 (from environment variable PARLEY_PORT)");
  }

  @Test
  void killedForReal_andStartedAgainOnTheSameDataDir_keepsEverythingItHadAnswered() throws Exception {
    Path data = dir.resolve("data");
    String[] args = {"--port", "0", "--host", "127.0.0.1", "--data-dir", data.toString(), "--http-instances", "2"};
    Vertx vertx = Vertx.vertx();
    Child first = launch("first", Map.of(), args);
    Child second = null;
    try {
      List<String> banner = new ArrayList<>();
      Matcher ready = READY.matcher(first.awaitLine(READY, banner));
      assertThat(ready.find()).isTrue();
      int port = Integer.parseInt(ready.group(1));
      assertThat(port).isPositive();
      String link = first.awaitLine(Pattern.compile("/setup#token="), banner).trim();
      assertThat(link).startsWith("http://localhost:" + port + "/setup#token=");
      first.awaitLine(Pattern.compile("Press Ctrl\\+C to stop"), banner);
      assertThat(String.join("\n", banner)).contains("data directory:  " + data.toAbsolutePath().normalize())
          .contains("database:        jdbc:h2:file:");

      ApiClient api = new ApiClient(vertx, "127.0.0.1", port);
      Reply admin = api.post("/api/setup/admin", Caller.anonymous(), new JsonObject()
          .put("token", link.substring(link.indexOf("#token=") + 7)).put("username", "boss")
          .put("displayName", "Boss").put("password", ApiClient.PASSWORD));
      assertThat(admin.status()).isEqualTo(201);
      TestUser ann = api.signUp("Ann");
      TestUser bob = api.signUp("Bob");
      String group = api.group(ann, "Before the crash", bob).getString("id");
      JsonObject last = null;
      for (int i = 1; i <= 20; i++) {
        last = api.send(i % 2 == 0 ? ann : bob, group, "message " + i);
      }
      api.close();

      first.process().destroyForcibly();
      assertThat(first.process().waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(first.process().exitValue()).as("killed, not stopped").isNotZero();

      second = launch("second", Map.of(), args);
      List<String> banner2 = new ArrayList<>();
      Matcher ready2 = READY.matcher(second.awaitLine(READY, banner2));
      assertThat(ready2.find()).isTrue();
      second.awaitLine(Pattern.compile("Press Ctrl\\+C to stop"), banner2);
      assertThat(String.join("\n", banner2)).as("an admin exists: no setup link").doesNotContain("/setup#token=");

      ApiClient again = new ApiClient(vertx, "127.0.0.1", Integer.parseInt(ready2.group(1)));
      TestUser boss = again.signIn("boss", ApiClient.PASSWORD);
      assertThat(again.get("/api/session", boss).json().getJsonObject("account").getJsonArray("roles").getList())
          .contains("admin");
      TestUser bobAgain = again.signIn(bob.username(), ApiClient.PASSWORD);
      assertThat(again.get("/api/session", ann).status()).as("sessions survive the crash").isEqualTo(200);
      JsonObject conversation = again.conversation(bobAgain, group);
      assertThat(conversation.getString("title")).isEqualTo("Before the crash");
      assertThat(conversation.getJsonObject("lastMessage")).isEqualTo(last);
      Reply history = again.get("/api/conversations/" + group + "/messages?limit=100", bobAgain);
      assertThat(history.json().getJsonArray("messages")).hasSize(21); // "created the group" and 20 messages
      assertThat(again.send(bobAgain, group, "after the crash").getLong("seq")).isEqualTo(last.getLong("seq") + 1);
      again.close();
    } finally {
      first.process().destroyForcibly();
      if (second != null) {
        second.process().destroyForcibly();
        second.process().waitFor(1, TimeUnit.MINUTES);
      }
      ApiClient.await(vertx.close());
    }
  }
}
