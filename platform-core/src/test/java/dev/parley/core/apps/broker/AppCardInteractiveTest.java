package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 on both databases: a mini-app's card carries interactive content of the one schema
 * the Business API uses; its answers reach the app's card_actions handlers with the payload (or
 * the picked date); an answerable id without a handler and content off the schema are refused
 * when posted.
 */
class AppCardInteractiveTest extends PlatformTestBase {

  static final String SERVER_JS = """
      export async function ask(event, ctx) {
        await parley.cards.post({ card: { title: "Lunch?", interactive: { type: "quick_replies", text: "Coming?",
          replies: [{ id: "yes", label: "Yes", payload: "in" }, { id: "no", label: "No", payload: "out" }] } } });
        return {};
      }
      export async function when(event, ctx) {
        await parley.cards.post({ card: { interactive: { type: "datetime", id: "day", text: "Which day?",
          mode: "date", min: "2026-12-01", max: "2026-12-31" } } });
        return {};
      }
      export async function answer(event, ctx) {
        await parley.cards.update({ messageId: event.messageId, card: { title: "Lunch?",
          text: event.actionId + " said " + event.value } });
        return {};
      }
      export async function unhandled(event, ctx) {
        await parley.cards.post({ card: { interactive: { type: "quick_replies", text: "Coming?",
          replies: [{ id: "maybe", label: "Maybe" }] } } });
        return {};
      }
      export async function offschema(event, ctx) {
        await parley.cards.post({ card: { interactive: { type: "quick_replies", text: "Coming?",
          replies: [{ id: "yes", label: "" }] } } });
        return {};
      }
      export async function media(event, ctx) {
        await parley.cards.post({ card: { interactive: { type: "card", card: { title: "Pic",
          media: { attachmentId: "abc" } } } } });
        return {};
      }
      """;

  private TestUser admin;
  private TestUser dev;

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dev");
  }

  private String publish() {
    String appId = TestApps.appId(api, "lunchq");
    TestApps.createApp(api, dev, appId);
    JsonArray commands = new JsonArray();
    for (String c : new String[] {"ask", "when", "unhandled", "offschema", "media"}) {
      commands.add(new JsonObject().put("name", c).put("description", c).put("handler", c));
    }
    JsonArray actions = new JsonArray();
    for (String id : new String[] {"yes", "no", "day"}) {
      actions.add(new JsonObject().put("id", id).put("handler", "answer"));
    }
    JsonObject manifest = TestApps.manifest(appId, "1.0.0", "cards.post").put("commands", commands)
        .put("card_actions", actions);
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, dev, admin, appId, "1.0.0", TestApps.zip(files));
    return appId;
  }

  private String groupWith(TestUser ann, String appId) {
    String group = api.group(ann, "g").getString("id");
    api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
    Reply asked = api.post("/api/apps/" + appId + "/consent", ann,
        new JsonObject().put("permissions", new JsonArray().add("cards.post")));
    assertThat(asked.status()).as("%s", asked).isEqualTo(200);
    return group;
  }

  private Reply command(TestUser user, String group, String text) {
    return api.post("/api/conversations/" + group + "/commands", user, new JsonObject().put("text", text));
  }

  private JsonObject card(TestUser user, String group, String messageId) {
    return api.get("/api/conversations/" + group + "/messages", user).json().getJsonArray("messages").stream()
        .map(m -> (JsonObject) m).filter(m -> m.getString("id").equals(messageId)).findFirst().orElseThrow()
        .getJsonObject("card");
  }

  @Test
  void quickReplies_onAnAppsCard_reachTheHandlerWithTheirPayload() {
    String appId = publish();
    TestUser ann = api.signUp("ann");
    String group = groupWith(ann, appId);
    Reply posted = command(ann, group, "/ask");
    assertThat(posted.status()).as("%s", posted).isEqualTo(200);
    JsonObject message = posted.json().getJsonArray("messages").getJsonObject(0);
    String messageId = message.getString("id");
    JsonObject stored = card(ann, group, messageId);
    assertThat(stored.getJsonObject("interactive").getString("type")).isEqualTo("quick_replies");
    assertThat(stored.getJsonObject("interactive").getJsonArray("replies")).hasSize(2);
    String actions = "/api/conversations/" + group + "/messages/" + messageId + "/actions";

    Reply forged = api.post(actions, ann, new JsonObject().put("actionId", "yes").put("value", "free lunch"));
    assertThat(forged.status()).as("%s", forged).isEqualTo(400);
    assertThat(forged.json().getString("field")).isEqualTo("/value");
    Reply unknown = api.post(actions, ann, new JsonObject().put("actionId", "perhaps"));
    assertThat(unknown.status()).as("%s", unknown).isEqualTo(400);
    assertThat(unknown.json().getString("field")).isEqualTo("/actionId");

    Reply pressed = api.post(actions, ann, new JsonObject().put("actionId", "yes"));
    assertThat(pressed.status()).as("%s", pressed).isEqualTo(200);
    assertThat(card(ann, group, messageId).getString("text")).isEqualTo("yes said in");
  }

  @Test
  void aDatePicker_onAnAppsCard_givesTheHandlerThePickedDate_withinItsBounds() {
    String appId = publish();
    TestUser ann = api.signUp("ann");
    String group = groupWith(ann, appId);
    Reply posted = command(ann, group, "/when");
    assertThat(posted.status()).as("%s", posted).isEqualTo(200);
    String messageId = posted.json().getJsonArray("messages").getJsonObject(0).getString("id");
    String actions = "/api/conversations/" + group + "/messages/" + messageId + "/actions";

    Reply late = api.post(actions, ann, new JsonObject().put("actionId", "day").put("value", "2027-01-05"));
    assertThat(late.status()).as("%s", late).isEqualTo(400);
    assertThat(late.json().getString("field")).isEqualTo("/value");
    Reply none = api.post(actions, ann, new JsonObject().put("actionId", "day"));
    assertThat(none.status()).as("%s", none).isEqualTo(400);

    Reply picked = api.post(actions, ann, new JsonObject().put("actionId", "day").put("value", "2026-12-24"));
    assertThat(picked.status()).as("%s", picked).isEqualTo(200);
    assertThat(card(ann, group, messageId).getString("text")).isEqualTo("day said 2026-12-24");
  }

  @Test
  void anUnhandledId_contentOffTheSchema_andMedia_areRefusedWhenPosted() {
    String appId = publish();
    TestUser ann = api.signUp("ann");
    String group = groupWith(ann, appId);

    Reply unhandled = command(ann, group, "/unhandled");
    assertThat(unhandled.status()).as("%s", unhandled).isEqualTo(502);
    assertThat(unhandled.json().getString("detail")).contains("'maybe'").contains("card_actions has no handler");

    Reply offSchema = command(ann, group, "/offschema");
    assertThat(offSchema.status()).as("%s", offSchema).isEqualTo(502);
    assertThat(offSchema.json().getString("detail")).contains("card.interactive/replies/0/label");

    Reply media = command(ann, group, "/media");
    assertThat(media.status()).as("%s", media).isEqualTo(502);
    assertThat(media.json().getString("detail")).contains("card.interactive/card/media")
        .contains("image field");

    String logs = api.get("/api/developer/apps/" + appId + "/logs", dev).array().encode();
    assertThat(logs).contains("card.interactive/replies/0/label");
    assertThat(api.get("/api/conversations/" + group + "/messages", ann).json().getJsonArray("messages")
        .stream().map(m -> (JsonObject) m).filter(m -> m.getValue("card") != null).count()).isZero();
  }
}
