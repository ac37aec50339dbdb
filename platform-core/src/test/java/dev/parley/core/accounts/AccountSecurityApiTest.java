package dev.parley.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Account security through the HTTP API on both databases: changing the password, the list of
 * sessions and ending them, one-time reset links, two-factor sign-in with TOTP and recovery codes,
 * and the audit entries of each.
 */
class AccountSecurityApiTest extends PlatformTestBase {

  private static final String NEW_PASSWORD = "a brand new passphrase";

  // ---- password ----

  @Test
  void changePassword_needsTheCurrentOneAndSignsOutOtherSessionsOnly() {
    TestUser rae = api.signUp("Rae");
    TestUser other = api.newSession(rae);

    Reply wrong = api.post("/api/me/password", rae, new JsonObject().put("currentPassword", "not it at all")
        .put("newPassword", NEW_PASSWORD));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().getString("field")).isEqualTo("/currentPassword");
    Reply weak = api.post("/api/me/password", rae, new JsonObject().put("currentPassword", ApiClient.PASSWORD)
        .put("newPassword", "short"));
    assertThat(weak.json().getString("field")).isEqualTo("/newPassword");
    assertThat(api.get("/api/session", other).status()).isEqualTo(200); // nothing changed yet

    Reply ok = api.post("/api/me/password", rae, new JsonObject().put("currentPassword", ApiClient.PASSWORD)
        .put("newPassword", NEW_PASSWORD));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(204);
    assertThat(api.get("/api/session", rae).status()).isEqualTo(200);
    assertThat(api.get("/api/session", other).status()).isEqualTo(401);
    assertThat(api.post("/api/auth/signin", Caller.anonymous(), new JsonObject().put("username", rae.username())
        .put("password", ApiClient.PASSWORD)).status()).isEqualTo(401);
    assertThat(api.signIn(rae.username(), NEW_PASSWORD).id()).isEqualTo(rae.id());
    assertThat(audit(rae.id())).contains("account.password_changed");
  }

  // ---- sessions ----

  @Test
  void sessions_areListedWithDeviceAndLastUseAndCanBeEnded() {
    TestUser sam = api.signUp("Sam");
    TestUser second = api.newSession(sam);
    TestUser third = api.newSession(sam);

    JsonArray list = api.get("/api/me/sessions", sam).array();
    assertThat(list).hasSize(3);
    JsonObject mine = list.stream().map(JsonObject.class::cast).filter(s -> s.getBoolean("current")).findFirst()
        .orElseThrow();
    assertThat(mine.getString("device")).isNotBlank();
    assertThat(mine.getString("lastUsedAt")).isNotBlank();
    assertThat(list.encode()).doesNotContain(sam.sessionToken()).doesNotContain("token");

    String secondId = api.get("/api/me/sessions", second).array().stream().map(JsonObject.class::cast)
        .filter(s -> s.getBoolean("current")).findFirst().orElseThrow().getString("id");
    assertThat(api.delete("/api/me/sessions/" + secondId, sam).status()).isEqualTo(204);
    assertThat(api.get("/api/session", second).status()).isEqualTo(401);
    assertThat(api.delete("/api/me/sessions/" + secondId, sam).status()).isEqualTo(404);

    // Another account cannot end this account's sessions.
    TestUser tia = api.signUp("Tia");
    String thirdId = api.get("/api/me/sessions", third).array().stream().map(JsonObject.class::cast)
        .filter(s -> s.getBoolean("current")).findFirst().orElseThrow().getString("id");
    assertThat(api.delete("/api/me/sessions/" + thirdId, tia).status()).isEqualTo(404);
    assertThat(api.get("/api/session", third).status()).isEqualTo(200);

    Reply out = api.post("/api/me/sessions/sign-out-others", sam, new JsonObject());
    assertThat(out.json().getInteger("ended")).isEqualTo(1);
    assertThat(api.get("/api/session", third).status()).isEqualTo(401);
    assertThat(api.get("/api/session", sam).status()).isEqualTo(200);
    assertThat(api.get("/api/me/sessions", sam).array()).hasSize(1);
    assertThat(audit(sam.id())).contains("account.session_ended", "account.sessions_ended");
  }

  // ---- reset links ----

  @Test
  void resetLink_isIssuedByAnAdminOnlyWorksOnceAndSignsEveryoneOut() {
    TestUser uma = api.signUp("Uma");
    TestUser admin = p.admin();
    assertThat(api.post("/api/admin/accounts/" + uma.id() + "/reset-link", uma, new JsonObject()).status())
        .isEqualTo(403);

    Reply issued = api.post("/api/admin/accounts/" + uma.id() + "/reset-link", admin, new JsonObject());
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    String token = issued.json().getString("token");
    assertThat(issued.json().getString("path")).isEqualTo("/#reset=" + token);
    assertThat(issued.json().getString("expiresAt")).isNotBlank();
    // Stored only as a hash.
    assertThat(p.sql("SELECT * FROM password_resets WHERE account_id = ?", uma.id()).toString()).doesNotContain(token);

    Reply weak = api.post("/api/auth/reset", Caller.anonymous(), new JsonObject().put("token", token)
        .put("password", "short"));
    assertThat(weak.json().getString("field")).isEqualTo("/password");
    Reply reset = api.post("/api/auth/reset", Caller.anonymous(), new JsonObject().put("token", token)
        .put("password", NEW_PASSWORD));
    assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
    assertThat(api.get("/api/session", uma).status()).isEqualTo(401);
    assertThat(api.signIn(uma.username(), NEW_PASSWORD).id()).isEqualTo(uma.id());

    Reply reused = api.post("/api/auth/reset", Caller.anonymous(), new JsonObject().put("token", token)
        .put("password", "yet another passphrase"));
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.json().getString("field")).isEqualTo("/token");
    assertThat(reused.json().getString("detail")).contains("used");
    assertThat(api.post("/api/auth/reset", Caller.anonymous(), new JsonObject().put("token", "forged")
        .put("password", NEW_PASSWORD)).json().getString("field")).isEqualTo("/token");
    assertThat(audit(uma.id())).contains("account.reset_link_issued", "account.password_reset");
  }

  @Test
  void resetLink_expiresAndANewerLinkVoidsTheOlderOne() {
    TestUser vic = api.signUp("Vic");
    TestUser admin = p.admin();
    String first = api.post("/api/admin/accounts/" + vic.id() + "/reset-link", admin, new JsonObject()).json()
        .getString("token");
    String second = api.post("/api/admin/accounts/" + vic.id() + "/reset-link", admin, new JsonObject()).json()
        .getString("token");
    Reply voided = api.post("/api/auth/reset", Caller.anonymous(), new JsonObject().put("token", first)
        .put("password", NEW_PASSWORD));
    assertThat(voided.status()).isEqualTo(400);

    p.sql("UPDATE password_resets SET expires_at = 1 WHERE account_id = ? AND used_at IS NULL", vic.id());
    Reply expired = api.post("/api/auth/reset", Caller.anonymous(), new JsonObject().put("token", second)
        .put("password", NEW_PASSWORD));
    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.json().getString("detail")).contains("expired");
    assertThat(api.get("/api/session", vic).status()).isEqualTo(200);
    assertThat(api.post("/api/admin/accounts/" + "a".repeat(20) + "/reset-link", admin, new JsonObject()).status())
        .isEqualTo(404);
  }

  // ---- two-factor ----

  @Test
  void twoFactor_enrolsWithACodeThenSignInNeedsAFreshCodeOrAnUnusedRecoveryCode() {
    TestUser wes = api.signUp("Wes");
    assertThat(api.get("/api/me/two-factor", wes).json().getBoolean("enabled")).isFalse();
    JsonObject setup = api.post("/api/me/two-factor/setup", wes, new JsonObject()).json();
    String secret = setup.getString("secret");
    assertThat(setup.getString("uri")).startsWith("otpauth://totp/Parley:" + wes.username()).contains(secret);

    Reply wrongCode = api.post("/api/me/two-factor/enable", wes, new JsonObject().put("code", "000000"));
    assertThat(wrongCode.status()).isEqualTo(400);
    assertThat(wrongCode.json().getString("field")).isEqualTo("/code");
    Instant now = Instant.now();
    Reply enabled = api.post("/api/me/two-factor/enable", wes,
        new JsonObject().put("code", Totp.code(secret, now)));
    assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
    List<Object> codes = enabled.json().getJsonArray("recoveryCodes").getList();
    assertThat(codes).hasSize(AccountSecurity.RECOVERY_CODES);
    assertThat(p.sql("SELECT * FROM recovery_codes WHERE account_id = ?", wes.id()).toString())
        .doesNotContain(codes.get(0).toString());

    // The password alone opens no session.
    Reply half = api.post("/api/auth/signin", Caller.anonymous(), new JsonObject().put("username", wes.username())
        .put("password", ApiClient.PASSWORD));
    assertThat(half.status()).isEqualTo(200);
    assertThat(half.json().getBoolean("twoFactorRequired")).isTrue();
    assertThat(half.setCookie("parley_session")).isEmpty();
    // A wrong code is refused; so is a wrong password with a right code.
    assertThat(signIn(wes, ApiClient.PASSWORD, "123456").status()).isEqualTo(401);
    String next = Totp.code(secret, now.plusSeconds(30));
    assertThat(signIn(wes, "not the password", next).status()).isEqualTo(401);
    // A fresh code signs in, once.
    assertThat(signIn(wes, ApiClient.PASSWORD, next).status()).isEqualTo(200);
    assertThat(signIn(wes, ApiClient.PASSWORD, next).status()).isEqualTo(401);
    // A recovery code works once.
    String recovery = codes.get(3).toString();
    assertThat(signIn(wes, ApiClient.PASSWORD, recovery).status()).isEqualTo(200);
    assertThat(signIn(wes, ApiClient.PASSWORD, recovery).status()).isEqualTo(401);
    assertThat(api.get("/api/me/two-factor", wes).json().getLong("recoveryCodesLeft"))
        .isEqualTo(AccountSecurity.RECOVERY_CODES - 1L);

    assertThat(audit(wes.id())).contains("account.two_factor_enabled", "account.recovery_code_used");

    // Five wrong codes (and the wrong password) of this username from this address: the sign-in
    // throttle holds the next try back, as it does for wrong passwords.
    Reply throttled = signIn(wes, ApiClient.PASSWORD, "654321");
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isNotBlank();
  }

  @Test
  void twoFactor_turningItOffNeedsThePassword() {
    TestUser yul = api.signUp("Yul");
    String secret = api.post("/api/me/two-factor/setup", yul, new JsonObject()).json().getString("secret");
    assertThat(api.post("/api/me/two-factor/enable", yul, new JsonObject().put("code", Totp.code(secret,
        Instant.now()))).status()).isEqualTo(200);
    Reply badOff = api.post("/api/me/two-factor/disable", yul, new JsonObject().put("password", "nope nope nope"));
    assertThat(badOff.status()).isEqualTo(400);
    assertThat(badOff.json().getString("field")).isEqualTo("/password");
    assertThat(api.get("/api/me/two-factor", yul).json().getBoolean("enabled")).isTrue();
    assertThat(api.post("/api/me/two-factor/disable", yul, new JsonObject().put("password", ApiClient.PASSWORD))
        .status()).isEqualTo(204);
    assertThat(api.signIn(yul.username(), ApiClient.PASSWORD).id()).isEqualTo(yul.id());
    assertThat(p.sql("SELECT COUNT(*) AS n FROM recovery_codes WHERE account_id = ?", yul.id()).get(0).getLong("n"))
        .isZero();
    assertThat(audit(yul.id())).contains("account.two_factor_disabled");
  }

  @Test
  void twoFactor_enableWithoutSetupIsAConflict() {
    TestUser xan = api.signUp("Xan");
    assertThat(api.post("/api/me/two-factor/enable", xan, new JsonObject().put("code", "123456")).status())
        .isEqualTo(409);
  }

  private Reply signIn(TestUser user, String password, String code) {
    return api.post("/api/auth/signin", Caller.anonymous(), new JsonObject().put("username", user.username())
        .put("password", password).put("code", code));
  }

  private List<String> audit(String accountId) {
    return p.sql("SELECT action FROM audit_log WHERE target_id = ?", accountId).stream()
        .map(r -> r.getString("action")).toList();
  }
}
