package dev.parley.core.search;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.TestDatabases;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.chat.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lucene index against the embedded database, opened beside the platform's own on a directory
 * of the test's: what it finds after being closed, crashed or deleted while messages kept coming.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LuceneCatchUpTest {

  private TestPlatform p;

  @BeforeAll
  void start() {
    p = TestPlatform.start(TestDatabases.Kind.H2);
  }

  @AfterAll
  void stop() {
    p.close();
  }

  private LuceneMessageSearch open(Path dir) {
    return await(LuceneMessageSearch.open(p.vertx(), p.platform().database(), Optional.of(dir), Clock.systemUTC()));
  }

  private static List<String> texts(LuceneMessageSearch search, String conversationId, String query) {
    return await(search.search(List.of(conversationId), query, 20)).stream().map(MessageHit::snippet).toList();
  }

  private Message message(String conversationId, String id) {
    return await(p.platform().chat().message(conversationId, id));
  }

  @Test
  void messagesWrittenWhileClosed_areFoundAfterReopening(@TempDir Path dir) {
    TestUser ann = p.api().signUp("Ann");
    String g = p.api().group(ann, "Catch-up").getString("id");
    p.api().send(ann, g, "first: apples");
    LuceneMessageSearch search = open(dir);
    assertThat(texts(search, g, "apples")).containsExactly("first: apples");
    await(search.close());

    p.api().send(ann, g, "while closed: apples and pears");
    search = open(dir);
    assertThat(texts(search, g, "apples")).containsExactlyInAnyOrder("first: apples", "while closed: apples and pears");
    await(search.close());
  }

  @Test
  void afterACrash_whatTheIndexHadNotCommitted_isFoundAgain(@TempDir Path dir) {
    TestUser ann = p.api().signUp("Ann");
    String g = p.api().group(ann, "Crash").getString("id");
    LuceneMessageSearch search = open(dir);
    String id = p.api().send(ann, g, "indexed but never committed: quince").getString("id");
    await(search.index(message(g, id)));
    assertThat(texts(search, g, "quince")).hasSize(1);
    String edited = p.api().send(ann, g, "plain").getString("id");
    await(search.abandon()); // as a crash: uncommitted index changes are lost

    p.api().send(ann, g, "sent during the outage: quince jam");
    search = open(dir);
    assertThat(texts(search, g, "quince")).containsExactlyInAnyOrder("indexed but never committed: quince",
        "sent during the outage: quince jam");
    assertThat(texts(search, g, "plain")).containsExactly("plain");
    assertThat(edited).isNotBlank();
    await(search.close());
  }

  @Test
  void aDeletedIndex_isRebuiltFromTheDatabase(@TempDir Path dir) throws IOException {
    TestUser ann = p.api().signUp("Ann");
    String g = p.api().group(ann, "Deleted").getString("id");
    p.api().send(ann, g, "kiwi one");
    p.api().send(ann, g, "kiwi two");
    LuceneMessageSearch search = open(dir);
    long searchable = p.sql("SELECT COUNT(*) AS n FROM messages WHERE kind IN ('text', 'card')").getFirst()
        .getLong("n");
    assertThat(await(search.size())).isEqualTo(searchable);
    await(search.close());
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).filter(f -> !f.equals(dir)).forEach(f -> f.toFile().delete());
    }

    search = open(dir);
    assertThat(texts(search, g, "kiwi")).hasSize(2);
    assertThat(await(search.rebuild())).isEqualTo(searchable);
    assertThat(texts(search, g, "kiwi")).hasSize(2);
    await(search.close());
  }

  @Test
  void anEditWhileClosed_isCaughtUp(@TempDir Path dir) {
    TestUser ann = p.api().signUp("Ann");
    String g = p.api().group(ann, "Edits").getString("id");
    var chat = p.platform().chat();
    Message card = await(chat.postAppMessage(new Message.AppLabel("poll", "Poll"), g,
        new io.vertx.core.json.JsonObject(), "Vote: mango"));
    LuceneMessageSearch search = open(dir);
    assertThat(texts(search, g, "mango")).hasSize(1);
    await(search.close());

    await(chat.updateAppMessage("poll", g, card.id(), new io.vertx.core.json.JsonObject(), "Vote: papaya"));
    search = open(dir);
    assertThat(texts(search, g, "papaya")).containsExactly("Vote: papaya");
    assertThat(texts(search, g, "mango")).isEmpty();
    await(search.close());
  }
}
