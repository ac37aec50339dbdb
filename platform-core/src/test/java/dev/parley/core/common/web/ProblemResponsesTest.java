package dev.parley.core.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every API error is {@code application/problem+json} with status and title: validation errors name
 * the field, a body over the limit is 413, malformed JSON is 400 with line and column, an unknown
 * API route is a 404 problem, and an unexpected failure (the database closed under a running
 * platform) is a 500 with a correlation id and nothing internal. Health reports the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemResponsesTest {

  private TestPlatform p;
  private ApiClient api;
  private TestUser user;

  @BeforeAll
  void start() {
    p = TestPlatform.start(Kind.H2);
    api = p.api();
    user = api.signUp("Pam");
  }

  @AfterAll
  void stop() {
    p.close();
  }

  private static void assertProblem(Reply reply, int status) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    assertThat(reply.json().getInteger("status")).isEqualTo(status);
    assertThat(reply.json().getString("title")).isNotBlank();
    assertThat(reply.json().getString("type")).isNotBlank();
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void validationError_namesTheFieldAsAJsonPointer() {
    Reply reply = api.post("/api/conversations", user, new JsonObject().put("kind", "group").put("title", "")
        .put("memberIds", new io.vertx.core.json.JsonArray()));
    assertProblem(reply, 400);
    assertThat(reply.json().getString("field")).isEqualTo("/title");
    assertThat(reply.json().getString("type")).isEqualTo("https://parley.dev/problems/validation");
    assertThat(reply.json().getString("detail")).contains("title");

    Reply wrongType = api.post("/api/conversations", user, new JsonObject().put("kind", "group").put("title", "T")
        .put("memberIds", new io.vertx.core.json.JsonArray().add(42)));
    assertProblem(wrongType, 400);
    assertThat(wrongType.json().getString("field")).isEqualTo("/memberIds/0");
  }

  @Test
  void bodyOverTheLimit_is413() {
    Buffer big = Buffer
        .buffer("{\"text\":\"" + "x".repeat((int) dev.parley.core.boot.PlatformOptions.DEFAULT_MAX_BODY_BYTES) + "\"}");

    Reply signedIn = api.request(HttpMethod.POST, "/api/conversations", user, big, "application/json");
    Reply anonymous = api.request(HttpMethod.POST, "/api/auth/signup", Caller.anonymous(), big, "application/json");

    assertProblem(signedIn, 413);
    assertProblem(anonymous, 413);
    assertThat(signedIn.json().getString("type")).isEqualTo("https://parley.dev/problems/payload-too-large");
    assertThat(api.get("/api/session", user).status()).as("the server carries on").isEqualTo(200);
  }

  @Test
  void malformedJson_is400SayingLineAndColumn() {
    Buffer broken = Buffer.buffer("{\n  \"kind\": \"group\",\n  \"title\": oops\n}");
    Reply reply = api.request(HttpMethod.POST, "/api/conversations", user, broken, "application/json");
    assertProblem(reply, 400);
    assertThat(reply.json().getString("detail")).startsWith("malformed JSON at line 3, column ");

    Reply notAnObject = api.request(HttpMethod.POST, "/api/conversations", user, Buffer.buffer("[1, 2]"),
        "application/json");
    assertProblem(notAnObject, 400);
    Reply duplicateKey = api.request(HttpMethod.POST, "/api/conversations", user,
        Buffer.buffer("{\"kind\":\"group\",\"kind\":\"direct\"}"), "application/json");
    assertProblem(duplicateKey, 400);
    Reply wrongMediaType = api.request(HttpMethod.POST, "/api/conversations", user, Buffer.buffer("kind=group"),
        "application/x-www-form-urlencoded");
    assertProblem(wrongMediaType, 415);
  }

  @Test
  void unknownApiRoute_isA404Problem_andAsksStrangersToSignInFirst() {
    Reply unknown = api.get("/api/no-such-thing", user);
    assertProblem(unknown, 404);
    assertThat(unknown.json().getString("detail")).isEqualTo("no API route GET /api/no-such-thing");
    assertThat(unknown.json().getString("type")).isEqualTo("https://parley.dev/problems/not-found");

    Reply wrongMethod = api.request(HttpMethod.PUT, "/api/conversations", user, null, null);
    assertProblem(wrongMethod, 404);

    // Without an account, everything under /api but sign-up, sign-in and setup is 401 first.
    assertProblem(api.get("/api/no-such-thing", Caller.anonymous()), 401);
  }

  @Test
  void health_live_and_ready_reportUp() {
    Reply live = api.get("/health/live", Caller.anonymous());
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().getString("status")).isEqualTo("UP");

    Reply ready = api.get("/health/ready", Caller.anonymous());
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("status")).isEqualTo("UP");
    assertThat(ready.json().getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
        .contains("database");
  }

  /** The database goes away under a running platform: 500 with a correlation id, ready is 503. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void unexpectedFailure_is500WithCorrelationIdAndNothingInternal_andReadyIs503(Kind kind) {
    try (TestPlatform broken = TestPlatform.start(kind)) {
      ApiClient client = broken.api();
      TestUser pat = client.signUp("Pat");
      String group = client.group(pat, "Doomed").getString("id");
      ApiClient.await(broken.platform().database().close());

      for (Reply reply : new Reply[] {
          client.get("/api/conversations", pat),
          client.get("/api/conversations/" + group + "/messages", pat),
          client.post("/api/auth/signin", Caller.anonymous(),
              new JsonObject().put("username", pat.username()).put("password", ApiClient.PASSWORD))}) {
        assertProblem(reply, 500);
        String correlationId = reply.json().getString("correlationId");
        assertThat(correlationId).matches("[0-9a-f-]{36}");
        assertThat(reply.json().getString("type")).isEqualTo("https://parley.dev/problems/internal");
        assertThat(reply.header("X-Correlation-Id")).isEqualTo(correlationId);
        assertThat(reply.json().getString("detail"))
            .isEqualTo("an unexpected error happened; quote the correlation id when reporting it");
        assertThat(reply.body()).doesNotContainIgnoringCase("pool").doesNotContainIgnoringCase("closed")
            .doesNotContain("Exception", "dev.parley", "io.vertx", "java.", "\tat ", "SELECT");
      }

      Reply ready = client.get("/health/ready", Caller.anonymous());
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().getString("status")).isEqualTo("DOWN");
      assertThat(ready.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(c -> "database".equals(c.getString("id"))).map(c -> c.getString("status"))).containsExactly("DOWN");
      assertThat(client.get("/health/live", Caller.anonymous()).status()).isEqualTo(200);
    }
  }
}
