package dev.parley.core.accounts;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestDatabases.TestDatabase;
import dev.parley.core.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The first admin: from the bootstrap configuration, or through the one-time setup token that a
 * start prints while no admin exists. Each test starts platforms on its own fresh database.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Kind.class)
class FirstAdminTest {

  @Parameter
  Kind kind;

  private TestDatabase db;

  @BeforeEach
  void freshDatabase() {
    db = TestDatabases.create(kind);
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  private TestPlatform start(boolean bootstrapAdmin) {
    return TestPlatform.builder(kind).database(db).bootstrapAdmin(bootstrapAdmin).start();
  }

  private static JsonObject setup(String token, String username) {
    return new JsonObject().put("token", token).put("username", username).put("displayName", "First Admin")
        .put("password", ApiClient.PASSWORD);
  }

  @Test
  void setupToken_createsTheFirstAdminOnce() {
    try (TestPlatform p = start(false)) {
      String token = p.setupToken().orElseThrow();
      ApiClient api = p.api();

      Reply wrong = api.post("/api/setup/admin", Caller.anonymous(), setup(token + "x", "first"));
      assertThat(wrong.status()).isEqualTo(403);
      assertThat(wrong.contentType()).isEqualTo("application/problem+json");

      Reply created = api.post("/api/setup/admin", Caller.anonymous(), setup(token, "first"));
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.json().getJsonObject("account").getJsonArray("roles").getList())
          .containsExactly("user", "developer", "admin");
      assertThat(created.setCookie("parley_session")).isPresent();
      assertThat(api.get("/api/admin/accounts", Caller.cookie(created.cookie("parley_session").orElseThrow()))
          .status()).isEqualTo(200);

      Reply again = api.post("/api/setup/admin", Caller.anonymous(), setup(token, "second"));
      assertThat(again.status()).isEqualTo(403);
      assertThat(p.sql("SELECT account_id FROM account_roles WHERE role = 'admin'")).hasSize(1);
    }
    try (TestPlatform restarted = start(false)) {
      assertThat(restarted.setupToken()).as("an admin exists: no new setup link").isEmpty();
    }
  }

  @Test
  void setupToken_survivesAFailedAttempt_butNotARestart() {
    String first;
    try (TestPlatform p = start(false)) {
      first = p.setupToken().orElseThrow();
      Reply invalid = p.api().post("/api/setup/admin", Caller.anonymous(), setup(first, "1nvalid"));
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.json().getString("field")).isEqualTo("/username");
    }
    try (TestPlatform p = start(false)) {
      String second = p.setupToken().orElseThrow();
      assertThat(second).isNotEqualTo(first);
      assertThat(p.api().post("/api/setup/admin", Caller.anonymous(), setup(first, "stale")).status()).isEqualTo(403);
      assertThat(p.api().post("/api/setup/admin", Caller.anonymous(), setup(second, "fresh")).status()).isEqualTo(201);
    }
  }

  @Test
  void setupToken_usedConcurrently_makesExactlyOneAdmin() {
    try (TestPlatform p = start(false)) {
      String token = p.setupToken().orElseThrow();
      List<Future<Reply>> attempts = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        attempts.add(p.api().postAsync("/api/setup/admin", Caller.anonymous(), setup(token, "racer" + i)));
      }
      await(Future.join(attempts));
      assertThat(attempts.stream().filter(f -> f.result().status() == 201)).hasSize(1);
      assertThat(attempts.stream().filter(f -> f.result().status() == 403)).hasSize(5);
      assertThat(p.sql("SELECT account_id FROM account_roles WHERE role = 'admin'")).hasSize(1);
    }
  }

  @Test
  void bootstrapConfiguration_createsTheFirstAdminOnce() {
    try (TestPlatform p = start(true)) {
      assertThat(p.setupToken()).isEmpty();
      JsonObject session = p.api().get("/api/session", p.admin()).json();
      assertThat(session.getJsonObject("account").getJsonArray("roles").getList()).containsExactly("user", "developer",
          "admin");
      assertThat(p.sql("SELECT password_hash FROM accounts WHERE username = ?", TestPlatform.ADMIN_USERNAME).get(0)
          .getString("password_hash")).startsWith("$argon2id$");
    }
    try (TestPlatform again = start(true)) {
      assertThat(again.setupToken()).isEmpty();
      assertThat(again.sql("SELECT id FROM accounts WHERE username = ?", TestPlatform.ADMIN_USERNAME)).hasSize(1);
      again.admin();
    }
  }

  @Test
  void setupToken_withAPasswordThePolicyRefuses_namesThePassword_andStaysUsable() {
    try (TestPlatform p = start(false)) {
      String token = p.setupToken().orElseThrow();
      Reply common = p.api().post("/api/setup/admin", Caller.anonymous(),
          setup(token, "boss").put("password", "password1234"));
      Reply withName = p.api().post("/api/setup/admin", Caller.anonymous(),
          setup(token, "boss").put("password", "the-BOSS-password"));

      for (Reply refused : List.of(common, withName)) {
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getString("field")).isEqualTo("/password");
      }
      assertThat(p.sql("SELECT account_id FROM account_roles WHERE role = 'admin'")).isEmpty();
      assertThat(p.api().post("/api/setup/admin", Caller.anonymous(), setup(token, "boss")).status()).isEqualTo(201);
    }
  }

  @Test
  void bootstrapConfiguration_withAPasswordThePolicyRefuses_failsTheStart_creatingNoAccount() {
    TestPlatform.Builder builder = TestPlatform.builder(kind).database(db).bootstrapAdmin(false)
        .platformOptions(o -> o.setBootstrapAdmin(new JsonObject().put("username", "chief")
            .put("displayName", "Chief").put("password", "chief-of-staff")));

    assertThatThrownBy(builder::start).hasMessageContaining("password must not contain the username");

    try (TestPlatform p = start(false)) {
      assertThat(p.sql("SELECT id FROM accounts WHERE username = ?", "chief")).isEmpty();
      assertThat(p.setupToken()).isPresent();
    }
  }
}
