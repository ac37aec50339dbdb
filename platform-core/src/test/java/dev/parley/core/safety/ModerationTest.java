package dev.parley.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Caller;
import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reports and the moderators' actions on both databases: evidence copied so a delete does not
 * destroy it, the queue oldest first, closing a report once, removing a message live for every
 * member, warning, suspending (sessions, live sockets and tokens end; sign-in refused) and
 * restoring, each audited.
 */
class ModerationTest extends PlatformTestBase {

  private TestUser admin;

  @Override
  protected void setUp() {
    admin = p.admin();
  }

  private Reply report(TestUser reporter, JsonObject body) {
    return api.post("/api/reports", reporter, body);
  }

  private List<JsonObject> openReports() {
    Reply reply = api.get("/api/admin/reports", admin);
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.array().stream().map(JsonObject.class::cast).toList();
  }

  private long audited(String action, String targetId) {
    return p.sql("SELECT COUNT(*) AS n FROM audit_log WHERE action = ? AND target_id = ?", action, targetId).get(0)
        .getLong("n");
  }

  @Test
  void aReport_keepsItsEvidence_afterTheMessageIsDeleted() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = api.group(ann, "g", bob).getString("id");
    JsonObject first = api.send(bob, group, "buy cheap pills");
    JsonObject second = api.send(bob, group, "now!!!");

    Reply filed = report(ann, new JsonObject().put("reason", "spam").put("details", "twice today")
        .put("conversationId", group).put("messageIds", new JsonArray().add(second.getString("id"))
            .add(first.getString("id"))));
    assertThat(filed.status()).as("%s", filed).isEqualTo(201);
    String reportId = filed.json().getString("id");
    assertThat(api.delete("/api/conversations/" + group + "/messages/" + first.getString("id"), bob).status())
        .isEqualTo(204);

