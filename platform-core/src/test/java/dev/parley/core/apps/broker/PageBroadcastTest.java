package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Caller;
import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code parley.pages.broadcast} on both databases: from server code and from a page, the data
 * reaches every member's live session (the caller's too) labelled with the app and the
 * conversation, and no one outside the conversation; too much data and too many broadcasts are
 * the app's clear errors.
 */
class PageBroadcastTest extends PlatformTestBase {

  static final String SERVER_JS = """
      export async function cast(event, ctx) {
        const answer = await parley.pages.broadcast({ data: { action: "play", track: event.text, at: 12.5 } });
        return { text: "delivered " + answer.delivered };
      }
      export async function huge(event, ctx) {
        try {
          await parley.pages.broadcast({ data: "x".repeat(17000) });
          return { text: "sent" };
        } catch (e) {
          return { text: "refused: " + e.message };
        }
      }
      export async function flood(event, ctx) {
        for (let i = 0; i < 10; i++) {
          try {
            await parley.pages.broadcast({ data: i });
          } catch (e) {
            return { text: "refused after " + i + ": " + e.message };
          }
        }
        return { text: "all sent" };
      }
      """;

  private TestUser admin;
  private TestUser dev;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    // A burst of four: the flood is cut at its fifth broadcast.
    return builder.platformOptions(o -> o.setBroker(new BrokerOptions().setUserRate(50).setBroadcastRate(2)));
  }

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "caster");
  }

  private String publishCaster() {
    String appId = TestApps.appId(api, "caster");
    TestApps.createApp(api, dev, appId);
    JsonArray commands = new JsonArray();
    for (String c : new String[] {"cast", "huge", "flood"}) {
      commands.add(new JsonObject().put("name", c).put("description", c).put("handler", c));
    }
    JsonObject manifest = TestApps.manifest(appId, "1.0.0").put("commands", commands);
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, dev, admin, appId, "1.0.0", TestApps.zip(files));
    return appId;
  }

  private Reply command(TestUser user, String conversationId, String text) {
    return api.post("/api/conversations/" + conversationId + "/commands", user, new JsonObject().put("text", text));
  }

  private void install(TestUser user, String conversationId, String appId) {
    Reply installed = api.post("/api/conversations/" + conversationId + "/apps", user,
        new JsonObject().put("appId", appId));
    assertThat(installed.status()).as("%s", installed).isIn(200, 201);
  }

  @Test
  void broadcast_reachesEveryMembersSession_labelled_andNoOneElse() {
    String appId = publishCaster();
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    TestUser carl = api.signUp("carl");
    String group = api.group(ann, "listeners", bob).getString("id");
    String annAndCarl = api.direct(ann, carl).getString("id");
    install(ann, group, appId);

    try (LiveClient annLive = api.live(ann); LiveClient bobLive = api.live(bob); LiveClient carlLive = api.live(carl)) {
      Reply done = command(ann, group, "/cast song-1");
      assertThat(done.status()).as("%s", done).isEqualTo(200);
      assertThat(done.json().getJsonArray("messages").getJsonObject(0).getString("text")).isEqualTo("delivered true");

      JsonObject expected = new JsonObject().put("type", "page_broadcast").put("conversationId", group)
          .put("appId", appId)
          .put("data", new JsonObject().put("action", "play").put("track", "song-1").put("at", 12.5));
      assertThat(bobLive.next("page_broadcast")).isEqualTo(expected);
      assertThat(annLive.next("page_broadcast")).as("the caller's own pages too").isEqualTo(expected);

      // Carl is not in the group: the next thing he hears is a message sent after the broadcast.
      api.send(ann, annAndCarl, "after the broadcast");
      JsonObject next = carlLive.next();
      assertThat(next.getString("type")).as("%s", next).isEqualTo("message");
      assertThat(next.getJsonObject("message").getString("text")).isEqualTo("after the broadcast");
    }
  }

  @Test
  void aPage_mayBroadcastThroughTheBroker_withTheSameChecks() {
    String appId = publishCaster();
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    TestUser eve = api.signUp("eve");
    String group = api.group(ann, "listeners", bob).getString("id");
    install(ann, group, appId);
    String calls = "/api/conversations/" + group + "/apps/" + appId + "/calls";
    try (LiveClient bobLive = api.live(bob)) {
      Reply sent = api.post(calls, ann, new JsonObject().put("capability", "pages.broadcast")
          .put("args", new JsonObject().put("data", new JsonArray().add("seek").add(42))));
      assertThat(sent.status()).as("%s", sent).isEqualTo(200);
      assertThat(sent.json().getJsonObject("result")).isEqualTo(new JsonObject().put("delivered", true));
      assertThat(bobLive.next("page_broadcast").getJsonArray("data")).isEqualTo(new JsonArray().add("seek").add(42));
    }
    Reply outsider = api.post(calls, eve, new JsonObject().put("capability", "pages.broadcast")
        .put("args", new JsonObject().put("data", 1)));
    assertThat(outsider.status()).as("a non-member: the conversation does not exist to her").isEqualTo(404);
    Reply noData = api.post(calls, ann,
        new JsonObject().put("capability", "pages.broadcast").put("args", new JsonObject()));
    assertThat(noData.status()).isEqualTo(403);
    assertThat(noData.json().getString("detail")).contains("{data}");
  }

  @Test
  void tooMuchData_andTooManyBroadcasts_areTheAppsClearErrors() {
    String appId = publishCaster();
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = api.group(ann, "listeners", bob).getString("id");
    install(ann, group, appId);

    Reply huge = command(ann, group, "/huge");
    assertThat(huge.status()).as("%s", huge).isEqualTo(200);
    assertThat(huge.json().getJsonArray("messages").getJsonObject(0).getString("text"))
        .startsWith("refused: ").contains("17002 bytes as JSON").contains("at most 16384");

    Reply flood = command(ann, group, "/flood");
    assertThat(flood.status()).as("%s", flood).isEqualTo(200);
    assertThat(flood.json().getJsonArray("messages").getJsonObject(0).getString("text"))
        .startsWith("refused after 4: ").contains("broadcasts to its pages too often").contains("at most 2 a second");

    Map<String, Object> refusals = Map.of("logs", api.get("/api/developer/apps/" + appId + "/logs", dev).body());
    assertThat((String) refusals.get("logs")).contains("host call pages.broadcast refused");
  }

  @Test
  void serverTime_isPublic_uncached_andFromThePlatformsClock() {
    long before = System.currentTimeMillis();
    Reply time = api.get("/api/time", Caller.anonymous());
    long after = System.currentTimeMillis();
    assertThat(time.status()).as("%s", time).isEqualTo(200);
    assertThat(time.contentType()).isEqualTo("application/json");
    assertThat(time.header("Cache-Control")).isEqualTo("no-store");
    assertThat(time.json().fieldNames()).containsExactly("now");
    // The test platform's clock never reads one millisecond twice, so it may run a little ahead.
    assertThat(time.json().getLong("now")).isBetween(before, after + 10_000);
  }
}
