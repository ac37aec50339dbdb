package dev.parley.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Blocks on both databases: a blocked person cannot message the blocker in their direct
 * conversation (HTTP and live, one problem type that does not say "blocked"), start one, or add
 * the blocker to a group; group messages still flow; presence is hidden both ways; unblocking
 * lifts it all; the blocker's list.
 */
class BlocksTest extends PlatformTestBase {

  private static final String CANNOT_MESSAGE = "https://parley.dev/problems/cannot-message";

  private Reply block(TestUser who, TestUser whom) {
    return api.request(HttpMethod.PUT, "/api/blocks/" + whom.id(), who, null, null);
  }

  private Reply send(TestUser sender, String conversationId, String text) {
    return ApiClient.await(api.sendAsync(sender, conversationId, "c" + UUID.randomUUID(), text));
  }

  @Test
  void aBlockedPerson_cannotMessageTheBlocker_untilUnblocked() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String direct = api.direct(ann, bob).getString("id");
    api.send(bob, direct, "before the block");

    Reply blocked = block(ann, bob);
    assertThat(blocked.status()).as("%s", blocked).isEqualTo(200);
    assertThat(block(ann, bob).status()).as("blocking twice is blocking once").isEqualTo(200);

    Reply refused = send(bob, direct, "hello?");
    assertThat(refused.status()).as("%s", refused).isEqualTo(403);
    assertThat(refused.contentType()).isEqualTo("application/problem+json");
    assertThat(refused.json().getString("type")).isEqualTo(CANNOT_MESSAGE);
    assertThat(refused.json().getString("detail")).doesNotContainIgnoringCase("block");
    assertThat(p.sql("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND body = ?", direct, "hello?")
        .get(0).getLong("n")).isZero();

    Reply own = send(ann, direct, "from the blocker");
    assertThat(own.status()).as("the blocker unblocks to write: %s", own).isEqualTo(403);
    assertThat(own.json().getString("type")).isEqualTo(CANNOT_MESSAGE);

    try (LiveClient live = api.live(bob)) {
      live.send(new JsonObject().put("type", "send").put("conversationId", direct).put("clientId", "live-1")
          .put("text", "over the socket"));
      JsonObject error = live.next("error");
      assertThat(error.getInteger("status")).isEqualTo(403);
      assertThat(error.getString("problem")).isEqualTo(CANNOT_MESSAGE);
      assertThat(error.getString("clientId")).isEqualTo("live-1");
    }

    JsonArray list = api.get("/api/blocks", ann).array();
    assertThat(list).hasSize(1);
    assertThat(list.getJsonObject(0).getJsonObject("account").getString("id")).isEqualTo(bob.id());
    assertThat(list.getJsonObject(0).getString("blockedAt")).isNotBlank();
    assertThat(api.get("/api/blocks", bob).array()).as("bob blocked nobody").isEmpty();

