package dev.parley.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;

/**
 * "Forgot password" by mail (issue 17) on both databases, against a real SMTP server (GreenMail):
 * the e-mail address on the profile, the mail with its one-time link, the same 202 whatever the
 * account, and the per-address throttle. Each test plays a client at an address of its own
 * (behind a trusted proxy), so the throttle's budgets never cross tests.
 */
class PasswordForgottenApiTest extends PlatformTestBase {

  private static final String NEW_PASSWORD = "a brand new passphrase";
  private static final Pattern LINK = Pattern.compile("(http://\\S+)/#reset=([A-Za-z0-9_-]+)");

  private GreenMail smtp;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    int port = smtp.getSmtp().getPort();
    return builder.platformOptions(o -> o.setTrustedProxies(List.of("127.0.0.1", "::1"))
        .setSmtp(new SmtpOptions().setHost("127.0.0.1").setPort(port).setStartTls(false)
            .setFrom("no-reply@parley.test")));
  }

  @AfterParameterizedClassInvocation
  void stopSmtp() {
    if (smtp != null) {
      smtp.stop();
    }
  }

  @BeforeEach
  void emptyMailboxes() throws Exception {
    if (smtp != null) {
      smtp.purgeEmailFromAllMailboxes();
    }
  }

  private static Caller from(String address) {
    return () -> Map.of("X-Forwarded-For", address);
  }

  private Reply forgot(String address, JsonObject body) {
    return api.post("/api/auth/forgot", from(address), body);
  }

  private void awaitSettled(int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> p.platform().forgotten().settled() >= count);
  }

  private TestUser withEmail(String name, String email) {
    TestUser user = api.signUp(name);
    Reply set = api.patch("/api/me", user, new JsonObject().put("email", email));
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    return user;
  }

  // ---- the address on the profile ----

  @Test
  void email_isCheckedLowerCasedShownOnlyToItsOwnerAndCleared() {
    TestUser ada = api.signUp("Ada");
    TestUser bo = api.signUp("Bo");

    Reply set = api.patch("/api/me", ada, new JsonObject().put("email", "  Ada.Lovelace@Example.ORG "));
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(set.json().getString("email")).isEqualTo("ada.lovelace@example.org");
    assertThat(api.get("/api/me", ada).json().getString("email")).isEqualTo("ada.lovelace@example.org");
    assertThat(api.get("/api/people/" + ada.id(), bo).body()).doesNotContain("lovelace");

    for (Object bad : List.of("not an address", "a@b", "two@@example.org", "x@example.org\r\nBcc: y@example.org",
        "a b@example.org", "x".repeat(250) + "@example.org", 42)) {
      Reply refused = api.patch("/api/me", ada, new JsonObject().put("email", bad));
      assertThat(refused.status()).as(String.valueOf(bad)).isEqualTo(400);
      assertThat(refused.json().getString("field")).isEqualTo("/email");
    }
    // Nothing half-written: a bad e-mail refuses the whole change.
    Reply mixed = api.patch("/api/me", ada, new JsonObject().put("about", "changed").put("email", "nope"));
    assertThat(mixed.status()).isEqualTo(400);
    assertThat(api.get("/api/me", ada).json().getString("about")).isNotEqualTo("changed");

    // Not unique: two accounts may share one address.
    assertThat(api.patch("/api/me", bo, new JsonObject().put("email", "ada.lovelace@example.org")).status())
        .isEqualTo(200);

    Reply cleared = api.patch("/api/me", ada, new JsonObject().put("email", ""));
    assertThat(cleared.json().getValue("email")).isNull();
    assertThat(api.patch("/api/me", bo, new JsonObject().putNull("email")).json().getValue("email")).isNull();
  }

  // ---- the mail and its link ----

  @Test
  void forgot_byUsername_mailsALinkThatResetsThePasswordOnce() throws Exception {
    TestUser cy = withEmail("Cy", "cy@example.org");
    int before = p.platform().forgotten().settled();

    Reply answer = forgot("198.51.100.21", new JsonObject().put("username", cy.username().toUpperCase()));

    assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
    assertThat(answer.json()).isEqualTo(ForgotApi.ANSWER);
    assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("cy@example.org");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("no-reply@parley.test");
    String text = mail.getContent().toString();
    assertThat(text).contains(cy.username());
    Matcher link = LINK.matcher(text);
    assertThat(link.find()).as(text).isTrue();
    assertThat(link.group(1)).isEqualTo("http://127.0.0.1:" + p.port());
    String token = link.group(2);
    awaitSettled(before + 1);
    // The same machinery as an admin's link: stored as a hash only, issued by nobody, audited.
    List<JsonObject> rows = p.sql("SELECT * FROM password_resets WHERE account_id = ?", cy.id());
    assertThat(rows).hasSize(1);
    assertThat(rows.toString()).doesNotContain(token);
    assertThat(p.sql("SELECT action FROM audit_log WHERE target_id = ?", cy.id()).toString())
        .contains("account.reset_link_issued");

    Reply reset = api.post("/api/auth/reset", Caller.anonymous(), new JsonObject().put("token", token)
        .put("password", NEW_PASSWORD));
    assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
    assertThat(api.get("/api/session", cy).status()).isEqualTo(401);
    assertThat(api.signIn(cy.username(), NEW_PASSWORD).id()).isEqualTo(cy.id());
    Reply again = api.post("/api/auth/reset", Caller.anonymous(), new JsonObject().put("token", token)
        .put("password", "yet another passphrase"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().getString("detail")).contains("used");
  }

  @Test
  void forgot_byEmail_mailsEveryAccountOfThatAddress_andANewerLinkVoidsTheOlder() throws Exception {
    TestUser di = withEmail("Di", "family@example.org");
    TestUser ed = withEmail("Ed", "Family@Example.org");

    assertThat(forgot("198.51.100.31", new JsonObject().put("email", "FAMILY@example.org")).status())
        .isEqualTo(202);
    assertThat(smtp.waitForIncomingEmail(20_000, 2)).isTrue();
    MimeMessage[] first = smtp.getReceivedMessages();
    assertThat(first).hasSize(2);
    String text = java.util.Arrays.stream(first).map(m -> {
      try {
        return m.getContent().toString();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).reduce("", String::concat);
    assertThat(text).contains(di.username()).contains(ed.username());
    String oldToken = tokenFor(first, di.username());

    smtp.purgeEmailFromAllMailboxes();
    assertThat(forgot("198.51.100.31", new JsonObject().put("username", di.username())).status()).isEqualTo(202);
    assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
    String newToken = tokenFor(smtp.getReceivedMessages(), di.username());

    Reply voided = api.post("/api/auth/reset", Caller.anonymous(), new JsonObject().put("token", oldToken)
        .put("password", NEW_PASSWORD));
    assertThat(voided.status()).isEqualTo(400);
    assertThat(api.post("/api/auth/reset", Caller.anonymous(), new JsonObject().put("token", newToken)
        .put("password", NEW_PASSWORD)).status()).isEqualTo(204);
  }

  private static String tokenFor(MimeMessage[] mails, String username) throws Exception {
    for (MimeMessage m : mails) {
      String text = m.getContent().toString();
      if (text.contains("\"" + username + "\"")) {
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).isTrue();
        return link.group(2);
      }
    }
    throw new AssertionError("no mail for " + username);
  }

  // ---- revealing nothing ----

  @Test
  void forgot_unknownAccountsAndAccountsWithoutEmail_getTheSame202AndNoMail() throws Exception {
    TestUser fay = api.signUp("Fay"); // no e-mail address
    int before = p.platform().forgotten().settled();

    List<JsonObject> asks = List.of(new JsonObject().put("username", "nobody-" + fay.username()),
        new JsonObject().put("email", "nobody@example.org"), new JsonObject().put("username", fay.username()));
    for (JsonObject ask : asks) {
      Reply answer = forgot("198.51.100.41", ask);
      assertThat(answer.status()).as(ask.encode()).isEqualTo(202);
      assertThat(answer.body()).isEqualTo(forgot("198.51.100.42", new JsonObject().put("username", "x")).body());
    }
    awaitSettled(before + 2 * asks.size());
    assertThat(smtp.getReceivedMessages()).isEmpty();
    assertThat(p.sql("SELECT * FROM password_resets WHERE account_id = ?", fay.id())).isEmpty();
  }

  @Test
  void forgot_badRequests_are400AndThrottledPerAddressWith429() {
    Reply neither = forgot("198.51.100.51", new JsonObject());
    assertThat(neither.status()).isEqualTo(400);
    assertThat(neither.json().getString("field")).isEqualTo("/username");
    assertThat(forgot("198.51.100.51", new JsonObject().put("username", "a").put("email", "a@example.org"))
        .status()).isEqualTo(400);
    Reply badMail = forgot("198.51.100.51", new JsonObject().put("email", "not an address"));
    assertThat(badMail.status()).isEqualTo(400);
    assertThat(badMail.json().getString("field")).isEqualTo("/email");
    assertThat(forgot("198.51.100.51", new JsonObject().put("username", 7)).status()).isEqualTo(400);

    for (int i = 0; i < ThrottleOptions.DEFAULT_SIGN_IN_PAIR_FAILURES; i++) {
      assertThat(forgot("198.51.100.52", new JsonObject().put("username", "someone" + i)).status()).isEqualTo(202);
    }
    Reply refused = forgot("198.51.100.52", new JsonObject().put("username", "someone"));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.contentType()).isEqualTo("application/problem+json");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    // Another address is not held back.
    assertThat(forgot("198.51.100.53", new JsonObject().put("username", "someone")).status()).isEqualTo(202);
  }
}
