package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 on both databases: ephemeral answers (only the caller sees them: not in other members'
 * history, window, search, unread counts or live sockets; shared as a normal copy; dismissed;
 * swept), consent by the right person (the installer grants the conversation permissions, a member
 * votes without a prompt, a payment still asks the payer) and card buttons for named members.
 */
class EphemeralAndConsentTest extends PlatformTestBase {

  static final String SERVER_JS = """
      export async function find(event, ctx) {
        return { visibility: "caller", card: { title: "Results for " + event.text, text: event.text + " shoes",
          buttons: [{ id: "buy", label: "Buy", type: "callback", value: "p1" }] } };
      }
      export async function quiet(event, ctx) {
        await parley.cards.post({ visibility: "caller", text: "just for you" });
        return {};
      }
      export async function poll(event, ctx) {
        await parley.cards.post({ card: { title: "Lunch?", buttons: [{ id: "vote", label: "Yes", value: "y" }] } });
        return {};
      }
      export async function vote(event, ctx) {
        await parley.storage.set({ scope: "conversation", key: "v", value: 1 });
        await parley.cards.update({ messageId: event.messageId, card: { title: "Lunch? 1 vote" } });
        return {};
      }
      export async function buy(event, ctx) {
        await parley.cards.update({ messageId: event.messageId, card: { title: "Bought " + event.value } });
        return {};
      }
      export async function ask(event, ctx) {
        await parley.cards.post({ card: { title: "Pay 1.00 EUR?", buttons: [
          { id: "pay", label: "Pay", value: "1.00", for: [event.text] },
          { id: "decline", label: "Decline", for: [event.text] }] } });
        return {};
      }
      export async function pay(event, ctx) {
        await parley.payments.request({ payee: "app", amount: "1.00", currency: "EUR" });
        return { text: "asked" };
      }
      export async function decline(event, ctx) {
        await parley.cards.update({ messageId: event.messageId, card: { title: "Declined" } });
        return {};
      }
      """;