    Reply unblocked = api.delete("/api/blocks/" + bob.id(), ann);
    assertThat(unblocked.status()).isEqualTo(200);
    assertThat(unblocked.json().getBoolean("blocked")).isFalse();
    assertThat(send(bob, direct, "thanks").status()).isEqualTo(201);
    assertThat(api.get("/api/blocks", ann).array()).isEmpty();
  }

  @Test
  void aBlockedPerson_cannotStartADirectConversation_norAddTheBlockerToAGroup() {
    TestUser cat = api.signUp("cat");
    TestUser dan = api.signUp("dan");
    TestUser eve = api.signUp("eve");
    block(cat, dan);

    Reply direct = api.post("/api/conversations", dan,
        new JsonObject().put("kind", "direct").put("memberId", cat.id()));
    assertThat(direct.status()).as("%s", direct).isEqualTo(403);
    assertThat(direct.json().getString("type")).isEqualTo(CANNOT_MESSAGE);

    Reply group = api.post("/api/conversations", dan, new JsonObject().put("kind", "group").put("title", "g")
        .put("memberIds", new JsonArray().add(eve.id()).add(cat.id())));
    assertThat(group.status()).as("%s", group).isEqualTo(403);
    assertThat(group.json().getString("type")).isEqualTo(CANNOT_MESSAGE);

    String other = api.group(dan, "other", eve).getString("id");
    Reply added = api.post("/api/conversations/" + other + "/members", dan,
        new JsonObject().put("accountIds", new JsonArray().add(cat.id())));
    assertThat(added.status()).as("%s", added).isEqualTo(403);
    assertThat(api.conversation(dan, other).getJsonArray("members")).hasSize(2);

    // Someone else may add both to one group; there they may both write (the blocker's client collapses).
    String shared = api.group(eve, "shared", cat, dan).getString("id");
    assertThat(send(dan, shared, "in the group").status()).isEqualTo(201);
    assertThat(send(cat, shared, "me too").status()).isEqualTo(201);
  }

  @Test
  void presence_isHiddenBothWays_andBlocksAreAskable() {
    TestUser fay = api.signUp("fay");
    TestUser gus = api.signUp("gus");
    TestUser hal = api.signUp("hal");
    block(fay, gus);
    Blocks blocks = p.platform().blocks();

    assertThat(ApiClient.await(blocks.isBlocked(fay.id(), gus.id()))).isTrue();
    assertThat(ApiClient.await(blocks.isBlocked(gus.id(), fay.id()))).isFalse();
    assertThat(ApiClient.await(blocks.hides(gus.id(), fay.id()))).as("fay's presence from gus").isTrue();
    assertThat(ApiClient.await(blocks.hides(fay.id(), gus.id()))).as("gus's presence from fay").isTrue();
    assertThat(ApiClient.await(blocks.hides(hal.id(), fay.id()))).isFalse();

    api.delete("/api/blocks/" + gus.id(), fay);
    assertThat(ApiClient.await(blocks.hides(gus.id(), fay.id()))).isFalse();
  }

  @Test
  void search_dropsTheBlockedPersonsMessages_forTheBlockerOnly() {
    TestUser joy = api.signUp("joy");
    TestUser ken = api.signUp("ken");
    String group = api.group(joy, "g", ken).getString("id");
    String word = "zebra" + UUID.randomUUID().toString().substring(0, 6);
    api.send(ken, group, "a " + word + " from ken");
    api.send(joy, group, "a " + word + " from joy");
    java.util.function.Function<TestUser, java.util.List<String>> hits = who -> {
      for (int i = 0; i < 100; i++) { // the index catches up with the commit shortly after it
        JsonArray found = api.get("/api/search?kinds=messages&q=" + word, who).json().getJsonArray("messages");
        if (found.size() >= 1 && (who != joy || found.size() >= 2 || i > 20)) {
          return found.stream().map(JsonObject.class::cast).map(h -> h.getString("senderName")).toList();
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return java.util.List.of();
    };
    assertThat(hits.apply(joy)).containsExactlyInAnyOrder("joy", "ken");

    block(joy, ken);
    assertThat(hits.apply(joy)).containsExactly("joy");
    assertThat(hits.apply(ken)).as("the blocked person's own search is theirs").contains("joy", "ken");
  }

  @Test
  void badBlocks_areRefusedWithAProblem() {
    TestUser ivy = api.signUp("ivy");
    assertThat(block(ivy, ivy).status()).isEqualTo(400);
    assertThat(api.request(HttpMethod.PUT, "/api/blocks/abcdefghijklmnopqrst", ivy, null, null).status())
        .isEqualTo(404);
    assertThat(api.request(HttpMethod.PUT, "/api/blocks/not-an-id", ivy, null, null).status()).isEqualTo(404);
    assertThat(api.delete("/api/blocks/abcdefghijklmnopqrst", ivy).status()).as("nothing to lift").isEqualTo(200);
  }
}
