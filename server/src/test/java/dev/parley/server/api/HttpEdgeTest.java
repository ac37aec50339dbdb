package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.server.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP edge of the whole server (issue 19, findings 6, 9 and 13): a bad or missing Host is
 * 400, a request line too long is 414, unknown static paths and wrong methods are problems of
 * their own types, {@code /assets/} never answers the app shell, and {@code /metrics} is off
 * unless a token is set, then needs it. Every answer is {@code application/problem+json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEdgeTest {

  private TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start(Kind.H2, o -> {});
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** The status line, headers and body of one raw HTTP exchange (the server closes or the read times out). */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0;) {
          got.write(buffer, 0, n);
          if (complete(got.toString(StandardCharsets.ISO_8859_1))) {
            break;
          }
        }
      } catch (SocketTimeoutException e) {
        // what arrived is the answer
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static boolean complete(String response) {
    int end = response.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)")
        .matcher(response.substring(0, end));
    return length.find() && response.length() - end - 4 >= Integer.parseInt(length.group(1));
  }

  private static void assertRawProblem(String response, int status) {
    assertThat(response).as(response).matches("(?s)HTTP/1\\.[01] " + status + " .*");
    assertThat(response.toLowerCase(java.util.Locale.ROOT)).as(response)
        .contains("content-type: application/problem+json");
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);
    assertThat(new JsonObject(body).getInteger("status")).isEqualTo(status);
  }

  private static void assertProblem(Reply reply, int status, String type) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    assertThat(reply.contentType()).as("%s", reply).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("type")).isEqualTo("https://parley.dev/problems/" + type);
  }

  @Test
  void badOrMissingHost_is400Problem() throws IOException {
    List<String> hosts = List.of("", "exa mple.org", "[::1", "a:b:c", "host:99999", "host:-1", "%zz", "a@b.org",
        "host:port", "bad\u00ff.org", "[zz]:80", "a..b:80:80");
    for (String host : hosts) {
      assertRawProblem(raw("GET /api/session HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"), 400);
    }
    assertRawProblem(raw("GET /api/session HTTP/1.1\r\nConnection: close\r\n\r\n"), 400);
    assertRawProblem(raw("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"), 400);
    assertThat(raw("GET /health/live HTTP/1.0\r\n\r\n")).as("HTTP/1.0 needs no Host").startsWith("HTTP/1.0 200");
  }

  @Test
  void longRequestLine_is414Problem_andHugeHeaders431() throws IOException {
    String id = "x".repeat(10_000);
    assertRawProblem(raw("GET /api/conversations/" + id + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414);
    assertRawProblem(raw("GET /?q=" + id + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414);
    assertRawProblem(raw("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n"), 431);
    assertRawProblem(raw("GET / HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n"), 400);
  }

  @Test
  void staticPaths_unknownAre404Problems_andAssetsNeverAnswerTheAppShell() {
    ApiClient api = server.api();
    for (String path : List.of("/assets/no-such-file.js", "/assets/no-such-thing", "/assets/", "/no-such-file.png",
        "/favicon-none.ico")) {
      Reply reply = api.get(path, Caller.anonymous());
      assertProblem(reply, 404, "not-found");
      assertThat(reply.header("Cache-Control")).as(path).isEqualTo("no-store");
    }
    // The files the app shell names are served, immutable for a year (their names carry their hash).
    String shell = api.get("/", Caller.anonymous()).body();
    java.util.regex.Matcher assets = java.util.regex.Pattern.compile("/assets/[^\"' ]+").matcher(shell);
    int found = 0;
    while (assets.find()) {
      Reply asset = api.get(assets.group(), Caller.anonymous());
      assertThat(asset.status()).as(assets.group()).isEqualTo(200);
      assertThat(asset.header("Cache-Control")).as(assets.group()).contains("max-age=31536000");
      found++;
    }
    assertThat(found).as("assets named by the app shell").isPositive();
  }

  @Test
  void wrongMethod_isA405ProblemOfItsOwnType() {
    ApiClient api = server.api();
    Reply reply = api.request(io.vertx.core.http.HttpMethod.DELETE, "/health/live", Caller.anonymous(), null, null);
    assertProblem(reply, 405, "method-not-allowed");
  }

  @Test
  void metrics_areOffByDefault_andNeedTheTokenWhenSet() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)).setEnabled(true)));
    try (TestServer off = TestServer.create(Kind.H2, vertx, o -> {}).start()) {
      assertProblem(off.api().get("/metrics", Caller.anonymous()), 404, "not-found");
    }
    Vertx vertx2 = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)).setEnabled(true)));
    try (TestServer on = TestServer
        .create(Kind.H2, vertx2, o -> o.setMetricsToken("scrape-token-of-this-test-1234567890"))
        .start()) {
      ApiClient api = on.api();
      assertProblem(api.get("/metrics", Caller.anonymous()), 401, "unauthenticated");
      assertProblem(api.get("/metrics", Caller.bearer("wrong-token-of-this-test-1234567890")), 401, "unauthenticated");
      Reply scraped = api.get("/metrics", () -> Map.of("Authorization", "Bearer scrape-token-of-this-test-1234567890"));
      assertThat(scraped.status()).isEqualTo(200);
      assertThat(scraped.body()).contains("# TYPE ");
    }
  }
}
