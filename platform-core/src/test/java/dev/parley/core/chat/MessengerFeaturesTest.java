package dev.parley.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The everyday messenger features of issue 17 through the HTTP API on both databases: mentions
 * (unread even in a muted conversation), a member's own archive and pin, group rights enforced
 * with {@code group-right} problems, co-admins, descriptions, pinned messages and invite links
 * (expiry, use count, revocation).
 */
class MessengerFeaturesTest extends PlatformTestBase {

  private static final String GROUP_RIGHT = "https://parley.dev/problems/group-right";
  private static final String UNUSABLE = "https://parley.dev/problems/invite-unusable";

  private Reply put(String path, TestUser user, JsonObject body) {
    return api.request(HttpMethod.PUT, path, user, body == null ? null : body.toBuffer(),
        body == null ? null : "application/json");
  }

  private Reply sendWith(TestUser sender, String conversationId, String text, JsonObject extra) {
    return api.post("/api/conversations/" + conversationId + "/messages", sender,
        new JsonObject().put("clientId", "c" + UUID.randomUUID()).put("text", text).mergeIn(extra));
  }

  private JsonObject listed(TestUser viewer, String conversationId) {
    return list(viewer).stream().filter(c -> c.getString("id").equals(conversationId)).findFirst().orElseThrow();
  }

  private List<JsonObject> list(TestUser viewer) {
    return api.get("/api/conversations", viewer).array().stream().map(JsonObject.class::cast).toList();
  }

  @Test
  void aMention_countsAsUnread_evenInAMutedConversation_andOnlyMembersCanBeMentioned() {
    TestUser ann = api.signUp("ann");
    TestUser ben = api.signUp("ben");
    TestUser cat = api.signUp("cat");
    String id = api.group(ann, "g", ben, cat).getString("id");
    assertThat(put("/api/conversations/" + id + "/mute", ben, null).status()).isEqualTo(200);

    Reply sent = sendWith(ann, id, "@ben look", new JsonObject().put("mentionIds", new JsonArray().add(ben.id())));
    api.send(ann, id, "no mention");

    assertThat(sent.status()).as("%s", sent).isEqualTo(201);
    JsonObject mention = sent.json().getJsonArray("mentions").getJsonObject(0);
    assertThat(mention.getString("id")).isEqualTo(ben.id());
    assertThat(mention.getString("name")).isEqualTo(ben.displayName());
    JsonObject bens = listed(ben, id);
    assertThat(bens.getBoolean("muted")).isTrue();
    assertThat(bens.getLong("mentions")).isEqualTo(1);
    assertThat(listed(cat, id).getLong("mentions")).as("cat was not mentioned").isZero();

    long seq = sent.json().getLong("seq");
    assertThat(api.post("/api/conversations/" + id + "/read", ben, new JsonObject().put("seq", seq)).status())
        .isEqualTo(204);
    assertThat(listed(ben, id).getLong("mentions")).as("read mentions no longer count").isZero();

    TestUser out = api.signUp("out");
    Reply stranger = sendWith(ann, id, "@out", new JsonObject().put("mentionIds", new JsonArray().add(out.id())));
    assertThat(stranger.status()).isEqualTo(400);
    assertThat(stranger.json().getString("field")).isEqualTo("/mentionIds");
    assertThat(sendWith(ann, id, "x", new JsonObject().put("mentionIds", "nope")).status()).isEqualTo(400);
  }

  @Test
  void archiveAndPin_areEachMembersOwn_andPinnedComeFirstInPinOrder() {
    TestUser dan = api.signUp("dan");
    TestUser eve = api.signUp("eve");
    TestUser fay = api.signUp("fay");
    String first = api.direct(dan, eve).getString("id");
    String second = api.direct(dan, fay).getString("id");
    String third = api.group(dan, "three", eve, fay).getString("id");

    assertThat(put("/api/conversations/" + first + "/pin", dan, null).json().getBoolean("pinned")).isTrue();
    assertThat(put("/api/conversations/" + second + "/pin", dan, null).status()).isEqualTo(200);
    api.send(eve, third, "newest activity");
    assertThat(list(dan).stream().map(c -> c.getString("id")).toList()).startsWith(first, second, third);
    assertThat(put("/api/conversations/" + first + "/pin", dan, null).status()).as("again: same place")
        .isEqualTo(200);
    assertThat(list(dan).get(0).getString("id")).isEqualTo(first);
    assertThat(listed(eve, first).getBoolean("pinned")).as("eve's view is her own").isFalse();

    Reply archived = put("/api/conversations/" + third + "/archive", dan, null);
    assertThat(archived.json().getBoolean("archived")).isTrue();
    assertThat(listed(eve, third).getBoolean("archived")).isFalse();
    api.send(eve, third, "still archived");
    assertThat(listed(dan, third).getBoolean("archived")).isTrue();
    assertThat(api.delete("/api/conversations/" + third + "/archive", dan).json().getBoolean("archived")).isFalse();
    assertThat(api.delete("/api/conversations/" + first + "/pin", dan).json().getBoolean("pinned")).isFalse();

    TestUser gus = api.signUp("gus");
    assertThat(put("/api/conversations/" + first + "/archive", gus, null).status()).isEqualTo(404);
    assertThat(put("/api/conversations/" + first + "/pin", gus, null).status()).isEqualTo(404);
  }

