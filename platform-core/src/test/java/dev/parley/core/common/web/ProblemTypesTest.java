package dev.parley.core.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.common.PlatformException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The problem types: the table of docs/api.md ("Problem types"), the OpenAPI document's list and
 * {@link ProblemType} agree; every platform failure reason has a type of its status; and real
 * answers of each kind carry their type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemTypesTest {

  private static final Pattern ROW = Pattern.compile("^\\| `(https://parley\\.dev/problems/[a-z-]+)` \\| ([^|]+) \\|");

  private TestPlatform p;
  private ApiClient api;
  private TestUser user;

  @BeforeAll
  void start() {
    p = TestPlatform.start(Kind.H2);
    api = p.api();
    user = api.signUp("Tia");
  }

  @AfterAll
  void stop() {
    p.close();
  }

  @Test
  void docsTable_listsEveryType_withItsStatus() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "api.md"));
    String section = doc.substring(doc.indexOf("## Problem types"));
    section = section.substring(0, section.indexOf("\n## ", 3));
    Map<String, String> documented = new LinkedHashMap<>();
    for (String line : section.lines().toList()) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        documented.put(m.group(1), m.group(2).trim());
      }
    }
    assertThat(documented.keySet()).as("types in docs/api.md")
        .containsExactlyElementsOf(Arrays.stream(ProblemType.values()).map(ProblemType::uri).toList());
    for (ProblemType type : ProblemType.values()) {
      assertThat(documented.get(type.uri())).as("status of %s", type).startsWith(Integer.toString(type.status()));
    }
  }

  @Test
  void openApiDocument_listsEveryType() throws IOException {
    String yaml = Files
        .readString(Path.of("src", "main", "resources", "dev", "parley", "core", "apps", "registry", "openapi.yaml"));
    for (ProblemType type : ProblemType.values()) {
      assertThat(yaml).as("openapi.yaml Problem.type").contains("- " + type.uri() + "\n");
    }
    assertThat(Pattern.compile("https://parley\\.dev/problems/[a-z-]+").matcher(yaml).results().count())
        .as("no other types").isEqualTo(ProblemType.values().length);
  }

  @Test
  void everyReason_hasATypeOfItsStatus() {
    for (PlatformException.Reason reason : PlatformException.Reason.values()) {
      assertThat(ProblemType.of(reason).status()).as("%s", reason).isEqualTo(reason.status());
    }
    assertThat(ProblemType.of(PlatformException.Reason.INSUFFICIENT_FUNDS)).isEqualTo(ProblemType.INSUFFICIENT_FUNDS);
    assertThat(ProblemType.of(PlatformException.Reason.CONFLICT)).isEqualTo(ProblemType.CONFLICT);
    assertThat(ProblemType.NOT_FOUND.uri()).isEqualTo("https://parley.dev/problems/not-found");
  }

  @Test
  void realAnswers_carryTheirType() {
    assertType(api.post("/api/conversations", user, new JsonObject().put("kind", "group").put("title", "")
        .put("memberIds", new JsonArray())), 400, ProblemType.VALIDATION);
    assertType(api.request(HttpMethod.POST, "/api/conversations", user, Buffer.buffer("{oops"), "application/json"),
        400, ProblemType.VALIDATION);
    assertType(api.get("/api/session", Caller.anonymous()), 401, ProblemType.UNAUTHENTICATED);
    assertType(api.get("/api/admin/accounts", user), 403, ProblemType.FORBIDDEN);
    assertType(api.get("/api/conversations/abcdefghijklmnopqrst", user), 404, ProblemType.NOT_FOUND);
    assertType(api.get("/api/no-such-thing", user), 404, ProblemType.NOT_FOUND);
    Buffer big = Buffer
        .buffer("{\"text\":\"" + "x".repeat((int) dev.parley.core.boot.PlatformOptions.DEFAULT_MAX_BODY_BYTES)
            + "\"}");
    assertType(api.request(HttpMethod.POST, "/api/conversations", user, big, "application/json"), 413,
        ProblemType.PAYLOAD_TOO_LARGE);

    TestUser payee = api.signUp("Uma");
    assertType(api.post("/api/payments", user, new JsonObject().put("toAccountId", payee.id()).put("currency", "EUR")
        .put("amount", "1.00").put("idempotencyKey", UUID.randomUUID().toString())), 409,
        ProblemType.INSUFFICIENT_FUNDS);

    TestUser developer = p.developer("Dev");
    String appId = TestApps.appId(api, "types");
    TestApps.createApp(api, developer, appId);
    assertType(api.post("/api/developer/apps", developer, new JsonObject().put("id", appId).put("name", "Again")
        .put("description", "the same id").put("category", "tools")), 409, ProblemType.CONFLICT);
    Reply notAZip = TestApps.upload(api, developer, appId,
        "not a zip".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertType(notAZip, 400, ProblemType.BUNDLE_INVALID);
    assertThat(notAZip.json().getString("reason")).isEqualTo("MALFORMED_ARCHIVE");
    assertType(api.post("/api/developer/apps", developer, new JsonObject().put("id", TestApps.appId(api, "bad"))
        .put("name", "Bad").put("category", "no-such-category")), 400, ProblemType.VALIDATION);
  }

  private static void assertType(Reply reply, int status, ProblemType type) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    assertThat(reply.contentType()).as("%s", reply).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("type")).as("%s", reply).isEqualTo(type.uri());
    assertThat(reply.json().getInteger("status")).isEqualTo(status);
  }
}
