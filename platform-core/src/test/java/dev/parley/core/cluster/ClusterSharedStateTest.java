package dev.parley.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.LiveClient;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import dev.parley.core.safety.SafetyOptions;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-node state made cluster-correct (issue 23, cluster-store), on two clustered nodes in one
 * JVM sharing one PostgreSQL database: presence ("online") is seen from every node, typing crosses
 * nodes, the send limit is one budget for the cluster (a clustered Vert.x alone turns the shared
 * buckets on).
 */
class ClusterSharedStateTest {

  private static TestCluster cluster;
  private static ApiClient a;
  private static ApiClient b;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2, builder -> builder.platformOptions(o -> o.setSafety(new SafetyOptions()
        .setSendsPerWindow(4).setSendWindowSeconds(3600))));
    a = cluster.node(0).api();
    b = cluster.node(1).api();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static boolean online(ApiClient node, TestUser viewer, TestUser person) {
    Reply profile = node.get("/api/people/" + person.id(), viewer);
    assertThat(profile.status()).as("%s", profile).isEqualTo(200);
    return profile.json().getJsonObject("presence").getBoolean("online");
  }

  @Test
  void someoneLiveOnOneNode_isOnlineSeenFromTheOther_andOfflineOnceGone() {
    TestUser ann = a.signUp("ann");
    TestUser bob = a.signUp("bob");
    a.direct(ann, bob);
    assertThat(online(b, ann, bob)).isFalse();
    LiveClient live = a.live(bob);
    try {
      TestCluster.await("bob online as node B sees it", 10, () -> online(b, ann, bob));
      assertThat(online(a, ann, bob)).isTrue();
    } finally {
      live.close();
    }
    TestCluster.await("bob offline as node B sees it", 10, () -> !online(b, ann, bob));
  }

  @Test
  void typingThroughOneNode_reachesAMemberLiveOnTheOther() {
    TestUser cy = a.signUp("cy");
    TestUser dee = a.signUp("dee");
    String direct = a.direct(cy, dee).getString("id");
    try (LiveClient deeOnA = a.live(dee); LiveClient cyOnB = b.live(cy)) {
      cyOnB.send(new JsonObject().put("type", "typing").put("conversationId", direct));
      JsonObject typing = deeOnA.next("typing");
      assertThat(typing.getString("conversationId")).isEqualTo(direct);
      assertThat(typing.getString("accountId")).isEqualTo(cy.id());
    }
  }

  @Test
  void theSendBudget_isOneForTheCluster() {
    TestUser eve = a.signUp("eve");
    TestUser fay = a.signUp("fay");
    String direct = a.direct(eve, fay).getString("id");
    for (int i = 0; i < 4; i++) {
      ApiClient node = i % 2 == 0 ? a : b;
      Reply sent = ApiClient.await(node.sendAsync(eve, direct, "c" + UUID.randomUUID(), "m" + i));
      assertThat(sent.status()).as("%s", sent).isEqualTo(201);
    }
    assertThat(ApiClient.await(a.sendAsync(eve, direct, "c" + UUID.randomUUID(), "one too many")).status())
        .isEqualTo(429);
    assertThat(ApiClient.await(b.sendAsync(eve, direct, "c" + UUID.randomUUID(), "one too many")).status())
        .isEqualTo(429);
  }
}
