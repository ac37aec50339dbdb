package dev.parley.core.chat;

import static dev.parley.core.ApiClient.await;
import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestDatabases.TestDatabase;
import dev.parley.core.chat.ConversationRepository.Membership;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.DatabaseOptions;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The query shapes of the chat's repositories that the API tests do not pin on their own, on both
 * databases: names of any number of accounts in one query ({@code = ANY} of an array parameter),
 * members added as one batch (and its unique violation), every member's view in three queries.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Kind.class)
class ConversationRepositoryTest {

  @Parameter
  Kind kind;

  private final ConversationRepository conversations = new ConversationRepository();
  private final MessageRepository messages = new MessageRepository();
  private Vertx vertx;
  private TestDatabase testDb;
  private Database db;

  @BeforeEach
  void setUp() {
    testDb = TestDatabases.create(kind);
    vertx = Vertx.vertx();
    db = await(Database.open(vertx, new DatabaseOptions().setUrl(testDb.url()).setMaxPoolSize(4)));
    await(sql("INSERT INTO accounts (id, username, display_name, password_hash, created_at) "
        + "VALUES (#{id}, #{username}, #{name}, 'x', 0)").batch(db.pool(), List.of(
            params("id", "a1", "username", "ann", "name", "Ann"),
            params("id", "b2", "username", "bob", "name", "Bob"),
            params("id", "c3", "username", "cy", "name", "Cy"))));
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
  void displayNames_anyNumberOfIds_inOneQuery() {
    assertThat(await(conversations.displayNames(db.pool(), List.of("a1", "c3", "nobody"))))
        .isEqualTo(Map.of("a1", "Ann", "c3", "Cy"));
    assertThat(await(conversations.displayNames(db.pool(), Set.of("b2")))).isEqualTo(Map.of("b2", "Bob"));
    assertThat(await(conversations.displayNames(db.pool(), List.of()))).isEmpty();
    // on a transaction's connection as well as on the pool
    Map<String, String> inTx = await(
        db.pool().withTransaction(tx -> conversations.displayNames(tx, List.of("a1", "b2"))));
    assertThat(inTx).isEqualTo(Map.of("a1", "Ann", "b2", "Bob"));
  }

  @Test
  void addMembers_oneBatch_failsWholeOnADuplicate() {
    await(db.pool().withTransaction(tx -> conversations.insertGroup(tx, "g1", "Group", "a1", 10)
        .compose(v -> conversations.addMembers(tx, "g1",
            List.of(new Membership("a1", "owner"), new Membership("b2", "member")), 10))));
    assertThat(await(conversations.memberIds(db.pool(), "g1"))).containsExactlyInAnyOrder("a1", "b2");

    Throwable failure = catchThrowable(() -> await(db.pool().withTransaction(tx -> conversations.addMembers(tx, "g1",
        List.of(new Membership("c3", "member"), new Membership("b2", "member")), 20))));
    assertThat(Database.isUniqueViolation(failure)).as("unique violation: %s", failure).isTrue();
    assertThat(await(conversations.memberIds(db.pool(), "g1"))).containsExactlyInAnyOrder("a1", "b2");
  }

  @Test
  void viewsOfMembers_eachMembersMarkerAndUnread() {
    await(db.pool().withTransaction(tx -> conversations.insertGroup(tx, "g1", "Group", "a1", 10)
        .compose(v -> conversations.addMembers(tx, "g1", List.of(new Membership("a1", "owner"),
            new Membership("b2", "member"), new Membership("c3", "member")), 10))
        .compose(v -> messages.nextSeq(tx, "g1", 11))
        .compose(seq -> messages.insert(tx, new Message("m1", "g1", seq, Optional.of("a1"), "Ann", Optional.of("c1"),
            "text", "hello", Instant.ofEpochMilli(11)))
            .compose(v -> conversations.setReadMarker(tx, "g1", "a1", seq)))));

    List<Conversation> views = await(conversations.viewsOfMembers(db.pool(), "g1"));
    assertThat(views).extracting(Conversation::viewerId).containsExactlyInAnyOrder("a1", "b2", "c3");
    for (Conversation c : views) {
      assertThat(c.members()).extracting(Conversation.Member::id).containsExactlyInAnyOrder("a1", "b2", "c3");
      assertThat(c.lastMessage()).map(Message::text).contains("hello");
      assertThat(c.unread()).isEqualTo(c.viewerId().equals("a1") ? 0 : 1);
      assertThat(c).isEqualTo(await(conversations.find(db.pool(), c.viewerId(), "g1")).orElseThrow());
    }
  }
}
