package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.common.PlatformException;
import dev.parley.runtime.MiniAppException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The broker end to end on both databases: install, consent, slash command, card, card button,
 * update in place (live to another member), host calls checked against consent (a revoked
 * permission is the app's clear error), suspension, rate limits, slow answers, storage quotas,
 * network fetch refusals and page calls.
 */
class BrokerTest extends PlatformTestBase {

  static final String SERVER_JS = """
      const poll = (votes) => ({ title: "Lunch at noon?", text: votes + " votes",
        fields: [{ label: "place", value: "Luigi's" }],
        buttons: [{ id: "vote", label: "I'm in", type: "callback", value: "yes" }] });
      export async function lunch(event, ctx) {
        const { messageId } = await parley.cards.post({ card: poll(0) });
        await parley.storage.set({ scope: "conversation", key: "poll", value: { messageId, votes: 0 } });
        return {};
      }
      export async function vote(event, ctx) {
        const p = await parley.storage.get({ scope: "conversation", key: "poll" });
        p.votes++;
        await parley.storage.set({ scope: "conversation", key: "poll", value: p });
        await parley.cards.update({ messageId: event.messageId, card: poll(p.votes) });
        return {};
      }
      export async function tip(event, ctx) {
        await parley.cards.post({ card: { title: "Tip", text: "the bill",
          buttons: [{ id: "pay", label: "Pay", type: "callback", value: "12.50" }] } });
        return {};
      }
      export async function pay(event, ctx) {
        await parley.cards.update({ messageId: event.messageId, card: { title: "Tip", text: "paid " + event.value,
          buttons: [{ id: "pay", label: "Pay", type: "callback", value: "12.50" }] } });
        return {};
      }
      export async function badcard(event, ctx) {
        await parley.cards.post({ card: { title: "Oops", buttons: [{ id: "nope", label: "Press", type: "callback" }] } });
        return {};
      }
      export async function badanswer(event, ctx) {
        return { card: { title: "Oops", buttons: [{ id: "nope", label: "Press" }] } };
      }
      export async function whoami(event, ctx) {
        const me = await parley.profile.read();
        const members = await parley.members.read();
        return { text: "you are " + me.displayName + " among " + members.length };
      }
      export async function slow(event, ctx) {
        for (let i = 0; i < 40; i++) { // forty round trips to the database: slower than the test's answer time
          await parley.storage.get({ scope: "conversation", key: "poll" });
        }
        return { text: "finally" };
      }
      export async function fetchit(event, ctx) {
        return { text: JSON.stringify(await parley.network.fetch({ url: event.text })) };
      }
      export async function hoard(event, ctx) {
        await parley.storage.set({ scope: "conversation", key: "big", value: "x".repeat(5000) });
        return { text: "stored" };
      }
      export async function script(event, ctx) {
        await parley.cards.post({ card: { title: "<img src=x onerror=alert(1)>", text: "<script>alert(1)</script>" } });
        return {};
      }
      export async function notify(event, ctx) {
        await parley.notifications.send({ text: "lunch is ready" });
        return {};
      }
      export async function page(event, ctx) {
        return event.args.quiet ? { result: { heard: event.args.hello } } : { text: "page said " + event.args.hello };
      }
      """;

  private TestUser admin;
  private TestUser dev;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setBroker(new BrokerOptions().setUserRate(50)));
  }

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dev");
  }

  private String publishLunchApp() {
    String appId = TestApps.appId(api, "lunch");
    TestApps.createApp(api, dev, appId);
    JsonArray commands = new JsonArray();
    for (String c : new String[] {"lunch", "tip", "badcard", "badanswer", "whoami", "slow", "fetchit", "hoard",
        "script", "notify"}) {
      commands.add(new JsonObject().put("name", c).put("description", c).put("handler", c));
    }
    JsonObject manifest = TestApps.manifest(appId, "1.0.0", "cards.post", "storage.conversation", "profile.read",
        "members.read", "network.fetch", "notifications.send")
        .put("commands", commands)
        .put("card_actions", new JsonArray().add(new JsonObject().put("id", "vote").put("handler", "vote"))
            .add(new JsonObject().put("id", "pay").put("handler", "pay")))
        .put("events", new JsonObject().put("page_call", "page"))
        .put("network", new JsonObject().put("allowed_domains", new JsonArray().add("example.com")))
        .put("storage", new JsonObject().put("conversation_bytes", 1000));
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, dev, admin, appId, "1.0.0", TestApps.zip(files));
    return appId;
  }

  private Reply command(TestUser user, String conversationId, String text) {
    return api.post("/api/conversations/" + conversationId + "/commands", user, new JsonObject().put("text", text));
  }

  private void consentAll(TestUser user, String appId) {
    Reply asked = api.post("/api/apps/" + appId + "/consent", user, new JsonObject().put("permissions",
        new JsonArray().add("cards.post").add("storage.conversation").add("profile.read").add("members.read")
            .add("network.fetch").add("notifications.send")));
    assertThat(asked.status()).as("%s", asked).isEqualTo(200);
  }

  // Regression (issue 19, finding 11): a version the runtime took out of service told users it was
  // "suspended or replaced", which nobody had done.
  @Test
  void quarantinedVersion_isExplainedInTheUsersTerms() {
    String appId = publishLunchApp();
    Throwable told = AppFailures.of(appId, "1.0.0", "req-1", MiniAppException.of(MiniAppException.Reason.QUARANTINED,
        appId + "@1.0.0 was taken out of service because its code could not be stopped"), p.platform().usage());
    assertThat(told).isInstanceOf(PlatformException.class);
    assertThat(((PlatformException) told).reason()).isEqualTo(PlatformException.Reason.APP_FAILED);
    assertThat(told.getMessage()).contains(appId).contains("did not stop").contains("turned off")
        .doesNotContain("suspended").doesNotContain("replaced");
  }

  // Issue 20: a callback button without a handler was found only when pressed, and the developer's log had no line.
  @Test
  void callbackButtonWithoutAHandler_isRefusedWhenPosted_andLogged() {
    String appId = publishLunchApp();
    TestUser ann = api.signUp("ann");
    String group = api.group(ann, "g").getString("id");
    api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
    consentAll(ann, appId);
    Reply posted = command(ann, group, "/badcard");
    assertThat(posted.status()).as("%s", posted).isEqualTo(502);
    assertThat(posted.json().getString("detail")).contains("card_actions has no handler for 'nope'");
    Reply answered = command(ann, group, "/badanswer");
    assertThat(answered.status()).as("%s", answered).isEqualTo(502);
    String logs = api.get("/api/developer/apps/" + appId + "/logs", dev).array().encode();
    assertThat(logs).contains("host call cards.post refused: card.buttons[0] (id 'nope') is a callback button")
        .contains("the handler's card cannot be posted: card.buttons[0] (id 'nope')");
    assertThat(api.get("/api/conversations/" + group + "/messages", ann).json().encode()).doesNotContain("Oops");
  }

  // Regression (issue 19, finding 14): a forged value reached the handler as if the app had put it on the button.
  @Test
  void cardAction_givesTheHandlerTheValueStoredWithTheCard_andRefusesAForgedOne() {
    String appId = publishLunchApp();
    TestUser ann = api.signUp("ann");
    String group = api.group(ann, "g").getString("id");
    api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
    consentAll(ann, appId);
    Reply posted = command(ann, group, "/tip");
    assertThat(posted.status()).as("%s", posted).isEqualTo(200);
    String messageId = posted.json().getJsonArray("messages").getJsonObject(0).getString("id");
    String actions = "/api/conversations/" + group + "/messages/" + messageId + "/actions";

    Reply forged = api.post(actions, ann, new JsonObject().put("actionId", "pay").put("value", "999999.00"));
    assertThat(forged.status()).as("%s", forged).isEqualTo(400);
    assertThat(forged.json().getString("field")).isEqualTo("/value");
    assertThat(cardText(ann, group, messageId)).as("the handler never ran").isEqualTo("the bill");

    Reply echoed = api.post(actions, ann, new JsonObject().put("actionId", "pay").put("value", "12.50"));
    assertThat(echoed.status()).as("the button's own value, as the chat sends it: %s", echoed).isEqualTo(200);
    assertThat(cardText(ann, group, messageId)).isEqualTo("paid 12.50");

    Reply bare = api.post(actions, ann, new JsonObject().put("actionId", "pay"));
    assertThat(bare.status()).as("%s", bare).isEqualTo(200);
    assertThat(cardText(ann, group, messageId)).as("the stored value, with none sent").isEqualTo("paid 12.50");
  }

  private String cardText(TestUser user, String group, String messageId) {
    return api.get("/api/conversations/" + group + "/messages", user).json().getJsonArray("messages").stream()
        .map(m -> (JsonObject) m).filter(m -> m.getString("id").equals(messageId)).findFirst().orElseThrow()
        .getJsonObject("card").getString("text");
  }

  @Test
  void command_asksConsent_thenPostsACard_whoseButtonUpdatesItLiveForEveryone() {
    String appId = publishLunchApp();
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = api.group(ann, "team", bob).getString("id");

    assertThat(command(ann, group, "/lunch").status()).as("not installed").isEqualTo(404);
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
    assertThat(installed.status()).as("%s", installed).isEqualTo(201);
    assertThat(installed.json().getJsonArray("commands").encode()).contains("lunch");

    // Issue 18: installing granted the conversation permissions; a personal one is asked when first needed.
    Reply first = command(ann, group, "/whoami");
    assertThat(first.status()).as("%s", first).isEqualTo(200);
    assertThat(first.json().getString("status")).isEqualTo("consent_required");
    assertThat(first.json().getJsonArray("permissions").encode()).contains("profile.read")
        .doesNotContain("cards.post").contains("because the test needs").contains("\"scope\":\"personal\"");
    consentAll(ann, appId);

    try (LiveClient bobLive = api.live(bob)) {
      Reply done = command(ann, group, "/lunch");
      assertThat(done.status()).as("%s", done).isEqualTo(200);
      assertThat(done.json().getString("status")).isEqualTo("done");
      JsonObject card = done.json().getJsonArray("messages").getJsonObject(0);
      assertThat(card.getString("kind")).isEqualTo("card");
      assertThat(card.getValue("senderId")).as("an app is never a person").isNull();
      assertThat(card.getJsonObject("app").getString("id")).isEqualTo(appId);
      assertThat(card.getJsonObject("card").getString("text")).isEqualTo("0 votes");
      assertThat(bobLive.next("message").getJsonObject("message").getString("id")).isEqualTo(card.getString("id"));

      // Bob votes: the app needs nothing of his own (issue 18), so nothing is asked of him.
      String actions = "/api/conversations/" + group + "/messages/" + card.getString("id") + "/actions";
      Reply voted = api.post(actions, bob, new JsonObject().put("actionId", "vote"));
      assertThat(voted.json().getString("status")).as("%s", voted).isEqualTo("done");
      assertThat(voted.status()).as("%s", voted).isEqualTo(200);
      JsonObject updated = bobLive.next("message_updated").getJsonObject("message");
      assertThat(updated.getString("id")).isEqualTo(card.getString("id"));
      assertThat(updated.getJsonObject("card").getString("text")).isEqualTo("1 votes");
      assertThat(updated.getInteger("edited")).isEqualTo(1);
    }
    JsonArray history = api.get("/api/conversations/" + group + "/messages", ann).json().getJsonArray("messages");
    assertThat(history.getJsonObject(0).getJsonObject("card").getString("text")).isEqualTo("1 votes");
  }

  @Test
  void revokedPermission_isTheAppsClearError_notAConsentPrompt() {
    String appId = publishLunchApp();
    TestUser ann = api.signUp("ann");
    String group = api.group(ann, "g").getString("id");
    api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
    consentAll(ann, appId);
    Reply who = command(ann, group, "/whoami");
    assertThat(who.json().getJsonArray("messages").getJsonObject(0).getJsonObject("card").getString("text"))
        .isEqualTo("you are " + ann.displayName() + " among 1");

    assertThat(api.delete("/api/apps/" + appId + "/consent/profile.read", ann).status()).isEqualTo(204);
    Reply refused = command(ann, group, "/whoami");
    assertThat(refused.status()).as("%s", refused).isEqualTo(502);
    assertThat(refused.json().getString("detail")).contains("profile.read");
    assertThat(api.get("/api/developer/apps/" + appId + "/logs", dev).array().encode())
        .contains("host call profile.read refused");
    // the user's 502 quotes the request id of the developer's log line (issue 20)
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\(request ([^)]+)\\)$")
        .matcher(refused.json().getString("detail"));
    assertThat(id.find()).as(refused.json().getString("detail")).isTrue();
    assertThat(api.get("/api/developer/apps/" + appId + "/logs", dev).array().stream()
        .map(JsonObject.class::cast).filter(l -> id.group(1).equals(l.getString("requestId"))).count())
        .as("log lines with request %s", id.group(1)).isPositive();
    assertThat(api.get("/api/me/consents", ann).array().encode()).doesNotContain("profile.read").contains("cards.post");
  }

  @Test
  void suspendedApp_isRefusedAtOnce_andRateLimitsAnswer429() {
    String appId = publishLunchApp();
    TestUser ann = api.signUp("ann");
    String group = api.group(ann, "g").getString("id");
    api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
    consentAll(ann, appId);
    assertThat(command(ann, group, "/whoami").status()).isEqualTo(200);
    api.post("/api/admin/apps/" + appId + "/suspend", admin, new JsonObject().put("reason", "abuse"));
    Reply refused = command(ann, group, "/whoami");
    assertThat(refused.status()).as("%s", refused).isEqualTo(403);
    assertThat(refused.json().getString("detail")).contains("suspended");
    api.post("/api/admin/apps/" + appId + "/unsuspend", admin, new JsonObject());

    // Commands from 16 callers at once, 200 at a time, until the bucket (burst 100, 50/s) runs dry:
    // the first 200 do on a quiet machine; a loaded one that answers barely faster than the refill
    // needs more (one after another at ~100 ms each, they would never outrun it).
    List<Reply> replies = new ArrayList<>();
    try (var callers = java.util.concurrent.Executors.newFixedThreadPool(16)) {
      for (int round = 0; round < 10 && replies.stream().noneMatch(r -> r.status() == 429); round++) {
        List<java.util.concurrent.Future<Reply>> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          sent.add(callers.submit(() -> command(ann, group, "/whoami")));
        }
        for (var f : sent) {
          replies.add(f.get());
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Reply limited = replies.stream().filter(r -> r.status() == 429).findFirst().orElse(null);
    assertThat(limited).as("the user's bucket (50/s, burst 100) runs dry").isNotNull();
    assertThat(limited.header("Retry-After")).isNotNull();
  }

  @Test
  void slowCommand_answersPending_andItsCardLandsLater() {
    TestPlatform impatient = TestPlatform.builder(kind).platformOptions(o -> o.setBroker(new BrokerOptions()
        .setAnswerMillis(10))).start();
    ApiClient api2 = impatient.api();
    TestUser dev2 = TestApps.developer(api2, impatient.admin(), "dev");
    TestPlatform saved = p;
    try {
      p = impatient;
      ApiClient savedApi = api;
      TestUser savedAdmin = admin;
      TestUser savedDev = dev;
      api = api2;
      admin = impatient.admin();
      dev = dev2;
      try {
        String appId = publishLunchApp();
        TestUser ann = api.signUp("ann");
        String group = api.group(ann, "g").getString("id");
        api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
        consentAll(ann, appId);
        try (LiveClient live = api.live(ann)) {
          Reply pending = command(ann, group, "/slow");
          assertThat(pending.status()).as("%s", pending).isEqualTo(202);
          assertThat(pending.json().getString("status")).isEqualTo("pending");
          JsonObject card = live.next("message").getJsonObject("message");
          assertThat(card.getJsonObject("card").getString("text")).isEqualTo("finally");
        }
      } finally {
        api = savedApi;
        admin = savedAdmin;
        dev = savedDev;
      }
    } finally {
      p = saved;
      impatient.close();
    }
  }

  @Test
  void hostCalls_areChecked_storageQuota_networkDomains_andCardsAreData() {
    String appId = publishLunchApp();
    TestUser ann = api.signUp("ann");
    String group = api.group(ann, "g").getString("id");
    api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
    consentAll(ann, appId);

    Reply hoard = command(ann, group, "/hoard");
    assertThat(hoard.status()).isEqualTo(502);
    assertThat(hoard.json().getString("detail")).contains("quota");
    Reply other = command(ann, group, "/fetchit https://evil.test/x");
    assertThat(other.json().getString("detail")).contains("not among the domains");
    Reply local = command(ann, group, "/fetchit http://127.0.0.1:5432/");
    assertThat(local.json().getString("detail")).contains("https");

    Reply script = command(ann, group, "/script");
    JsonObject card = script.json().getJsonArray("messages").getJsonObject(0).getJsonObject("card");
    assertThat(card.getString("title")).as("kept as text, rendered as text").isEqualTo("<img src=x onerror=alert(1)>");

    assertThat(command(ann, group, "/notify").status()).isEqualTo(200);
    assertThat(api.get("/api/me/notifications", ann).array().getJsonObject(0).getString("text"))
        .isEqualTo("lunch is ready");

    Reply page = api.post("/api/conversations/" + group + "/apps/" + appId + "/calls", ann,
        new JsonObject().put("capability", "server").put("args", new JsonObject().put("hello", "there")));
    assertThat(page.status()).as("%s", page).isEqualTo(200);
    Reply quiet = api.post("/api/conversations/" + group + "/apps/" + appId + "/calls", ann,
        new JsonObject().put("capability", "server").put("args",
            new JsonObject().put("hello", "you").put("quiet", true)));
    assertThat(quiet.json().getJsonObject("result")).as("the handler's result, for the page").isEqualTo(
        new JsonObject().put("heard", "you"));
    assertThat(quiet.json().getJsonArray("messages")).isEmpty();
    Reply profile = api.post("/api/conversations/" + group + "/apps/" + appId + "/calls", ann,
        new JsonObject().put("capability", "profile.read"));
    assertThat(profile.json().getJsonObject("result").getString("username")).isEqualTo(ann.username());
  }

  @Test
  void installPolicy_owner_keepsMembersFromInstalling_andPinsFollowTheUser() {
    String appId = publishLunchApp();
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = api.group(ann, "g", bob).getString("id");
    Reply policy = api.patch("/api/conversations/" + group, ann, new JsonObject().put("appInstallPolicy", "owner"));
    assertThat(policy.status()).as("%s", policy).isEqualTo(200);
    assertThat(policy.json().getString("appInstallPolicy")).isEqualTo("owner");
    assertThat(api.post("/api/conversations/" + group + "/apps", bob, new JsonObject().put("appId", appId)).status())
        .isEqualTo(403);
    assertThat(api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId)).status())
        .isEqualTo(201);
    assertThat(api.get("/api/conversations/" + group + "/apps", api.signUp("stranger")).status()).isEqualTo(404);

    assertThat(api.request(io.vertx.core.http.HttpMethod.PUT, "/api/me/pins/" + appId, bob, null, null).status())
        .isEqualTo(204);
    assertThat(api.get("/api/me/pins", bob).array().getJsonObject(0).getString("id")).isEqualTo(appId);
  }
}
