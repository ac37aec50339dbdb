package dev.parley.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The send rate limit per account, on both databases: past the budget an HTTP send is 429
 * {@code rate-limited} with {@code Retry-After}, a live send an error frame with {@code retryAfter};
 * nothing is written; another account is not affected.
 */
class SendLimitTest extends PlatformTestBase {

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setSafety(new SafetyOptions().setSendsPerWindow(3)
        .setSendWindowSeconds(3600)));
  }

  private Reply send(TestUser sender, String conversationId, String text) {
    return ApiClient.await(api.sendAsync(sender, conversationId, "c" + UUID.randomUUID(), text));
  }

  @Test
  void pastTheBudget_sendsAre429_overHttpAndLive() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String direct = api.direct(ann, bob).getString("id");
    for (int i = 0; i < 3; i++) {
      assertThat(send(ann, direct, "m" + i).status()).isEqualTo(201);
    }

    Reply refused = send(ann, direct, "one too many");
    assertThat(refused.status()).as("%s", refused).isEqualTo(429);
    assertThat(refused.contentType()).isEqualTo("application/problem+json");
    assertThat(refused.json().getString("type")).isEqualTo("https://parley.dev/problems/rate-limited");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
    assertThat(p.sql("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND body = ?", direct,
        "one too many").get(0).getLong("n")).isZero();

    try (LiveClient live = api.live(ann)) {
      live.send(new JsonObject().put("type", "send").put("conversationId", direct).put("clientId", "live-1")
          .put("text", "live too many"));
      JsonObject error = live.next("error");
      assertThat(error.getInteger("status")).isEqualTo(429);
      assertThat(error.getString("problem")).isEqualTo("https://parley.dev/problems/rate-limited");
      assertThat(error.getLong("retryAfter")).isBetween(1L, 3600L);
    }

    assertThat(send(bob, direct, "bob has his own budget").status()).isEqualTo(201);
  }
}
