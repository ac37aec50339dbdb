package dev.parley.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-conversation mutes through the HTTP API on both databases (the conversation's {@code muted}
 * and {@code mutedUntil}, only for the member who muted, unread still counted), and Web Push
 * routes answering 404 where push is not configured (this fixture's default).
 */
class MuteApiTest extends PlatformTestBase {

  private Reply mute(TestUser user, String conversationId, JsonObject body) {
    return api.request(HttpMethod.PUT, "/api/conversations/" + conversationId + "/mute", user,
        body == null ? null : body.toBuffer(), body == null ? null : "application/json");
  }

  @Test
  void mute_isTheMembersOwn_untilUnmuted_andUnreadStillCounts() {
    TestUser ann = api.signUp("ann");
    TestUser ben = api.signUp("ben");
    String id = api.direct(ann, ben).getString("id");
    assertThat(api.conversation(ben, id).getBoolean("muted")).isFalse();

    Reply muted = mute(ben, id, null);

    assertThat(muted.status()).as("%s", muted).isEqualTo(200);
    assertThat(muted.json().getBoolean("muted")).isTrue();
    assertThat(muted.json().getString("mutedUntil")).isNull();
    assertThat(api.conversation(ann, id).getBoolean("muted")).as("ann's view is her own").isFalse();
    api.send(ann, id, "one");
    JsonObject listed = api.get("/api/conversations", ben).array().stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals(id)).findFirst().orElseThrow();
    assertThat(listed.getBoolean("muted")).isTrue();
    assertThat(listed.getLong("unread")).isEqualTo(1);

    Reply unmuted = api.delete("/api/conversations/" + id + "/mute", ben);
    assertThat(unmuted.status()).isEqualTo(200);
    assertThat(unmuted.json().getBoolean("muted")).isFalse();
    assertThat(api.delete("/api/conversations/" + id + "/mute", ben).status()).as("idempotent").isEqualTo(200);
  }

  @Test
  void muteUntil_isKept_andMustBeAFutureInstant() {
    TestUser cat = api.signUp("cat");
    TestUser dan = api.signUp("dan");
    String id = api.group(cat, "g", dan).getString("id");
    Instant until = Instant.now().plus(8, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

    Reply muted = mute(dan, id, new JsonObject().put("until", until.toString()));

    assertThat(muted.json().getBoolean("muted")).isTrue();
    assertThat(Instant.parse(muted.json().getString("mutedUntil"))).isEqualTo(until);
    assertThat(mute(dan, id, new JsonObject().put("until", "2001-01-01T00:00:00Z")).json().getString("field"))
        .isEqualTo("/until");
    assertThat(mute(dan, id, new JsonObject().put("until", "tomorrow")).json().getString("field"))
        .isEqualTo("/until");
    assertThat(mute(dan, id, new JsonObject().put("until", 5)).status()).isEqualTo(400);
  }

  @Test
  void aNonMember_cannotMute() {
    TestUser eve = api.signUp("eve");
    TestUser fay = api.signUp("fay");
    String id = api.direct(eve, fay).getString("id");
    TestUser gus = api.signUp("gus");
    assertThat(mute(gus, id, null).status()).isEqualTo(404);
    assertThat(api.delete("/api/conversations/" + id + "/mute", gus).status()).isEqualTo(404);
    assertThat(mute(gus, "nosuchconversation00", null).status()).isEqualTo(404);
  }

  @Test
  void pushRoutes_areNotFound_wherePushIsNotConfigured() {
    TestUser hal = api.signUp("hal");
    Reply key = api.get("/api/push/key", hal);
    assertThat(key.status()).isEqualTo(404);
    assertThat(key.json().getString("type")).endsWith("/not-found");
    assertThat(api.post("/api/push/subscriptions", hal, new JsonObject()).status()).isEqualTo(404);
  }
}
