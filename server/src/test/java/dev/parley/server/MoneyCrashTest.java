package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestDatabases.TestDatabase;
import dev.parley.core.TestUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 7's crash proof: the real {@code Main} in a child JVM (the same java, the test class path,
 * as {@link MainProcessTest} runs it) on the embedded H2 store and on PostgreSQL. Wallets are topped
 * up, a burst of concurrent payments runs between them, and the server JVM itself is killed with
 * SIGKILL ({@link Process#destroyForcibly()}: no shutdown hook runs) while payments are in flight.
 * Started again on the same database, the ledger must hold every transfer that was acknowledged
 * (a retry with the same key answers the same transfer id), nothing refused, no transfer with one
 * entry only, every balance equal to its top-ups plus and minus exactly the transfers present, the
 * sum of the balances unchanged, and a clean reconciliation through the admin API and through
 * {@code Main reconcile}.
 *
 * <p>Red packets: {@link #killedMidClaims_restartsWithEveryAcknowledgedClaimPaidOnce} kills the server in the
 * middle of a burst of claims.
 */
class MoneyCrashTest {

  private static final Pattern READY = Pattern.compile("Parley is ready: http://localhost:(\\d+)");
  private static final String ADMIN = "crashboss";
  private static final String CARD = "4242 4242 4242 4242";
  private static final int USERS = 16;
  private static final long TOP_UP_MINOR = 500_00;
  private static final int BURST = 3_000;
  private static final int IN_FLIGHT = 32;
  /** The kill comes once this many payments of the burst were acknowledged: mid-burst, 32 in flight. */
  private static final int KILL_AFTER_ACKS = 800;

  @TempDir
  Path dir;

  /** One payment of the burst and what its client saw. */
  private static final class Payment {
    final String key;
    final TestUser payer;
    final TestUser payee;
    final long amountMinor;
    volatile Outcome outcome = Outcome.NOT_SENT;
    volatile String transferId;
    volatile String detail = "";

    Payment(String key, TestUser payer, TestUser payee, long amountMinor) {
      this.key = key;
      this.payer = payer;
      this.payee = payee;
      this.amountMinor = amountMinor;
    }

    JsonObject body() {
      return new JsonObject().put("toAccountId", payee.id()).put("currency", "EUR").put("amount", format(amountMinor))
          .put("note", key).put("idempotencyKey", key);
    }
  }

  /** What the client knows of a payment: acknowledged (2xx), refused (no money, 409), or nothing. */
  private enum Outcome {
    NOT_SENT, ACKNOWLEDGED, REFUSED, UNKNOWN, UNEXPECTED
  }

  /** A transfer as the two wallets' histories show it. */
  private record Seen(String transferId, String kind, String note, Map<String, Long> entriesByUser) {
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void killedMidBurst_restartsWithEveryAcknowledgedTransferAndNoHalfAppliedOne(Kind kind) throws Exception {
    TestDatabase db = TestDatabases.create(kind, dir.resolve("h2"));
    Path data = dir.resolve("data");
    List<String> flags = new ArrayList<>(List.of("--data-dir", data.toString()));
    if (kind == Kind.POSTGRESQL) {
      flags.addAll(List.of("--database-url", db.url()));
    }
    Vertx vertx = Vertx.vertx();
    Child first = null;
    Child second = null;
    try {
      first = launch("first", serverArgs(flags));
      ApiClient api = new ApiClient(vertx, "127.0.0.1", first.port());
      List<TestUser> users = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        TestUser user = api.signUp("Payer" + i);
        Reply topUp = api.post("/api/wallet/topups", user, new JsonObject().put("currency", "EUR")
            .put("amount", format(TOP_UP_MINOR)).put("card", CARD).put("idempotencyKey", "topup-" + i));
        assertThat(topUp.status()).as("top-up: %s", topUp).isEqualTo(201);
        users.add(user);
      }

      List<Payment> burst = plan(users, new Random(kind.ordinal() * 7919L + 17));
      burstAndKill(api, first, burst);
      api.close();
      assertThat(first.process().waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(first.process().exitValue()).as("killed by SIGKILL (128 + 9), not stopped").isEqualTo(137);

      Map<Outcome, Integer> counts = new LinkedHashMap<>();
      burst.forEach(p -> counts.merge(p.outcome, 1, Integer::sum));
      System.out.printf(Locale.ROOT, "[%s] burst of %d payments, %d in flight, killed after %d acknowledgements: %s%n",
          kind, burst.size(), IN_FLIGHT, KILL_AFTER_ACKS, counts);
      assertThat(burst).filteredOn(p -> p.outcome == Outcome.UNEXPECTED)
          .as("answers other than 201 or 409 before the kill")
          .extracting(p -> p.detail).isEmpty();
      assertThat(counts.getOrDefault(Outcome.ACKNOWLEDGED, 0)).isGreaterThanOrEqualTo(KILL_AFTER_ACKS);
      assertThat(counts.getOrDefault(Outcome.NOT_SENT, 0)).as("the kill came before the end of the burst").isPositive();

      second = launch("second", serverArgs(flags));
      ApiClient again = new ApiClient(vertx, "127.0.0.1", second.port());
      TestUser admin = again.signIn(ADMIN, ApiClient.PASSWORD);

      assertReconciled(again, admin, "after the restart");
      Map<String, Seen> present = histories(again, users);
      Map<String, Seen> payments = assertBothEntriesOfEveryTransfer(present, users);
      int unknownPresent = assertEveryAcknowledgedPresentAndRefusedAbsent(burst, payments);
      assertBalances(again, users, burst, payments, "after the restart");
      System.out.printf(Locale.ROOT,
          "[%s] after the restart: %d payments present (%d acknowledged, %d of the %d unanswered "
              + "in flight at the kill), reconciliation clean%n",
          kind, payments.size(),
          counts.getOrDefault(Outcome.ACKNOWLEDGED, 0), unknownPresent, counts.getOrDefault(Outcome.UNKNOWN, 0));

      retryAll(again, burst, payments);
      Map<String, Seen> afterRetries = assertBothEntriesOfEveryTransfer(histories(again, users), users);
      assertBalances(again, users, burst, afterRetries, "after every payment was retried");
      assertReconciled(again, admin, "after the retries");
      again.close();

      second.process().destroy(); // SIGTERM: on H2 the reconcile command needs the file to itself
      assertThat(second.process().waitFor(1, TimeUnit.MINUTES)).isTrue();
      Child reconcile = launch("reconcile", reconcileArgs(flags));
      assertThat(reconcile.process().waitFor(3, TimeUnit.MINUTES)).isTrue();
      String out = String.join("\n", reconcile.drain());
      assertThat(reconcile.process().exitValue()).as("Main reconcile: %s %s", out, reconcile.readStderr()).isZero();
      assertThat(out).contains("parley: ledger reconciliation clean");
    } finally {
      for (Child c : new Child[] {first, second}) {
        if (c != null) {
          c.process().destroyForcibly();
          c.process().waitFor(1, TimeUnit.MINUTES);
        }
      }
      ApiClient.await(vertx.close());
      db.close();
    }
  }

  /**
   * Red packets under a crash: a packet of 40 shares, sent through the gifting sample and the
   * host's confirmation, is claimed by 60 members at once; the server JVM is killed after five
   * claims were acknowledged. After the restart every acknowledged claim is there and paid (claims
   * recorded but not yet paid are paid by the sweep, once), each member holds at most one share,
   * claiming again answers the same share, no more than 40 are ever claimed, and not a cent is made
   * or lost: the wallets sum to the sender's top-up once every share is claimed.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void killedMidClaims_restartsWithEveryAcknowledgedClaimPaidOnce(Kind kind) throws Exception {
    TestDatabase db = TestDatabases.create(kind, dir.resolve("h2"));
    List<String> flags = new ArrayList<>(List.of("--data-dir", dir.resolve("data").toString(),
        "--red-packets.payout-retry-millis", "500", "--red-packets.sweep-interval-millis", "200"));
    if (kind == Kind.POSTGRESQL) {
      flags.addAll(List.of("--database-url", db.url()));
    }
    int members = 60;
    int shares = 40;
    Vertx vertx = Vertx.vertx();
    Child first = null;
    Child second = null;
    try {
      first = launch("first", serverArgs(flags));
      ApiClient api = new ApiClient(vertx, "127.0.0.1", first.port());
      TestUser sender = api.signUp("Sender");
      assertThat(api.post("/api/wallet/topups", sender, new JsonObject().put("currency", "EUR")
          .put("amount", format(TOP_UP_MINOR)).put("card", CARD).put("idempotencyKey", "topup-sender")).status())
          .isEqualTo(201);
      List<TestUser> claimers = new ArrayList<>();
      for (int i = 0; i < members; i++) {
        claimers.add(api.signUp("Claimer" + i));
      }
      String group = api.group(sender, "Red packets", claimers.toArray(TestUser[]::new)).getString("id");
      assertThat(api.post("/api/conversations/" + group + "/apps", sender, new JsonObject().put("appId", "gifting"))
          .status()).isBetween(200, 201);
      assertThat(api.post("/api/apps/gifting/consent", sender, new JsonObject().put("permissions", new JsonArray()
          .add("payments.request").add("cards.post").add("storage.conversation").add("members.read"))).status())
          .isEqualTo(200);
      Reply asked = api.post("/api/conversations/" + group + "/commands", sender,
          new JsonObject().put("text", "/packet 40.00 " + shares + " lucky happy crash"));
      assertThat(asked.status()).as("%s", asked).isEqualTo(200);
      JsonArray pending = api.get("/api/payment-requests?status=pending", sender).json().getJsonArray("requests");
      assertThat(pending).hasSize(1);
      Reply confirmed = api.post("/api/payment-requests/" + pending.getJsonObject(0).getString("id") + "/confirm",
          sender,
          new JsonObject().put("idempotencyKey", "confirm-packet"));
      assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(200);
      String packetId = confirmed.json().getJsonObject("packet").getString("packetId");
      assertThat(packetId).isNotNull();

      // Every member claims at once; the JVM dies after the third acknowledged claim.
      Map<String, Long> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
      List<String> otherAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
      BlockingQueue<Boolean> killNow = new LinkedBlockingQueue<>();
      List<Future<?>> sent = new ArrayList<>();
      for (TestUser m : claimers) {
        sent.add(api.postAsync("/api/red-packets/" + packetId + "/claim", m, new JsonObject()).andThen(ar -> {
          if (ar.succeeded() && ar.result().status() / 100 == 2 && ar.result().json().getJsonObject("claim") != null) {
            acknowledged.put(m.id(), ar.result().json().getJsonObject("claim").getLong("amountMinor"));
            if (acknowledged.size() == 5) {
              killNow.add(true);
            }
          } else if (ar.succeeded()) {
            otherAnswers.add(ar.result().toString());
          }
        }));
      }
      killNow.poll(1, TimeUnit.MINUTES);
      kill(first);
      ApiClient.await(Future.join(sent).transform(ar -> Future.succeededFuture()));
      api.close();
      assertThat(first.process().waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
      assertThat(acknowledged).as("claims acknowledged before the kill; other answers: %s", otherAnswers)
          .hasSizeGreaterThanOrEqualTo(5);

      second = launch("second", serverArgs(flags));
      ApiClient again = new ApiClient(vertx, "127.0.0.1", second.port());
      TestUser admin = again.signIn(ADMIN, ApiClient.PASSWORD);
      List<TestUser> signedIn = new ArrayList<>();
      for (TestUser m : claimers) {
        signedIn.add(again.signIn(m.username(), ApiClient.PASSWORD));
      }
      TestUser senderAgain = again.signIn(sender.username(), ApiClient.PASSWORD);

      // Everyone claims again: an acknowledged claim answers the same share; the rest fill the packet.
      Map<String, Long> claimed = new HashMap<>();
      for (TestUser m : signedIn) {
        Reply r = again.post("/api/red-packets/" + packetId + "/claim", m, new JsonObject());
        if (r.status() / 100 == 2 && r.json().getJsonObject("claim") != null) {
          claimed.put(m.id(), r.json().getJsonObject("claim").getLong("amountMinor"));
        } else {
          assertThat(r.status()).as("a claim refused after the packet was emptied: %s", r).isEqualTo(409);
        }
      }
      acknowledged
          .forEach((id, amount) -> assertThat(claimed.get(id)).as("acknowledged claim of %s", id).isEqualTo(amount));
      assertThat(claimed).as("every share claimed once, by different members").hasSize(shares);
      assertThat(claimed.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4000);

      TestApps.eventually("every claim paid", Duration.ofSeconds(60), () -> {
        long total = walletMinor(again, senderAgain);
        for (TestUser m : signedIn) {
          total += walletMinor(again, m);
        }
        return total == TOP_UP_MINOR && signedIn.stream()
            .allMatch(m -> walletMinor(again, m) == claimed.getOrDefault(m.id(), 0L));
      });
      assertThat(walletMinor(again, senderAgain)).isEqualTo(TOP_UP_MINOR - 4000);
      assertReconciled(again, admin, "after the restart and the claims");
      again.close();
    } finally {
      for (Child c : new Child[] {first, second}) {
        if (c != null) {
          c.process().destroyForcibly();
          c.process().waitFor(1, TimeUnit.MINUTES);
        }
      }
      ApiClient.await(vertx.close());
      db.close();
    }
  }

  private static long walletMinor(ApiClient api, TestUser user) {
    return api.get("/api/wallet", user).json().getJsonArray("wallets").stream().map(w -> (JsonObject) w)
        .filter(w -> "EUR".equals(w.getString("currency"))).mapToLong(w -> w.getLong("balanceMinor")).sum();
  }

  // ---- the burst ----

  private static List<Payment> plan(List<TestUser> users, Random random) {
    List<Payment> out = new ArrayList<>(BURST);
    for (int i = 0; i < BURST; i++) {
      int a = random.nextInt(users.size());
      int b = (a + 1 + random.nextInt(users.size() - 1)) % users.size();
      out.add(new Payment("crash-" + i + "-" + Long.toHexString(random.nextLong()), users.get(a), users.get(b),
          1 + random.nextInt(20_00)));
    }
    return out;
  }

  /**
   * Sends the payments {@link #IN_FLIGHT} at a time and kills the server JVM as soon as
   * {@link #KILL_AFTER_ACKS} were acknowledged; then waits for the answers of those in flight
   * (they fail: the connections die with the process).
   */
  private static void burstAndKill(ApiClient api, Child server, List<Payment> burst) throws InterruptedException {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    AtomicInteger acks = new AtomicInteger();
    BlockingQueue<Boolean> killNow = new LinkedBlockingQueue<>();
    List<Future<?>> sent = new ArrayList<>();
    boolean killed = false;
    for (Payment p : burst) {
      slots.acquire();
      if (!killNow.isEmpty()) {
        slots.release();
        killed = kill(server);
        break;
      }
      p.outcome = Outcome.UNKNOWN; // until an answer says otherwise
      sent.add(api.postAsync("/api/payments", p.payer, p.body()).andThen(ar -> {
        if (ar.succeeded()) {
          Reply r = ar.result();
          if (r.status() == 201) {
            p.transferId = r.json().getString("id");
            p.outcome = Outcome.ACKNOWLEDGED;
            if (acks.incrementAndGet() == KILL_AFTER_ACKS) {
              killNow.add(true);
            }
          } else if (r.status() == 409 && r.body().contains("insufficient funds")) {
            p.outcome = Outcome.REFUSED;
          } else {
            p.outcome = Outcome.UNEXPECTED;
            p.detail = p.key + ": " + r;
          }
        }
        slots.release();
      }));
    }
    if (!killed) {
      kill(server);
    }
    ApiClient.await(Future.join(sent).transform(ar -> Future.succeededFuture())); // all answered or failed
  }

  /** SIGKILL to the server's own JVM (launched directly, no wrapper script in between). */
  private static boolean kill(Child server) {
    assertThat(server.process().info().command()).as("the process killed is the server JVM itself")
        .hasValueSatisfying(c -> assertThat(c).endsWith("/bin/java"));
    server.process().destroyForcibly();
    return true;
  }

  // ---- what the restarted server shows ----

  private static void assertReconciled(ApiClient api, TestUser admin, String when) {
    Reply reply = api.get("/api/admin/ledger/reconcile", admin);
    assertThat(reply.status()).as("reconcile %s: %s", when, reply).isEqualTo(200);
    assertThat(reply.json().getJsonArray("differences")).as("differences %s", when).isEmpty();
    assertThat(reply.json().getBoolean("ok")).isTrue();
  }

  /** Every transfer in the users' wallet histories (every page), with each user's entry of it. */
  private static Map<String, Seen> histories(ApiClient api, List<TestUser> users) {
    Map<String, Seen> out = new HashMap<>();
    for (TestUser user : users) {
      String before = "";
      do {
        Reply page = api.get("/api/wallet/history?currency=EUR&limit=100"
            + (before.isEmpty() ? "" : "&before=" + URLEncoder.encode(before, StandardCharsets.UTF_8)), user);
        assertThat(page.status()).as("history: %s", page).isEqualTo(200);
        JsonArray entries = page.json().getJsonArray("entries");
        for (int i = 0; i < entries.size(); i++) {
          JsonObject e = entries.getJsonObject(i);
          Seen seen = out.computeIfAbsent(e.getString("transferId"),
              id -> new Seen(id, e.getString("kind"), e.getString("note"), new HashMap<>()));
          Long previous = seen.entriesByUser().put(user.id(), e.getLong("amountMinor"));
          assertThat(previous).as("two entries of transfer %s in one wallet", seen.transferId()).isNull();
        }
        before = Optional.ofNullable(page.json().getString("nextBefore")).orElse("");
      } while (!before.isEmpty());
    }
    return out;
  }

  /**
   * Every payment has its debit in the payer's wallet and its credit in the payee's, equal and
   * opposite; every top-up its credit. Returns the payments by their client key (the note).
   */
  private static Map<String, Seen> assertBothEntriesOfEveryTransfer(Map<String, Seen> transfers, List<TestUser> users) {
    Map<String, Seen> payments = new HashMap<>();
    for (Seen t : transfers.values()) {
      if (t.kind().equals("topup")) {
        assertThat(t.entriesByUser().values()).as("top-up %s", t.transferId()).containsExactly(TOP_UP_MINOR);
        continue;
      }
      assertThat(t.kind()).isEqualTo("payment");
      assertThat(t.entriesByUser()).as("payment %s (%s): a debit and a credit", t.transferId(), t.note()).hasSize(2);
      assertThat(t.entriesByUser().values().stream().mapToLong(Long::longValue).sum())
          .as("payment %s sums to 0", t.transferId())
          .isZero();
      assertThat(payments.put(t.note(), t)).as("one transfer per key %s", t.note()).isNull();
    }
    assertThat(transfers.values()).filteredOn(t -> t.kind().equals("topup")).hasSize(users.size());
    return payments;
  }

  /** Returns how many of the payments left without an answer are present. */
  private static int assertEveryAcknowledgedPresentAndRefusedAbsent(List<Payment> burst, Map<String, Seen> payments) {
    int unknownPresent = 0;
    for (Payment p : burst) {
      Seen seen = payments.get(p.key);
      switch (p.outcome) {
        case ACKNOWLEDGED -> {
          assertThat(seen).as("acknowledged payment %s is present", p.key).isNotNull();
          assertThat(seen.transferId()).as("acknowledged payment %s", p.key).isEqualTo(p.transferId);
          assertThat(seen.entriesByUser()).as("payment %s", p.key)
              .containsExactlyInAnyOrderEntriesOf(Map.of(p.payer.id(), -p.amountMinor, p.payee.id(), p.amountMinor));
        }
        case REFUSED, NOT_SENT -> assertThat(seen).as("%s payment %s moved nothing", p.outcome, p.key).isNull();
        case UNKNOWN, UNEXPECTED -> {
          if (seen != null) {
            unknownPresent++;
            assertThat(seen.entriesByUser()).as("payment %s", p.key)
                .containsExactlyInAnyOrderEntriesOf(Map.of(p.payer.id(), -p.amountMinor, p.payee.id(), p.amountMinor));
          }
        }
      }
    }
    return unknownPresent;
  }

  /**
   * Each wallet holds its top-up plus and minus exactly the payments present, and all of them
   * together exactly the top-ups: no cent lost or made.
   */
  private static void assertBalances(ApiClient api, List<TestUser> users, List<Payment> burst,
      Map<String, Seen> payments,
      String when) {
    Map<String, Long> expected = new HashMap<>();
    users.forEach(u -> expected.put(u.id(), TOP_UP_MINOR));
    for (Payment p : burst) {
      if (payments.containsKey(p.key)) {
        expected.merge(p.payer.id(), -p.amountMinor, Long::sum);
        expected.merge(p.payee.id(), p.amountMinor, Long::sum);
      }
    }
    long total = 0;
    for (TestUser user : users) {
      Reply wallet = api.get("/api/wallet", user);
      assertThat(wallet.status()).isEqualTo(200);
      JsonObject eur = wallet.json().getJsonArray("wallets").getJsonObject(0);
      assertThat(eur.getString("currency")).isEqualTo("EUR");
      assertThat(eur.getLong("balanceMinor")).as("balance of %s %s", user.username(), when)
          .isEqualTo(expected.get(user.id()));
      total += eur.getLong("balanceMinor");
    }
    assertThat(total).as("sum of all balances %s", when).isEqualTo(TOP_UP_MINOR * users.size());
  }

  /**
   * Sends every payment of the burst again with its key and content: one acknowledged or present
   * answers its transfer again ({@code Idempotent-Replayed}); one refused, unsent or lost in the
   * crash is made now (or refused for funds), and only once.
   */
  private static void retryAll(ApiClient api, List<Payment> burst, Map<String, Seen> payments)
      throws InterruptedException {
    List<Payment> open = new ArrayList<>(burst);
    Semaphore slots = new Semaphore(IN_FLIGHT);
    List<Future<Reply>> answers = new ArrayList<>();
    for (Payment p : open) {
      slots.acquire();
      answers.add(api.postAsync("/api/payments", p.payer, p.body()).andThen(ar -> slots.release()));
    }
    ApiClient.await(Future.join(answers).transform(ar -> Future.succeededFuture()));
    for (int i = 0; i < open.size(); i++) {
      Payment p = open.get(i);
      assertThat(answers.get(i).succeeded()).as("retry of %s", p.key).isTrue();
      Reply r = answers.get(i).result();
      Seen seen = payments.get(p.key);
      if (seen != null) {
        assertThat(r.status()).as("retry of present payment %s: %s", p.key, r).isEqualTo(201);
        assertThat(r.header("Idempotent-Replayed")).as("retry of %s", p.key).isEqualTo("true");
        assertThat(r.json().getString("id")).as("retry of %s answers its transfer", p.key).isEqualTo(seen.transferId());
      } else {
        assertThat(r.status()).as("retry of absent payment %s: %s", p.key, r).isIn(201, 409);
        assertThat(r.header("Idempotent-Replayed")).as("retry of absent payment %s", p.key).isNull();
      }
    }
  }

  // ---- the child JVM ----

  private static List<String> serverArgs(List<String> db) {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--host", "127.0.0.1", "--http-instances", "2",
        "--bootstrap-admin.username", ADMIN, "--bootstrap-admin.password", ApiClient.PASSWORD,
        // Every claimer signs up from 127.0.0.1: lift the per-address sign-up throttle.
        "--throttle.sign-ups-per-address", "1000000"));
    args.addAll(db);
    return args;
  }

  private static List<String> reconcileArgs(List<String> db) {
    List<String> args = new ArrayList<>(List.of("reconcile"));
    args.addAll(db);
    return args;
  }

  /** A child JVM running {@code Main}, its standard output line by line, and the port it serves on. */
  private record Child(Process process, BlockingQueue<String> stdout, Path stderr, int port) {

    List<String> drain() {
      List<String> lines = new ArrayList<>();
      stdout.drainTo(lines);
      return lines;
    }

    String readStderr() {
      try {
        return Files.readString(stderr);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }
  }

  /** Starts {@code Main args} as MainProcessTest does; for a server, waits until it says it is ready. */
  private Child launch(String name, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
    Path stderr = dir.resolve(name + ".stderr");
    builder.redirectError(stderr.toFile());
    Process process = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process is gone
      }
    }, "stdout-of-" + name);
    reader.setDaemon(true);
    reader.start();
    if (args.getFirst().equals("reconcile")) {
      return new Child(process, lines, stderr, -1);
    }
    Child child = new Child(process, lines, stderr, -1);
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("the server did not say it was ready in time; stdout: " + seen + "; stderr: "
            + child.readStderr());
      }
      seen.add(line);
      Matcher ready = READY.matcher(line);
      if (ready.find()) {
        return new Child(process, lines, stderr, Integer.parseInt(ready.group(1)));
      }
    }
  }

  private static String format(long minor) {
    return String.format(Locale.ROOT, "%d.%02d", minor / 100, minor % 100);
  }
}
