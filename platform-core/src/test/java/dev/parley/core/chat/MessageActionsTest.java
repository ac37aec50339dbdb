package dev.parley.core.chat;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import dev.parley.core.common.Addresses;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Reply, forward, edit, delete for everyone, reactions, typing and delivery marks through the HTTP
 * API and live sessions, on both databases: who may do what (403/404/409 problem types), what the
 * database and the search index keep, and what other members see live.
 */
class MessageActionsTest extends PlatformTestBase {

  private static final String PROBLEMS = "https://parley.dev/problems/";

  private String message(String conversationId, JsonObject m) {
    return "/api/conversations/" + conversationId + "/messages/" + m.getString("id");
  }

  private Reply send(TestUser sender, String conversationId, JsonObject body) {
    return api.post("/api/conversations/" + conversationId + "/messages", sender,
        body.put("clientId", api.uniqueName("c")));
  }

  private Reply react(HttpMethod method, TestUser user, String path, String emoji) {
    return api.request(method, path + "/reactions/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8)
        .replace("+", "%20"), user, null, null);
  }

  private JsonArray searchHits(TestUser user, String word) {
    Reply r = api.get("/api/search?kinds=messages&q=" + word, user);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().getJsonArray("messages");
  }

  /** The search index follows commits shortly after (Lucene refreshes on its own thread). */
  private JsonArray searchUntil(TestUser user, String word, int size) {
    JsonArray hits = searchHits(user, word);
    for (int i = 0; i < 50 && hits.size() != size; i++) {
      sleep(100);
      hits = searchHits(user, word);
    }
    return hits;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void assertProblem(Reply r, int status, String type) {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.json().getString("type")).as("%s", r).isEqualTo(PROBLEMS + type);
  }

  // ---- reply and forward ----

  @Test
  void reply_quotesTheOriginal_andRefusesAMessageOfAnotherConversationOrADeletedOne() {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    TestUser cat = api.signUp("Cat");
    String direct = api.direct(ann, ben).getString("id");
    String other = api.direct(ann, cat).getString("id");
    String longText = "x".repeat(200);
    JsonObject original = api.send(ben, direct, longText);

    Reply reply = send(ann, direct, new JsonObject().put("text", "agreed").put("replyToId", original.getString("id")));
    assertThat(reply.status()).as("%s", reply).isEqualTo(201);
    JsonObject quote = reply.json().getJsonObject("replyTo");
    assertThat(quote.getString("id")).isEqualTo(original.getString("id"));
    assertThat(quote.getLong("seq")).isEqualTo(original.getLong("seq"));
    assertThat(quote.getString("senderName")).isEqualTo("Ben");
    assertThat(quote.getString("excerpt")).isEqualTo("x".repeat(120) + "…");

    Reply elsewhere = send(ann, other, new JsonObject().put("text", "hm").put("replyToId", original.getString("id")));
    assertProblem(elsewhere, 400, "validation");
    assertThat(elsewhere.json().getString("field")).isEqualTo("/replyToId");

    assertThat(api.delete(message(direct, original), ben).status()).isEqualTo(204);
    Reply toDeleted = send(ann, direct,
        new JsonObject().put("text", "late").put("replyToId", original.getString("id")));
    assertProblem(toDeleted, 400, "validation");
  }

