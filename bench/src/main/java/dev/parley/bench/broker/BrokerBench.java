package dev.parley.bench.broker;

import dev.parley.bench.driver.Api;
import dev.parley.bench.driver.CpuMeter;
import dev.parley.bench.driver.ServerProcess;
import dev.parley.bench.driver.Summary;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./parley bench broker [--flag value ...]} (see {@link BrokerBenchOptions#usage()}): brokered
 * slash-command calls against {@code GET /health/live} on the same server in the same run,
 * closed-loop (the most each can do) and open-loop at a fixed rate (latency from the scheduled
 * send time), with the hit ratio of the broker's caches read from the server's {@code /metrics}.
 */
public final class BrokerBench {

  /** The caches a brokered call reads: listings, installations, consent decisions, loaded code. */
  static final List<String> BROKER_CACHES = List.of("registry_apps", "installations", "consents", "registry_code");
  private static final Pattern CACHE_GETS = Pattern.compile("^cache_gets_total\\{.*\\}$");
  private static final Pattern CACHE = Pattern.compile("[{,]cache=\"([^\"]+)\"");
  private static final Pattern RESULT = Pattern.compile("[{,]result=\"([^\"]+)\"");
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final int DRAIN_SECONDS = 30;
  private static final long SETTLE_MILLIS = 2_000;
  private static final int EXTRA_WARMUP_SECONDS = 5;
  private static final int EXTRA_WARMUP_ROUNDS = 4;

  private final BrokerBenchOptions options;
  private final Summary summary = new Summary();
  private final CpuMeter cpu = new CpuMeter();
  private final List<Load.Result> brokeredResults = new ArrayList<>();

  /** A measured phase: what the driver saw, the machine's CPU, the server's metrics and threads. */
  private record Phase(Load.Result load, CpuMeter.Usage cpu, double serverCpuMillis, Map<String, long[]> caches,
      String threads, String loadAverage) {
    double serverCpuPerCallMillis() {
      return serverCpuMillis / Math.max(1, load.ok() + load.notOk());
    }
  }

  private BrokerBench(BrokerBenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    BrokerBenchOptions options;
    try {
      options = BrokerBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("bench broker: " + e.getMessage());
      }
      System.err.print(BrokerBenchOptions.usage());
      System.exit(2);
      return;
    }
    new BrokerBench(options).run();
  }

  private void run() throws Exception {
    String loadBefore = CpuMeter.loadAverage();
    System.out.printf(Locale.ROOT, "Parley broker benchmark (build %s)%n", options.revision());
    System.out.printf(Locale.ROOT, "machine: %d cores; load average (1, 5, 15 min) at the start: %s; driver on %s %s%n",
        CORES,
        loadBefore, System.getProperty("java.vm.name"), System.getProperty("java.version"));
    System.out
        .println("NOTE: the load generator runs on the same " + CORES + "-core machine as the server: every figure"
            + " below includes that competition for CPU.");
    long t0 = System.nanoTime();
    Path dataDir = Files.createDirectories(options.workDir().resolve("broker-data"));
    Path config = options.workDir().resolve("broker-config.json");
    Files.writeString(config, BrokerSetup.config(options.brokerRate()).encodePrettily(), StandardCharsets.UTF_8);
    Path log = options.workDir().resolve("broker-server.log");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
        .setInternalBlockingPoolSize(2).setBlockedThreadCheckInterval(10_000));
    try (ServerProcess server = ServerProcess.launch(options.server(), dataDir, log, "--config", config.toString());
        Api api = new Api(vertx, server.port(), "parley-bench-broker")) {
      server.awaitReady(Duration.ofSeconds(120), 20);
      System.out.printf(Locale.ROOT,
          "== set-up: bootstrap admin, developer with an API token, app '%s' approved, a group of %d,"
              + " installed, each consented (broker limits %,d calls/s) ...%n",
          BrokerSetup.APP_ID, options.users(),
          options.brokerRate());
      BrokerSetup.Ready ready = BrokerSetup.run(api, options.users());
      Load.Target brokered = brokered(ready);
      Load.Target plain = new Load.Target("plain", HttpMethod.GET, "/health/live",
          List.of(MultiMap.caseInsensitiveMultiMap()),
          Buffer.buffer(), (status, body) -> status == 200);
      Load load = new Load(vertx, ServerProcess.HOST, server.port(), Math.max(64, options.concurrency()));
      cpu.loopThread(load.loopThread());
      measure(server, api, load, brokered, plain);
      report(server, log);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    summary.note(String.format(Locale.ROOT,
        "load average (1, 5, 15 min): %s at the start, %s at the end; %d cores shared by"
            + " the server, the load generator and anything else running; total run time %.0f s",
        loadBefore,
        CpuMeter.loadAverage(), CORES, (System.nanoTime() - t0) / 1e9));
    summary.print();
  }

  private Load.Target brokered(BrokerSetup.Ready ready) {
    List<MultiMap> callers = new ArrayList<>();
    for (Api.Session user : ready.users()) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/json");
      user.authenticate(headers);
      callers.add(headers);
    }
    Buffer body = new JsonObject().put("text", BrokerSetup.COMMAND).toBuffer();
    Buffer done = Buffer.buffer("\"status\":\"done\"");
    return new Load.Target("brokered", HttpMethod.POST, "/api/conversations/" + ready.conversationId() + "/commands",
        callers,
        body, (status, answer) -> status == 200 && answer.toString(StandardCharsets.UTF_8).contains(done.toString()));
  }

  private Phase brokeredClosed;
  private Phase plainClosed;
  private Phase brokeredOpen;
  private Phase plainOpen;
  private Phase brokeredSustained;

  private void measure(ServerProcess server, Api api, Load load, Load.Target brokered, Load.Target plain)
      throws Exception {
    int c = options.concurrency();
    int s = options.seconds();
    int w = options.warmupSeconds();
    brokeredClosed = closed(server, api, load, brokered, c, w, s);
    plainClosed = closed(server, api, load, plain, c, w, s);
    brokeredOpen = open(server, api, load, brokered, options.rate());
    plainOpen = open(server, api, load, plain, options.rate());
    double max = Math.max(brokeredClosed.load().throughput(), brokeredOpen.load().throughput());
    if (brokeredOpen.load().throughput() < 0.95 * options.rate()) {
      // The rate is beyond what the server can do: also measure at a rate it can sustain.
      int sustained = Math.max(50, (int) (0.7 * max / 50) * 50);
      System.out.printf(Locale.ROOT,
          "   %,d/s is above the brokered maximum (%.0f/s, the higher of the closed-loop and the"
              + " open-loop figure): also at %,d/s (70%% of it)%n",
          options.rate(), max, sustained);
      brokeredSustained = open(server, api, load, brokered, sustained);
    }
  }

  private Phase closed(ServerProcess server, Api api, Load load, Load.Target target, int inFlight, int warmup,
      int seconds)
      throws Exception {
    if (warmup > 0) {
      System.out.printf(Locale.ROOT, "== %s, closed-loop, %d in flight: %d s warm-up ...%n", target.name(), inFlight,
          warmup);
      double jit0 = jitMillis(api);
      Load.Result w = load.closed(target, inFlight, warmup);
      keep(w);
      double jit = jitMillis(api) - jit0;
      System.out.printf(Locale.ROOT, "   warm-up: %.0f calls/s, p50 %.2f ms, p99 %.2f ms; %s; server JIT %.1f s%n",
          w.throughput(),
          w.ms(50), w.ms(99), answers(w), jit / 1000);
      // The server's JIT (C1/C2 and Graal for Truffle) may still be busy: 5 s more at a time while it
      // compiles for over 10% of the round, at most EXTRA_WARMUP_ROUNDS times.
      for (int round = 0; round < EXTRA_WARMUP_ROUNDS && jit > 0; round++) {
        jit0 = jitMillis(api);
        w = load.closed(target, inFlight, EXTRA_WARMUP_SECONDS);
        keep(w);
        jit = jitMillis(api) - jit0;
        System.out.printf(Locale.ROOT, "   warm-up +%d s: %.0f calls/s, p50 %.2f ms; server JIT %.1f s%n",
            EXTRA_WARMUP_SECONDS,
            w.throughput(), w.ms(50), jit / 1000);
        if (jit < EXTRA_WARMUP_SECONDS * 100) {
          break;
        }
      }
    }
    System.out.printf(Locale.ROOT, "== %s, closed-loop, %d in flight: %d s measured ...%n", target.name(), inFlight,
        seconds);
    return phase(server, api, () -> load.closed(target, inFlight, seconds));
  }

  private Phase open(ServerProcess server, Api api, Load load, Load.Target target, int rate) throws Exception {
    System.out.printf(Locale.ROOT, "== %s, open-loop at %,d calls/s: %d s lead-in, %d s measured ...%n", target.name(),
        rate,
        options.leadInSeconds(), options.seconds());
    return phase(server, api, () -> load.open(target, rate, options.leadInSeconds(), options.seconds(), DRAIN_SECONDS));
  }

  private interface Run {
    Load.Result run() throws Exception;
  }

  private Phase phase(ServerProcess server, Api api, Run run) throws Exception {
    Thread.sleep(SETTLE_MILLIS); // what the previous phase left in the server (at most a connection pool's worth) ends
    Map<String, Double> m0 = api.metrics().await(30, TimeUnit.SECONDS);
    Map<String, Long> t0 = server.threadCpuNanos();
    long s0 = server.cpuNanos();
    CpuMeter.Reading r0 = cpu.read(server);
    Load.Result result = run.run();
    CpuMeter.Reading r1 = cpu.read(server);
    long s1 = server.cpuNanos();
    Map<String, Long> t1 = server.threadCpuNanos();
    Map<String, Double> m1 = api.metrics().await(30, TimeUnit.SECONDS);
    keep(result);
    CpuMeter.Usage usage = CpuMeter.between(r0, r1);
    Phase p = new Phase(result, usage, (s1 - s0) / 1e6, caches(m0, m1),
        ServerProcess.cpuShares(t0, t1, r1.wallNanos() - r0.wallNanos()), CpuMeter.loadAverage());
    System.out.printf(Locale.ROOT, "   %.0f calls/s; latency%s p50 %.2f / p90 %.2f / p99 %.2f / max %.2f ms; %s%n",
        result.throughput(), result.mode().startsWith("open") ? " from the scheduled send" : "", result.ms(50),
        result.ms(90),
        result.ms(99), result.maxMs(), answers(result));
    System.out.printf(Locale.ROOT, "   CPU: %s; server CPU per call %.3f ms; load average %s%n", usage.describe(CORES),
        p.serverCpuPerCallMillis(), p.loadAverage());
    System.out.printf(Locale.ROOT, "   server threads: %s%n", p.threads());
    if (result.target().equals("brokered")) {
      System.out.printf(Locale.ROOT, "   caches, hits/misses: %s%n", describe(p.caches()));
    }
    return p;
  }

  /** The server's JIT compilation time so far (all compilers), in ms. */
  private static double jitMillis(Api api) throws Exception {
    double sum = 0;
    for (Map.Entry<String, Double> e : api.metrics().await(30, TimeUnit.SECONDS).entrySet()) {
      if (e.getKey().startsWith("jvm_compilation_time_ms_total")) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  private void keep(Load.Result r) {
    if (r.target().equals("brokered")) {
      brokeredResults.add(r);
    }
  }

  private static String answers(Load.Result r) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d ok", r.ok()));
    if (r.notOk() > 0) {
      b.append(String.format(Locale.ROOT, ", %,d not ok %s", r.notOk(), r.statuses()));
    }
    if (r.failed() > 0) {
      b.append(String.format(Locale.ROOT, ", %,d without an answer", r.failed()));
    }
    if (r.mode().startsWith("open")) {
      b.append(String.format(Locale.ROOT, "; sends at most %.1f ms late", r.maxSendLagMicros() / 1000.0));
    }
    return b.toString();
  }

  /** Hits and misses per cache between two scrapes: cache name to {hits, misses}. */
  static Map<String, long[]> caches(Map<String, Double> before, Map<String, Double> after) {
    Map<String, long[]> out = new TreeMap<>();
    for (Map.Entry<String, Double> e : after.entrySet()) {
      if (!CACHE_GETS.matcher(e.getKey()).matches()) {
        continue;
      }
      Matcher cache = CACHE.matcher(e.getKey());
      Matcher result = RESULT.matcher(e.getKey());
      if (!cache.find() || !result.find()) {
        continue;
      }
      long delta = Math.round(e.getValue() - before.getOrDefault(e.getKey(), 0.0));
      long[] hm = out.computeIfAbsent(cache.group(1), k -> new long[2]);
      if (result.group(1).equals("hit")) {
        hm[0] += delta;
      } else if (result.group(1).equals("miss")) {
        hm[1] += delta;
      }
    }
    return out;
  }

  /** Hits in % of gets over {@code names}, NaN without any get. */
  static double hitPct(Map<String, long[]> caches, List<String> names) {
    long hits = 0;
    long gets = 0;
    for (String n : names) {
      long[] hm = caches.get(n);
      if (hm != null) {
        hits += hm[0];
        gets += hm[0] + hm[1];
      }
    }
    return gets == 0 ? Double.NaN : 100.0 * hits / gets;
  }

  static String describe(Map<String, long[]> caches) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, long[]> e : caches.entrySet()) {
      long[] hm = e.getValue();
      if (hm[0] + hm[1] == 0) {
        continue;
      }
      b.append(b.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %,d/%,d", e.getKey(), hm[0], hm[1]));
    }
    return b.isEmpty() ? "no cache gets recorded" : b.toString();
  }

  private void report(ServerProcess server, Path log) throws Exception {
    int rate = options.rate();
    Load.Result bc = brokeredClosed.load();
    Load.Result pc = plainClosed.load();
    String inFlight = options.concurrency() + " in flight";
    summary.atLeast("throughput brokered / plain (closed-loop, " + inFlight + ")", bc.throughput() / pc.throughput(),
        BrokerBenchOptions.RATIO_TARGET, "x");
    summary.info("  brokered /ping: calls/s, service time p50 / p99",
        String.format(Locale.ROOT, "%,.0f/s, %.2f / %.2f ms",
            bc.throughput(), bc.ms(50), bc.ms(99)));
    summary.info("  plain GET /health/live: calls/s, p50 / p99", String.format(Locale.ROOT, "%,.0f/s, %.2f / %.2f ms",
        pc.throughput(), pc.ms(50), pc.ms(99)));
    summary.info("  server CPU per call: brokered / plain", String.format(Locale.ROOT, "%.3f / %.3f ms",
        brokeredClosed.serverCpuPerCallMillis(), plainClosed.serverCpuPerCallMillis()));

    Load.Result bo = brokeredOpen.load();
    summary.atMost(String.format(Locale.ROOT, "brokered p99 at %,d/s (from scheduled send)", rate), bo.ms(99),
        BrokerBenchOptions.P99_TARGET_MS, "ms");
    summary.info("  p50 / p90 / p99 / max", percentiles(bo));
    summary.info("  achieved", achieved(bo));
    summary.info("  CPU during it", brokeredOpen.cpu().describe(CORES));
    summary.atLeast(String.format(Locale.ROOT, "cache hit ratio at %,d/s (%s)", rate, String.join(", ", BROKER_CACHES)),
        hitPct(brokeredOpen.caches(), BROKER_CACHES), BrokerBenchOptions.HIT_TARGET_PCT, "%");
    summary.info("  per cache, hits/misses", describe(brokeredOpen.caches()));
    if (brokeredSustained != null) {
      Load.Result bs = brokeredSustained.load();
      String at = bs.mode().substring("open-loop ".length());
      summary.info("brokered at " + at + " (70% of its maximum): p50 / p90 / p99 / max", percentiles(bs));
      summary.info("  achieved", achieved(bs));
    }
    Load.Result po = plainOpen.load();
    summary.info(String.format(Locale.ROOT, "plain at %,d/s: p50 / p90 / p99 / max", rate), percentiles(po));
    summary.info("  achieved", achieved(po));

    long limited = 0;
    long pending = 0;
    Map<Integer, Long> other = new TreeMap<>();
    for (Load.Result r : brokeredResults) {
      limited += r.status(429);
      pending += r.status(202);
      r.statuses().forEach((status, n) -> {
        if (status != 200 && status != 202 && status != 429) {
          other.merge(status, n, Long::sum);
        }
      });
    }
    summary.info("brokered answers 429 / 202 pending / other errors (all phases)",
        String.format(Locale.ROOT, "%,d / %,d / %s", limited, pending, other.isEmpty() ? "none" : other.toString()));
    summary.info("server log: warnings / errors", logProblems(server, log));
  }

  private static String percentiles(Load.Result r) {
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f ms", r.ms(50), r.ms(90), r.ms(99), r.maxMs());
  }

  private static String achieved(Load.Result r) {
    return String.format(Locale.ROOT,
        "%,.0f ok/s (%,d sent, %,d ok, %,d not ok, %,d unanswered; sends at most %.1f ms late)",
        r.throughput(), r.sent(), r.ok(), r.notOk(), r.failed(), r.maxSendLagMicros() / 1000.0);
  }

  /** Counts the server's WARN and ERROR lines and names the most frequent kinds. */
  private static String logProblems(ServerProcess server, Path log) throws Exception {
    Map<String, Integer> kinds = new LinkedHashMap<>();
    int warn = 0;
    int error = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      boolean w = line.contains(" WARN ") || line.contains("level=WARN");
      boolean e = line.contains(" ERROR ") || line.contains("level=ERROR");
      if (!w && !e) {
        continue;
      }
      if (w) {
        warn++;
      } else {
        error++;
      }
      String kind = line.replaceAll("^\\S+\\s+\\S+\\s+", "").replaceAll("[0-9a-f]{8,}|\\d+", "#");
      kinds.merge(kind.length() > 140 ? kind.substring(0, 140) : kind, 1, Integer::sum);
    }
    if (!kinds.isEmpty()) {
      System.out.println("   server log, warnings and errors by kind:");
      kinds.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
          .forEach(k -> System.out.printf(Locale.ROOT, "     %5d x %s%n", k.getValue(), k.getKey()));
    }
    return String.format(Locale.ROOT, "%d / %d", warn, error);
  }
}
