package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestDatabases.TestDatabase;
import dev.parley.core.TestUser;
import dev.parley.server.ClusterNodes.Node;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's proof: three real server processes ({@code Main} in child JVMs, as {@link MoneyCrashTest}
 * starts it) clustered on one PostgreSQL database, HAProxy on loopback in front of them (round robin
 * per request, no sticky sessions, WebSockets passed through), and 50 clients over the balancer
 * exchanging messages, poll cards and payments in five groups. Mid-round one node's JVM is killed
 * with SIGKILL; the clients keep going (retrying what got no answer with the same client id or
 * idempotency key, resuming their live sockets from their last seq), the node is started again and
 * ten clients move their sockets onto it. Then:
 * <ul>
 * <li>nothing acknowledged is lost: every acknowledged message is in the history at the seq it was
 * given, every acknowledged card too, every acknowledged payment in the ledger;</li>
 * <li>no duplicate: one message per client id, at most one card per poll command, one transfer per
 * payment key (the balances are exactly the top-ups plus and minus the acknowledged payments);</li>
 * <li>no seq gap: each conversation's seqs are 1..n, and no client's live stream skipped a seq;</li>
 * <li>every client resumes: each received every message of its group live, whichever node it was on;</li>
 * <li>the ledger reconciles (the admin API), and the sum of the wallets is the sum of the top-ups;</li>
 * <li>a suspension made through one node holds on the others at once: the suspended person's session is
 * refused by the two other nodes right after the answer, sign-in says suspended, and the person's live
 * sockets on other nodes are closed with 4001.</li>
 * </ul>
 */
class ClusterProcessTest {

  private static final String ADMIN = "clusterboss";
  private static final String CARD = "4242 4242 4242 4242";
  private static final int NODES = 3;
  private static final int CLIENTS = 50;
  private static final int GROUP_SIZE = 10;
  private static final long TOP_UP_MINOR = 100_00;
  /** The node killed (index): not the first, which started the cluster and made the admin. */
  private static final int KILLED = 1;
  /** Acknowledged operations of the second round before the kill: mid-round. */
  private static final int KILL_AFTER_ACKS = 60;

  @TempDir
  Path dir;

