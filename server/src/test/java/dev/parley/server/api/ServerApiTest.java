package dev.parley.server.api;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.LiveClient;
import dev.parley.core.RawWebSocket;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import dev.parley.server.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The API through the whole server as {@code Main} assembles it (the web clients mounted after the
 * API, two HTTP instances, the production Argon2 cost, options from {@link dev.parley.server.ServerOptions}).
 */
class ServerApiTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void chat_endToEnd_sendReceiveReadResume(Kind kind) {
    try (TestServer t = TestServer.start(kind, o -> {})) {
      ApiClient api = t.api();
      TestUser ann = api.signUp("Ann");
      TestUser bob = api.signUp("Bob");
      String direct = api.direct(ann, bob).getString("id");

      long annSeen;
      try (LiveClient annLive = api.live(ann); LiveClient bobLive = api.live(bob)) {
        JsonObject hello = api.send(bob, direct, "hello over the real server");
        assertThat(annLive.nextMessage()).isEqualTo(hello);
        assertThat(bobLive.nextMessage()).isEqualTo(hello);

        assertThat(
            api.post("/api/conversations/" + direct + "/read", ann, new JsonObject().put("seq", hello.getLong("seq")))
                .status())
            .isEqualTo(204);
        assertThat(bobLive.next("read").getString("accountId")).isEqualTo(ann.id());
        annSeen = hello.getLong("seq");
      }

      // Concurrent senders over both HTTP instances while Ann is away.
      List<Future<Reply>> sends = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        sends.add(api.sendAsync(ann, direct, "a" + i, "from ann " + i));
        sends.add(api.sendAsync(bob, direct, "b" + i, "from bob " + i));
      }
      await(Future.join(sends));
      assertThat(sends).allSatisfy(f -> assertThat(f.result().status()).isEqualTo(201));

      try (LiveClient back = api.connectLive(ann)) {
        back.resume(Map.of(direct, annSeen));
        assertThat(back.backlogUntilReady().stream().map(m -> m.getLong("seq")).toList())
            .containsExactlyElementsOf(LongStream.rangeClosed(annSeen + 1, annSeen + 50).boxed().toList());
      }
      // Bob's read marker follows his own messages: unread are Ann's messages after his last one.
      long bobsLast = sends.stream().map(f -> f.result().json()).filter(m -> m.getString("senderId").equals(bob.id()))
          .mapToLong(m -> m.getLong("seq")).max().orElseThrow();
      long annsAfter = sends.stream().map(f -> f.result().json())
          .filter(m -> m.getString("senderId").equals(ann.id()) && m.getLong("seq") > bobsLast).count();
      JsonObject bobsView = api.conversation(bob, direct);
      assertThat(bobsView.getLong("lastReadSeq")).isEqualTo(bobsLast);
      assertThat(bobsView.getLong("unread")).isEqualTo(annsAfter);
    }
  }

  @Test
  void apiErrors_stayProblemJson_withTheWebClientsMounted() {
    try (TestServer t = TestServer.start(Kind.H2, o -> o.setMaxBodyBytes(4096))) {
      ApiClient api = t.api();
      TestUser user = api.signUp("Cy");

      Reply unknown = api.get("/api/no-such-thing", user);
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.contentType()).isEqualTo("application/problem+json");
      Reply anonymous = api.get("/api/no-such-thing", Caller.anonymous());
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.contentType()).isEqualTo("application/problem+json");

      Reply tooLarge = api.request(HttpMethod.POST, "/api/conversations", user,
          Buffer.buffer("{\"title\":\"" + "x".repeat(5000) + "\"}"), "application/json");
      assertThat(tooLarge.status()).as("maxBodyBytes from the server options").isEqualTo(413);
      assertThat(tooLarge.contentType()).isEqualTo("application/problem+json");

      Reply malformed = api.request(HttpMethod.POST, "/api/conversations", user, Buffer.buffer("{\"kind\": }"),
          "application/json");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.json().getString("detail")).contains("line 1, column");

      // Outside /api the web client answers (the page, or a note that it was not built), never a problem.
      Reply page = api.get("/c/some-conversation", Caller.anonymous());
      assertThat(page.status()).isIn(200, 503);
      assertThat(page.contentType()).isIn("text/html", "text/plain");
      assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
      // issue 20: this client speaks to 127.0.0.1, whose app pages live under *.apps.localhost
      // (x.apps.127.0.0.1 is no host name)
      assertThat(page.header("Content-Security-Policy"))
          .contains("frame-src http://*.apps.localhost:" + t.server().port() + ";");
    }
  }

  @Test
  void publicBaseUrl_https_makesTheCookieSecure_andItsOriginMayOpenLiveSessions() throws Exception {
    try (TestServer t = TestServer.start(Kind.H2, o -> o.setPublicBaseUrl("https://chat.example.org/"))) {
      assertThat(t.server().publicBaseUrl()).isEqualTo("https://chat.example.org");
      ApiClient api = t.api();
      Reply signUp = api.post("/api/auth/signup", Caller.anonymous(),
          new JsonObject().put("username", api.uniqueName("dee"))
              .put("displayName", "Dee").put("password", ApiClient.PASSWORD));
      assertThat(signUp.setCookie("parley_session").orElseThrow()).containsIgnoringCase("Secure")
          .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
      String cookie = "parley_session=" + signUp.cookie("parley_session").orElseThrow();

      assertThat(RawWebSocket.handshake("127.0.0.1", t.server().port(), Map.of("Cookie", cookie,
          "Origin", "https://chat.example.org"))).startsWith("HTTP/1.1 101");
      assertThat(RawWebSocket.handshake("127.0.0.1", t.server().port(), Map.of("Cookie", cookie,
          "Origin", "https://evil.example.org"))).startsWith("HTTP/1.1 403");
      assertThat(RawWebSocket.handshake("127.0.0.1", t.server().port(), Map.of("Origin", "https://chat.example.org")))
          .startsWith("HTTP/1.1 401");
    }
  }
}
