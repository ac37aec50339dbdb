package dev.parley.bench.money;

import dev.parley.bench.driver.Api;
import dev.parley.bench.driver.CpuMeter;
import dev.parley.bench.driver.PostgresCpu;
import dev.parley.bench.driver.ServerProcess;
import dev.parley.bench.driver.Summary;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./parley bench money [--flag value ...]} (see {@link MoneyBenchOptions#usage()}): for each
 * database, a server process on it, {@code --wallets} users signed up and topped up with the TEST
 * card through the API, then payments between random pairs of them: closed-loop for the confirmed
 * transfers per second, open-loop at half that rate for the latency from the scheduled send time,
 * and the ledger's reconciliation at the end, which must be clean.
 */
public final class MoneyBench {

  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final String ADMIN = "moneyadmin";
  private static final String CARD = "4242 4242 4242 4242";
  private static final String TOP_UP = "1000.00";
  private static final int TOP_UP_CONCURRENCY = 32;
  private static final int DRAIN_SECONDS = 30;
  private static final long SETTLE_MILLIS = 2_000;

  private final MoneyBenchOptions options;
  private final Summary summary = new Summary();
  private final CpuMeter cpu = new CpuMeter();

  private MoneyBench(MoneyBenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    MoneyBenchOptions options;
    try {
      options = MoneyBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("bench money: " + e.getMessage());
      }
      System.err.print(MoneyBenchOptions.usage());
      System.exit(2);
      return;
    }
    System.exit(new MoneyBench(options).run() ? 0 : 1);
  }

  /** Runs every database; false when a reconciliation was not clean. */
  private boolean run() throws Exception {
    String loadBefore = CpuMeter.loadAverage();
    System.out.printf(Locale.ROOT, "Parley money benchmark (build %s)%n", options.revision());
    System.out.printf(Locale.ROOT, "machine: %d cores; load average (1, 5, 15 min) at the start: %s; driver on %s %s%n",
        CORES,
        loadBefore, System.getProperty("java.vm.name"), System.getProperty("java.version"));
    System.out.println("NOTE: the load generator runs on the same " + CORES + "-core machine as the server (and, for"
        + " PostgreSQL, as the database): every figure below includes that competition for CPU.");
    long t0 = System.nanoTime();
    boolean clean = true;
    for (String database : options.databases()) {
      if (database.equals("postgresql") && options.postgresUrl().isEmpty()) {
        System.out.println("== postgresql: SKIPPED, bench/money.sh could not create a database on 127.0.0.1:5432");
        summary.info("postgresql", "SKIPPED (PostgreSQL unreachable)");
        continue;
      }
      clean &= runOn(database);
    }
    String loadAfter = CpuMeter.loadAverage();
    summary.note(String.format(Locale.ROOT,
        "load average (1, 5, 15 min): %s at the start, %s at the end; %d cores shared by"
            + " the server, the database, the load generator and anything else running; total run time %.0f s",
        loadBefore,
        loadAfter, CORES, (System.nanoTime() - t0) / 1e9));
    summary.print();
    return clean;
  }

  private boolean runOn(String database) throws Exception {
    Path dataDir = Files.createDirectories(options.workDir().resolve("money-" + database + "-data"));
    Path config = options.workDir().resolve("money-config.json");
    Files.writeString(config, new JsonObject().put("bootstrapAdmin", new JsonObject().put("username", ADMIN)
        .put("password", Api.PASSWORD)).encodePrettily(), StandardCharsets.UTF_8);
    Path log = options.workDir().resolve("money-" + database + "-server.log");
    List<String> flags = new ArrayList<>(List.of("--config", config.toString()));
    if (database.equals("postgresql")) {
      flags.addAll(List.of("--database-url", options.postgresUrl()));
    }
    System.out.printf(Locale.ROOT, "%n== %s: server on %s ==%n", database, database.equals("h2")
        ? "the embedded H2 store (fresh data directory)"
        : options.postgresUrl() + " (a fresh database)");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
        .setInternalBlockingPoolSize(2).setBlockedThreadCheckInterval(10_000));
    try (ServerProcess server = ServerProcess.launch(options.server(), dataDir, log, flags.toArray(String[]::new));
        Api api = new Api(vertx, server.port(), "parley-bench-money")) {
      server.awaitReady(Duration.ofSeconds(120), 20);
      Api.Session admin = api.signIn(ADMIN, Api.PASSWORD).await(30, TimeUnit.SECONDS);
      List<Payments.Wallet> wallets = setUp(api);

      Payments payments = new Payments(vertx, ServerProcess.HOST, server.port(), Math.max(64, options.concurrency()),
          wallets);
      cpu.loopThread(payments.loopThread());
      int c = options.concurrency();
      if (options.warmupSeconds() > 0) {
        System.out.printf(Locale.ROOT, "   warm-up, closed-loop, %d in flight, %d s ...%n", c, options.warmupSeconds());
        Payments.Result w = payments.closed("w", c, options.warmupSeconds());
        System.out.printf(Locale.ROOT, "   warm-up: %,.0f confirmed/s, p50 %.2f ms, p99 %.2f ms; %s%n", w.throughput(),
            w.ms(50),
            w.ms(99), answers(w));
      }
      System.out.printf(Locale.ROOT, "   closed-loop, %d in flight, %d s measured ...%n", c, options.seconds());
      long closedCpu0 = server.cpuNanos();
      Payments.Result closed = phase(server, () -> payments.closed("c", c, options.seconds()));
      double closedServerCpuMs = (server.cpuNanos() - closedCpu0) / 1e6 / Math.max(1, closed.ok() + closed.notOk());
      int rate = Math.max(1, (int) (closed.throughput() / 2));
      System.out.printf(Locale.ROOT,
          "   open-loop at %,d/s (half the closed-loop figure): %d s lead-in, %d s measured ...%n",
          rate, options.leadInSeconds(), options.seconds());
      Payments.Result open = phase(server, () -> payments.open("o", rate, options.leadInSeconds(), options.seconds(),
          DRAIN_SECONDS));

      long[] totals = payments.totals();
      JsonObject report = api.call(HttpMethod.GET, "/api/admin/ledger/reconcile", admin, new JsonObject(), 200)
          .await(10, TimeUnit.MINUTES).bodyAsJsonObject();
      boolean ok = report.getBoolean("ok") && report.getJsonArray("differences").isEmpty();
      long expectedTransfers = wallets.size() + totals[0];
      boolean counted = report.getLong("transfers") == expectedTransfers;
      System.out.printf(Locale.ROOT,
          "   reconciliation: %s (%,d accounts, %,d transfers; %,d top-ups + %,d confirmed payments"
              + " = %,d%s)%n",
          ok ? "CLEAN" : "NOT CLEAN: " + report.getJsonArray("differences").encode(),
          report.getLong("accounts"), report.getLong("transfers"), wallets.size(), totals[0], expectedTransfers,
          counted
              ? ""
              : totals[1] > 0
                  ? "; " + totals[1] + " payments got no answer, so the count may differ"
                  : "; THE COUNT DIFFERS");

      String at = database + ": ";
      if (database.equals("postgresql")) {
        summary.atLeast(at + "confirmed transfers/s, closed-loop, " + c + " in flight", closed.throughput(),
            MoneyBenchOptions.THROUGHPUT_TARGET, "/s");
      } else {
        summary.info(at + "confirmed transfers/s, closed-loop, " + c + " in flight",
            String.format(Locale.ROOT, "%,.0f/s", closed.throughput()));
      }
      summary.info("  service time at " + c + " in flight, p50 / p99",
          String.format(Locale.ROOT, "%.2f / %.2f ms", closed.ms(50), closed.ms(99)));
      summary.info(String.format(Locale.ROOT, "  at %,d/s, from the scheduled send: p50 / p90 / p99 / max", rate),
          String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f ms", open.ms(50), open.ms(90), open.ms(99),
              open.maxMs()));
      summary.info("    achieved",
          String.format(Locale.ROOT, "%,.0f confirmed/s (%,d sent, %,d not 201, %,d unanswered)",
              open.throughput(), open.sent(), open.notOk(), open.failed()));
      summary.info(
          "  reconciliation after " + String.format(Locale.ROOT, "%,d", report.getLong("transfers")) + " transfers",
          ok && counted ? "CLEAN" : ok ? "clean, count differs" : "NOT CLEAN");
      summary.info("  server CPU per confirmed payment (closed-loop)", String.format(Locale.ROOT, "%.3f ms",
          closedServerCpuMs));
      if (database.equals("postgresql")) {
        server.close(); // pgbench gets the machine as the payments had it
        pgbenchBaseline(closed.throughput(), c);
      }
      return ok && (counted || totals[1] > 0);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** Signs up the wallets' owners and tops each wallet up with the TEST card; returns them with their sessions. */
  private List<Payments.Wallet> setUp(Api api) throws Exception {
    int n = options.wallets();
    System.out.printf(Locale.ROOT, "   set-up: %,d sign-ups, %d at a time (Argon2 on the server) ...%n", n,
        options.signupConcurrency());
    long t = System.nanoTime();
    List<Api.Session> users = api.signUpMany("mw", n, options.signupConcurrency());
    double signUps = (System.nanoTime() - t) / 1e9;
    t = System.nanoTime();
    Api.limited(n, TOP_UP_CONCURRENCY,
        i -> api.call(HttpMethod.POST, "/api/wallet/topups", users.get(i), new JsonObject()
            .put("currency", "EUR").put("amount", TOP_UP).put("card", CARD).put("idempotencyKey", "topup-" + i), 201));
    double topUps = (System.nanoTime() - t) / 1e9;
    System.out.printf(Locale.ROOT,
        "   set-up: %,d sign-ups in %.1f s (%.0f/s), %,d TEST-card top-ups of %s EUR in %.1f s (%.0f/s)%n",
        n, signUps, n / signUps, n, TOP_UP, topUps, n / topUps);
    List<Payments.Wallet> wallets = new ArrayList<>(n);
    for (Api.Session user : users) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/json");
      user.authenticate(headers);
      wallets.add(new Payments.Wallet(user.accountId(), headers));
    }
    return wallets;
  }

  /** pgbench -b tpcb-like on the same PostgreSQL, right after the payments: both figures and their ratio. */
  private void pgbenchBaseline(double payments, int clients) {
    if (options.pgbench().isEmpty() || options.pgbenchUrl().isEmpty()) {
      System.out.println("   pgbench: SKIPPED (bench/money.sh found no pgbench or could not create its database)");
      summary.info("postgresql: pgbench -b tpcb-like", "SKIPPED (no pgbench)");
      return;
    }
    PgBench pgbench = new PgBench(Path.of(options.pgbench()), options.pgbenchUrl(), options.pgbenchScale(), clients,
        options.seconds(), options.workDir().resolve("pgbench.log"));
    try {
      System.out.printf(Locale.ROOT, "%n== postgresql: the baseline, pgbench -b tpcb-like on the same server ==%n");
      System.out.printf(Locale.ROOT, "   pgbench -i -s %d ...%n", options.pgbenchScale());
      pgbench.initialise();
      Thread.sleep(SETTLE_MILLIS);
      long pg0 = PostgresCpu.nanos();
      CpuMeter.Reading r0 = cpu.read(null);
      PgBench.Result r = pgbench.measure();
      CpuMeter.Usage usage = CpuMeter.between(r0, cpu.read(null));
      long pg1 = PostgresCpu.nanos();
      System.out.printf(Locale.ROOT, "   %s: %,.0f transactions/s (%,d in %d s); PostgreSQL CPU per transaction"
          + " %.3f ms; CPU: %s; load average %s%n", r.command(), r.tps(), r.transactions(), options.seconds(),
          (pg1 - pg0) / 1e6 / Math.max(1, r.transactions()), usage.describe(CORES), CpuMeter.loadAverage());
      System.out.printf(Locale.ROOT, "   confirmed payments / pgbench tpcb-like transactions: %,.0f / %,.0f = %.2f%n",
          payments, r.tps(), payments / Math.max(1, r.tps()));
      summary.info("postgresql: pgbench -b tpcb-like, " + clients + " clients (same PostgreSQL, same run)",
          String.format(Locale.ROOT, "%,.0f tps", r.tps()));
      summary.info("  ratio: confirmed payments/s / pgbench tpcb-like tps",
          String.format(Locale.ROOT, "%.2f", payments / Math.max(1, r.tps())));
    } catch (java.io.IOException | InterruptedException e) {
      System.out.println("   pgbench: FAILED: " + e.getMessage());
      summary.info("postgresql: pgbench -b tpcb-like", "FAILED: " + e.getMessage());
    }
  }

  private interface Run {
    Payments.Result run() throws Exception;
  }

  private Payments.Result phase(ServerProcess server, Run run) throws Exception {
    Thread.sleep(SETTLE_MILLIS); // what the previous phase left in the server ends
    long s0 = server.cpuNanos();
    long pg0 = PostgresCpu.nanos();
    CpuMeter.Reading r0 = cpu.read(server);
    Payments.Result result = run.run();
    CpuMeter.Reading r1 = cpu.read(server);
    long s1 = server.cpuNanos();
    long pg1 = PostgresCpu.nanos();
    CpuMeter.Usage usage = CpuMeter.between(r0, r1);
    System.out.printf(Locale.ROOT, "   %,.0f confirmed/s; latency%s p50 %.2f / p90 %.2f / p99 %.2f / max %.2f ms; %s%n",
        result.throughput(), result.mode().startsWith("open") ? " from the scheduled send" : "", result.ms(50),
        result.ms(90),
        result.ms(99), result.maxMs(), answers(result));
    System.out.printf(Locale.ROOT, "   CPU: %s; server CPU per payment %.3f ms; load average %s%n",
        usage.describe(CORES),
        (s1 - s0) / 1e6 / Math.max(1, result.ok() + result.notOk()), CpuMeter.loadAverage());
    if (pg1 > pg0) {
      System.out.printf(Locale.ROOT,
          "   of the other processes' CPU, PostgreSQL's processes used %.0f%% (%.3f ms per payment)%n",
          100.0 * (pg1 - pg0) / Math.max(1, r1.wallNanos() - r0.wallNanos()),
          (pg1 - pg0) / 1e6 / Math.max(1, result.ok() + result.notOk()));
    }
    return result;
  }

  private static String answers(Payments.Result r) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d confirmed", r.ok()));
    if (r.notOk() > 0) {
      b.append(String.format(Locale.ROOT, ", %,d not 201 %s", r.notOk(), r.statuses()));
    }
    if (r.failed() > 0) {
      b.append(String.format(Locale.ROOT, ", %,d without an answer", r.failed()));
    }
    if (r.mode().startsWith("open")) {
      b.append(String.format(Locale.ROOT, "; sends at most %.1f ms late", r.maxSendLagMicros() / 1000.0));
    }
    return b.toString();
  }
}
