package dev.parley.core.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestPlatform;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Heads checked before any route (issue 19, findings 6 and 9): a missing, repeated or malformed
 * {@code Host} is 400, a request line or headers too long are 414 and 431, all problems.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestHeadsTest {

  private TestPlatform p;

  @BeforeAll
  void start() {
    p = TestPlatform.start(Kind.H2);
  }

  @AfterAll
  void stop() {
    p.close();
  }

  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", p.port())) {
      socket.setSoTimeout(3_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0;) {
          got.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        // what arrived is the answer
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static void assertProblem(String response, int status) {
    assertThat(response).as(response).matches("(?s)HTTP/1\\.[01] " + status + " .*");
    assertThat(response.toLowerCase(java.util.Locale.ROOT)).as(response)
        .contains("content-type: application/problem+json");
    assertThat(new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4)).getInteger("status"))
        .isEqualTo(status);
  }

  @Test
  void badOrMissingHost_is400() throws IOException {
    for (String host : List.of("", "exa mple.org", "[::1", "a:b:c", "host:99999", "%zz", "a@b.org", "host:port",
        "[zz]:80", "a..b")) {
      assertProblem(raw("GET /api/session HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"), 400);
    }
    assertProblem(raw("GET /api/session HTTP/1.1\r\nConnection: close\r\n\r\n"), 400);
    assertProblem(raw("GET /api/session HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"), 400);
    assertThat(raw("GET /api/session HTTP/1.1\r\nHost: localhost:8080\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 401");
    assertThat(raw("GET /health/live HTTP/1.0\r\n\r\n")).as("HTTP/1.0 needs no Host").startsWith("HTTP/1.0 200");
  }

  @Test
  void longRequestLine_is414_hugeHeaders431() throws IOException {
    assertProblem(raw("GET /api/conversations/" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414);
    assertProblem(raw("GET /api/session HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n"),
        431);
  }
}