  @Test
  void groupRights_areEnforced_forMembers_butNotForAdmins() {
    TestUser own = api.signUp("own");
    TestUser adm = api.signUp("adm");
    TestUser mem = api.signUp("mem");
    TestUser new1 = api.signUp("new1");
    String id = api.group(own, "rights", adm, mem).getString("id");
    String base = "/api/conversations/" + id;

    Reply promoted = put(base + "/members/" + adm.id() + "/role", own, new JsonObject().put("role", "admin"));
    assertThat(promoted.status()).as("%s", promoted).isEqualTo(200);
    assertThat(promoted.json().getJsonArray("members").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("id").equals(adm.id())).findFirst().orElseThrow().getString("role"))
        .isEqualTo("admin");
    assertThat(put(base + "/members/" + mem.id() + "/role", adm, new JsonObject().put("role", "admin")).status())
        .as("only the owner makes admins").isEqualTo(403);
    assertThat(put(base + "/members/" + own.id() + "/role", own, new JsonObject().put("role", "member")).status())
        .isEqualTo(409);
    assertThat(put(base + "/members/" + mem.id() + "/role", own, new JsonObject().put("role", "king")).json()
        .getString("field")).isEqualTo("/role");

    Reply memberSetsRights = api.patch(base, mem, new JsonObject().put("rights",
        new JsonObject().put("rename", "members")));
    assertThat(memberSetsRights.status()).isEqualTo(403);
    Reply restricted = api.patch(base, adm, new JsonObject().put("rights",
        new JsonObject().put("addMembers", "admins").put("rename", "admins")));
    assertThat(restricted.status()).as("%s", restricted).isEqualTo(200);
    assertThat(restricted.json().getJsonObject("rights").getString("addMembers")).isEqualTo("admins");
    assertThat(restricted.json().getJsonObject("rights").getString("pin")).isEqualTo("admins");
    assertThat(api.patch(base, adm, new JsonObject().put("rights", new JsonObject().put("fly", "admins"))).json()
        .getString("field")).isEqualTo("/rights/fly");

    Reply rename = api.patch(base, mem, new JsonObject().put("title", "mine now"));
    assertThat(rename.status()).isEqualTo(403);
    assertThat(rename.json().getString("type")).isEqualTo(GROUP_RIGHT);
    assertThat(rename.json().getString("field")).isEqualTo("/rights/rename");
    Reply add = api.post(base + "/members", mem, new JsonObject().put("accountIds", new JsonArray().add(new1.id())));
    assertThat(add.json().getString("type")).isEqualTo(GROUP_RIGHT);
    assertThat(api.post(base + "/invites", mem, new JsonObject()).json().getString("type")).isEqualTo(GROUP_RIGHT);
    assertThat(api.patch(base, mem, new JsonObject().put("description", "x")).json().getString("type"))
        .isEqualTo(GROUP_RIGHT);

    Reply described = api.patch(base, adm, new JsonObject().put("description", "Lunch plans"));
    assertThat(described.json().getString("description")).isEqualTo("Lunch plans");
    assertThat(api.patch(base, adm, new JsonObject().put("description", "x".repeat(501))).json().getString("field"))
        .isEqualTo("/description");
    assertThat(api.post(base + "/members", adm, new JsonObject().put("accountIds", new JsonArray().add(new1.id())))
        .status()).isEqualTo(200);
    assertThat(api.delete(base + "/members/" + own.id(), adm).status()).as("an admin cannot remove the owner")
        .isEqualTo(403);
    assertThat(api.delete(base + "/members/" + new1.id(), adm).status()).isEqualTo(204);

