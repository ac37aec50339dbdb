package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.RawWebSocket;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ParleyServer#start} as {@code Main} uses it: a free port, the data directory, the setup
 * link or the configured first admin, health and Prometheus metrics, data kept across a restart on
 * both databases, and a database written by a newer Parley refused with a clear message.
 */
class ParleyServerTest {

  @Test
  void start_onPortZero_servesTheApiAndHealth_andOffersTheSetupLinkWhileThereIsNoAdmin() throws Exception {
    try (TestServer t = TestServer.start(Kind.H2, o -> {})) {
      ParleyServer server = t.server();
      assertThat(server.port()).isPositive();
      assertThat(server.publicBaseUrl()).isEqualTo("http://localhost:" + server.port());
      assertThat(Files.isDirectory(t.dataDir().resolve("db"))).as("the H2 store lives in the data directory").isTrue();
      assertThat(server.platform().database().description()).startsWith("jdbc:h2:file:" + t.dataDir().toAbsolutePath());

      String link = server.setupLink().orElseThrow();
      assertThat(link).startsWith("http://localhost:" + server.port() + "/setup#token=");
      String token = link.substring(link.indexOf("#token=") + 7);
      Reply admin = t.api().post("/api/setup/admin", Caller.anonymous(), new JsonObject().put("token", token)
          .put("username", "boss").put("displayName", "Boss").put("password", ApiClient.PASSWORD));
      assertThat(admin.status()).isEqualTo(201);
      assertThat(server.setupLink()).as("used once, gone").isEmpty();

      Reply ready = t.api().get("/health/ready", Caller.anonymous());
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
          .contains("database");
      assertThat(t.api().get("/health/live", Caller.anonymous()).status()).isEqualTo(200);

      // /api/live does not grant permessage-deflate, which browsers ask for: no zlib state per socket.
      TestUser user = t.api().signUp("Deflate");
      String head = RawWebSocket.handshake("127.0.0.1", server.port(), Map.of("Cookie", user.cookieHeader(),
          "Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
      assertThat(head).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
    }
  }

  @Test
  void bootstrapAdmin_fromTheOptions_signsIn_andNoSetupLinkIsOffered() {
    try (TestServer t = TestServer.start(Kind.H2, o -> o.setBootstrapAdmin(new JsonObject()
        .put("username", "root").put("password", "console-secret-1")))) {
      assertThat(t.server().setupLink()).isEmpty();
      TestUser root = t.api().signIn("root", "console-secret-1");
      assertThat(t.api().get("/api/session", root).json().getJsonObject("account").getJsonArray("roles").getList())
          .containsExactly("user", "developer", "admin");
    }
  }

  /** Like Main: Vert.x with Micrometer and Prometheus. */
  @Test
  void metrics_areServedInPrometheusTextFormat() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)).setEnabled(true)));
    try (TestServer t = TestServer.create(Kind.H2, vertx, o -> o.setMetricsToken("metrics-token-of-this-test-1"))
        .start()) {
      t.api().get("/health/live", Caller.anonymous());

      Reply metrics = t.api().get("/metrics", () -> java.util.Map.of("Authorization",
          "Bearer metrics-token-of-this-test-1"));

      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.header("Content-Type")).startsWith("text/plain");
      assertThat(metrics.body()).contains("# TYPE ").contains("# HELP ")
          .contains("parley_live_connections")
          .contains("vertx_http_server_requests_total");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void restart_onTheSameData_keepsAccountsConversationsAndMessages(Kind kind) {
    try (TestServer t = TestServer.start(kind, o -> {})) {
      TestUser ann = t.api().signUp("Ann");
      TestUser bob = t.api().signUp("Bob");
      String group = t.api().group(ann, "Survives restarts", bob).getString("id");
      JsonObject last = t.api().send(bob, group, "still there after the restart?");
      assertThat(t.api().post("/api/conversations/" + group + "/read", ann, new JsonObject().put("seq", 1)).status())
          .isEqualTo(204);

      t.stop().start();

      ApiClient api = t.api();
      TestUser annAgain = api.signIn(ann.username(), ApiClient.PASSWORD);
      assertThat(api.get("/api/session", ann).status()).as("sessions survive restarts").isEqualTo(200);
      JsonObject conversation = api.conversation(annAgain, group);
      assertThat(conversation.getString("title")).isEqualTo("Survives restarts");
      assertThat(conversation.getLong("lastReadSeq")).isEqualTo(1);
      assertThat(conversation.getLong("unread")).isEqualTo(1);
      assertThat(conversation.getJsonObject("lastMessage")).isEqualTo(last);
      assertThat(api.send(bob, group, "and counting").getLong("seq")).isEqualTo(last.getLong("seq") + 1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void start_onADatabaseWrittenByANewerParley_failsSayingSo(Kind kind) throws Exception {
    try (TestServer t = TestServer.start(kind, o -> {})) {
      t.stop();
      try (Connection c = t.jdbc(); Statement s = c.createStatement()) {
        s.executeUpdate(
            "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                + "installed_by, execution_time, success) VALUES (99, '999', 'from the future', 'SQL', 'V999__future.sql', 0, "
                + "'newer parley', 1, TRUE)");
      }

      Throwable failure = catchThrowable(() -> ApiClient.await(t.tryStart()));

      assertThat(failure).isNotNull();
      assertThat(failure.getMessage()).contains("has schema version 999, newer than this Parley build knows")
          .contains("Run that version, or point databaseUrl at another database");
    }
  }

  /**
   * Port 0 is "any free port". With several HTTP instances every instance listened on a random
   * port of its own; only the first was reported, so the others served nobody.
   */
  @Test
  void portZero_withSeveralHttpInstances_listensOnOnePortOnly() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc to list listening sockets");
    Set<Integer> before = listeningPorts();
    try (TestServer t = TestServer.start(Kind.H2, o -> o.setHttpInstances(3))) {
      Set<Integer> opened = listeningPorts();
      opened.removeAll(before);
      assertThat(opened).containsExactly(t.server().port());
      for (int i = 0; i < 6; i++) {
        assertThat(t.api().get("/health/live", Caller.anonymous()).status()).isEqualTo(200);
      }
    }
  }

  /** TCP ports this process listens on, from /proc. */
  private static Set<Integer> listeningPorts() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // not ours any more
        }
      }
    }
    Set<Integer> ports = new HashSet<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      List<String> lines = Files.readAllLines(path);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) { // 0A: LISTEN
          ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
        }
      }
    }
    return ports;
  }
}
