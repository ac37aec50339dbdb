package dev.parley.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sign-up, sign-in, sign-out, sessions and CSRF, the sign-in throttle, roles and personal API
 * tokens, through the HTTP API on both databases. Each test makes its own accounts.
 */
class AccountsApiTest extends PlatformTestBase {

  private static JsonObject signUpBody(String username, String password) {
    return new JsonObject().put("username", username).put("displayName", "Dana Doe").put("password", password);
  }

  // ---- sign-up, sign-in, sign-out ----

  @Test
  void signUp_answersAccountAndCsrfTokenAndSetsHttpOnlyLaxSessionCookie() {
    String username = api.uniqueName("dana");
    Reply reply = api.post("/api/auth/signup", Caller.anonymous(), signUpBody(username, ApiClient.PASSWORD));

    assertThat(reply.status()).isEqualTo(201);
    JsonObject account = reply.json().getJsonObject("account");
    assertThat(account.getString("username")).isEqualTo(username);
    assertThat(account.getString("displayName")).isEqualTo("Dana Doe");
    assertThat(account.getJsonArray("roles").getList()).containsExactly("user");
    assertThat(account.getString("id")).matches("[a-z2-7]{20}");
    assertThat(reply.json().getString("csrfToken")).isNotBlank();
    String cookie = reply.setCookie("parley_session").orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/")
        .doesNotContainIgnoringCase("Secure"); // plain HTTP without a public https URL
    assertThat(reply.body()).doesNotContain(ApiClient.PASSWORD);
  }

  @Test
  void signUp_storesAnArgon2idHashAndNeverThePasswordOrTheSessionSecret() {
    TestUser user = api.signUp("Erin");

    JsonObject row = p.sql("SELECT * FROM accounts WHERE id = ?", user.id()).get(0);
    assertThat(row.getString("password_hash")).startsWith("$argon2id$v=19$m=")
        .matches("\\$argon2id\\$v=19\\$m=\\d+,t=\\d+,p=\\d+\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
    assertThat(row.encode()).doesNotContain(ApiClient.PASSWORD);
    List<JsonObject> sessions = p.sql("SELECT * FROM sessions WHERE account_id = ?", user.id());
    assertThat(sessions).hasSize(1);
    assertThat(sessions.get(0).encode()).doesNotContain(user.sessionToken());
    assertThat(sessions.get(0).getString("token_hash")).hasSize(64);
  }

  @Test
  void signUp_refusesTakenUsernameAndBadInputNamingTheField() {
    TestUser taken = api.signUp("Fay");
    Reply again = api.post("/api/auth/signup", Caller.anonymous(), signUpBody(taken.username(), ApiClient.PASSWORD));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().getString("field")).isEqualTo("/username");

    Reply badName = api.post("/api/auth/signup", Caller.anonymous(), signUpBody("9lives", ApiClient.PASSWORD));
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.json().getString("field")).isEqualTo("/username");

    Reply shortPassword = api.post("/api/auth/signup", Caller.anonymous(), signUpBody(api.uniqueName("gil"), "short"));
    assertThat(shortPassword.status()).isEqualTo(400);
    assertThat(shortPassword.json().getString("field")).isEqualTo("/password");

