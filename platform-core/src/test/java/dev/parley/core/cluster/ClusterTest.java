package dev.parley.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.LiveClient;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three clustered nodes in one JVM on one PostgreSQL database (issue 23): what a member sees, and
 * what the nodes agree on, whichever node each request reaches.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ClusterTest {

  private static TestCluster cluster;
  private static ApiClient a;
  private static ApiClient b;
  private static ApiClient c;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(3);
    a = cluster.node(0).api();
    b = cluster.node(1).api();
    c = cluster.node(2).api();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void threeNodes_formOneCluster_eachReadyWithItsMembership() {
    for (int i = 0; i < 3; i++) {
      assertThat(Leadership.members(cluster.node(i).vertx())).isEqualTo(3);
      Reply ready = cluster.node(i).api().get("/health/ready", dev.parley.core.Caller.anonymous());
      assertThat(ready.status()).as("%s", ready).isEqualTo(200);
      JsonObject check = ready.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(x -> "cluster".equals(x.getString("id"))).findFirst().orElseThrow();
      assertThat(check.getString("status")).isEqualTo("UP");
      assertThat(check.getJsonObject("data").getInteger("members")).isEqualTo(3);
    }
    // And in /metrics (the gauges; event-bus traffic is Vert.x's own vertx_eventbus_* meters).
    var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    ClusterStatus.registerMetrics(cluster.node(1).vertx(), meters);
    assertThat(meters.get("parley_cluster_members").gauge().value()).isEqualTo(3.0);
    assertThat(meters.get("parley_cluster_singletons").gauge().value()).isEqualTo(0.0);
    // Exactly one node runs the singletons.
    assertThat(List.of(0, 1, 2).stream().filter(i -> Leadership.leads(cluster.node(i).vertx())).count())
        .isEqualTo(1);
  }

  @Test
  void messagesSentThroughTwoNodes_reachAMemberOnTheThird_inSeqOrder_andResumeOnAnotherNode() {
    TestUser alice = b.signUp("alice");
    TestUser bob = b.signUp("bob");
    String conversation = b.group(alice, "across nodes", bob).getString("id");
    long before = a.conversation(bob, conversation).getLong("lastSeq");
    int n = 40;
    try (LiveClient live = a.live(bob)) {
      // Sent at once through B and C: the two nodes race for the conversation's next seqs.
      List<Future<Reply>> sends = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        sends.add((i % 2 == 0 ? b : c).sendAsync(alice, conversation, "c" + i, "m" + i));
      }
      for (Future<Reply> f : sends) {
        Reply r = ApiClient.await(f);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
      }
      List<Long> seqs = live.nextMessages(n).stream().map(m -> m.getLong("seq")).toList();
      assertThat(seqs).as("every message once, in seq order, no gap")
          .containsExactlyElementsOf(LongStream.rangeClosed(before + 1, before + n).boxed().toList());
    }
    // The table holds exactly those seqs, once each.
    JsonObject row = cluster.node(0).sql("SELECT count(*) AS n, count(DISTINCT seq) AS d, max(seq) AS m "
        + "FROM messages WHERE conversation_id = ?", conversation).getFirst();
    assertThat(row.getLong("n")).isEqualTo(row.getLong("d"));
    assertThat(row.getLong("m")).isEqualTo(before + n);

    // Bob is away; messages go through A; he comes back on C and resumes from his cursor.
    long cursor = before + n;
    for (int i = 0; i < 5; i++) {
      a.send(alice, conversation, "later " + i);
    }
    try (LiveClient again = c.connectLive(bob)) {
      again.resume(Map.of(conversation, cursor));
      assertThat(again.backlogUntilReady().stream().map(m -> m.getLong("seq")).toList())
          .containsExactly(cursor + 1, cursor + 2, cursor + 3, cursor + 4, cursor + 5);
      b.send(alice, conversation, "and live again");
      assertThat(again.nextMessage().getLong("seq")).isEqualTo(cursor + 6);
    }
  }

  @Test
  void aMessageThatOvertakesAnEarlierOne_waitsWhileTheGapIsFilledFromHistory() {
    TestUser alice = b.signUp("alice");
    TestUser bob = b.signUp("bob");
    String conversation = b.group(alice, "overtaken", bob).getString("id");
    try (LiveClient live = a.live(bob)) {
      long first = b.send(alice, conversation, "first").getLong("seq"); // B now caches the next seq
      assertThat(live.nextMessage().getLong("seq")).isEqualTo(first);
      // Another node took the next seq and its event is still on its way (here: never sent).
      cluster.node(2).sql("INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, kind, body, "
          + "created_at) VALUES (?, ?, ?, ?, NULL, 'text', 'overtaken', ?)",
          "gap" + Long.toHexString(System.nanoTime()), conversation, first + 1, alice.id(),
          System.currentTimeMillis());
      cluster.node(2).sql("UPDATE conversations SET last_seq = ? WHERE id = ?", first + 1, conversation);
      // B's cached seq is turned away by the constraint; B reloads and writes the one after.
      assertThat(b.send(alice, conversation, "second").getLong("seq")).isEqualTo(first + 2);
      List<JsonObject> got = live.nextMessages(2);
      assertThat(got.stream().map(m -> m.getLong("seq")).toList()).containsExactly(first + 1, first + 2);
      assertThat(got.stream().map(m -> m.getString("text")).toList()).containsExactly("overtaken", "second");
    }
  }

  @Test
  void memberListCachedOnANode_isRenewedWhenAnotherNodeChangesIt() {
    TestUser owner = a.signUp("owner");
    TestUser late = a.signUp("late");
    String conversation = a.group(owner, "grows").getString("id");
    // Every node has the member list cached (a send through each).
    a.send(owner, conversation, "on A");
    b.send(owner, conversation, "on B");
    c.send(owner, conversation, "on C");
    assertThat(ApiClient.await(b.sendAsync(late, conversation, "x1", "not yet")).status()).isIn(403, 404);
    Reply added = a.post("/api/conversations/" + conversation + "/members", owner,
        new JsonObject().put("accountIds", new JsonArray().add(late.id())));
    assertThat(added.status()).as("%s", added).isEqualTo(200);
    // B and C learn of it at once (the invalidation crosses the cluster; a moment, not a TTL).
    TestCluster.await("the new member may send through B and C", 2,
        () -> ApiClient.await(b.sendAsync(late, conversation, "y" + System.nanoTime(), "hi")).status() == 201);
    assertThat(ApiClient.await(c.sendAsync(late, conversation, "z1", "hi from C")).status()).isEqualTo(201);
  }

  @Test
  void suspensionOnOneNode_holdsOnTheOthersWithinASecond() {
    TestUser admin = cluster.node(0).admin();
    TestUser ivy = b.signUp("ivy");
    // Her session is cached on B and C, and she has a live socket on C.
    assertThat(b.get("/api/session", ivy).status()).isEqualTo(200);
    assertThat(c.get("/api/session", ivy).status()).isEqualTo(200);
    try (LiveClient live = c.live(ivy)) {
      Reply suspended = a.post("/api/admin/accounts/" + ivy.id() + "/suspend", admin,
          new JsonObject().put("reason", "spam wave"));
      assertThat(suspended.status()).as("%s", suspended).isEqualTo(200);
      // At once: the suspension answers only after every node dropped her cached session.
      assertThat(b.get("/api/session", ivy).status()).isEqualTo(401);
      assertThat(c.get("/api/session", ivy).status()).isEqualTo(401);
      assertThat(live.awaitClose()).as("her live socket on C closes").isEqualTo((short) 4001);
    }
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it kills node 0
  void singletons_runOnOneNode_andMoveWhenItDies() {
    // A cluster of its own (plain Vert.x nodes): the death of its leader must not disturb the others.
    io.vertx.core.Vertx first = cluster.joinVertx();
    io.vertx.core.Vertx second = cluster.joinVertx();
    try {
      TestCluster.await("5 members", 10, () -> Leadership.members(second) == 5);
      assertThat(Leadership.leads(first)).as("a newcomer does not lead").isFalse();
      assertThat(Leadership.leads(second)).isFalse();
      // The oldest members die (abruptly, no goodbye): the next oldest leads.
      int leader = List.of(0, 1, 2).stream().filter(i -> Leadership.leads(cluster.node(i).vertx())).findFirst()
          .orElseThrow();
      assertThat(leader).isEqualTo(0);
      TestCluster.terminate(cluster.node(0).vertx());
      TestCluster.await("node 1 leads once node 0 is gone", 20, () -> Leadership.leads(cluster.node(1).vertx()));
      assertThat(Leadership.leads(cluster.node(2).vertx())).isFalse();
      assertThat(Leadership.leads(first)).isFalse();
      assertThat(Leadership.active(cluster.node(0).vertx())).isFalse();
    } finally {
      first.close().await();
      second.close().await();
    }
  }
}