  @Test
  void threeNodesBehindHaproxy_oneKilledAndRestarted_loseNothingAcknowledged() throws Exception {
    if (Haproxy.executable().isEmpty()) {
      String why = "haproxy is not installed (Debian package haproxy; .ci/run installs it)";
      if (TestDatabases.ci()) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    TestDatabase db = TestDatabases.create(Kind.POSTGRESQL, dir);
    int balancerPort = ClusterNodes.freePort();
    Vertx vertx = Vertx.vertx();
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try (ClusterNodes cluster = new ClusterNodes(dir, NODES, List.of("--database-url", db.url(),
        "--bootstrap-admin.username", ADMIN, "--bootstrap-admin.password", ApiClient.PASSWORD,
        "--public-base-url", "http://127.0.0.1:" + balancerPort, "--trusted-proxies", "127.0.0.1",
        "--throttle.sign-ups-per-address", "1000000", "--attachments.store", "postgres"))) {
      // The first node makes the schema and the admin; the two others join it.
      cluster.start(cluster.node(0));
      cluster.startAll(cluster.nodes().subList(1, NODES));
      try (Haproxy balancer = Haproxy.start(dir, balancerPort,
          cluster.nodes().stream().map(n -> n.httpPort).toList())) {
        balancer.awaitNodesUp(NODES);
        run(vertx, pool, cluster, balancer);
      }
    } finally {
      pool.shutdownNow();
      ApiClient.await(vertx.close());
      db.close();
    }
  }

  private void run(Vertx vertx, ExecutorService pool, ClusterNodes cluster, Haproxy balancer) throws Exception {
    ApiClient api = new ApiClient(vertx, "127.0.0.1", balancer.port());
    WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(128 * 1024)
        .setMaxMessageSize(256 * 1024));

    // ---- 50 people, each with 100.00 EUR, in five groups of ten with the poll app ----
    List<ClusterClient> clients = new ArrayList<>();
    for (Future<ClusterClient> f : pool
        .invokeAll(IntStream.range(0, CLIENTS).<java.util.concurrent.Callable<ClusterClient>>mapToObj(
            i -> () -> {
              Reply signUp = taken(() -> api.post("/api/auth/signup", Caller.anonymous(), new JsonObject()
                  .put("username", api.uniqueName("Member" + i)).put("displayName", "Member" + i)
                  .put("password", ApiClient.PASSWORD)));
              assertThat(signUp.status()).as("sign-up: %s", signUp).isEqualTo(201);
              JsonObject account = signUp.json().getJsonObject("account");
              TestUser user = new TestUser(account.getString("id"), account.getString("username"),
                  account.getString("displayName"), ApiClient.PASSWORD,
                  signUp.cookie("parley_session").orElseThrow(), signUp.json().getString("csrfToken"));
              Reply topUp = taken(() -> api.post("/api/wallet/topups", user, new JsonObject().put("currency", "EUR")
                  .put("amount", "100.00").put("card", CARD).put("idempotencyKey", "topup-" + i)));
              assertThat(topUp.status()).as("top-up: %s", topUp).isEqualTo(201);
              return new ClusterClient(user, api, sockets, balancer.port());
            }).toList())) {
      clients.add(f.get());
    }
    List<String> groups = new ArrayList<>();
    for (int g = 0; g < CLIENTS / GROUP_SIZE; g++) {
      List<ClusterClient> members = clients.subList(g * GROUP_SIZE, (g + 1) * GROUP_SIZE);
      ClusterClient owner = members.getFirst();
      String group = api.group(owner.user, "Group " + g,
          members.stream().skip(1).map(c -> c.user).toArray(TestUser[]::new)).getString("id");
      assertThat(api.post("/api/conversations/" + group + "/apps", owner.user, new JsonObject().put("appId", "poll"))
          .status()).isBetween(200, 201);
      Reply consent = api.post("/api/apps/poll/consent", owner.user, new JsonObject().put("conversationId", group)
          .put("permissions", new JsonArray().add("cards.post").add("storage.conversation").add("members.read")));
      assertThat(consent.status()).as("consent: %s", consent).isEqualTo(200);
      members.forEach(c -> c.conversations.add(group));
      groups.add(group);
    }
    for (Future<?> f : pool.invokeAll(clients.stream().<java.util.concurrent.Callable<Object>>map(c -> () -> {
      c.goLive();
      return null;
    }).toList())) {
      f.get();
    }

    // ---- round 1: all nodes up ----
    round(pool, clients, groups, 2, a -> {});

    // ---- round 2: one node is killed mid-round ----
    Node victim = cluster.node(KILLED);
    CountDownLatch killNow = new CountDownLatch(KILL_AFTER_ACKS);
    Future<?> round2 = pool.submit(() -> {
      round(pool, clients, groups, 4, a -> killNow.countDown());
      return null;
    });
    assertThat(killNow.await(2, TimeUnit.MINUTES)).as("round 2 got under way").isTrue();
    int exit = cluster.kill(victim);
    assertThat(exit).as("%s killed by SIGKILL (128 + 9)", victim).isEqualTo(137);
    round2.get(3, TimeUnit.MINUTES);
    int reconnectedAfterKill = clients.stream().mapToInt(c -> c.reconnects.get()).sum();

    // ---- the node comes back; ten clients move their live sockets onto it ----
    cluster.start(victim);
    balancer.awaitNodesUp(NODES);
    for (int i = 0; i < CLIENTS; i += CLIENTS / 10) {
      clients.get(i).moveTo(victim.httpPort);
    }
    round(pool, clients, groups, 2, a -> {});

    // ---- everything acknowledged is there, once, in order, and reached every member ----
    ApiClient direct0 = new ApiClient(vertx, "127.0.0.1", cluster.node(0).httpPort);
    TestUser admin = direct0.signIn(ADMIN, ApiClient.PASSWORD);
    Map<String, List<JsonObject>> histories = new HashMap<>();
    for (String group : groups) {
      histories.put(group, history(api, clients.get(groups.indexOf(group) * GROUP_SIZE).user, group));
    }
    assertHistories(clients, groups, histories);
    assertEveryClientReceivedEverything(clients, groups, histories);
    assertLedger(api, admin, clients);

    int retries = clients.stream().mapToInt(c -> c.retries.get()).sum();
    int duplicatesLive = clients.stream().mapToInt(c -> c.duplicates.get()).sum();
    long cards = clients.stream().flatMap(c -> c.cards.stream()).count();
    System.out.printf(Locale.ROOT,
        "cluster: %d nodes behind HAProxy, %d clients, %d messages + %d cards acknowledged, %d payments; "
            + "%s killed mid-round (exit %d) and restarted; %d live sockets resumed after the kill, %d requests "
            + "retried, %d duplicate live frames dropped by clients, %d messages in the five histories%n",
        NODES, CLIENTS, clients.stream().mapToInt(c -> c.acked.size()).sum(), cards,
        clients.stream().mapToInt(c -> c.paid.size()).sum(), victim.name(), exit, reconnectedAfterKill, retries,
        duplicatesLive, histories.values().stream().mapToInt(List::size).sum());
    assertThat(reconnectedAfterKill).as("some live sockets were on the killed node and resumed elsewhere")
        .isPositive();

    // ---- a suspension made through node 1 holds on nodes 2 and 3 at once ----
    assertSuspensionHoldsEverywhere(vertx, cluster, direct0, admin, clients.get(CLIENTS - 1));

    clients.forEach(ClusterClient::stop);
    direct0.close();
    api.close();
    ApiClient.await(sockets.close());
  }