    Reply missing = api.post("/api/auth/signup", Caller.anonymous(),
        new JsonObject().put("username", api.uniqueName("hal")));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getString("field")).isEqualTo("/displayName");
  }

  @Test
  void signIn_opensAnIndependentSessionAndRefusesWrongCredentialsAlike() {
    TestUser user = api.signUp("Ivy");
    TestUser second = api.signIn(user.username(), ApiClient.PASSWORD);
    assertThat(second.sessionToken()).isNotEqualTo(user.sessionToken());
    assertThat(second.csrfToken()).isNotEqualTo(user.csrfToken());

    Reply wrongPassword = api.post("/api/auth/signin", Caller.anonymous(),
        new JsonObject().put("username", user.username()).put("password", "not the password"));
    Reply unknownUser = api.post("/api/auth/signin", Caller.anonymous(),
        new JsonObject().put("username", api.uniqueName("nobody")).put("password", "not the password"));
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknownUser.status()).isEqualTo(401);
    // The answer does not tell whether the username exists.
    assertThat(wrongPassword.json().getString("detail")).isEqualTo(unknownUser.json().getString("detail"));
    assertThat(wrongPassword.setCookie("parley_session")).isEmpty();
  }

  @Test
  void session_answersTheAccountAndCsrfTokenOfTheCookie() {
    TestUser user = api.signUp("Jo");
    Reply session = api.get("/api/session", user.withoutCsrf());
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.json().getJsonObject("account").getString("id")).isEqualTo(user.id());
    assertThat(session.json().getString("csrfToken")).isEqualTo(user.csrfToken());

    assertThat(api.get("/api/session", Caller.anonymous()).status()).isEqualTo(401);
    assertThat(api.get("/api/session", Caller.cookie("forged-" + user.sessionToken())).status()).isEqualTo(401);
  }

  @Test
  void signOut_endsOnlyThatSessionAndClearsTheCookie() {
    TestUser user = api.signUp("Kim");
    TestUser other = api.newSession(user);

    Reply out = api.post("/api/auth/signout", user, null);

    assertThat(out.status()).isEqualTo(204);
    String cleared = out.setCookie("parley_session").orElseThrow();
    assertThat(cleared).startsWith("parley_session=;").containsIgnoringCase("Max-Age=0")
        .containsIgnoringCase("HttpOnly");
    assertThat(api.get("/api/session", user).status()).isEqualTo(401);
    assertThat(api.get("/api/session", other).status()).isEqualTo(200);
    assertThat(p.sql("SELECT token_hash FROM sessions WHERE account_id = ?", user.id())).hasSize(1);
  }

  // ---- CSRF ----

  @Test
  void csrf_cookieAuthenticatedChangesNeedTheSessionsToken() {
    TestUser user = api.signUp("Lee");
    JsonObject group = new JsonObject().put("kind", "group").put("title", "CSRF").put("memberIds", List.of());

    Reply without = api.post("/api/conversations", user.withoutCsrf(), group);
    Reply wrong = api.post("/api/conversations", user.withCsrf("x" + user.csrfToken()), group);
    TestUser someoneElse = api.signUp("Mo");
    Reply othersToken = api.post("/api/conversations", user.withCsrf(someoneElse.csrfToken()), group);

    for (Reply refused : List.of(without, wrong, othersToken)) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.contentType()).isEqualTo("application/problem+json");
    }
    assertThat(p.sql("SELECT conversation_id FROM conversation_members WHERE account_id = ?", user.id())).isEmpty();
    assertThat(api.post("/api/auth/signout", user.withoutCsrf(), null).status()).isEqualTo(403);

    assertThat(api.post("/api/conversations", user, group).status()).isEqualTo(201);
    // Reading needs no CSRF token.
    assertThat(api.get("/api/conversations", user.withoutCsrf()).status()).isEqualTo(200);
  }

  @Test
  void csrf_isNotNeededWithABearerToken() {
    TestUser dev = p.developer("Nat");
    String token = api.post("/api/tokens", dev, new JsonObject().put("name", "script")).json().getString("token");

    Reply created = api.post("/api/conversations", Caller.bearer(token),
        new JsonObject().put("kind", "group").put("title", "From a script").put("memberIds", List.of()));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("title")).isEqualTo("From a script");
  }

  // ---- throttling ----

  @Test
  void signIn_afterFiveFailuresForAUsernameFromOneAddress_isRefusedWith429EvenWithTheRightPassword() {
    TestUser user = api.signUp("Oz");
    JsonObject wrong = new JsonObject().put("username", user.username()).put("password", "wrong password!");
    for (int i = 1; i <= 5; i++) {
      assertThat(api.post("/api/auth/signin", Caller.anonymous(), wrong).status()).as("attempt %d", i).isEqualTo(401);
    }

    Reply right = api.post("/api/auth/signin", Caller.anonymous(),
        new JsonObject().put("username", user.username()).put("password", ApiClient.PASSWORD));

    assertThat(right.status()).isEqualTo(429);
    assertThat(Long.parseLong(right.header("Retry-After"))).isPositive();
    assertThat(right.contentType()).isEqualTo("application/problem+json");
    assertThat(right.json().getString("type")).isEqualTo("https://parley.dev/problems/rate-limited");
    assertThat(right.json().getInteger("status")).isEqualTo(429);
    assertThat(right.setCookie("parley_session")).isEmpty();
    // The username is throttled, not the whole address: others still sign in.
    TestUser other = api.signUp("Pia");
    api.signIn(other.username(), ApiClient.PASSWORD);
    // The session the throttled account already had keeps working.
    assertThat(api.get("/api/session", user).status()).isEqualTo(200);
  }

  @Test
  void signIn_parallelGuesses_areCountedBeforeTheHash_soNoMoreThanTheBudgetReachThePasswordCheck() {
    TestUser user = api.signUp("Abe");
    JsonObject wrong = new JsonObject().put("username", user.username()).put("password", "wrong password!");
    JsonObject right = new JsonObject().put("username", user.username()).put("password", ApiClient.PASSWORD);
    List<Future<Reply>> sent = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      sent.add(api.postAsync("/api/auth/signin", Caller.anonymous(), wrong));
    }
    sent.add(api.postAsync("/api/auth/signin", Caller.anonymous(), right));

    List<Reply> replies = sent.stream().map(ApiClient::await).toList();

    assertThat(replies).extracting(Reply::status).allMatch(s -> s == 200 || s == 401 || s == 429);
    long checked = replies.stream().filter(r -> r.status() != 429).count();
    assertThat(checked).as("attempts that reached the password check")
        .isLessThanOrEqualTo(ThrottleOptions.DEFAULT_SIGN_IN_PAIR_FAILURES);
    assertThat(replies.stream().filter(r -> r.status() == 429).count())
        .isGreaterThanOrEqualTo(61 - ThrottleOptions.DEFAULT_SIGN_IN_PAIR_FAILURES);
    assertThat(replies).filteredOn(r -> r.status() == 429).allSatisfy(r -> {
      assertThat(r.json().getString("type")).isEqualTo("https://parley.dev/problems/rate-limited");
      assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
    });
  }

  @Test
  void signIn_withTheDeviceCookieOfAnEarlierSignIn_passesWhileTheUsernameIsThrottledForOtherDevices() {
    String username = api.uniqueName("bea");
    Reply signUp = api.post("/api/auth/signup", Caller.anonymous(), signUpBody(username, ApiClient.PASSWORD));
    assertThat(signUp.setCookie("parley_device").orElseThrow()).containsIgnoringCase("HttpOnly")
        .contains("Path=/api/auth").containsIgnoringCase("SameSite=Strict");
    String device = signUp.cookie("parley_device").orElseThrow();
    assertThat(device).doesNotContain(ApiClient.PASSWORD);
    JsonObject wrong = new JsonObject().put("username", username).put("password", "wrong password!");
    JsonObject right = new JsonObject().put("username", username).put("password", ApiClient.PASSWORD);
    for (int i = 0; i < ThrottleOptions.DEFAULT_SIGN_IN_PAIR_FAILURES; i++) {
      assertThat(api.post("/api/auth/signin", Caller.anonymous(), wrong).status()).isEqualTo(401);
    }
    assertThat(api.post("/api/auth/signin", Caller.anonymous(), right).status()).isEqualTo(429);

    Caller withDevice = () -> Map.of("Cookie", "parley_device=" + device);
    Reply owner = api.post("/api/auth/signin", withDevice, right);

    assertThat(owner.status()).isEqualTo(200);
    assertThat(owner.json().getJsonObject("account").getString("username")).isEqualTo(username);
    // Another account's device cookie, or a tampered one, proves nothing for this username.
    Reply others = api.post("/api/auth/signup", Caller.anonymous(), signUpBody(api.uniqueName("cy"),
        ApiClient.PASSWORD));
    String othersDevice = others.cookie("parley_device").orElseThrow();
    assertThat(api.post("/api/auth/signin", () -> Map.of("Cookie", "parley_device=" + othersDevice), right)
        .status()).isEqualTo(429);
    String tampered = device.substring(0, device.length() - 2) + (device.endsWith("A") ? "B" : "A") + "A";
    assertThat(api.post("/api/auth/signin", () -> Map.of("Cookie", "parley_device=" + tampered), right).status())
        .isEqualTo(429);
  }

  @Test
  void forwardingHeaders_fromAnUntrustedPeer_areIgnored_inTheAuditLog() {
    TestUser admin = p.admin();
    TestUser user = api.signUp("Dot");
    Map<String, String> headers = new java.util.HashMap<>(admin.headers());
    headers.put("X-Forwarded-For", "203.0.113.66");
    headers.put("Forwarded", "for=203.0.113.67");

    assertThat(api.post("/api/admin/accounts/" + user.id() + "/roles", () -> headers,
        new JsonObject().put("role", "developer")).status()).isEqualTo(200);

    List<JsonObject> audit = p.sql("SELECT address FROM audit_log WHERE target_id = ?", user.id());
    assertThat(audit).extracting(row -> row.getString("address")).containsExactly("127.0.0.1");
  }

  // ---- password policy ----

  @Test
  void signUp_refusesCommonPasswordsPasswordsWithTheUsernameAndControlCharacters_namingThePassword() {
    String username = api.uniqueName("eli");
    Map<String, String> refused = Map.of(
        "password1234", "common",
        "Qwertyuiop", "common",
        "my-" + username.toUpperCase(java.util.Locale.ROOT) + "-pass", "username",
        "correct\u0007horse battery", "control",
        "correct horse\nbattery", "control");
    refused.forEach((password, why) -> {
      Reply reply = api.post("/api/auth/signup", Caller.anonymous(), signUpBody(username, password));
      assertThat(reply.status()).as(password).isEqualTo(400);
      assertThat(reply.json().getString("type")).isEqualTo("https://parley.dev/problems/validation");
      assertThat(reply.json().getString("field")).isEqualTo("/password");
      assertThat(reply.json().getString("detail")).as(password).contains(why);
    });
    assertThat(p.sql("SELECT id FROM accounts WHERE username = ?", username)).isEmpty();

    assertThat(api.post("/api/auth/signup", Caller.anonymous(), signUpBody(username, ApiClient.PASSWORD)).status())
        .isEqualTo(201);
  }

  // ---- roles ----

  @Test
  void admin_grantsAndRevokesTheDeveloperRole_effectiveOnExistingSessions() {
    TestUser admin = p.admin();
    TestUser user = api.signUp("Quinn");
    assertThat(api.get("/api/tokens", user).status()).isEqualTo(403);

    JsonObject granted = api.grant(admin, user, "developer");
    assertThat(granted.getJsonArray("roles").getList()).containsExactly("user", "developer");
    assertThat(api.get("/api/tokens", user).status()).isEqualTo(200);
    assertThat(api.get("/api/session", user).json().getJsonObject("account").getJsonArray("roles").getList())
        .containsExactly("user", "developer");

    Reply revoked = api.delete("/api/admin/accounts/" + user.id() + "/roles/developer", admin);
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.json().getJsonArray("roles").getList()).containsExactly("user");
    assertThat(api.get("/api/tokens", user).status()).isEqualTo(403);
  }

  @Test
  void admin_refusesToRevokeTheLastAdmin_andAnUnknownRole() {
    TestUser admin = p.admin();

    Reply last = api.delete("/api/admin/accounts/" + admin.id() + "/roles/admin", admin);
    assertThat(last.status()).isEqualTo(409);
    assertThat(last.contentType()).isEqualTo("application/problem+json");
    assertThat(api.get("/api/admin/accounts", admin).status()).isEqualTo(200);

    TestUser user = api.signUp("Rae");
    Reply unknown = api.post("/api/admin/accounts/" + user.id() + "/roles", admin,
        new JsonObject().put("role", "root"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getString("field")).isEqualTo("/role");
    Reply userRole = api.delete("/api/admin/accounts/" + user.id() + "/roles/user", admin);
    assertThat(userRole.status()).isEqualTo(400);
  }

  @Test
  void admin_withASecondAdmin_canHandOverAndStepDown() {
    TestUser admin = p.admin();
    TestUser deputy = api.signUp("Sam");
    api.grant(admin, deputy, "admin");

    Reply stepDown = api.delete("/api/admin/accounts/" + admin.id() + "/roles/admin", admin);
    assertThat(stepDown.status()).isEqualTo(200);
    assertThat(api.get("/api/admin/accounts", admin).status()).isEqualTo(403);

    // Restore: the deputy gives the role back and steps down, so other tests see one admin.
    api.grant(deputy, admin, "admin");
    assertThat(api.delete("/api/admin/accounts/" + deputy.id() + "/roles/admin", deputy).status()).isEqualTo(200);
  }

  @Test
  void adminSearch_showsRolesButPeopleSearchShowsOnlyPublicFields() {
    TestUser admin = p.admin();
    TestUser user = api.signUp("Tova");

    Reply people = api.get("/api/accounts?q=" + user.username(), admin);
    assertThat(people.status()).isEqualTo(200);
    assertThat(people.array()).hasSize(1);
    assertThat(people.array().getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "username", "displayName");

    Reply admins = api.get("/api/admin/accounts?q=" + user.username(), admin);
    assertThat(admins.status()).isEqualTo(200);
    assertThat(admins.array().getJsonObject(0).getJsonArray("roles").getList()).containsExactly("user");
    assertThat(admins.body()).doesNotContain("password").doesNotContain("$argon2");
  }

  // ---- personal API tokens ----

  @Test
  void tokens_areShownOnceStoredHashedAndWorkAsBearer() {
    TestUser dev = p.developer("Uma");

    Reply created = api.post("/api/tokens", dev, new JsonObject().put("name", "ci"));

    assertThat(created.status()).isEqualTo(201);
    String token = created.json().getString("token");
    String id = created.json().getString("id");
    assertThat(token).startsWith("pat_").hasSizeGreaterThan(30);
    Reply listed = api.get("/api/tokens", dev);
    assertThat(listed.array()).hasSize(1);
    assertThat(listed.array().getJsonObject(0).getString("id")).isEqualTo(id);
    assertThat(listed.array().getJsonObject(0).containsKey("token")).isFalse();
    assertThat(listed.body()).doesNotContain(token);
    for (JsonObject row : p.sql("SELECT * FROM api_tokens")) {
      assertThat(row.encode()).doesNotContain(token).doesNotContain(token.substring(4));
    }

    Reply viaToken = api.get("/api/session", Caller.bearer(token));
    assertThat(viaToken.status()).isEqualTo(200);
    assertThat(viaToken.json().getJsonObject("account").getString("id")).isEqualTo(dev.id());
    assertThat(api.get("/api/tokens", dev).array().getJsonObject(0).getString("lastUsedAt")).isNotNull();
  }

  @Test
  void tokens_revokedTokenIsRefusedWith401() {
    TestUser dev = p.developer("Vic");
    JsonObject created = api.post("/api/tokens", dev, new JsonObject().put("name", "temp")).json();
    Caller bearer = Caller.bearer(created.getString("token"));
    assertThat(api.get("/api/conversations", bearer).status()).isEqualTo(200);

    assertThat(api.delete("/api/tokens/" + created.getString("id"), dev).status()).isEqualTo(204);

    Reply after = api.get("/api/conversations", bearer);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.contentType()).isEqualTo("application/problem+json");
    assertThat(api.get("/api/tokens", dev).array()).isEmpty();
    assertThat(api.delete("/api/tokens/" + created.getString("id"), dev).status()).isEqualTo(404);
  }

  @Test
  void tokens_ofSomeoneWhoLostTheDeveloperRole_stopWorking() {
    TestUser admin = p.admin();
    TestUser dev = p.developer("Wes");
    Caller bearer = Caller
        .bearer(api.post("/api/tokens", dev, new JsonObject().put("name", "x")).json().getString("token"));
    assertThat(api.get("/api/session", bearer).status()).isEqualTo(200);

    api.delete("/api/admin/accounts/" + dev.id() + "/roles/developer", admin);

    assertThat(api.get("/api/session", bearer).status()).isEqualTo(401);
  }

  @Test
  void tokens_areForDevelopersOnly_andOnlyTheirOwn() {
    TestUser user = api.signUp("Xan");
    assertThat(api.get("/api/tokens", user).status()).isEqualTo(403);
    Reply create = api.post("/api/tokens", user, new JsonObject().put("name", "nope"));
    assertThat(create.status()).isEqualTo(403);
    assertThat(create.contentType()).isEqualTo("application/problem+json");
    assertThat(p.sql("SELECT id FROM api_tokens WHERE account_id = ?", user.id())).isEmpty();

    TestUser dev = p.developer("Yul");
    TestUser otherDev = p.developer("Zed");
    String id = api.post("/api/tokens", dev, new JsonObject().put("name", "mine")).json().getString("id");
    assertThat(api.delete("/api/tokens/" + id, otherDev).status()).isEqualTo(404);
    assertThat(api.get("/api/tokens", otherDev).array()).isEmpty();
    assertThat(api.get("/api/tokens", dev).array()).hasSize(1);
  }

  @Test
  void bearer_withAnUnknownOrMalformedToken_is401() {
    assertThat(api.get("/api/session", Caller.bearer("pat_" + "A".repeat(43))).status()).isEqualTo(401);
    assertThat(api.get("/api/session", Caller.bearer("not-a-token")).status()).isEqualTo(401);
    assertThat(api.get("/api/session", () -> java.util.Map.of("Authorization", "Basic YTpi")).status()).isEqualTo(401);
  }
}