    JsonObject queued = openReports().stream().filter(r -> r.getString("id").equals(reportId)).findFirst()
        .orElseThrow();
    assertThat(queued.getJsonObject("subject").getString("id")).isEqualTo(bob.id());
    assertThat(queued.getJsonObject("reporter").getString("id")).isEqualTo(ann.id());
    assertThat(queued.getString("reason")).isEqualTo("spam");
    assertThat(queued.getString("details")).isEqualTo("twice today");
    JsonArray evidence = queued.getJsonArray("evidence");
    assertThat(evidence).hasSize(2);
    assertThat(evidence.getJsonObject(0).getString("text")).as("oldest first, as it was").isEqualTo("buy cheap pills");
    assertThat(evidence.getJsonObject(1).getString("text")).isEqualTo("now!!!");
  }

  @Test
  void reports_areChecked() {
    TestUser cat = api.signUp("cat");
    TestUser dan = api.signUp("dan");
    TestUser out = api.signUp("out");
    String direct = api.direct(cat, dan).getString("id");
    String mine = api.send(cat, direct, "mine").getString("id");
    String his = api.send(dan, direct, "his").getString("id");

    assertThat(report(cat, new JsonObject().put("reason", "rude").put("accountId", dan.id())).json()
        .getString("field")).isEqualTo("/reason");
    assertThat(report(cat, new JsonObject().put("reason", "other").put("accountId", dan.id())).json()
        .getString("field")).isEqualTo("/details");
    assertThat(report(cat, new JsonObject().put("reason", "spam")).json().getString("field")).isEqualTo("/accountId");
    assertThat(report(cat, new JsonObject().put("reason", "spam").put("accountId", cat.id())).status())
        .isEqualTo(400);
    assertThat(report(cat, new JsonObject().put("reason", "spam").put("conversationId", direct)
        .put("messageIds", new JsonArray().add(mine))).json().getString("field")).isEqualTo("/messageIds");
    assertThat(report(cat, new JsonObject().put("reason", "spam").put("conversationId", direct)
        .put("messageIds", new JsonArray().add(mine).add(his))).json().getString("field")).isEqualTo("/messageIds");
    Reply outsider = report(out, new JsonObject().put("reason", "spam").put("conversationId", direct)
        .put("messageIds", new JsonArray().add(his)));
    assertThat(outsider.status()).as("a non-member: as if the conversation did not exist").isEqualTo(404);
    assertThat(report(cat, new JsonObject().put("reason", "harassment").put("accountId", dan.id())).status())
        .as("a person alone").isEqualTo(201);
  }

  @Test
  void theQueue_isOldestFirst_andAReportClosesOnce() {
    TestUser eve = api.signUp("eve");
    TestUser fay = api.signUp("fay");
    String a = report(eve, new JsonObject().put("reason", "spam").put("accountId", fay.id())).json().getString("id");
    String b = report(fay, new JsonObject().put("reason", "scam").put("accountId", eve.id())).json().getString("id");
    List<String> order = openReports().stream().map(r -> r.getString("id")).filter(id -> id.equals(a) || id.equals(b))
        .toList();
    assertThat(order).containsExactly(a, b);

    Reply resolved = api.post("/api/admin/reports/" + a + "/resolve", admin, new JsonObject().put("note", "warned"));
    assertThat(resolved.status()).as("%s", resolved).isEqualTo(200);
    assertThat(resolved.json().getString("status")).isEqualTo("resolved");
    assertThat(resolved.json().getString("handledBy")).isEqualTo(admin.id());
    assertThat(api.post("/api/admin/reports/" + a + "/dismiss", admin, new JsonObject()).status()).isEqualTo(409);
    assertThat(api.post("/api/admin/reports/" + b + "/dismiss", admin, new JsonObject()).json().getString("status"))
        .isEqualTo("dismissed");
    assertThat(api.post("/api/admin/reports/abcdefghijklmnopqrst/dismiss", admin, new JsonObject()).status())
        .isEqualTo(404);
    assertThat(openReports()).noneMatch(r -> r.getString("id").equals(a) || r.getString("id").equals(b));
    assertThat(api.get("/api/admin/reports?status=resolved", admin).array().stream().map(JsonObject.class::cast)
        .map(r -> r.getString("id"))).contains(a);
    assertThat(api.get("/api/admin/reports?status=maybe", admin).status()).isEqualTo(400);
    assertThat(audited("report.resolved", a)).isEqualTo(1);
    assertThat(audited("report.dismissed", b)).isEqualTo(1);
  }

  @Test
  void removingAMessage_isLiveForEveryMember_andAudited() {
    TestUser gus = api.signUp("gus");
    TestUser hal = api.signUp("hal");
    String group = api.group(gus, "g", hal).getString("id");
    String id = api.send(hal, group, "something awful").getString("id");
    try (LiveClient gusLive = api.live(gus); LiveClient halLive = api.live(hal)) {
      Reply removed = api.post("/api/admin/conversations/" + group + "/messages/" + id + "/remove", admin,
          new JsonObject().put("reason", "hate speech"));
      assertThat(removed.status()).as("%s", removed).isEqualTo(200);
      for (LiveClient live : List.of(gusLive, halLive)) {
        JsonObject updated = live.next("message_updated").getJsonObject("message");
        assertThat(updated.getString("id")).isEqualTo(id);
        assertThat(updated.getBoolean("deleted")).isTrue();
      }
    }
    assertThat(p.sql("SELECT body FROM messages WHERE id = ?", id).get(0).getString("body"))
        .doesNotContain("awful");
    assertThat(audited("message.removed", id)).isEqualTo(1);
    assertThat(api.post("/api/admin/conversations/" + group + "/messages/" + id + "/remove", admin,
        new JsonObject()).json().getString("field")).as("a reason is required").isEqualTo("/reason");
  }

  @Test
  void suspension_endsEverySession_refusesSignInAndTokens_untilRestored() {
    TestUser ivy = api.signUp("ivy");
    TestUser second = api.newSession(ivy);
    api.grant(admin, ivy, "developer");
    String token = api.post("/api/tokens", ivy, new JsonObject().put("name", "script")).json().getString("token");
    assertThat(api.get("/api/session", Caller.bearer(token)).status()).isEqualTo(200);

    try (LiveClient live = api.live(ivy)) {
      Reply suspended = api.post("/api/admin/accounts/" + ivy.id() + "/suspend", admin,
          new JsonObject().put("reason", "spam wave"));
      assertThat(suspended.status()).as("%s", suspended).isEqualTo(200);
      assertThat(live.awaitClose()).as("the live socket closes").isEqualTo((short) 4001);
    }
    assertThat(api.get("/api/session", ivy).status()).isEqualTo(401);
    assertThat(api.get("/api/session", second).status()).isEqualTo(401);
    assertThat(api.get("/api/session", Caller.bearer(token)).status()).isEqualTo(401);
    Reply signIn = api.post("/api/auth/signin", Caller.anonymous(),
        new JsonObject().put("username", ivy.username()).put("password", ivy.password()));
    assertThat(signIn.status()).isEqualTo(403);
    assertThat(signIn.json().getString("type")).isEqualTo("https://parley.dev/problems/account-suspended");
    Reply wrong = api.post("/api/auth/signin", Caller.anonymous(),
        new JsonObject().put("username", ivy.username()).put("password", "not the password at all"));
    assertThat(wrong.status()).as("a guesser learns nothing of the suspension").isEqualTo(401);
    assertThat(api.get("/api/admin/suspensions", admin).array().stream().map(JsonObject.class::cast)
        .map(a -> a.getString("id"))).contains(ivy.id());
    assertThat(audited("account.suspended", ivy.id())).isEqualTo(1);

    Reply restored = api.post("/api/admin/accounts/" + ivy.id() + "/restore", admin,
        new JsonObject().put("reason", "appeal accepted"));
    assertThat(restored.status()).isEqualTo(200);
    TestUser back = api.signIn(ivy.username(), ivy.password());
    assertThat(api.get("/api/session", back).status()).isEqualTo(200);
    assertThat(api.get("/api/session", Caller.bearer(token)).status()).isEqualTo(200);
    assertThat(audited("account.restored", ivy.id())).isEqualTo(1);
    assertThat(api.post("/api/admin/accounts/" + admin.id() + "/suspend", admin,
        new JsonObject().put("reason", "oops")).status()).as("not oneself").isEqualTo(409);
  }

  @Test
  void aWarning_reachesThePerson_fromParley() {
    TestUser jon = api.signUp("jon");
    Reply warned = api.post("/api/admin/accounts/" + jon.id() + "/warn", admin,
        new JsonObject().put("reason", "Please keep it civil."));
    assertThat(warned.status()).as("%s", warned).isEqualTo(200);
    String conversationId = warned.json().getString("conversationId");
    JsonArray messages = api.get("/api/conversations/" + conversationId + "/messages", jon).json()
        .getJsonArray("messages");
    assertThat(messages.stream().map(JsonObject.class::cast).map(m -> m.getString("text")))
        .anyMatch(t -> t.contains("Please keep it civil."));
    assertThat(audited("account.warned", jon.id())).isEqualTo(1);
  }
}
