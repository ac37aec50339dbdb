package dev.parley.core.chat;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.RawWebSocket;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Live delivery over {@code /api/live} on both databases: fan-out to every session of every member,
 * resumption after a reconnect, order under concurrent senders, membership and read events, and
 * the handshake's refusals. Sessions are made ready (resumed) before anything is sent, so "did not
 * receive" is checked with a later marker event rather than by waiting.
 */
class LiveTest extends PlatformTestBase {

  private static List<Long> seqs(List<JsonObject> messages) {
    return messages.stream().map(m -> m.getLong("seq")).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void message_reachesEveryOpenSessionOfEveryMember_andNobodyElse() {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    TestUser cal = api.signUp("Cal");
    String direct = api.direct(ann, ben).getString("id");
    String benAndCal = api.direct(ben, cal).getString("id");
    TestUser annOnPhone = api.newSession(ann);

    try (LiveClient annLaptop = api.live(ann);
        LiveClient annPhone = api.live(annOnPhone);
        LiveClient benLive = api.live(ben);
        LiveClient calLive = api.live(cal)) {
      JsonObject sent = api.send(ben, direct, "hello both of you");

      for (LiveClient session : List.of(annLaptop, annPhone, benLive)) {
        assertThat(session.nextMessage()).isEqualTo(sent);
      }
      api.send(ben, benAndCal, "marker for cal");
      assertThat(calLive.nextMessage().getString("text")).as("cal is not in the conversation")
          .isEqualTo("marker for cal");
    }
  }

  @Test
  void resume_afterReconnect_deliversExactlyTheMissedMessagesInOrderThenReady() {
    TestUser dee = api.signUp("Dee");
    TestUser eli = api.signUp("Eli");
    String direct = api.direct(dee, eli).getString("id");
    String group = api.group(eli, "Resume group", dee).getString("id"); // seq 1: "created"
    long lastSeen;
    try (LiveClient first = api.live(dee)) {
      for (int i = 1; i <= 3; i++) {
        api.send(eli, direct, "seen " + i);
      }
      List<JsonObject> received = List.of(first.nextMessage(), first.nextMessage(), first.nextMessage());
      assertThat(seqs(received)).containsExactly(1L, 2L, 3L);
      lastSeen = received.get(2).getLong("seq");
    }
    for (int i = 4; i <= 8; i++) {
      api.send(eli, direct, "missed " + i);
    }
    api.send(eli, group, "missed in group a");
    api.send(dee, group, "sent from another device");

    try (LiveClient again = api.connectLive(dee)) {
      Map<String, Long> cursors = new LinkedHashMap<>();
      cursors.put(direct, lastSeen);
      cursors.put(group, 1L);
      again.resume(cursors);

      List<JsonObject> backlog = again.backlogUntilReady();

      assertThat(
          backlog.stream().filter(m -> m.getString("conversationId").equals(direct)).map(m -> m.getString("text")))
          .containsExactly("missed 4", "missed 5", "missed 6", "missed 7", "missed 8");
      assertThat(seqs(backlog.stream().filter(m -> m.getString("conversationId").equals(direct)).toList()))
          .containsExactlyElementsOf(range(4, 8));
      assertThat(
          backlog.stream().filter(m -> m.getString("conversationId").equals(group)).map(m -> m.getString("text")))
          .containsExactly("missed in group a", "sent from another device");
      assertThat(backlog).hasSize(7);

      // Live again: the next message arrives once, right after the backlog.
      JsonObject next = api.send(eli, direct, "live again");
      assertThat(again.next()).isEqualTo(new JsonObject().put("type", "message").put("message", next));
      api.send(eli, direct, "and again");
      assertThat(again.nextMessage().getLong("seq")).isEqualTo(10);
    }
  }

  @Test
  void resume_announcedAtConnect_holdsLiveEventsUntilItIsHandled_soNoneOvertakesTheBacklog() {
    TestUser dee = api.signUp("Dee");
    TestUser eli = api.signUp("Eli");
    String direct = api.direct(dee, eli).getString("id");
    for (int i = 1; i <= 3; i++) {
      api.send(eli, direct, "seen " + i);
    }
    api.send(eli, direct, "missed 4");
    api.send(eli, direct, "missed 5");

    try (LiveClient eliLive = api.live(eli); LiveClient again = api.connectLive(dee, "/api/live?resume=1")) {
      // Dee's new session is subscribed once its typing notice reaches Eli (before, it is dropped).
      JsonObject typing = new JsonObject().put("type", "typing").put("conversationId", direct);
      JsonObject seen = null;
      for (int tries = 0; seen == null && tries < 30; tries++) {
        again.send(typing);
        JsonObject f = eliLive.poll(1_100);
        seen = f != null && "typing".equals(f.getString("type")) ? f : null;
      }
      assertThat(seen).as("Dee's session subscribed").isNotNull();
      // Sent while the resume is still to come: these events reach the session and must wait.
      api.send(eli, direct, "before the resume 6");
      api.send(eli, direct, "before the resume 7");
      again.resume(Map.of(direct, 3L));

      List<Long> order = new ArrayList<>();
      for (JsonObject f = again.next(); !"ready".equals(f.getString("type")); f = again.next()) {
        if ("message".equals(f.getString("type"))) {
          order.add(f.getJsonObject("message").getLong("seq"));
        }
      }
      assertThat(order).as("the backlog in order, the held events dropped as sent").containsExactly(4L, 5L, 6L, 7L);
      api.send(eli, direct, "live again");
      assertThat(again.nextMessage().getLong("seq")).isEqualTo(8);
    }
  }

  @Test
  void resume_ofALongAbsence_sendsTheWholeBacklogPageByPage() {
    TestUser fay = api.signUp("Fay");
    TestUser gus = api.signUp("Gus");
    String direct = api.direct(fay, gus).getString("id");
    int missed = 450; // more than two backlog pages of 200
    List<Future<Reply>> sends = new ArrayList<>();
    for (int i = 1; i <= missed; i++) {
      sends.add(api.sendAsync(gus, direct, "b" + i, "backlog " + i));
    }
    await(Future.join(sends));
    assertThat(sends).allSatisfy(f -> assertThat(f.result().status()).isEqualTo(201));

    try (LiveClient live = api.connectLive(fay)) {
      live.resume(Map.of(direct, 0L));
      assertThat(seqs(live.backlogUntilReady())).containsExactlyElementsOf(range(1, missed));
    }
  }

  @Test
  void resume_whileMessagesKeepComing_losesNothingAndRepeatsNothingAfterTheBacklogStarts() {
    TestUser hal = api.signUp("Hal");
    TestUser ivy = api.signUp("Ivy");
    String direct = api.direct(hal, ivy).getString("id");
    for (int i = 1; i <= 20; i++) {
      api.send(ivy, direct, "early " + i);
    }
    long cursor = 10;

    List<Future<Reply>> burst = new ArrayList<>();
    try (LiveClient live = api.connectLive(hal)) {
      for (int i = 0; i < 60; i++) {
        burst.add(api.sendAsync(ivy, direct, "burst" + i, "burst " + i));
        if (i == 5) {
          live.resume(Map.of(direct, cursor));
        }
      }
      await(Future.join(burst));
      JsonObject end = api.send(ivy, direct, "the end");

      List<Long> received = new ArrayList<>();
      while (received.isEmpty() || !received.get(received.size() - 1).equals(end.getLong("seq"))) {
        JsonObject frame = live.next();
        if ("message".equals(frame.getString("type"))) {
          received.add(frame.getJsonObject("message").getLong("seq"));
        }
      }
      // Messages that arrived live before the server took the resume may come again in the backlog
      // (clients deduplicate by seq); from the first backlog message on the stream is exact.
      int backlogStart = received.indexOf(cursor + 1);
      assertThat(backlogStart).as("received %s", received).isNotNegative();
      assertThat(received.subList(backlogStart, received.size()))
          .as("received %s", received).containsExactlyElementsOf(range(cursor + 1, end.getLong("seq")));
      assertThat(received.subList(0, backlogStart)).allSatisfy(s -> assertThat(s).isGreaterThan(cursor));
    }
  }

  @Test
  void liveMessages_arriveInSeqOrderWithoutGaps_underConcurrentSendersOnSeveralEventLoops() {
    TestUser owner = api.signUp("Jon");
    List<TestUser> senders = List.of(owner, api.signUp("Kai"), api.signUp("Lou"), api.signUp("Max"));
    TestUser watcher = api.signUp("Ned");
    List<TestUser> members = new ArrayList<>(senders.subList(1, 4));
    members.add(watcher);
    String group = api.group(owner, "Firehose", members.toArray(TestUser[]::new)).getString("id");
    int perSender = 50;
    long last = 1 + (long) senders.size() * perSender;

    try (LiveClient resumed = api.connectLive(watcher); LiveClient plain = api.live(api.newSession(watcher))) {
      resumed.resume(Map.of(group, 1L));
      resumed.next("ready");
      List<Future<Reply>> sends = new ArrayList<>();
      for (int i = 0; i < perSender; i++) {
        for (TestUser sender : senders) {
          sends.add(api.sendAsync(sender, group, "f" + i, "fire " + i));
        }
      }
      await(Future.join(sends));
      assertThat(sends).allSatisfy(f -> assertThat(f.result().status()).isEqualTo(201));

      assertThat(seqs(resumed.nextMessages((int) last - 1))).as("resumed session")
          .containsExactlyElementsOf(range(2, last));
      assertThat(seqs(plain.nextMessages((int) last - 1))).as("plain session")
          .containsExactlyElementsOf(range(2, last));
    }
  }

  @Test
  void membership_addedMidConnectionReceivesTheGroup_removedStopsReceivingIt() {
    TestUser owner = api.signUp("Oli");
    TestUser pia = api.signUp("Pia");
    TestUser rex = api.signUp("Rex");
    String group = api.group(owner, "Later joiners", rex).getString("id");
    String side = api.direct(owner, pia).getString("id");

    try (LiveClient live = api.live(pia)) {
      Reply added = api.post("/api/conversations/" + group + "/members", owner,
          new JsonObject().put("accountIds", new JsonArray().add(pia.id())));
      assertThat(added.status()).isEqualTo(200);
      JsonObject conversation = live.next("conversation").getJsonObject("conversation");
      assertThat(conversation.getString("id")).isEqualTo(group);
      assertThat(conversation.getString("title")).isEqualTo("Later joiners");

      api.send(rex, group, "welcome, pia");
      JsonObject welcome;
      do {
        welcome = live.nextMessage();
      } while (!"welcome, pia".equals(welcome.getString("text")));
      assertThat(welcome.getString("conversationId")).isEqualTo(group);

      assertThat(api.delete("/api/conversations/" + group + "/members/" + pia.id(), owner).status()).isEqualTo(204);
      assertThat(live.next("removed").getString("conversationId")).isEqualTo(group);

      api.send(rex, group, "not for pia any more");
      api.send(owner, side, "marker");
      assertThat(live.nextMessage().getString("text")).isEqualTo("marker");
    }
  }

  @Test
  void conversationAndReadEvents_reachTheMembers() {
    TestUser sam = api.signUp("Sam");
    TestUser tia = api.signUp("Tia");
    String group = api.group(sam, "Old name", tia).getString("id");
    JsonObject message = api.send(sam, group, "read me");

    try (LiveClient samLive = api.live(sam); LiveClient tiaLive = api.live(tia)) {
      assertThat(api.patch("/api/conversations/" + group, sam, new JsonObject().put("title", "New name")).status())
          .isEqualTo(200);
      for (LiveClient session : List.of(samLive, tiaLive)) {
        assertThat(session.next("conversation").getJsonObject("conversation").getString("title")).isEqualTo("New name");
      }

      assertThat(api.post("/api/conversations/" + group + "/read", tia,
          new JsonObject().put("seq", message.getLong("seq"))).status()).isEqualTo(204);
      JsonObject read = samLive.next("read");
      assertThat(read).isEqualTo(new JsonObject().put("type", "read").put("conversationId", group)
          .put("accountId", tia.id()).put("seq", message.getLong("seq")));
    }
  }

  @Test
  void resume_withACursorOfTwoToThe64_isRefusedNotWrappedToZero() {
    TestUser hal = api.signUp("Hal");
    TestUser ida = api.signUp("Ida");
    String direct = api.direct(hal, ida).getString("id");
    api.send(ida, direct, "one");

    try (LiveClient live = api.connectLive(hal)) {
      // 2^64 read as a long is 0: before the fix the whole conversation was replayed.
      await(live.socket().writeTextMessage(
          "{\"type\":\"resume\",\"cursors\":{\"" + direct + "\":18446744073709551616}}"));
      JsonObject refusal = live.next();
      assertThat(refusal.getString("type")).isEqualTo("error");
      assertThat(refusal.getInteger("status")).isEqualTo(400);
      assertThat(refusal.getString("field")).isEqualTo("/cursors/" + direct);
    }
  }

  @Test
  void pingAndBadFrames_areAnsweredOnTheSession() {
    TestUser uma = api.signUp("Uma");
    try (LiveClient live = api.live(uma)) {
      live.send(new JsonObject().put("type", "ping"));
      assertThat(live.next()).isEqualTo(new JsonObject().put("type", "pong"));

      live.send(new JsonObject().put("type", "dance"));
      JsonObject unknown = live.next();
      assertThat(unknown.getString("type")).isEqualTo("error");
      assertThat(unknown.getInteger("status")).isEqualTo(400);
      assertThat(unknown.getString("field")).isEqualTo("/type");

      live.send(new JsonObject().put("type", "resume").put("cursors", new JsonObject()));
      assertThat(live.next().getInteger("status")).as("resume is once per connection").isEqualTo(409);

      await(live.socket().writeTextMessage("{not json"));
      assertThat(live.next().getInteger("status")).isEqualTo(400);
      assertThat(live.isClosed()).isFalse();
    }
  }

  /**
   * Regression: the handshake called toWebSocket() after an asynchronous session lookup, when
   * Vert.x had already read the request to its end; the client got no answer at all. It worked only
   * while the principal was in the session cache, which a sign-in does not fill.
   */
  @Test
  void handshake_withASessionNotYetLookedUp_connects() {
    TestUser wes = api.signUp("Wes");
    TestUser fresh = api.newSession(wes); // never used for a request: not in the principal cache
    try (LiveClient live = api.connectLive(fresh)) {
      live.send(new JsonObject().put("type", "ping"));
      assertThat(live.next()).isEqualTo(new JsonObject().put("type", "pong"));
    }
  }

  @Test
  void handshake_withoutSession_isRefused401_andFromAForeignOrigin403() throws Exception {
    TestUser vic = api.signUp("Vic");
    String self = "http://127.0.0.1:" + p.port();

    Throwable anonymous = catchThrowable(() -> await(LiveClient.connect(p.vertx(), "127.0.0.1", p.port(), null)));
    assertThat(anonymous).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) anonymous).getStatus()).isEqualTo(401);

    // Raw handshakes, so that exactly these headers are sent (as a browser would send them).
    assertThat(RawWebSocket.handshake("127.0.0.1", p.port(), Map.of("Cookie", "parley_session=" + "x".repeat(43))))
        .startsWith("HTTP/1.1 401").contains("application/problem+json");
    assertThat(RawWebSocket.handshake("127.0.0.1", p.port(), Map.of("Cookie", vic.cookieHeader(),
        "Origin", "https://evil.example"))).startsWith("HTTP/1.1 403").contains("application/problem+json");
    assertThat(RawWebSocket.handshake("127.0.0.1", p.port(), Map.of("Cookie", vic.cookieHeader(),
        "Origin", self + ".evil.example"))).startsWith("HTTP/1.1 403");
    assertThat(RawWebSocket.handshake("127.0.0.1", p.port(), Map.of("Cookie", vic.cookieHeader(),
        "Origin", "null"))).startsWith("HTTP/1.1 403");
    // The platform's own pages, and clients that are not browsers (no Origin), are let in.
    assertThat(RawWebSocket.handshake("127.0.0.1", p.port(), Map.of("Cookie", vic.cookieHeader(), "Origin", self)))
        .startsWith("HTTP/1.1 101");
    assertThat(RawWebSocket.handshake("127.0.0.1", p.port(), Map.of("Cookie", vic.cookieHeader())))
        .startsWith("HTTP/1.1 101");
  }
}
