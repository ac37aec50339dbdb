package dev.parley.core.attachments;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.TestUser;
import dev.parley.core.search.MessageHit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Search finds files by their names as well as by their captions, on both engines: files uploaded
 * with tus and sent with {@code attachmentIds}, whose names are in the message's extras.
 */
class AttachmentSearchTest extends PlatformTestBase {

  private TusClient tus;

  @Override
  protected void setUp() {
    tus = new TusClient(api);
  }

  private JsonObject sendFiles(TestUser sender, String conversationId, String caption, String... names) {
    JsonArray ids = new JsonArray();
    for (String name : names) {
      ids.add(tus.attachment(sender, TestFiles.text(100), name, "text/plain"));
    }
    var reply = api.post("/api/conversations/" + conversationId + "/messages", sender,
        new JsonObject().put("clientId", api.uniqueName("c")).put("text", caption).put("attachmentIds", ids));
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json();
  }

  private List<MessageHit> find(TestUser user, String query) {
    List<String> ids = await(p.platform().chat().conversationIds(user.id()));
    return await(p.platform().messageSearch().search(ids, query, 20));
  }

  @Test
  void aFileIsFoundByAWordOfItsName_withoutACaption_andTheHitNamesIt() {
    TestUser ann = api.signUp("Ann");
    TestUser eve = api.signUp("Eve");
    String g = api.group(ann, "Files " + api.uniqueName("g")).getString("id");
    JsonObject sent = sendFiles(ann, g, "", "Bank_Statement-2026.txt");
    api.send(ann, g, "nothing to see here");

    List<MessageHit> hits = find(ann, "statement ");
    assertThat(hits).extracting(MessageHit::messageId).containsExactly(sent.getString("id"));
    MessageHit hit = hits.getFirst();
    assertThat(hit.attachmentName()).isEqualTo("Bank_Statement-2026.txt");
    assertThat(hit.snippet()).isEqualTo("Bank_Statement-2026.txt");
    assertThat(hit.highlights()).extracting(h -> hit.snippet().substring(h.start(), h.end()))
        .containsExactly("Statement");
    // while typed, as a prefix; and never for a non-member
    assertThat(find(ann, "ban")).extracting(MessageHit::attachmentName).containsExactly("Bank_Statement-2026.txt");
    assertThat(find(eve, "statement")).isEmpty();
  }

  @Test
  void aCaptionStillFindsTheMessage_andNamesTheFileOnlyWhenANameMatched() {
    TestUser ann = api.signUp("Ann");
    String g = api.group(ann, "Files " + api.uniqueName("g")).getString("id");
    sendFiles(ann, g, "the gas meter this morning", "IMG_2041.txt", "invoice.txt");

    MessageHit byCaption = find(ann, "meter").getFirst();
    assertThat(byCaption.snippet()).isEqualTo("the gas meter this morning");
    assertThat(byCaption.attachmentName()).isNull();
    MessageHit bySecondName = find(ann, "invoice").getFirst();
    assertThat(bySecondName.attachmentName()).isEqualTo("invoice.txt");
    // caption and name together
    assertThat(find(ann, "gas invoice")).extracting(MessageHit::attachmentName).containsExactly("invoice.txt");
  }

  @Test
  void theSearchRoute_saysTheHitIsAFile() {
    TestUser ann = api.signUp("Ann");
    String g = api.group(ann, "Files " + api.uniqueName("g")).getString("id");
    sendFiles(ann, g, "", "quarterly-report.txt");
    var reply = api.get("/api/search?q=quarterly&kinds=messages", ann);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonObject answer = reply.json();
    JsonObject hit = answer.getJsonArray("messages").getJsonObject(0);
    assertThat(hit.getString("attachmentName")).isEqualTo("quarterly-report.txt");
    assertThat(hit.getString("snippet")).isEqualTo("quarterly-report.txt");
  }

  @Test
  void theLuceneIndex_rebuiltFromTheDatabase_stillFindsNames() {
    TestUser ann = api.signUp("Ann");
    String g = api.group(ann, "Files " + api.uniqueName("g")).getString("id");
    sendFiles(ann, g, "", "Lease-Agreement.txt");
    await(p.platform().messageSearch().rebuild());
    assertThat(find(ann, "lease")).extracting(MessageHit::attachmentName).containsExactly("Lease-Agreement.txt");
  }
}
