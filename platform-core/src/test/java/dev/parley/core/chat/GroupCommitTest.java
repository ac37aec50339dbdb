package dev.parley.core.chat;

import static dev.parley.core.ApiClient.await;
import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestDatabases.TestDatabase;
import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Role;
import dev.parley.core.chat.ChatService.Sent;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.DatabaseOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The group commit of messages ({@link MessageWriter}), on both databases: sends queued together,
 * whatever their conversation, share one transaction; a resend inside a batch is answered with the
 * original; a write that breaks a constraint fails alone; seqs stay dense and events leave in seq
 * order. Sends are queued from the writer's own context, so that they are all queued before it
 * takes a batch: the batch counts below do not depend on timing.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Kind.class)
class GroupCommitTest {

  @Parameter
  Kind kind;

  private final Account ann = new Account("annannannannannannan", "ann", "Ann", Set.of(Role.USER));
  private final Account bob = new Account("bobbobbobbobbobbobbo", "bob", "Bob", Set.of(Role.USER));
  private final Account dee = new Account("deedeedeedeedeedeede", "dee", "Dee", Set.of(Role.USER));
  private Vertx vertx;
  private TestDatabase testDb;
  private Database db;
  private ChatService chat;

  @BeforeEach
  void setUp() {
    testDb = TestDatabases.create(kind);
    vertx = Vertx.vertx();
    db = await(Database.open(vertx, new DatabaseOptions().setUrl(testDb.url()).setMaxPoolSize(4)));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Account a : List.of(ann, bob, dee)) {
      rows.add(params("id", a.id(), "username", a.username(), "name", a.displayName()));
    }
    await(sql("INSERT INTO accounts (id, username, display_name, password_hash, created_at) "
        + "VALUES (#{id}, #{username}, #{name}, 'x', 0)").batch(db.pool(), rows));
    chat = new ChatService(vertx, db, Clock.systemUTC(), IdGenerator.secure());
  }

  @AfterEach
  void tearDown() {
    if (vertx != null) {
      await(vertx.close());
    }
    if (testDb != null) {
      testDb.close();
    }
  }

  @Test
  void concurrentSendsAcrossConversations_shareTransactions_inSeqOrder() {
    List<String> groups = new ArrayList<>();
    for (int g = 0; g < 20; g++) {
      String id = await(chat.createGroup(ann, "group " + g, List.of(bob.id()))).id();
      await(chat.send(bob, id, "warm-" + g, "hello")); // seq 2; members and seq now known
      groups.add(id);
    }
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    vertx.eventBus().<String>consumer(Addresses.conversation(groups.get(0)),
        msg -> seen.add(new JsonObject(msg.body()).getJsonObject("message").getLong("seq")));
    ChatService.WriteStats before = chat.writeStats();

    List<Future<Sent>> sends = onWriterContext(() -> {
      List<Future<Sent>> out = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        for (String g : groups) {
          Account from = i % 2 == 0 ? ann : bob;
          out.add(chat.send(from, g, "c-" + i, "message " + i));
        }
      }
      return out;
    });
    await(Future.all(sends));

    ChatService.WriteStats after = chat.writeStats();
    assertThat(after.writes() - before.writes()).isEqualTo(200);
    // All 200 were queued before the writer took a batch: far fewer transactions than messages.
    assertThat(after.batches() - before.batches()).isLessThanOrEqualTo(2);
    assertThat(sends).allSatisfy(f -> assertThat(f.result().created()).isTrue());
    for (String g : groups) {
      assertThat(seqsInDatabase(g)).containsExactlyElementsOf(LongStream.rangeClosed(1, 12).boxed().toList());
      assertThat(lastSeq(g)).isEqualTo(12);
    }
    // The sender's read marker moved to their newest message (ann sent seq 11, bob 12).
    assertThat(readMarker(groups.get(0), ann.id())).isEqualTo(11);
    assertThat(readMarker(groups.get(0), bob.id())).isEqualTo(12);
    dev.parley.core.TestApps.eventually("the events of group 0", java.time.Duration.ofSeconds(10),
        () -> seen.size() >= 10);
    assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(3, 12).boxed().toList());
  }

  @Test
  void resendInsideABatch_answersTheOriginal() {
    String g = await(chat.createGroup(ann, "resends", List.of(bob.id()))).id();
    Sent earlier = await(chat.send(ann, g, "earlier", "first"));

    List<Future<Sent>> sends = onWriterContext(() -> List.of(
        chat.send(ann, g, "twice", "hello"),
        chat.send(bob, g, "other", "hi"),
        chat.send(ann, g, "twice", "hello again"),
        chat.send(ann, g, "earlier", "first, resent"),
        chat.send(bob, g, "twice", "bob's own client id")));
    await(Future.all(sends));

    Sent first = sends.get(0).result();
    Sent resent = sends.get(2).result();
    assertThat(first.created()).isTrue();
    assertThat(resent.created()).isFalse();
    assertThat(resent.message().id()).isEqualTo(first.message().id());
    assertThat(resent.message().text()).isEqualTo("hello");
    assertThat(sends.get(3).result().created()).isFalse();
    assertThat(sends.get(3).result().message().id()).isEqualTo(earlier.message().id());
    assertThat(sends.get(4).result().created()).isTrue();
    // 1 created the group, 2 earlier, then three new messages: no seq lost to the resends.
    assertThat(seqsInDatabase(g)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(lastSeq(g)).isEqualTo(5);
    assertThat(List.of(first.message().seq(), sends.get(1).result().message().seq(),
        sends.get(4).result().message().seq())).containsExactly(3L, 4L, 5L);
  }

  @Test
  void aWriteThatBreaksAConstraint_failsAlone() {
    String g = await(chat.createGroup(ann, "constraints", List.of(bob.id(), dee.id()))).id();
    String other = await(chat.createGroup(bob, "elsewhere", List.of(ann.id()))).id();
    await(chat.send(ann, g, "warm", "hello"));
    await(chat.send(bob, other, "warm", "hello"));
    // Dee's account goes while this node still has her as a member: her message breaks the
    // foreign key of messages.sender_id.
    await(sql("DELETE FROM accounts WHERE id = #{id}").update(db.pool(), params("id", dee.id())));

    List<Future<Sent>> sends = onWriterContext(() -> List.of(
        chat.send(ann, g, "a1", "one"),
        chat.send(bob, other, "b1", "two"),
        chat.send(dee, g, "d1", "three"),
        chat.send(bob, g, "b2", "four"),
        chat.send(ann, other, "a2", "five")));
    await(Future.join(sends).otherwiseEmpty());

    assertThat(sends.get(2).failed()).isTrue();
    assertThat(Database.isDatabaseFailure(sends.get(2).cause())).isTrue();
    for (int i : List.of(0, 1, 3, 4)) {
      assertThat(sends.get(i).succeeded()).as("send %d", i).isTrue();
      assertThat(sends.get(i).result().created()).isTrue();
    }
    assertThat(seqsInDatabase(g)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(seqsInDatabase(other)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(lastSeq(g)).isEqualTo(4);
    // the conversation goes on with the next seq
    assertThat(await(chat.send(ann, g, "a3", "after")).message().seq()).isEqualTo(5);
  }

  /** Runs {@code sends} on the writer's context, so that all of them are queued before it drains. */
  private <T> T onWriterContext(Supplier<T> sends) {
    Promise<T> queued = Promise.promise();
    chat.writer().context().runOnContext(v -> queued.complete(sends.get()));
    return await(queued.future());
  }

  private List<Long> seqsInDatabase(String conversationId) {
    return await(sql("SELECT seq FROM messages WHERE conversation_id = #{id} ORDER BY seq")
        .list(db.pool(), params("id", conversationId), row -> row.getLong("seq")));
  }

  private long lastSeq(String conversationId) {
    return await(sql("SELECT last_seq FROM conversations WHERE id = #{id}")
        .first(db.pool(), params("id", conversationId), row -> row.getLong("last_seq"))).orElseThrow();
  }

  private long readMarker(String conversationId, String accountId) {
    return await(sql("SELECT last_read_seq FROM conversation_members WHERE conversation_id = #{c} "
        + "AND account_id = #{a}").first(db.pool(), params("c", conversationId, "a", accountId),
            row -> row.getLong("last_read_seq")))
        .orElseThrow();
  }
}
