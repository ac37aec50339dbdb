package dev.parley.core.search;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.TestUser;
import dev.parley.core.chat.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message search on both engines, through the platform as it runs: what is found, in which order, by whom. */
class MessageSearchTest extends PlatformTestBase {

  private MessageSearch search() {
    return p.platform().messageSearch();
  }

  /** What {@code user} finds: the engine is asked with the conversations they are in now. */
  private List<MessageHit> find(TestUser user, String query) {
    List<String> ids = await(p.platform().chat().conversationIds(user.id()));
    return await(search().search(ids, query, 20));
  }

  private List<String> texts(List<MessageHit> hits) {
    return hits.stream().map(h -> h.snippet()).toList();
  }

  private String group(TestUser owner, TestUser... members) {
    return api.group(owner, "Search " + api.uniqueName("g"), members).getString("id");
  }

  @Test
  void engine_fitsTheDatabase() {
    assertThat(search()).isInstanceOf(switch (kind) {
      case H2 -> LuceneMessageSearch.class;
      case POSTGRESQL -> PostgresMessageSearch.class;
    });
  }

  @Test
  void stemming_findsOtherFormsOfAWord() {
    TestUser ann = api.signUp("Ann");
    String g = group(ann);
    api.send(ann, g, "I was running to the station");
    api.send(ann, g, "She runs marathons");

    assertThat(texts(find(ann, "run "))).containsExactlyInAnyOrder("I was running to the station",
        "She runs marathons");
    assertThat(texts(find(ann, "running "))).containsExactlyInAnyOrder("I was running to the station",
        "She runs marathons");
  }

  @Test
  void lastWord_matchesAsAPrefix_whileTyped() {
    TestUser ann = api.signUp("Ann");
    String g = group(ann);
    api.send(ann, g, "Let us try the new restaurant downtown");
    api.send(ann, g, "The rest is history");

    List<MessageHit> hits = find(ann, "restau");
    assertThat(texts(hits)).containsExactly("Let us try the new restaurant downtown");
    MessageHit hit = hits.getFirst();
    assertThat(hit.highlights()).hasSize(1);
    MessageHit.Highlight h = hit.highlights().getFirst();
    assertThat(hit.snippet().substring(h.start(), h.end())).isEqualTo("restaurant");
    assertThat(texts(find(ann, "new restaur"))).containsExactly("Let us try the new restaurant downtown");
    // A word followed by a space is complete: "restau " is no word of either message.
    assertThat(find(ann, "restau ")).isEmpty();
  }

  @Test
  void allWords_mustMatch_andHitsSayWhereTheyAre() {
    TestUser ann = api.signUp("Ann");
    String g = group(ann);
    JsonObject sent = api.send(ann, g, "Pizza tonight at Luigi's?");
    api.send(ann, g, "Pizza is fine");

    List<MessageHit> hits = find(ann, "luigi pizza");
    assertThat(hits).hasSize(1);
    MessageHit hit = hits.getFirst();
    assertThat(hit.messageId()).isEqualTo(sent.getString("id"));
    assertThat(hit.conversationId()).isEqualTo(g);
    assertThat(hit.seq()).isEqualTo(sent.getLong("seq"));
    assertThat(hit.senderName()).isEqualTo("Ann");
    assertThat(hit.sentAtMillis()).isEqualTo(java.time.Instant.parse(sent.getString("createdAt")).toEpochMilli());
    assertThat(hit.highlights()).extracting(x -> hit.snippet().substring(x.start(), x.end()))
        .containsExactly("Pizza", "Luigi's");
  }