    Reply demoted = put(base + "/members/" + adm.id() + "/role", own, new JsonObject().put("role", "member"));
    assertThat(demoted.status()).isEqualTo(200);
    assertThat(api.patch(base, adm, new JsonObject().put("title", "t")).status()).isEqualTo(403);
    List<String> texts = api.get(base + "/messages", own).json().getJsonArray("messages").stream()
        .map(JsonObject.class::cast).map(m -> m.getString("text")).toList();
    assertThat(texts).anyMatch(t -> t.contains("made " + adm.displayName() + " an admin"))
        .anyMatch(t -> t.contains("removed " + adm.displayName() + " as admin"));
  }

  @Test
  void pinnedMessages_followThePinRight() {
    TestUser own = api.signUp("own");
    TestUser mem = api.signUp("mem");
    String id = api.group(own, "pins", mem).getString("id");
    String base = "/api/conversations/" + id;
    String messageId = api.send(mem, id, "the plan").getString("id");

    Reply refused = put(base + "/pins/" + messageId, mem, null);
    assertThat(refused.status()).as("members may not pin by default").isEqualTo(403);
    assertThat(refused.json().getString("type")).isEqualTo(GROUP_RIGHT);
    Reply pinned = put(base + "/pins/" + messageId, own, null);
    assertThat(pinned.status()).as("%s", pinned).isEqualTo(200);
    assertThat(pinned.json().getJsonArray("pins").getJsonObject(0).getJsonObject("message").getString("text"))
        .isEqualTo("the plan");
    assertThat(put(base + "/pins/" + messageId, own, null).json().getJsonArray("pins")).as("idempotent").hasSize(1);
    assertThat(api.get(base + "/pins", mem).json().getJsonArray("pins")).hasSize(1);
    assertThat(api.get(base + "/pins", api.signUp("stranger")).status()).isEqualTo(404);
    assertThat(put(base + "/pins/abcdefghijklmnopqrst", own, null).status()).isEqualTo(404);

    assertThat(api.patch(base, own, new JsonObject().put("rights", new JsonObject().put("pin", "members")))
        .status()).isEqualTo(200);
    assertThat(api.delete(base + "/pins/" + messageId, mem).json().getJsonArray("pins")).isEmpty();

    // in a direct conversation both may pin
    TestUser other = api.signUp("other");
    String direct = api.direct(mem, other).getString("id");
    String m2 = api.send(mem, direct, "hi").getString("id");
    assertThat(put("/api/conversations/" + direct + "/pins/" + m2, other, null).status()).isEqualTo(200);
  }

  @Test
  void inviteLinks_join_countUses_expire_andCanBeRevoked() {
    TestUser own = api.signUp("own");
    TestUser mem = api.signUp("mem");
    String id = api.group(own, "club", mem).getString("id");
    String base = "/api/conversations/" + id;

    Reply created = api.post(base + "/invites", own, new JsonObject().put("maxUses", 1));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String token = created.json().getString("token");
    assertThat(created.json().getString("path")).isEqualTo("/join/" + token);

    TestUser joiner = api.signUp("joiner");
    JsonObject preview = api.get("/api/invites/" + token, joiner).json();
    assertThat(preview.getString("title")).isEqualTo("club");
    assertThat(preview.getLong("memberCount")).isEqualTo(2);
    assertThat(preview.getBoolean("member")).isFalse();
    Reply joined = api.post("/api/invites/" + token + "/join", joiner, new JsonObject());
    assertThat(joined.status()).as("%s", joined).isEqualTo(200);
    assertThat(joined.json().getString("id")).isEqualTo(id);
    assertThat(api.post("/api/invites/" + token + "/join", joiner, new JsonObject()).status())
        .as("a member joins again at no cost").isEqualTo(200);
    List<String> texts = api.get(base + "/messages", own).json().getJsonArray("messages").stream()
        .map(JsonObject.class::cast).map(m -> m.getString("text")).toList();
    assertThat(texts).anyMatch(t -> t.equals(joiner.displayName() + " joined via an invite link"));

    Reply usedUp = api.post("/api/invites/" + token + "/join", api.signUp("late"), new JsonObject());
    assertThat(usedUp.status()).isEqualTo(410);
    assertThat(usedUp.json().getString("type")).isEqualTo(UNUSABLE);
    assertThat(usedUp.json().getString("detail")).contains("used up");

    Reply expiring = api.post(base + "/invites", own,
        new JsonObject().put("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
    String expiringToken = expiring.json().getString("token");
    p.sql("UPDATE group_invites SET expires_at = ? WHERE id = ?", 1L, expiring.json().getString("id"));
    Reply expired = api.post("/api/invites/" + expiringToken + "/join", api.signUp("tardy"), new JsonObject());
    assertThat(expired.status()).isEqualTo(410);
    assertThat(expired.json().getString("detail")).contains("expired");
    assertThat(api.post(base + "/invites", own, new JsonObject().put("expiresAt", "2001-01-01T00:00:00Z")).json()
        .getString("field")).isEqualTo("/expiresAt");
    assertThat(api.post(base + "/invites", own, new JsonObject().put("maxUses", 0)).json().getString("field"))
        .isEqualTo("/maxUses");

    String open = api.post(base + "/invites", mem, new JsonObject()).json().getString("id");
    assertThat(api.get(base + "/invites", own).json().getJsonArray("invites")).hasSize(3);
    String openToken = api.get(base + "/invites", own).json().getJsonArray("invites").stream()
        .map(JsonObject.class::cast).filter(i -> i.getString("id").equals(open)).findFirst().orElseThrow()
        .getString("token");
    assertThat(api.delete(base + "/invites/" + open, mem).status()).isEqualTo(204);
    assertThat(api.delete(base + "/invites/" + open, mem).status()).isEqualTo(404);
    Reply revoked = api.get("/api/invites/" + openToken, api.signUp("someone"));
    assertThat(revoked.status()).isEqualTo(410);
    assertThat(revoked.json().getString("detail")).contains("revoked");
    assertThat(api.get("/api/invites/nosuchtokennosuchtoken", joiner).status()).isEqualTo(404);
    assertThat(api.get("/api/invites/" + openToken, dev.parley.core.Caller.anonymous()).status()).isEqualTo(401);
    assertThat(api.get(base + "/invites", api.signUp("stranger2")).status()).isEqualTo(404);
  }
}
