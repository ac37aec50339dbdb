package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Files in apps through the broker, on both databases: a card's files (from the bundle, or a file
 * the app made or was sent; refused when missing or of another kind), a request_file button (the
 * presser's own upload of an accepted type, only with files.receive allowed), event.files reaching
 * the handler, files.read only for files handed to the app here, and non-members refused.
 */
public class AppFilesTest extends PlatformTestBase {

  public static final String SERVER_JS = """
      export async function meter(event, ctx) {
        await parley.cards.post({ card: { title: "Meter reading", text: "Send a photo of your meter",
          buttons: [{ id: "photo", label: "Send a photo", type: "request_file", accept: "image/*" }] } });
        return {};
      }
      export async function photo(event, ctx) {
        const f = event.files[0];
        const r = await parley.files.read({ id: f.id });
        const tail = await parley.files.read({ id: f.id, offset: 2, length: 3 });
        return { card: { title: "Got " + f.name,
          fields: [{ label: "bytes", value: atob(r.data) }, { label: "tail", value: atob(tail.data) },
                   { label: "sentAt", value: f.sentAt }, { label: "sha256", value: f.sha256 },
                   { label: "done", value: String(r.done) + "/" + String(tail.done) }],
          files: [{ attachmentId: f.id }] } };
      }
      export async function menu(event, ctx) {
        return { card: { title: "Menu", files: [{ path: "ui/menu.pdf" }, { path: "ui/logo.png", name: "Logo" }] } };
      }
      export async function tryit(event, ctx) {
        try {
          if (event.text === "missing") {
            await parley.cards.post({ card: { title: "x", files: [{ path: "ui/missing.png" }] } });
          } else if (event.text === "page") {
            await parley.cards.post({ card: { title: "x", files: [{ path: "ui/index.html" }] } });
          } else if (event.text.startsWith("show ")) {
            await parley.cards.post({ card: { title: "x", files: [{ attachmentId: event.text.slice(5) }] } });
          } else {
            return { text: JSON.stringify(await parley.files.read({ id: event.text })) };
          }
          return { text: "posted" };
        } catch (e) {
          return { text: "refused: " + e.message };
        }
      }
      export async function make(event, ctx) {
        try {
          const f = await parley.files.create({ name: "receipt.pdf", contentType: event.text || "application/pdf",
            data: btoa("%PDF-1.4 receipt") });
          await parley.cards.post({ card: { title: "Receipt", files: [{ attachmentId: f.id }] } });
          const back = await parley.files.read({ id: f.id });
          return { text: "made " + f.kind + " " + atob(back.data) };
        } catch (e) {
          return { text: "refused: " + e.message };
        }
      }
      """;

  private final FakeAttachments attachments = new FakeAttachments();
  private TestUser admin;
  private TestUser dev;
  private String appId;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setBroker(new BrokerOptions().setUserRate(100)));
  }

  @Override
  protected void setUp() {
    p.platform().appFiles().use(attachments);
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dev");
    appId = publishMeterApp(api, dev, admin);
  }

  /** Publishes the test app of files (commands meter, menu, tryit, make; the button photo); answers its id. */
  public static String publishMeterApp(dev.parley.core.ApiClient api, TestUser dev, TestUser admin) {
    String appId = TestApps.appId(api, "meter");
    TestApps.createApp(api, dev, appId);
    JsonArray commands = new JsonArray();
    for (String c : new String[] {"meter", "menu", "tryit", "make"}) {
      commands.add(new JsonObject().put("name", c).put("description", c).put("handler", c));
    }
    JsonObject manifest = TestApps.manifest(appId, "1.0.0", "cards.post", "files.receive").put("commands", commands)
        .put("card_actions", new JsonArray().add(new JsonObject().put("id", "photo").put("handler", "photo")));
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    files.put("ui/menu.pdf", "%PDF-1.4 menu".getBytes(StandardCharsets.UTF_8));
    files.put("ui/logo.png", TestApps.ICON);
    TestApps.publish(api, dev, admin, appId, "1.0.0", TestApps.zip(files));
    return appId;
  }

  private String groupWithApp(TestUser owner, TestUser... members) {
    String group = api.group(owner, "Files " + api.uniqueName("g"), members).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", owner, new JsonObject().put("appId", appId));
    assertThat(installed.status()).as("%s", installed).isIn(200, 201);
    return group;
  }

  private void consent(TestUser user, String... permissions) {
    Reply r = api.post("/api/apps/" + appId + "/consent", user,
        new JsonObject().put("permissions", new JsonArray(java.util.List.of((Object[]) permissions))));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
  }

  private JsonObject command(TestUser user, String group, String text) {
    Reply r = api.post("/api/conversations/" + group + "/commands", user, new JsonObject().put("text", text));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json();
  }

  private String said(TestUser user, String group, String text) {
    JsonObject done = command(user, group, text);
    assertThat(done.getString("status")).as("%s", done).isEqualTo("done");
    JsonArray messages = done.getJsonArray("messages");
    return messages.getJsonObject(messages.size() - 1).getJsonObject("card").getString("text");
  }

  private Reply press(TestUser user, String group, String messageId, JsonArray attachmentIds) {
    JsonObject body = new JsonObject().put("actionId", "photo");
    if (attachmentIds != null) {
      body.put("attachmentIds", attachmentIds);
    }
    return api.post("/api/conversations/" + group + "/messages/" + messageId + "/actions", user, body);
  }

  @Test
  void cardFiles_fromTheBundle_areShownWithTheirTypeAndUrl_andAMissingOrWrongKindIsTheAppsClearError() {
    TestUser ann = api.signUp("ann");
    String group = groupWithApp(ann);
    consent(ann, "cards.post", "files.receive");

    JsonObject done = command(ann, group, "/menu");
    JsonArray files = done.getJsonArray("messages").getJsonObject(0).getJsonObject("card").getJsonArray("files");
    assertThat(files).hasSize(2);
    JsonObject pdf = files.getJsonObject(0);
    assertThat(pdf.getString("kind")).isEqualTo("file");
    assertThat(pdf.getString("name")).isEqualTo("menu.pdf");
    assertThat(pdf.getString("contentType")).isEqualTo("application/pdf");
    assertThat(pdf.getLong("size")).isEqualTo(13L);
    assertThat(pdf.getString("url")).startsWith("/static/apps/" + appId + "/").endsWith("/ui/menu.pdf");
    assertThat(api.get(pdf.getString("url"), ann).status()).as("served like the app's other files").isEqualTo(200);
    JsonObject logo = files.getJsonObject(1);
    assertThat(logo.getString("kind")).isEqualTo("image");
    assertThat(logo.getString("name")).isEqualTo("Logo");

    assertThat(said(ann, group, "/tryit missing")).startsWith("refused: ").contains("has no file ui/missing.png");
    assertThat(said(ann, group, "/tryit page")).startsWith("refused: ").contains("must be an image")
        .contains("or a PDF");
  }

  @Test
  void requestFile_consentFirst_thenTheHandlerGetsEventFiles_readsTheBytes_andShowsThePhotoInACard() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = groupWithApp(ann, bob);
    consent(ann, "cards.post", "files.receive");
    JsonObject card = command(ann, group, "/meter").getJsonArray("messages").getJsonObject(0);
    assertThat(card.getJsonObject("card").getJsonArray("buttons").getJsonObject(0).getString("accept"))
        .isEqualTo("image/*");
    String messageId = card.getString("id");
    String photo = attachments.upload(bob.id(), "meter.jpg", "image/jpeg", "JPEG-bytes".getBytes());

    // Bob has not decided yet: the consent sheet, naming files.receive; nothing reached the app.
    consent(bob, "cards.post");
    Reply asked = press(bob, group, messageId, new JsonArray().add(photo));
    assertThat(asked.status()).as("%s", asked).isEqualTo(200);
    assertThat(asked.json().getString("status")).isEqualTo("consent_required");
    assertThat(asked.json().getJsonArray("permissions").getJsonObject(0).getString("name")).isEqualTo("files.receive");

    consent(bob, "files.receive");
    Reply sent = press(bob, group, messageId, new JsonArray().add(photo));
    assertThat(sent.status()).as("%s", sent).isEqualTo(200);
    JsonObject answer = sent.json().getJsonArray("messages").getJsonObject(0).getJsonObject("card");
    assertThat(answer.getString("title")).isEqualTo("Got meter.jpg");
    JsonArray fields = answer.getJsonArray("fields");
    assertThat(fields.getJsonObject(0).getString("value")).isEqualTo("JPEG-bytes");
    assertThat(fields.getJsonObject(1).getString("value")).isEqualTo("EG-");
    assertThat(java.time.Instant.parse(fields.getJsonObject(2).getString("value"))).isNotNull();
    assertThat(fields.getJsonObject(3).getString("value")).hasSize(64);
    assertThat(fields.getJsonObject(4).getString("value")).isEqualTo("true/false");
    JsonObject shown = answer.getJsonArray("files").getJsonObject(0);
    assertThat(shown.getString("attachmentId")).isEqualTo(photo);
    assertThat(shown.getString("kind")).isEqualTo("image");
    assertThat(shown.getString("url")).isEqualTo("/api/attachments/" + photo + "/content");
    String answerId = sent.json().getJsonArray("messages").getJsonObject(0).getString("id");
    assertThat(attachments.shown).contains(new FakeAttachments.Shown(group, answerId, photo));

    // Later, in another command of the conversation, the app may still read it; not once Bob revokes.
    assertThat(said(ann, group, "/tryit " + photo)).contains("\"name\":\"meter.jpg\"");
    assertThat(api.delete("/api/apps/" + appId + "/consent/files.receive", bob).status()).isIn(200, 204);
    assertThat(said(ann, group, "/tryit " + photo)).startsWith("refused: ").contains("no longer allows");
    Reply revoked = press(bob, group, messageId, new JsonArray().add(photo));
    assertThat(revoked.status()).as("%s", revoked).isEqualTo(403);
    assertThat(revoked.json().getString("detail")).contains("files.receive");
  }

  @Test
  void requestFile_takesOnlyThePressersOwnUpload_ofAnAcceptedType_andOnlyFromAMember() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    TestUser eve = api.signUp("eve");
    String group = groupWithApp(ann, bob);
    consent(ann, "cards.post", "files.receive");
    consent(bob, "cards.post", "files.receive");
    consent(eve, "cards.post", "files.receive");
    String messageId = command(ann, group, "/meter").getJsonArray("messages").getJsonObject(0).getString("id");
    String annsPhoto = attachments.upload(ann.id(), "ann.jpg", "image/jpeg", new byte[] {1, 2, 3});
    String bobsPdf = attachments.upload(bob.id(), "statement.pdf", "application/pdf", "%PDF".getBytes());
    String evesPhoto = attachments.upload(eve.id(), "eve.jpg", "image/jpeg", new byte[] {4});

    Reply none = press(bob, group, messageId, null);
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.json().getString("field")).isEqualTo("/attachmentIds");
    Reply notHis = press(bob, group, messageId, new JsonArray().add(annsPhoto));
    assertThat(notHis.status()).isEqualTo(400);
    assertThat(notHis.json().getString("field")).isEqualTo("/attachmentIds/0");
    Reply wrongType = press(bob, group, messageId, new JsonArray().add(bobsPdf));
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().getString("detail")).contains("image/*").contains("application/pdf");
    Reply nonMember = press(eve, group, messageId, new JsonArray().add(evesPhoto));
    assertThat(nonMember.status()).as("%s", nonMember).isIn(403, 404);

    // None of these reached the app: it holds none of the files.
    for (String id : new String[] {annsPhoto, bobsPdf, evesPhoto}) {
      assertThat(said(ann, group, "/tryit " + id)).startsWith("refused: ").contains("was sent to this app");
      assertThat(said(ann, group, "/tryit show " + id)).startsWith("refused: ").contains("no file " + id);
    }
    // A callback button takes no files.
    Reply r = api.post("/api/conversations/" + group + "/messages/" + messageId + "/actions", bob,
        new JsonObject().put("actionId", "nothing").put("attachmentIds", new JsonArray().add(annsPhoto)));
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void filesCreate_checksTheContent_andTheAppMayShowAndReadWhatItMade() {
    TestUser ann = api.signUp("ann");
    String group = groupWithApp(ann);
    consent(ann, "cards.post", "files.receive");
    assertThat(said(ann, group, "/make")).isEqualTo("made file %PDF-1.4 receipt");
    JsonObject receipt = api.get("/api/conversations/" + group + "/messages", ann).json().getJsonArray("messages")
        .stream().map(m -> (JsonObject) m).filter(m -> m.getJsonObject("card") != null
            && "Receipt".equals(m.getJsonObject("card").getString("title")))
        .findFirst().orElseThrow();
    assertThat(receipt.getJsonObject("card").getJsonArray("files").getJsonObject(0).getString("name"))
        .isEqualTo("receipt.pdf");
    assertThat(said(ann, group, "/make image/png")).startsWith("refused: ").contains("declared image/png");
  }
}