  @Test
  void ranking_betterMatchFirst_thenNewerFirst() {
    TestUser ann = api.signUp("Ann");
    String g = group(ann);
    api.send(ann, g, "pizza pizza pizza tonight");
    api.send(ann, g, "we could have pizza or pasta or salad or soup or anything tonight");
    assertThat(texts(find(ann, "pizza "))).containsExactly("pizza pizza pizza tonight",
        "we could have pizza or pasta or salad or soup or anything tonight");

    JsonObject older = api.send(ann, g, "meeting moved to friday");
    JsonObject newer = api.send(ann, g, "meeting moved to friday");
    assertThat(find(ann, "friday meeting")).extracting(MessageHit::messageId)
        .containsExactly(newer.getString("id"), older.getString("id"));
  }

  @Test
  void nonMember_neverFindsIt_andAMemberWhoLeft_noLonger() {
    TestUser ann = api.signUp("Ann");
    TestUser bob = api.signUp("Bob");
    TestUser eve = api.signUp("Eve");
    String g = group(ann, bob);
    api.send(ann, g, "the secret password is swordfish");

    assertThat(texts(find(bob, "swordfish"))).containsExactly("the secret password is swordfish");
    assertThat(find(eve, "swordfish")).isEmpty();
    // Even asked with every conversation but that one, the engine keeps to the ones it is given.
    String eves = group(eve);
    assertThat(await(search().search(List.of(eves), "swordfish", 20))).isEmpty();

    assertThat(api.delete("/api/conversations/" + g + "/members/" + bob.id(), bob).status()).isEqualTo(204);
    assertThat(find(bob, "swordfish")).isEmpty();
    assertThat(find(ann, "swordfish")).hasSize(1);
  }

  @Test
  void systemMessages_areNotSearchable() {
    TestUser ann = api.signUp("Ann");
    group(ann); // "Ann created the group ..."
    assertThat(find(ann, "created")).isEmpty();
  }

  @Test
  void editedCard_isReindexed() {
    TestUser ann = api.signUp("Ann");
    String g = group(ann);
    var chat = p.platform().chat();
    Message.AppLabel app = new Message.AppLabel("poll", "Poll");
    Message card = await(chat.postAppMessage(app, g, new JsonObject().put("title", "Lunch"), "Lunch poll: lasagne"));
    assertThat(find(ann, "lasagne")).extracting(MessageHit::messageId).containsExactly(card.id());

    await(chat.updateAppMessage("poll", g, card.id(), new JsonObject().put("title", "Lunch"), "Lunch poll: sushi"));
    assertThat(find(ann, "sushi")).extracting(MessageHit::messageId).containsExactly(card.id());
    assertThat(find(ann, "lasagne")).isEmpty();
    assertThat(find(ann, "lunch poll")).hasSize(1); // re-indexed in place, never twice
  }

  @Test
  void badQueries_findNothing_withoutError() {
    TestUser ann = api.signUp("Ann");
    String g = group(ann);
    api.send(ann, g, "ordinary words (with * and : and \"quotes\")");
    for (String q : new String[] {"", "   ", "!!!", "\"(*:", "*", ":", "(", "NOT", "the", "-", "\\", "'", "&|!",
        "a".repeat(5000), "x:* & y | !z"}) {
      assertThat(find(ann, q)).as("query %s", q).isEmpty();
    }
    assertThat(await(search().search(List.of(), "ordinary", 20))).isEmpty();
    assertThat(await(search().search(List.of(g), "ordinary", 0))).isEmpty();
    assertThat(texts(find(ann, "\"ordinary\" (words*"))).hasSize(1); // syntax is only separators
  }

  @Test
  void rebuild_answersTheCount_andEverythingIsFoundAgain() {
    TestUser ann = api.signUp("Ann");
    String g = group(ann);
    api.send(ann, g, "rebuild me: zebra crossing");
    long searchable = p.sql("SELECT COUNT(*) AS n FROM messages WHERE kind IN ('text', 'card')").getFirst()
        .getLong("n");

    assertThat(await(search().rebuild())).isEqualTo(searchable);
    assertThat(texts(find(ann, "zebra"))).containsExactly("rebuild me: zebra crossing");
    api.send(ann, g, "after the rebuild: zebra again");
    assertThat(find(ann, "zebra")).hasSize(2);
  }
}
