package dev.parley.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.accounts.ThrottleOptions;
import dev.parley.core.safety.SafetyOptions;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits in a cluster (issue 23): two Platform nodes (each its own Vert.x, HTTP servers and
 * pool) on one PostgreSQL database, both clustered. A budget is one budget for the cluster, not
 * one per node: sends, failed sign-ins and reports spread over both nodes are refused once the
 * single budget is spent. And the shared buckets hold under concurrent takes from both nodes.
 */
class ClusterRateLimitsTest {

  private static TestPlatform a;
  private static TestPlatform b;

  @BeforeAll
  static void startTwoNodes() {
    if (!TestDatabases.available(Kind.POSTGRESQL)) {
      return;
    }
    a = node(TestPlatform.builder(Kind.POSTGRESQL));
    b = node(TestPlatform.builder(Kind.POSTGRESQL).database(a.database()));
  }

  private static TestPlatform node(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setClustered(true)
        .setSafety(new SafetyOptions().setSendsPerWindow(4).setSendWindowSeconds(3600))
        .setThrottle(new ThrottleOptions().setSignUpsPerAddress(1_000_000).setSignInPairFailures(2)
            .setSignInUsernameFailures(100).setSignInAddressFailures(1_000)))
        .start();
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  @BeforeEach
  void postgres() {
    TestDatabases.assumeAvailable(Kind.POSTGRESQL);
  }

  private static Reply send(TestPlatform node, TestUser sender, String conversationId) {
    return ApiClient.await(node.api().sendAsync(sender, conversationId, "c" + UUID.randomUUID(), "hello"));
  }

  @Test
  void theSendBudgetIsOneForTheCluster_notOnePerNode() {
    TestUser ann = a.api().signUp("ann");
    TestUser bob = a.api().signUp("bob");
    String direct = a.api().direct(ann, bob).getString("id");
    assertThat(send(a, ann, direct).status()).isEqualTo(201);
    assertThat(send(b, ann, direct).status()).isEqualTo(201);
    assertThat(send(a, ann, direct).status()).isEqualTo(201);
    assertThat(send(b, ann, direct).status()).isEqualTo(201);

    // Each node took only two: node-local buckets (2 of 4 each) would let both of these through.
    Reply onA = send(a, ann, direct);
    Reply onB = send(b, ann, direct);
    assertThat(onA.status()).as("%s", onA).isEqualTo(429);
    assertThat(onB.status()).as("%s", onB).isEqualTo(429);
    assertThat(onB.json().getString("type")).isEqualTo("https://parley.dev/problems/rate-limited");
    assertThat(Long.parseLong(onB.header("Retry-After"))).isBetween(1L, 3600L);
    assertThat(send(b, bob, direct).status()).as("bob has his own budget").isEqualTo(201);
    assertThat(a.sql("SELECT COUNT(*) AS n FROM rate_limit_buckets WHERE id LIKE 'send:%'").get(0).getLong("n"))
        .isEqualTo(2);
  }

  @Test
  void failedSignIns_onTwoNodes_spendOneBudget() {
    TestUser cy = a.api().signUp("cy");
    JsonObject wrong = new JsonObject().put("username", cy.username()).put("password", "not-the-password-1");
    assertThat(a.api().post("/api/auth/signin", Caller.anonymous(), wrong).status()).isEqualTo(401);
    assertThat(b.api().post("/api/auth/signin", Caller.anonymous(), wrong).status()).isEqualTo(401);
    Reply third = a.api().post("/api/auth/signin", Caller.anonymous(), wrong);
    assertThat(third.status()).as("%s", third).isEqualTo(429);
    assertThat(b.api().post("/api/auth/signin", Caller.anonymous(), wrong).status()).isEqualTo(429);
  }

  @Test
  void reports_onTwoNodes_spendOneBudgetOfTen() {
    TestUser dee = a.api().signUp("dee");
    TestUser eve = a.api().signUp("eve");
    JsonObject report = new JsonObject().put("reason", "spam").put("accountId", eve.id());
    for (int i = 0; i < 10; i++) {
      TestPlatform node = i % 2 == 0 ? a : b;
      Reply filed = node.api().post("/api/reports", dee, report);
      assertThat(filed.status()).as("report %d: %s", i, filed).isEqualTo(201);
    }
    assertThat(b.api().post("/api/reports", dee, report).status()).isEqualTo(429);
    assertThat(a.api().post("/api/reports", dee, report).status()).isEqualTo(429);
  }

  @Test
  void concurrentTakesFromBothNodes_neverExceedTheCapacity() {
    RateLimits onA = RateLimits.postgres(a.vertx(), a.platform().database().pool(), Clock.systemUTC());
    RateLimits onB = RateLimits.postgres(b.vertx(), b.platform().database().pool(), Clock.systemUTC());
    try {
      BucketConfiguration twenty = BucketConfiguration.builder()
          .addLimit(l -> l.capacity(20).refillGreedy(20, Duration.ofHours(1))).build();
      RateLimits.Buckets bucketsA = onA.buckets("race", null, null);
      RateLimits.Buckets bucketsB = onB.buckets("race", null, null);
      List<Future<ConsumptionProbe>> takes = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        takes.add(bucketsA.get("k", () -> twenty).tryConsume(1));
        takes.add(bucketsB.get("k", () -> twenty).tryConsume(1));
      }
      ApiClient.await(Future.join(takes));
      long consumed = takes.stream().filter(f -> f.result().isConsumed()).count();
      assertThat(consumed).isEqualTo(20);
      assertThat(takes.stream().filter(f -> !f.result().isConsumed()).allMatch(f -> f.result()
          .getNanosToWaitForRefill() > 0)).isTrue();
    } finally {
      onA.close();
      onB.close();
    }
  }
}
