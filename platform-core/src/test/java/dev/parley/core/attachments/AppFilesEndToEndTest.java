package dev.parley.core.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import dev.parley.core.apps.broker.AppFilesTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Files in apps over the real attachments, on both databases: a member uploads a photo with tus,
 * hands it to an app's request_file button, the app reads its bytes and shows it in a card, and
 * then the other member (not its uploader) may download it while a non-member may not; an app's
 * own file is checked by content like an upload.
 */
class AppFilesEndToEndTest extends PlatformTestBase {

  private TusClient tus;
  private String appId;

  @Override
  protected void setUp() {
    tus = new TusClient(api);
    TestUser admin = p.admin();
    appId = AppFilesTest.publishMeterApp(api, TestApps.developer(api, admin, "dev"), admin);
  }

  private JsonObject ok(Reply r) {
    assertThat(r.status()).as("%s", r).isIn(200, 201);
    return r.json();
  }

  @Test
  void aPhotoSentThroughACardButton_reachesTheApp_andTheCardShowingItServesItToMembersOnly() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    TestUser eve = api.signUp("eve");
    String group = api.group(ann, "Meter " + api.uniqueName("g"), bob).getString("id");
    ok(api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId)));
    JsonArray all = new JsonArray().add("cards.post").add("files.receive");
    for (TestUser u : new TestUser[] {ann, bob}) {
      ok(api.post("/api/apps/" + appId + "/consent", u, new JsonObject().put("permissions", all)));
    }
    String messageId = ok(api.post("/api/conversations/" + group + "/commands", ann,
        new JsonObject().put("text", "/meter"))).getJsonArray("messages").getJsonObject(0).getString("id");

    String photo = tus.attachment(bob, TestFiles.png(64, 48), "meter.png", "image/png");
    JsonObject stored = ok(api.get("/api/attachments/" + photo, bob));
    assertThat(api.get("/api/attachments/" + photo + "/content", ann).status()).as("not sent yet").isEqualTo(404);

    JsonObject done = ok(api.post("/api/conversations/" + group + "/messages/" + messageId + "/actions", bob,
        new JsonObject().put("actionId", "photo").put("attachmentIds", new JsonArray().add(photo))));
    JsonObject card = done.getJsonArray("messages").getJsonObject(0).getJsonObject("card");
    assertThat(card.getString("title")).isEqualTo("Got meter.png");
    assertThat(card.getJsonArray("fields").getJsonObject(3).getString("value")).isEqualTo(stored.getString("sha256"));
    assertThat(card.getJsonArray("fields").getJsonObject(0).getString("value")).as("the bytes the app read")
        .hasSize(stored.getInteger("size")).startsWith("\u0089PNG");
    JsonObject shown = card.getJsonArray("files").getJsonObject(0);
    assertThat(shown.getString("kind")).isEqualTo("image");
    assertThat(shown.getInteger("width")).isEqualTo(64);

    Reply annReads = api.get(shown.getString("url"), ann);
    assertThat(annReads.status()).as("a member reads the file the card shows").isEqualTo(200);
    assertThat(annReads.contentType()).isEqualTo("image/png");
    assertThat(api.get(shown.getString("url"), eve).status()).as("a non-member does not").isEqualTo(404);
  }

  @Test
  void anAppsOwnFile_isCheckedByItsContent_andShownToTheConversation() {
    TestUser ann = api.signUp("ann");
    String group = api.group(ann, "Receipts " + api.uniqueName("g")).getString("id");
    ok(api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId)));
    ok(api.post("/api/apps/" + appId + "/consent", ann,
        new JsonObject().put("permissions", new JsonArray().add("cards.post").add("files.receive"))));

    JsonObject refused = ok(api.post("/api/conversations/" + group + "/commands", ann,
        new JsonObject().put("text", "/make image/png")));
    JsonArray messages = refused.getJsonArray("messages");
    assertThat(messages.getJsonObject(messages.size() - 1).getJsonObject("card").getString("text"))
        .startsWith("refused: ").contains("image/png");
  }
}