  private TestUser admin;
  private TestUser dev;
  private String appId;

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dev");
    appId = TestApps.appId(api, "shopish");
    TestApps.createApp(api, dev, appId);
    JsonArray commands = new JsonArray();
    for (String c : new String[] {"find", "quiet", "poll", "ask"}) {
      commands.add(new JsonObject().put("name", c).put("description", c).put("handler", c));
    }
    JsonArray actions = new JsonArray();
    for (String a : new String[] {"vote", "buy", "pay", "decline"}) {
      actions.add(new JsonObject().put("id", a).put("handler", a));
    }
    JsonObject manifest = TestApps.manifest(appId, "1.0.0", "cards.post", "storage.conversation", "members.read",
        "payments.request").put("commands", commands).put("card_actions", actions)
        .put("storage", new JsonObject().put("conversation_bytes", 1000));
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, dev, admin, appId, "1.0.0", TestApps.zip(files));
  }

  private Reply command(TestUser user, String conversationId, String text) {
    return api.post("/api/conversations/" + conversationId + "/commands", user, new JsonObject().put("text", text));
  }

  private Reply press(TestUser user, String conversationId, String messageId, String actionId) {
    return api.post("/api/conversations/" + conversationId + "/messages/" + messageId + "/actions", user,
        new JsonObject().put("actionId", actionId));
  }

  private String groupWithApp(TestUser owner, TestUser... members) {
    String group = api.group(owner, api.uniqueName("g"), members).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", owner, new JsonObject().put("appId", appId));
    assertThat(installed.status()).as("%s", installed).isEqualTo(201);
    return group;
  }

  private JsonArray history(TestUser user, String conversationId) {
    return api.get("/api/conversations/" + conversationId + "/messages?limit=200", user).json()
        .getJsonArray("messages");
  }

  private JsonArray ephemeral(TestUser user, String conversationId) {
    Reply r = api.get("/api/conversations/" + conversationId + "/ephemeral", user);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().getJsonArray("messages");
  }

  @Test
  void anEphemeralAnswer_reachesOnlyTheCaller_andNoReadPathOfAnotherMember() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = groupWithApp(ann, bob);
    JsonObject bobBefore = api.conversation(bob, group);
    String word = "zephyr" + api.uniqueName("w").replace("_", "").toLowerCase(java.util.Locale.ROOT);

    JsonObject found;
    try (LiveClient annLive = api.live(ann); LiveClient bobLive = api.live(bob)) {
      Reply answered = command(ann, group, "/find " + word);
      assertThat(answered.status()).as("%s", answered).isEqualTo(200);
      assertThat(answered.json().getString("status")).as("nothing asked: installing granted cards.post")
          .isEqualTo("done");
      found = answered.json().getJsonArray("messages").getJsonObject(0);
      assertThat(found.getString("visibility")).isEqualTo("caller");
      assertThat(found.getString("expiresAt")).isNotNull();
      assertThat(found.getJsonObject("app").getString("id")).isEqualTo(appId);

      JsonObject live = annLive.next("ephemeral").getJsonObject("message");
      assertThat(live.getString("id")).isEqualTo(found.getString("id"));

      // A public message after it: everything Bob's socket got until then never names the ephemeral one.
      JsonObject marker = api.send(ann, group, "marker " + word);
      List<JsonObject> frames = new ArrayList<>();
      while (true) {
        JsonObject frame = bobLive.next();
        frames.add(frame);
        if ("message".equals(frame.getString("type"))
            && marker.getString("id").equals(frame.getJsonObject("message").getString("id"))) {
          break;
        }
      }
      assertThat(frames.toString()).doesNotContain(found.getString("id")).doesNotContain(word + " shoes");

      // The app updates it after a press (only the caller's card, only the caller's sessions).
      Reply bought = press(ann, group, found.getString("id"), "buy");
      assertThat(bought.status()).as("%s", bought).isEqualTo(200);
      assertThat(annLive.next("ephemeral_updated").getJsonObject("message").getJsonObject("card")
          .getString("title")).isEqualTo("Bought p1");
      assertThat(bobLive.pending().toString()).doesNotContain(found.getString("id"));
    }
    String id = found.getString("id");

    // Bob can neither press nor see it, in any read path.
    assertThat(press(bob, group, id, "buy").status()).isEqualTo(404);
    assertThat(history(bob, group).encode()).doesNotContain(id);
    assertThat(history(ann, group).encode()).as("not in the shared history either").doesNotContain(id);
    assertThat(ephemeral(bob, group)).isEmpty();
    assertThat(ephemeral(ann, group).encode()).contains(id).contains("Bought p1");
    assertThat(api.get("/api/conversations/" + group + "/messages?around=" + id, bob).status()).isEqualTo(404);
    JsonObject bobAfter = api.conversation(bob, group);
    assertThat(bobAfter.getLong("lastSeq")).as("an ephemeral message takes no seq")
        .isEqualTo(bobBefore.getLong("lastSeq") + 1); // the marker only
    assertThat(bobAfter.getLong("unread")).isEqualTo(bobBefore.getLong("unread") + 1);
    assertThat(bobAfter.encode()).doesNotContain(id);

    // Search: the marker (same word) is found once indexed; the ephemeral card never is.
    String q = "/api/search?kinds=messages&q=" + URLEncoder.encode(word, StandardCharsets.UTF_8);
    long until = System.nanoTime() + ApiClient.TIMEOUT.toNanos();
    String hits;
    do {
      hits = api.get(q, ann).json().encode();
    } while (!hits.contains(word) && System.nanoTime() < until);
    assertThat(hits).contains("marker").doesNotContain(id);
    assertThat(api.get(q, bob).json().encode()).doesNotContain(id);

    // Sharing posts a normal copy Bob sees; dismissing hides Ann's own for good.
    Reply shared = api.post("/api/conversations/" + group + "/ephemeral/" + id + "/share", ann, new JsonObject());
    assertThat(shared.status()).as("%s", shared).isEqualTo(200);
    assertThat(shared.json().getString("visibility")).isNull();
    assertThat(shared.json().getJsonObject("sharedBy").getString("id")).isEqualTo(ann.id());
    assertThat(history(bob, group).encode()).contains(shared.json().getString("id")).contains("Bought p1");
    assertThat(api.post("/api/conversations/" + group + "/ephemeral/" + id + "/share", bob, new JsonObject())
        .status()).as("not Bob's to share").isEqualTo(404);
    assertThat(api.delete("/api/conversations/" + group + "/ephemeral/" + id, bob).status()).isEqualTo(404);
    assertThat(api.delete("/api/conversations/" + group + "/ephemeral/" + id, ann).status()).isEqualTo(204);
    assertThat(ephemeral(ann, group)).isEmpty();
  }

  @Test
  void cardsPost_withVisibilityCaller_isEphemeral_andExpiredOnesAreSwept() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = groupWithApp(ann, bob);
    Reply quiet = command(bob, group, "/quiet");
    assertThat(quiet.status()).as("%s", quiet).isEqualTo(200);
    JsonObject mine = quiet.json().getJsonArray("messages").getJsonObject(0);
    assertThat(mine.getString("visibility")).isEqualTo("caller");
    assertThat(ephemeral(bob, group).encode()).contains("just for you");
    assertThat(ephemeral(ann, group)).isEmpty();
    assertThat(history(ann, group).encode()).doesNotContain("just for you");

    p.sql("UPDATE ephemeral_messages SET expires_at = 1 WHERE id = ?", mine.getString("id"));
    assertThat(ephemeral(bob, group)).as("expired: not listed even before the sweep").isEmpty();
    assertThat(ApiClient.await(p.platform().chat().ephemerals().sweep())).isPositive();
    assertThat(p.sql("SELECT id FROM ephemeral_messages WHERE id = ?", mine.getString("id"))).isEmpty();
  }

  @Test
  void installing_grantsTheConversationPermissions_saysSo_andAMemberVotesWithoutAPrompt() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = groupWithApp(ann, bob);

    JsonArray seen = history(bob, group);
    JsonObject said = seen.stream().map(JsonObject.class::cast).filter(m -> m.containsKey("appInstalled"))
        .findFirst().orElseThrow();
    assertThat(said.getString("kind")).isEqualTo("system");
    assertThat(said.getString("text")).contains(ann.displayName()).contains("added");
    assertThat(said.getJsonObject("appInstalled").getJsonObject("by").getString("id")).isEqualTo(ann.id());

    // Every member sees who granted what in the group's app settings.
    JsonArray permissions = api.get("/api/conversations/" + group + "/apps", bob).array().getJsonObject(0)
        .getJsonArray("permissions");
    JsonObject cards = permissions.stream().map(JsonObject.class::cast)
        .filter(x -> "cards.post".equals(x.getString("name"))).findFirst().orElseThrow();
    assertThat(cards.getString("scope")).isEqualTo("conversation");
    assertThat(cards.getBoolean("granted")).isTrue();
    assertThat(cards.getJsonObject("grantedBy")).as("grantedBy in %s", permissions).isNotNull();
    assertThat(cards.getJsonObject("grantedBy").getString("id")).isEqualTo(ann.id());
    JsonObject pay = permissions.stream().map(JsonObject.class::cast)
        .filter(x -> "payments.request".equals(x.getString("name"))).findFirst().orElseThrow();
    assertThat(pay.getString("scope")).isEqualTo("personal");
    assertThat(pay.containsKey("grantedBy")).isFalse();

    Reply posted = command(ann, group, "/poll");
    assertThat(posted.json().getString("status")).as("%s", posted).isEqualTo("done");
    String poll = posted.json().getJsonArray("messages").getJsonObject(0).getString("id");
    Reply voted = press(bob, group, poll, "vote");
    assertThat(voted.status()).as("%s", voted).isEqualTo(200);
    assertThat(voted.json().getString("status")).as("Bob is asked nothing: %s", voted).isEqualTo("done");
    assertThat(api.get("/api/me/consents", bob).array()).as("and decided nothing").isEmpty();

    // A conversation permission is granted by someone who may install, with the conversation.
    Reply byBob = api.post("/api/apps/" + appId + "/consent", bob, new JsonObject().put("conversationId", group)
        .put("permissions", new JsonArray().add("members.read")));
    assertThat(byBob.status()).as("%s", byBob).isEqualTo(200);
  }

  @Test
  void aButtonForNamedMembers_isRefusedToOthers_andAPaymentStillAsksThePayer() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    TestUser carol = api.signUp("carol");
    String group = groupWithApp(ann, bob, carol);
    Reply asked = command(ann, group, "/ask " + bob.id());
    assertThat(asked.status()).as("%s", asked).isEqualTo(200);
    JsonObject card = asked.json().getJsonArray("messages").getJsonObject(0);
    assertThat(card.getJsonObject("card").getJsonArray("buttons").getJsonObject(0).getJsonArray("for"))
        .containsExactly(bob.id());

    for (TestUser other : List.of(ann, carol)) {
      Reply refused = press(other, group, card.getString("id"), "pay");
      assertThat(refused.status()).as("%s", refused).isEqualTo(403);
      assertThat(refused.json().getString("detail")).contains("for other members");
    }
    // Bob, the payer, is asked for his own permission when the app first needs it.
    Reply payer = press(bob, group, card.getString("id"), "pay");
    assertThat(payer.status()).as("%s", payer).isEqualTo(200);
    assertThat(payer.json().getString("status")).isEqualTo("consent_required");
    JsonObject permission = payer.json().getJsonArray("permissions").getJsonObject(0);
    assertThat(permission.getString("name")).isEqualTo("payments.request");
    assertThat(permission.getString("scope")).isEqualTo("personal");
    assertThat(payer.json().getJsonArray("permissions")).hasSize(1);

    Reply declined = press(bob, group, card.getString("id"), "decline");
    assertThat(declined.json().getString("status")).as("%s", declined).isEqualTo("done");

    // A bad "for" is the app's error, never a card.
    Reply bad = command(ann, group, "/ask not-an-id");
    assertThat(bad.status()).as("%s", bad).isEqualTo(502);
    assertThat(bad.json().getString("detail")).contains("for[0]");
  }
}
