package dev.parley.core.chat;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Conversations and messages through the HTTP API on both databases: direct and group
 * conversations, membership rules, idempotent sends, dense sequence numbers under concurrent
 * senders, history pages, read markers and unread counts. The server runs two HTTP instances, so
 * concurrent requests are handled on different event loops.
 */
class ChatApiTest extends PlatformTestBase {

  private static List<String> memberIds(JsonObject conversation) {
    return conversation.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("id")).toList();
  }

  private static List<Long> seqs(List<JsonObject> messages) {
    return messages.stream().map(m -> m.getLong("seq")).toList();
  }

  /** Every message of a conversation as {@code viewer} pages through it, newest first. */
  private List<JsonObject> wholeHistory(TestUser viewer, String conversationId, int limit) {
    List<JsonObject> out = new ArrayList<>();
    String query = "?limit=" + limit;
    while (true) {
      Reply page = api.get("/api/conversations/" + conversationId + "/messages" + query, viewer);
      assertThat(page.status()).as("%s", page).isEqualTo(200);
      page.json().getJsonArray("messages").forEach(m -> out.add((JsonObject) m));
      Long next = page.json().getLong("nextBefore");
      if (next == null) {
        return out;
      }
      query = "?limit=" + limit + "&before=" + next;
    }
  }

  // ---- direct conversations ----

  @Test
  void direct_isIdempotentPerPair_andTitledWithTheOtherPerson() {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    JsonObject body = new JsonObject().put("kind", "direct").put("memberId", ben.id());

    Reply first = api.post("/api/conversations", ann, body);
    Reply again = api.post("/api/conversations", ann, body);
    Reply fromBen = api.post("/api/conversations", ben,
        new JsonObject().put("kind", "direct").put("memberId", ann.id()));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(fromBen.status()).isEqualTo(200);
    String id = first.json().getString("id");
    assertThat(again.json().getString("id")).isEqualTo(id);
    assertThat(fromBen.json().getString("id")).isEqualTo(id);
    assertThat(first.json().getString("kind")).isEqualTo("direct");
    assertThat(first.json().getString("title")).isEqualTo("Ben");
    assertThat(fromBen.json().getString("title")).isEqualTo("Ann");
    assertThat(memberIds(first.json())).containsExactlyInAnyOrder(ann.id(), ben.id());
    assertThat(p.sql("SELECT id FROM conversations WHERE kind = 'direct' AND id = ?", id)).hasSize(1);
  }

  @Test
  void direct_openedConcurrentlyFromBothSides_isOneConversation() {
    TestUser cat = api.signUp("Cat");
    TestUser dan = api.signUp("Dan");
    List<Future<Reply>> opens = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      TestUser from = i % 2 == 0 ? cat : dan;
      TestUser to = i % 2 == 0 ? dan : cat;
      opens.add(
          api.postAsync("/api/conversations", from, new JsonObject().put("kind", "direct").put("memberId", to.id())));
    }
    await(Future.join(opens));

    List<Reply> replies = opens.stream().map(Future::result).toList();
    assertThat(replies).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(200, 201));
    assertThat(replies.stream().filter(r -> r.status() == 201)).hasSize(1);
    assertThat(replies.stream().map(r -> r.json().getString("id")).distinct()).hasSize(1);
    assertThat(p.sql("SELECT c.id FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id "
        + "WHERE c.kind = 'direct' AND m.account_id = ?", cat.id())).hasSize(1);
  }

  @Test
  void direct_withYourselfOrAnUnknownPerson_isRefusedNamingTheField() {
    TestUser eve = api.signUp("Eve");
    Reply self = api.post("/api/conversations", eve, new JsonObject().put("kind", "direct").put("memberId", eve.id()));
    Reply unknown = api.post("/api/conversations", eve,
        new JsonObject().put("kind", "direct").put("memberId", "abcdefghijklmnopqrst"));
    Reply badKind = api.post("/api/conversations", eve, new JsonObject().put("kind", "channel"));

    assertThat(self.status()).isEqualTo(400);
    assertThat(self.json().getString("field")).isEqualTo("/memberId");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getString("field")).isEqualTo("/memberId");
    assertThat(badKind.status()).isEqualTo(400);
    assertThat(badKind.json().getString("field")).isEqualTo("/kind");
  }

  @Test
  void direct_cannotBeLeftRenamedOrGiveMoreMembers() {
    TestUser fox = api.signUp("Fox");
    TestUser gus = api.signUp("Gus");
    TestUser hal = api.signUp("Hal");
    String id = api.direct(fox, gus).getString("id");

    assertThat(api.delete("/api/conversations/" + id + "/members/" + fox.id(), fox).status()).isEqualTo(409);
    assertThat(api.patch("/api/conversations/" + id, fox, new JsonObject().put("title", "Ours")).status())
        .isEqualTo(409);
    assertThat(api.post("/api/conversations/" + id + "/members", fox,
        new JsonObject().put("accountIds", new JsonArray().add(hal.id()))).status()).isEqualTo(409);
    assertThat(memberIds(api.conversation(fox, id))).containsExactlyInAnyOrder(fox.id(), gus.id());
  }

  // ---- groups ----

  @Test
  void group_isCreatedRenamedGrownShrunkAndLeft() {
    TestUser owner = api.signUp("Ida");
    TestUser jon = api.signUp("Jon");
    TestUser kai = api.signUp("Kai");
    TestUser lou = api.signUp("Lou");

    JsonObject group = api.group(owner, "Book club", jon);
    String id = group.getString("id");
    assertThat(group.getString("kind")).isEqualTo("group");
    assertThat(group.getString("title")).isEqualTo("Book club");
    assertThat(group.getJsonArray("members").stream()
        .map(m -> ((JsonObject) m).getString("id") + ":" + ((JsonObject) m).getString("role")))
        .containsExactly(owner.id() + ":owner", jon.id() + ":member");
    assertThat(group.getJsonObject("lastMessage").getString("kind")).isEqualTo("system");
    assertThat(api.get("/api/conversations/" + id, kai).status()).isEqualTo(404);

    Reply renamed = api.patch("/api/conversations/" + id, jon, new JsonObject().put("title", "  Reading club "));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().getString("title")).isEqualTo("Reading club");
    assertThat(api.patch("/api/conversations/" + id, jon, new JsonObject().put("title", " ")).json().getString("field"))
        .isEqualTo("/title");

    Reply grown = api.post("/api/conversations/" + id + "/members", jon,
        new JsonObject().put("accountIds", new JsonArray().add(kai.id()).add(lou.id()).add(jon.id())));
    assertThat(grown.status()).isEqualTo(200);
    assertThat(memberIds(grown.json())).containsExactly(owner.id(), jon.id(), kai.id(), lou.id());
    assertThat(api.get("/api/conversations/" + id, kai).status()).isEqualTo(200);

    assertThat(api.delete("/api/conversations/" + id + "/members/" + kai.id(), owner).status()).isEqualTo(204);
    assertThat(api.get("/api/conversations/" + id, kai).status()).isEqualTo(404);
    assertThat(api.get("/api/conversations/" + id + "/messages", kai).status()).isEqualTo(404);

    assertThat(api.delete("/api/conversations/" + id + "/members/" + lou.id(), lou).status()).isEqualTo(204);
    assertThat(api.get("/api/conversations/" + id, lou).status()).isEqualTo(404);
    assertThat(api.send(jon, id, "still here").getLong("seq")).isPositive();

    List<String> texts = wholeHistory(owner, id, 50).stream().map(m -> m.getString("text")).toList().reversed();
    assertThat(texts).hasSize(6);
    assertThat(texts.get(1)).isEqualTo("Jon renamed the group to Reading club");
    assertThat(texts.get(2)).isEqualTo("Jon added Kai, Lou");
    assertThat(texts.get(3)).isEqualTo("Ida removed Kai");
    assertThat(texts.get(4)).isEqualTo("Lou left");
    assertThat(memberIds(api.conversation(owner, id))).containsExactly(owner.id(), jon.id());
  }

  @Test
  void group_onlyTheOwnerRemovesOthers() {
    TestUser owner = api.signUp("Max");
    TestUser ned = api.signUp("Ned");
    TestUser oli = api.signUp("Oli");
    String id = api.group(owner, "Owners only", ned, oli).getString("id");

    Reply byMember = api.delete("/api/conversations/" + id + "/members/" + oli.id(), ned);
    assertThat(byMember.status()).isEqualTo(403);
    assertThat(byMember.contentType()).isEqualTo("application/problem+json");
    assertThat(memberIds(api.conversation(owner, id))).contains(oli.id());

    assertThat(api.delete("/api/conversations/" + id + "/members/" + ned.id(), owner).status()).isEqualTo(204);
    // Removing someone who is no longer a member.
    assertThat(api.delete("/api/conversations/" + id + "/members/" + ned.id(), owner).status()).isEqualTo(404);
  }

  @Test
  void group_whoseOwnerLeaves_passesOwnershipToTheLongestMember() {
    TestUser owner = api.signUp("Pat");
    TestUser rex = api.signUp("Rex");
    TestUser sue = api.signUp("Sue");
    String id = api.group(owner, "Handover", rex, sue).getString("id");

    assertThat(api.delete("/api/conversations/" + id + "/members/" + owner.id(), owner).status()).isEqualTo(204);

    JsonObject after = api.conversation(rex, id);
    List<String> owners = after.getJsonArray("members").stream().map(JsonObject.class::cast)
        .filter(m -> "owner".equals(m.getString("role"))).map(m -> m.getString("id")).toList();
    assertThat(owners).hasSize(1).containsAnyOf(rex.id(), sue.id());
    TestUser newOwner = owners.get(0).equals(rex.id()) ? rex : sue;
    TestUser other = newOwner == rex ? sue : rex;
    // The old owner has no say any more; the new one removes others.
    assertThat(api.delete("/api/conversations/" + id + "/members/" + other.id(), owner).status()).isEqualTo(404);
    assertThat(api.delete("/api/conversations/" + id + "/members/" + other.id(), other).status()).isEqualTo(204);
    api.post("/api/conversations/" + id + "/members", newOwner,
        new JsonObject().put("accountIds", new JsonArray().add(other.id())));
    assertThat(api.delete("/api/conversations/" + id + "/members/" + other.id(), newOwner).status()).isEqualTo(204);
  }

  @Test
  void group_withUnknownMembers_isRefusedAndNotCreated() {
    TestUser tim = api.signUp("Tim");
    Reply reply = api.post("/api/conversations", tim, new JsonObject().put("kind", "group").put("title", "Ghosts")
        .put("memberIds", new JsonArray().add("abcdefghijklmnopqrst")));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getString("field")).isEqualTo("/memberIds");
    assertThat(api.get("/api/conversations", tim).array()).isEmpty();
  }

  // ---- sending ----

  @Test
  void send_isIdempotentPerClientId() {
    TestUser uma = api.signUp("Uma");
    TestUser vin = api.signUp("Vin");
    String id = api.direct(uma, vin).getString("id");

    Reply first = await(api.sendAsync(uma, id, "msg-1", "hello"));
    Reply retry = await(api.sendAsync(uma, id, "msg-1", "hello"));
    Reply otherSender = await(api.sendAsync(vin, id, "msg-1", "hello too"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json()).isEqualTo(first.json());
    assertThat(first.json().getString("clientId")).isEqualTo("msg-1");
    assertThat(first.json().getString("senderId")).isEqualTo(uma.id());
    assertThat(first.json().getString("senderName")).isEqualTo("Uma");
    assertThat(first.json().getString("kind")).isEqualTo("text");
    // The client id is per sender: someone else's message with the same id is a new message.
    assertThat(otherSender.status()).isEqualTo(201);
    assertThat(otherSender.json().getLong("seq")).isEqualTo(first.json().getLong("seq") + 1);
    assertThat(p.sql("SELECT id FROM messages WHERE conversation_id = ?", id)).hasSize(2);
  }

  @Test
  void send_retriedConcurrently_storesOneMessage() {
    TestUser wes = api.signUp("Wes");
    TestUser xia = api.signUp("Xia");
    String id = api.direct(wes, xia).getString("id");

    List<Future<Reply>> tries = IntStream.range(0, 12).mapToObj(i -> api.sendAsync(wes, id, "retry-me", "once"))
        .toList();
    await(Future.join(tries));

    List<Reply> replies = tries.stream().map(Future::result).toList();
    assertThat(replies.stream().filter(r -> r.status() == 201)).hasSize(1);
    assertThat(replies.stream().filter(r -> r.status() == 200)).hasSize(11);
    assertThat(replies.stream().map(r -> r.json().getString("id")).distinct()).hasSize(1);
    assertThat(p.sql("SELECT seq FROM messages WHERE conversation_id = ?", id)).hasSize(1);
    assertThat(api.conversation(wes, id).getLong("lastSeq")).isEqualTo(1);
  }

  @Test
  void send_withBadClientIdOrText_isRefusedNamingTheField() {
    TestUser yan = api.signUp("Yan");
    TestUser zoe = api.signUp("Zoe");
    String id = api.direct(yan, zoe).getString("id");

    assertThat(await(api.sendAsync(yan, id, "has space", "x")).json().getString("field")).isEqualTo("/clientId");
    assertThat(await(api.sendAsync(yan, id, "x".repeat(65), "x")).json().getString("field")).isEqualTo("/clientId");
    assertThat(await(api.sendAsync(yan, id, "ok", "   ")).json().getString("field")).isEqualTo("/text");
    assertThat(await(api.sendAsync(yan, id, "ok", "x".repeat(4001))).json().getString("field")).isEqualTo("/text");
    assertThat(await(api.sendAsync(yan, id, "ok", "nul\u0000byte")).json().getString("field")).isEqualTo("/text");
    Reply missing = api.post("/api/conversations/" + id + "/messages", yan, new JsonObject().put("clientId", "ok"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getString("field")).isEqualTo("/text");
    assertThat(await(api.sendAsync(yan, id, "ok", "x".repeat(4000))).status()).isEqualTo(201);
    assertThat(await(api.sendAsync(yan, id, "multi", "two\nlines\tand a tab")).status()).isEqualTo(201);
  }

  @Test
  void seq_isDenseAndTheSameForEveryMember_underConcurrentSendsFromSeveralUsers() {
    TestUser owner = api.signUp("Quin");
    List<TestUser> others = List.of(api.signUp("Rhea"), api.signUp("Saul"), api.signUp("Tess"));
    String id = api.group(owner, "Busy", others.toArray(TestUser[]::new)).getString("id");
    List<TestUser> senders = new ArrayList<>(others);
    senders.add(owner);
    int perSender = 50;

    List<Future<Reply>> sends = new ArrayList<>();
    for (int i = 0; i < perSender; i++) {
      for (TestUser sender : senders) {
        sends.add(api.sendAsync(sender, id, "m" + i, sender.username() + " #" + i));
      }
    }
    await(Future.join(sends));

    assertThat(sends).allSatisfy(f -> assertThat(f.result().status()).as("%s", f.result()).isEqualTo(201));
    int total = 1 + senders.size() * perSender; // the "created the group" message is seq 1
    Set<Long> answered = sends.stream().map(f -> f.result().json().getLong("seq")).collect(Collectors.toSet());
    assertThat(answered).hasSize(senders.size() * perSender).allSatisfy(s -> assertThat(s).isBetween(2L, (long) total));
    List<Long> stored = p.sql("SELECT seq FROM messages WHERE conversation_id = ? ORDER BY seq", id).stream()
        .map(r -> r.getLong("seq")).toList();
    assertThat(stored).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());

    List<String> ownerView = wholeHistory(owner, id, 37).stream().map(m -> m.getLong("seq") + ":" + m.getString("id"))
        .toList();
    assertThat(ownerView).hasSize(total);
    for (TestUser member : others) {
      assertThat(wholeHistory(member, id, 64).stream().map(m -> m.getLong("seq") + ":" + m.getString("id")).toList())
          .as("history of %s", member.username()).isEqualTo(ownerView);
    }
    // Every sender's messages are there, each once.
    for (TestUser sender : senders) {
      assertThat(wholeHistory(sender, id, 200).stream().filter(m -> sender.id().equals(m.getString("senderId")))
          .map(m -> m.getString("clientId")).collect(Collectors.toSet())).hasSize(perSender);
    }
    assertThat(api.conversation(owner, id).getLong("lastSeq")).isEqualTo(total);
  }

  // ---- history ----

  @Test
  void history_pagesNewestFirstWithNextBefore_andAfterReadsOldestFirst() {
    TestUser ada = api.signUp("Ada");
    TestUser bo = api.signUp("Bo");
    String id = api.direct(ada, bo).getString("id");
    for (int i = 1; i <= 12; i++) {
      api.send(i % 2 == 0 ? ada : bo, id, "n" + i);
    }

    Reply first = api.get("/api/conversations/" + id + "/messages?limit=5", bo);
    assertThat(seqs(first.json().getJsonArray("messages").stream().map(JsonObject.class::cast).toList()))
        .containsExactly(12L, 11L, 10L, 9L, 8L);
    assertThat(first.json().getLong("nextBefore")).isEqualTo(8L);
    Reply second = api.get("/api/conversations/" + id + "/messages?limit=5&before=8", bo);
    assertThat(seqs(second.json().getJsonArray("messages").stream().map(JsonObject.class::cast).toList()))
        .containsExactly(7L, 6L, 5L, 4L, 3L);
    Reply last = api.get("/api/conversations/" + id + "/messages?limit=5&before=3", bo);
    assertThat(seqs(last.json().getJsonArray("messages").stream().map(JsonObject.class::cast).toList()))
        .containsExactly(2L, 1L);
    assertThat(last.json().getValue("nextBefore")).isNull();
    assertThat(last.json().containsKey("nextBefore")).isTrue();

    Reply after = api.get("/api/conversations/" + id + "/messages?after=9", ada);
    assertThat(seqs(after.json().getJsonArray("messages").stream().map(JsonObject.class::cast).toList()))
        .containsExactly(10L, 11L, 12L);
    JsonObject message = after.json().getJsonArray("messages").getJsonObject(0);
    assertThat(message.fieldNames()).containsExactlyInAnyOrder("id", "conversationId", "seq", "senderId", "senderName",
        "clientId", "kind", "text", "createdAt", "reactions", "senderKind");
    assertThat(message.getString("text")).isEqualTo("n10");

    assertThat(api.get("/api/conversations/" + id + "/messages?before=x", ada).status()).isEqualTo(400);
    assertThat(api.get("/api/conversations/" + id + "/messages?before=3&after=1", ada).status()).isEqualTo(400);
  }

  @Test
  void history_pagesNeitherSkipNorRepeat_whileMessagesAreSent() {
    TestUser cy = api.signUp("Cy");
    TestUser di = api.signUp("Di");
    String id = api.direct(cy, di).getString("id");
    for (int i = 1; i <= 40; i++) {
      api.send(i % 3 == 0 ? cy : di, id, "before paging " + i);
    }

    List<Future<Reply>> burst = new ArrayList<>();
    List<JsonObject> seen = new ArrayList<>();
    String query = "?limit=6";
    int page = 0;
    while (true) {
      // Between pages: a few sends that finish, and a burst that runs while the next page is read.
      api.send(cy, id, "between pages " + page);
      burst.add(api.sendAsync(di, id, "burst-" + page, "during page " + page));
      Reply reply = api.get("/api/conversations/" + id + "/messages" + query, di);
      assertThat(reply.status()).isEqualTo(200);
      reply.json().getJsonArray("messages").forEach(m -> seen.add((JsonObject) m));
      Long next = reply.json().getLong("nextBefore");
      if (next == null) {
        break;
      }
      query = "?limit=6&before=" + next;
      page++;
    }
    await(Future.join(burst));

    List<Long> order = seqs(seen);
    long top = order.get(0);
    assertThat(order).as("strictly newest first, no repeats, no gaps")
        .containsExactlyElementsOf(LongStream.iterate(top, s -> s >= 1, s -> s - 1).boxed().toList());
    assertThat(top).isGreaterThanOrEqualTo(41);
    assertThat(new HashSet<>(order)).hasSize(order.size());
  }

  // ---- read markers, unread counts, order ----

  @Test
  void readMarkers_moveForwardOnly_andDriveUnreadCounts() {
    TestUser owner = api.signUp("Eli");
    TestUser fay = api.signUp("Fay");
    TestUser gil = api.signUp("Gil");
    String id = api.group(owner, "Unread", fay, gil).getString("id"); // seq 1: system message
    api.send(fay, id, "one");
    api.send(fay, id, "two");
    api.send(fay, id, "three"); // seq 4

    JsonObject ownerView = api.conversation(owner, id);
    assertThat(ownerView.getLong("lastSeq")).isEqualTo(4);
    assertThat(ownerView.getLong("lastReadSeq")).isEqualTo(1);
    assertThat(ownerView.getLong("unread")).isEqualTo(3);
    JsonObject senderView = api.conversation(fay, id);
    assertThat(senderView.getLong("lastReadSeq")).isEqualTo(4);
    assertThat(senderView.getLong("unread")).isZero();
    assertThat(api.conversation(gil, id).getLong("unread")).isEqualTo(4);

    assertThat(api.post("/api/conversations/" + id + "/read", owner, new JsonObject().put("seq", 3)).status())
        .isEqualTo(204);
    assertThat(api.conversation(owner, id).getLong("unread")).isEqualTo(1);
    assertThat(api.post("/api/conversations/" + id + "/read", owner, new JsonObject().put("seq", 2)).status())
        .isEqualTo(204);
    assertThat(api.conversation(owner, id).getLong("lastReadSeq")).isEqualTo(3);
    assertThat(api.post("/api/conversations/" + id + "/read", owner, new JsonObject().put("seq", 999)).status())
        .isEqualTo(204);
    assertThat(api.conversation(owner, id).getLong("lastReadSeq")).isEqualTo(4);
    assertThat(api.conversation(owner, id).getLong("unread")).isZero();
    assertThat(api.conversation(gil, id).getLong("unread")).isEqualTo(4);

    api.send(owner, id, "my own"); // the sender's marker follows their own message
    assertThat(api.conversation(owner, id).getLong("unread")).isZero();
    assertThat(api.conversation(fay, id).getLong("unread")).isEqualTo(1);

    Reply negative = api.post("/api/conversations/" + id + "/read", owner, new JsonObject().put("seq", -1));
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.json().getString("field")).isEqualTo("/seq");
    Reply notANumber = api.post("/api/conversations/" + id + "/read", owner, new JsonObject().put("seq", "3"));
    assertThat(notANumber.json().getString("field")).isEqualTo("/seq");
  }

  @Test
  void list_ordersConversationsByRecentActivity() {
    TestUser hu = api.signUp("Hu");
    String withIan = api.direct(hu, api.signUp("Ian")).getString("id");
    String withJay = api.direct(hu, api.signUp("Jay")).getString("id");
    String group = api.group(hu, "Third").getString("id");

    api.send(hu, withIan, "ian first");
    assertThat(api.get("/api/conversations", hu).array().stream().map(c -> ((JsonObject) c).getString("id")).toList())
        .startsWith(withIan);
    api.send(hu, withJay, "now jay");
    List<String> order = api.get("/api/conversations", hu).array().stream().map(c -> ((JsonObject) c).getString("id"))
        .toList();
    assertThat(order).containsExactlyInAnyOrder(withIan, withJay, group);
    assertThat(order.indexOf(withJay)).isLessThan(order.indexOf(withIan));
    JsonObject jay = (JsonObject) api.get("/api/conversations", hu).array().getValue(0);
    assertThat(jay.getJsonObject("lastMessage").getString("text")).isEqualTo("now jay");
  }
}