  @Test
  void forward_copiesTextAndAttachments_labelledWithTheFirstSender_onlyFromAConversationYouAreIn() {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    TestUser cat = api.signUp("Cat");
    String annBen = api.direct(ann, ben).getString("id");
    String annCat = api.direct(ann, cat).getString("id");
    JsonObject original = api.send(ben, annBen, "meet at noon");
    JsonArray attachments = new JsonArray().add(new JsonObject().put("id", "abcdefghijklmnopqrst").put("kind", "file")
        .put("name", "plan.pdf"));
    // A ready attachment of Ben's (the uploads' own tests send real ones); the forward refers to it again.
    p.sql(
        "INSERT INTO attachments (id, uploader_id, state, name, upload_length, upload_offset, created_at, updated_at) "
            + "VALUES ('abcdefghijklmnopqrst', ?, 'ready', 'plan.pdf', 1, 1, 0, 0)",
        ben.id());
    p.sql("UPDATE messages SET extras = ? WHERE id = ?", new JsonObject().put("attachments", attachments).encode(),
        original.getString("id"));

    JsonObject forward = new JsonObject().put("conversationId", annBen).put("messageId", original.getString("id"));
    Reply sent = send(ann, annCat, new JsonObject().put("forward", forward));
    assertThat(sent.status()).as("%s", sent).isEqualTo(201);
    assertThat(sent.json().getString("text")).isEqualTo("meet at noon");
    assertThat(sent.json().getJsonObject("forwarded").getString("senderName")).isEqualTo("Ben");
    assertThat(sent.json().getJsonArray("attachments")).isEqualTo(attachments);

    Reply again = send(cat, annCat, new JsonObject().put("forward",
        new JsonObject().put("conversationId", annCat).put("messageId", sent.json().getString("id"))));
    assertThat(again.json().getJsonObject("forwarded").getString("senderName")).as("a forward of a forward")
        .isEqualTo("Ben");

    Reply notMine = send(cat, annCat, new JsonObject().put("forward", forward));
    assertProblem(notMine, 400, "validation");
    assertThat(notMine.json().getString("field")).isEqualTo("/forward");
    Reply withText = send(ann, annCat, new JsonObject().put("forward", forward).put("text", "look"));
    assertThat(withText.status()).isEqualTo(400);
  }

  // ---- edit ----

  @Test
  void edit_ownText_keepsHistory_reindexes_andReachesTheOtherMemberLive() {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    TestUser cat = api.signUp("Cat");
    String direct = api.direct(ann, ben).getString("id");
    String before = "walrus" + api.uniqueName("w").replace("_", "");
    String after = "narwhal" + api.uniqueName("w").replace("_", "");
    JsonObject m = api.send(ann, direct, "see the " + before);
    assertThat(searchUntil(ben, before, 1)).hasSize(1);

    try (LiveClient benLive = api.live(ben)) {
      Reply edited = api.patch(message(direct, m), ann, new JsonObject().put("text", "see the " + after));
      assertThat(edited.status()).as("%s", edited).isEqualTo(200);
      assertThat(edited.json().getString("text")).isEqualTo("see the " + after);
      assertThat(edited.json().getString("editedAt")).isNotNull();

      JsonObject event = benLive.next("message_updated").getJsonObject("message");
      assertThat(event.getString("id")).isEqualTo(m.getString("id"));
      assertThat(event.getString("text")).isEqualTo("see the " + after);
    }
    Reply history = api.get(message(direct, m) + "/edits", ben);
    assertThat(history.status()).as("%s", history).isEqualTo(200);
    assertThat(history.json().getJsonArray("edits").getJsonObject(0).getString("text")).isEqualTo("see the " + before);
    assertThat(searchUntil(ben, after, 1)).hasSize(1);
    assertThat(searchUntil(ben, before, 0)).isEmpty();

    assertProblem(api.patch(message(direct, m), ben, new JsonObject().put("text", "mine now")), 403, "forbidden");
    assertProblem(api.patch(message(direct, m), cat, new JsonObject().put("text", "hi")), 404, "not-found");
    assertProblem(api.get(message(direct, m) + "/edits", cat), 404, "not-found");
    assertProblem(api.patch(message(direct, m), ann, new JsonObject().put("text", " ")), 400, "validation");
    assertProblem(api.patch("/api/conversations/" + direct + "/messages/abcdefghijklmnopqrst", ann,
        new JsonObject().put("text", "x")), 404, "not-found");
    assertThat(api.delete(message(direct, m), ann).status()).isEqualTo(204);
    assertProblem(api.patch(message(direct, m), ann, new JsonObject().put("text", "again")), 409, "conflict");
  }

  @Test
  void editHistory_olderThanTheSetting_isSwept() {
    TestUser ann = api.signUp("Ann");
    String group = api.group(ann, "Notes").getString("id");
    JsonObject m = api.send(ann, group, "one");
    api.patch(message(group, m), ann, new JsonObject().put("text", "two"));
    p.sql("UPDATE message_edits SET edited_at = 1 WHERE message_id = ?", m.getString("id"));
    assertThat(await(p.platform().messageActions().sweepEditHistory())).isGreaterThanOrEqualTo(1);
    assertThat(p.sql("SELECT id FROM message_edits WHERE message_id = ?", m.getString("id"))).isEmpty();
  }

  // ---- delete ----

