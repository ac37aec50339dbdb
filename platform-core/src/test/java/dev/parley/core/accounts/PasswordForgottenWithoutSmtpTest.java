package dev.parley.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * "Forgot password" with SMTP off (no {@code smtp.host}): the same 202, no link issued, no mail
 * sent, on both databases. A GreenMail server listens all the same, to see that nothing arrives.
 */
class PasswordForgottenWithoutSmtpTest extends PlatformTestBase {

  @Test
  void forgot_withoutSmtp_answers202AndSendsNothing() {
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    try {
      assertThat(p.platform().forgotten().mailEnabled()).isFalse();
      TestUser gus = api.signUp("Gus");
      assertThat(api.patch("/api/me", gus, new JsonObject().put("email", "gus@example.org")).status())
          .isEqualTo(200);
      int before = p.platform().forgotten().settled();

      Reply answer = api.post("/api/auth/forgot", Caller.anonymous(),
          new JsonObject().put("username", gus.username()));

      assertThat(answer.status()).isEqualTo(202);
      assertThat(answer.json()).isEqualTo(ForgotApi.ANSWER);
      await().atMost(Duration.ofSeconds(20)).until(() -> p.platform().forgotten().settled() > before);
      assertThat(smtp.getReceivedMessages()).isEmpty();
      assertThat(p.sql("SELECT * FROM password_resets WHERE account_id = ?", gus.id())).isEmpty();
    } finally {
      smtp.stop();
    }
  }
}