  /** The answer of {@code request}, sent again while the balancer says no node took it (503). */
  private static Reply taken(java.util.function.Supplier<Reply> request) throws InterruptedException {
    for (int attempt = 0; attempt < 600; attempt++) {
      Reply r = request.get();
      if (r.status() != 503) {
        return r;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no node took the request for a minute");
  }

  /**
   * One round: every client at once sends {@code messages} messages to its group and pays the next
   * member of its group; each group's owner also posts a poll card halfway.
   */
  private static void round(ExecutorService pool, List<ClusterClient> clients, List<String> groups, int messages,
      Consumer<Object> onAck) throws Exception {
    List<java.util.concurrent.Callable<Object>> work = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      ClusterClient c = clients.get(i);
      int g = i / GROUP_SIZE;
      String group = groups.get(g);
      ClusterClient next = clients.get(g * GROUP_SIZE + (i + 1) % GROUP_SIZE);
      boolean owner = i % GROUP_SIZE == 0;
      long amountMinor = 1_00 + (i % 7);
      work.add(() -> {
        for (int m = 0; m < messages; m++) {
          onAck.accept(c.send(group, c.user.displayName() + " says " + m));
          if (m == messages / 2) {
            onAck.accept(c.pay(next.user, amountMinor));
            if (owner) {
              onAck.accept(c.poll(group));
            }
          }
        }
        return null;
      });
    }
    for (Future<?> f : pool.invokeAll(work)) {
      f.get();
    }
  }

  /** The whole history of {@code group}, oldest first, paged with {@code after}. */
  private static List<JsonObject> history(ApiClient api, TestUser member, String group) {
    List<JsonObject> out = new ArrayList<>();
    long after = 0;
    while (true) {
      Reply page = api.get("/api/conversations/" + group + "/messages?after=" + after + "&limit=200", member);
      assertThat(page.status()).as("history: %s", page).isEqualTo(200);
      JsonArray messages = page.json().getJsonArray("messages");
      if (messages.isEmpty()) {
        return out;
      }
      for (int i = 0; i < messages.size(); i++) {
        out.add(messages.getJsonObject(i));
      }
      after = out.getLast().getLong("seq");
    }
  }

  private static void assertHistories(List<ClusterClient> clients, List<String> groups,
      Map<String, List<JsonObject>> histories) {
    for (String group : groups) {
      List<JsonObject> h = histories.get(group);
      assertThat(h.stream().map(m -> m.getLong("seq")).toList()).as("seqs of %s: 1..n, no gap, no repeat", group)
          .isEqualTo(IntStream.rangeClosed(1, h.size()).mapToObj(Long::valueOf).toList());
      Set<String> clientIds = new HashSet<>();
      for (JsonObject m : h) {
        String clientId = m.getString("clientId");
        if (clientId != null) {
          assertThat(clientIds.add(clientId)).as("one message per client id in %s: %s", group, clientId).isTrue();
        }
      }
    }
    for (ClusterClient c : clients) {
      for (ClusterClient.Acked a : c.acked) {
        List<JsonObject> h = histories.get(a.conversationId());
        assertThat(a.seq()).as("acknowledged seq %s of %s", a.seq(), a.clientId()).isBetween(1L, (long) h.size());
        assertThat(h.get((int) a.seq() - 1).getString("clientId")).as("the message at acknowledged seq %s", a.seq())
            .isEqualTo(a.clientId());
      }
      for (ClusterClient.Card card : c.cards) {
        List<JsonObject> withQuestion = histories.get(card.conversationId()).stream()
            .filter(m -> "card".equals(m.getString("kind")) && m.getJsonObject("card") != null
                && card.question().equals(m.getJsonObject("card").getString("title")))
            .toList();
        if (card.seq() > 0) {
          assertThat(withQuestion).as("acknowledged card %s", card.question()).hasSize(1);
          assertThat(withQuestion.getFirst().getLong("seq")).isEqualTo(card.seq());
        } else {
          assertThat(withQuestion).as("card %s with no answer: at most once", card.question()).hasSizeLessThan(2);
        }
      }
    }
  }

  /** Every client's live socket received every message of its group, in order, whichever node it was on. */
  private static void assertEveryClientReceivedEverything(List<ClusterClient> clients, List<String> groups,
      Map<String, List<JsonObject>> histories) {
    for (ClusterClient c : clients) {
      for (String group : c.conversations) {
        long last = histories.get(group).size();
        ClusterClient.awaitCondition(c.user.username() + " received up to seq " + last + " of " + group
            + " (has " + c.cursor(group) + ", gaps " + c.gaps + ")", () -> c.cursor(group) >= last);
        assertThat(c.receivedSeqs(group))
            .as("seqs %s received live in %s (gaps %s, %d reconnects)", c.user.username(), group, c.gaps,
                c.reconnects.get())
            .isEqualTo(IntStream.rangeClosed(1, (int) last).mapToObj(Long::valueOf).toList());
      }
      assertThat(c.gaps).as("gaps in the live stream of %s", c.user.username()).isEmpty();
      assertThat(c.readies.get())
          .as("%s resumed after each of its %d reconnects", c.user.username(), c.reconnects.get())
          .isGreaterThanOrEqualTo(1 + c.reconnects.get());
    }
  }

  private static void assertLedger(ApiClient api, TestUser admin, List<ClusterClient> clients) {
    Reply reconcile = api.get("/api/admin/ledger/reconcile", admin);
    assertThat(reconcile.status()).as("reconcile: %s", reconcile).isEqualTo(200);
    assertThat(reconcile.json().getJsonArray("differences")).as("ledger differences").isEmpty();
    assertThat(reconcile.json().getBoolean("ok")).isTrue();
    Map<String, Long> expected = new HashMap<>();
    Map<String, Integer> payments = new HashMap<>();
    clients.forEach(c -> expected.put(c.user.id(), TOP_UP_MINOR));
    for (ClusterClient c : clients) {
      for (ClusterClient.Paid p : c.paid) {
        expected.merge(p.payerId(), -p.amountMinor(), Long::sum);
        expected.merge(p.payeeId(), p.amountMinor(), Long::sum);
        payments.merge(p.payerId(), 1, Integer::sum);
        payments.merge(p.payeeId(), 1, Integer::sum);
      }
    }
    long total = 0;
    for (ClusterClient c : clients) {
      Reply wallet = api.get("/api/wallet", c.user);
      assertThat(wallet.status()).isEqualTo(200);
      long balance = wallet.json().getJsonArray("wallets").getJsonObject(0).getLong("balanceMinor");
      assertThat(balance).as("balance of %s", c.user.username()).isEqualTo(expected.get(c.user.id()));
      total += balance;
      Reply history = api.get("/api/wallet/history?currency=EUR&limit=100", c.user);
      JsonArray entries = history.json().getJsonArray("entries");
      long paymentEntries = entries.stream().map(e -> (JsonObject) e).filter(e -> "payment".equals(e.getString("kind")))
          .count();
      assertThat(paymentEntries).as("payment entries of %s: one per acknowledged payment", c.user.username())
          .isEqualTo(payments.getOrDefault(c.user.id(), 0).longValue());
    }
    assertThat(total).as("the wallets sum to the top-ups").isEqualTo(TOP_UP_MINOR * clients.size());
  }

  private static void assertSuspensionHoldsEverywhere(Vertx vertx, ClusterNodes cluster, ApiClient onFirst,
      TestUser admin, ClusterClient suspended) {
    List<ApiClient> others = cluster.nodes().subList(1, NODES).stream()
        .map(n -> new ApiClient(vertx, "127.0.0.1", n.httpPort)).toList();
    try {
      // Each other node has just served this session (whatever it caches of it is warm), and holds a live socket of it.
      List<ClusterClient> socketsElsewhere = new ArrayList<>();
      for (ApiClient other : others) {
        assertThat(other.get("/api/session", suspended.user).status()).isEqualTo(200);
        ClusterClient extra = new ClusterClient(suspended.user, other, vertx.createWebSocketClient(), other.port());
        extra.conversations.addAll(suspended.conversations);
        extra.goLive();
        socketsElsewhere.add(extra);
      }
      Reply suspend = onFirst.post("/api/admin/accounts/" + suspended.user.id() + "/suspend", admin,
          new JsonObject().put("reason", "cluster test"));
      assertThat(suspend.status()).as("suspend through node 1: %s", suspend).isEqualTo(200);
      for (ApiClient other : others) {
        assertThat(other.get("/api/session", suspended.user).status())
            .as("the suspended session on the node on port %d, right after the answer", other.port()).isEqualTo(401);
        Reply signIn = other.post("/api/auth/signin", Caller.anonymous(), new JsonObject()
            .put("username", suspended.user.username()).put("password", ApiClient.PASSWORD));
        assertThat(signIn.status()).as("sign-in on port %d: %s", other.port(), signIn).isEqualTo(403);
      }
      for (ClusterClient extra : socketsElsewhere) {
        assertThat(ApiClient.await(extra.sessionEnded())).as("live socket on another node closed")
            .isEqualTo((short) 4001);
      }
      assertThat(ApiClient.await(suspended.sessionEnded())).as("the balancer's live socket closed")
          .isEqualTo((short) 4001);
    } finally {
      others.forEach(ApiClient::close);
    }
  }
}