  @Test
  void delete_leavesATombstone_contentGoneFromDatabaseAndSearch_andTellsStorageAndMembers() {
    TestUser owner = api.signUp("Own");
    TestUser ben = api.signUp("Ben");
    TestUser cat = api.signUp("Cat");
    String group = api.group(owner, "Club", ben, cat).getString("id");
    String word = "okapi" + api.uniqueName("w").replace("_", "");
    JsonObject m = api.send(ben, group, "secret " + word);
    api.patch(message(group, m), ben, new JsonObject().put("text", "secret " + word + " edited"));
    react(HttpMethod.PUT, cat, message(group, m), "👍");
    p.sql("UPDATE messages SET extras = ? WHERE id = ?", new JsonObject().put("attachments",
        new JsonArray().add(new JsonObject().put("id", "attachment0000000001").put("kind", "image"))).encode(),
        m.getString("id"));
    assertThat(searchUntil(cat, word, 1)).hasSize(1);
    List<JsonObject> published = new CopyOnWriteArrayList<>();
    p.vertx().eventBus().<JsonObject>consumer(Addresses.MESSAGES_DELETED, e -> published.add(e.body()));

    assertProblem(api.delete(message(group, m), cat), 403, "forbidden");
    try (LiveClient catLive = api.live(cat)) {
      assertThat(api.delete(message(group, m), owner).status()).as("the group's owner").isEqualTo(204);
      JsonObject tombstone = catLive.next("message_updated").getJsonObject("message");
      assertThat(tombstone.getBoolean("deleted")).isTrue();
      assertThat(tombstone.getString("text")).isEmpty();
      assertThat(tombstone.containsKey("attachments")).isFalse();
    }
    JsonObject row = p.sql("SELECT body, extras, deleted_at FROM messages WHERE id = ?", m.getString("id")).get(0);
    assertThat(row.getString("body")).isEmpty();
    assertThat(row.getValue("extras")).isNull();
    assertThat(row.getValue("deleted_at")).isNotNull();
    assertThat(p.sql("SELECT id FROM message_edits WHERE message_id = ?", m.getString("id"))).isEmpty();
    assertThat(p.sql("SELECT emoji FROM message_reactions WHERE message_id = ?", m.getString("id"))).isEmpty();
    assertThat(searchUntil(cat, word, 0)).isEmpty();
    for (int i = 0; i < 50 && published.isEmpty(); i++) {
      sleep(20);
    }
    assertThat(published).containsExactly(new JsonObject().put("conversationId", group)
        .put("messageId", m.getString("id")).put("attachmentIds", new JsonArray().add("attachment0000000001")));
    assertThat(api.delete(message(group, m), ben).status()).as("deleting again").isEqualTo(204);
    JsonObject page = api.get("/api/conversations/" + group + "/messages", cat).json();
    JsonObject shown = page.getJsonArray("messages").stream().map(JsonObject.class::cast)
        .filter(x -> x.getString("id").equals(m.getString("id"))).findFirst().orElseThrow();
    assertThat(shown.getBoolean("deleted")).isTrue();
  }

  @Test
  void delete_inADirectConversation_onlyBySender_andNotForNonMembers() {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    TestUser cat = api.signUp("Cat");
    String direct = api.direct(ann, ben).getString("id");
    JsonObject m = api.send(ann, direct, "hello");
    assertProblem(api.delete(message(direct, m), ben), 403, "forbidden");
    assertProblem(api.delete(message(direct, m), cat), 404, "not-found");
    assertThat(api.delete(message(direct, m), ann).status()).isEqualTo(204);
  }

  // ---- reactions ----

