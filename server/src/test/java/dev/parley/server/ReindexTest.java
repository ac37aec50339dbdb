package dev.parley.server;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import dev.parley.core.search.MessageHit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code ./parley reindex}: the message index rebuilt from the database of a stopped server. */
class ReindexTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void reindex_rebuildsTheIndexFromTheDatabase_andPrintsTheCount(Kind kind) throws Exception {
    TestDatabases.assumeAvailable(kind);
    try (TestServer s = TestServer.start(kind, o -> {})) {
      TestUser ann = s.api().signUp("Ann");
      String g = s.api().group(ann, "Reindex").getString("id");
      s.api().send(ann, g, "reindex me: walrus");
      s.api().send(ann, g, "and me: walrus too");
      s.stop();
      Path index = s.dataDir().resolve("db").resolve("parley.search");
      if (kind == Kind.H2) {
        assertThat(index).isDirectory();
        try (Stream<Path> files = Files.walk(index)) {
          files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
      long searchable;
      try (var c = s.jdbc();
          ResultSet rs = c.createStatement()
              .executeQuery("SELECT COUNT(*) FROM messages WHERE kind IN ('text', 'card')")) {
        rs.next();
        searchable = rs.getLong(1);
      }

      List<String> args = new ArrayList<>(List.of("--data-dir", s.dataDir().toString()));
      s.options().getDatabaseUrl().ifPresent(url -> args.addAll(List.of("--database-url", url)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream console = System.out;
      int code;
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try {
        code = Reindex.run(args);
      } finally {
        System.setOut(console);
      }
      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(code).as(printed).isZero();
      assertThat(printed).contains("parley: reindex done").contains("holds " + searchable + " messages");
      if (kind == Kind.H2) {
        try (var dir = FSDirectory.open(index); var reader = DirectoryReader.open(dir)) {
          assertThat((long) reader.numDocs()).isEqualTo(searchable);
        }
      }

      s.start();
      List<String> ids = await(s.server().platform().chat().conversationIds(ann.id()));
      List<MessageHit> hits = await(s.server().platform().messageSearch().search(ids, "walrus", 10));
      assertThat(hits).extracting(MessageHit::snippet).containsExactlyInAnyOrder("reindex me: walrus",
          "and me: walrus too");
    }
  }
}