  @Test
  void reactions_countWhoReacted_liveAndInHistory_andRefuseText() {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    TestUser cat = api.signUp("Cat");
    String direct = api.direct(ann, ben).getString("id");
    JsonObject m = api.send(ann, direct, "party tonight");

    try (LiveClient annLive = api.live(ann)) {
      Reply put = react(HttpMethod.PUT, ben, message(direct, m), "🎉");
      assertThat(put.status()).as("%s", put).isEqualTo(200);
      assertThat(put.json().getJsonArray("reactions")).containsExactly(new JsonObject().put("emoji", "🎉")
          .put("count", 1).put("mine", true).put("accountIds", new JsonArray().add(ben.id())));
      JsonObject event = annLive.next("message_updated").getJsonObject("message");
      assertThat(event.getJsonArray("reactions").getJsonObject(0).getJsonArray("accountIds")).containsExactly(ben.id());
    }
    assertThat(react(HttpMethod.PUT, ben, message(direct, m), "🎉").status()).as("twice is once").isEqualTo(200);
    assertThat(react(HttpMethod.PUT, ann, message(direct, m), "🎉").status()).isEqualTo(200);
    assertThat(react(HttpMethod.PUT, ann, message(direct, m), "🇫🇷").status()).as("a flag").isEqualTo(200);
    assertThat(react(HttpMethod.PUT, ann, message(direct, m), "👩‍👩‍👧").status()).as("a ZWJ family")
        .isEqualTo(200);
    assertThat(react(HttpMethod.PUT, ann, message(direct, m), "👍🏽").status()).as("a skin tone").isEqualTo(200);

    JsonObject shown = api.get("/api/conversations/" + direct + "/messages", ann).json().getJsonArray("messages")
        .stream().map(JsonObject.class::cast).filter(x -> x.getString("id").equals(m.getString("id")))
        .findFirst().orElseThrow();
    JsonObject party = shown.getJsonArray("reactions").getJsonObject(0);
    assertThat(party.getString("emoji")).isEqualTo("🎉");
    assertThat(party.getInteger("count")).isEqualTo(2);
    assertThat(party.getBoolean("mine")).isTrue();
    assertThat(shown.getJsonArray("reactions")).hasSize(4);

    assertThat(react(HttpMethod.DELETE, ann, message(direct, m), "🎉").json().getJsonArray("reactions")
        .getJsonObject(0).getInteger("count")).isEqualTo(1);
    for (String bad : List.of("ab", "1", "👍👍", "👍a", " ", "x".repeat(40))) {
      Reply r = react(HttpMethod.PUT, ann, message(direct, m), bad);
      assertProblem(r, 400, "validation");
      assertThat(r.json().getString("field")).isEqualTo("/emoji");
    }
    assertProblem(react(HttpMethod.PUT, cat, message(direct, m), "🎉"), 404, "not-found");
    api.delete(message(direct, m), ann);
    assertProblem(react(HttpMethod.PUT, ben, message(direct, m), "🎉"), 409, "conflict");
  }

  // ---- typing and delivery ----

  @Test
  void typing_reachesOtherMembers_throttled_andNotFromNonMembers() {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    TestUser cat = api.signUp("Cat");
    String direct = api.direct(ann, ben).getString("id");
    try (LiveClient annLive = api.live(ann); LiveClient benLive = api.live(ben); LiveClient catLive = api.live(cat)) {
      JsonObject typing = new JsonObject().put("type", "typing").put("conversationId", direct);
      annLive.send(typing).send(typing).send(typing);
      catLive.send(typing);
      JsonObject seen = benLive.next("typing");
      assertThat(seen).isEqualTo(new JsonObject().put("type", "typing").put("conversationId", direct)
          .put("accountId", ann.id()).put("displayName", "Ann"));
      JsonObject marker = api.send(ann, direct, "marker");
      JsonObject next = benLive.next();
      while (!"message".equals(next.getString("type"))) {
        assertThat(next.getString("type")).as("one typing notice a second, none from cat").isNotEqualTo("typing");
        next = benLive.next();
      }
      assertThat(next.getJsonObject("message").getString("id")).isEqualTo(marker.getString("id"));
    }
  }

  @Test
  void delivered_isMarkedWhenTheOtherMembersSessionGetsTheMessage_andSurvivesAReload() {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    String direct = api.direct(ann, ben).getString("id");
    try (LiveClient annLive = api.live(ann); LiveClient benLive = api.live(ben)) {
      JsonObject m = api.send(ann, direct, "are you there?");
      benLive.nextMessage();
      JsonObject delivered = annLive.next("delivered");
      while (!ben.id().equals(delivered.getString("accountId"))) {
        delivered = annLive.next("delivered");
      }
      assertThat(delivered.getString("conversationId")).isEqualTo(direct);
      assertThat(delivered.getLong("seq")).isEqualTo(m.getLong("seq"));
      JsonObject benMember = api.conversation(ann, direct).getJsonArray("members").stream()
          .map(JsonObject.class::cast).filter(x -> x.getString("id").equals(ben.id())).findFirst().orElseThrow();
      assertThat(benMember.getLong("lastDeliveredSeq")).isEqualTo(m.getLong("seq"));
      assertThat(benMember.getLong("lastReadSeq")).isZero();
    }
  }
}
