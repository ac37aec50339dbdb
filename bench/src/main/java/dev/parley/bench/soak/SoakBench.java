package dev.parley.bench.soak;

import dev.parley.bench.driver.Api;
import dev.parley.bench.driver.CpuMeter;
import dev.parley.bench.driver.ServerProcess;
import dev.parley.bench.driver.Summary;
import dev.parley.bench.soak.SoakLoad.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * {@code ./parley bench soak [--flag value ...]} (see {@link SoakOptions#usage()}): a server process
 * on the embedded H2 store under waves of mixed load ({@link SoakLoad}), with slow readers (live
 * WebSockets paused after their {@code resume}: they never read, so the server must cut them off)
 * and a hostile app's commands among the calls. Every {@code --sample-seconds} it prints the
 * server's heap in use, RSS, threads, CPU and each kind's p99; after each wave's rest, whether RSS
 * and the heap came back to the plateau measured after the first wave's rest.
 */
public final class SoakBench {

  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final long MIB = 1024 * 1024;
  /** Back on the plateau: RSS at most this much above it (and 10%), after the rest. */
  private static final long RSS_SLACK = 64 * MIB;

  private final SoakOptions options;
  private final Summary summary = new Summary();
  private final CpuMeter cpu = new CpuMeter();
  private final LongAdder slowClosed = new LongAdder();
  private final Map<Integer, LongAdder> slowCloseCodes = new ConcurrentHashMap<>();
  private final AtomicInteger slowOpen = new AtomicInteger();
  private final AtomicInteger readersOpen = new AtomicInteger();

  private SoakBench(SoakOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    SoakOptions options;
    try {
      options = SoakOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("bench soak: " + e.getMessage());
      }
      System.err.print(SoakOptions.usage());
      System.exit(2);
      return;
    }
    System.exit(new SoakBench(options).run() ? 0 : 1);
  }

  /** A look at the server between two instants. */
  private record Sample(long rss, long heap, int threads, double serverPct) {
  }

  private boolean run() throws Exception {
    String loadBefore = CpuMeter.loadAverage();
    System.out.printf(Locale.ROOT, "Parley soak (build %s)%n", options.revision());
    System.out.printf(Locale.ROOT, "machine: %d cores; load average (1, 5, 15 min) at the start: %s; driver on %s %s%n",
        CORES, loadBefore, System.getProperty("java.vm.name"), System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "waves: %d x (%d s of load + %d s of rest); per second in a wave: %d chat messages,"
        + " %d /ping, %d payments, %d uploads of %d KiB, %d of each hostile command; %d slow readers x 2 sockets%n",
        options.waves(), options.waveSeconds(), options.restSeconds(), options.chatRate(), options.commandRate(),
        options.paymentRate(), options.uploadRate(), options.uploadKib(), options.hostileRate(),
        options.slowReaders());
    long t0 = System.nanoTime();
    Path dataDir = Files.createDirectories(options.workDir().resolve("soak-data"));
    Path config = options.workDir().resolve("soak-config.json");
    Files.writeString(config, SoakSetup.config().encodePrettily(), StandardCharsets.UTF_8);
    Path log = options.workDir().resolve("soak-server.log");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
        .setBlockedThreadCheckInterval(10_000));
    boolean ok = true;
    try (ServerProcess server = ServerProcess.launch(options.server(), dataDir, log, "--config", config.toString());
        Api api = new Api(vertx, server.port(), "parley-bench-soak")) {
      server.awaitReady(Duration.ofSeconds(120), 20);
      System.out.println("== set-up: apps published and approved, group formed, wallets topped up ...");
      SoakSetup.Ready ready = SoakSetup.run(api, options.users(), options.slowReaders());
      WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000));
      AtomicInteger retries = new AtomicInteger();
      for (Api.Session user : ready.users()) {
        openReader(api, sockets, user, ready.conversationId(), retries);
      }
      SoakLoad load = new SoakLoad(vertx, server.port(), ready, options);
      System.out.printf(Locale.ROOT, "   done; %d active users reading their live socket, %d slow readers%n",
          readersOpen.get(), ready.slowReaders().size());
      System.out.println();
      System.out.println("  time  phase     heap MiB  RSS MiB  threads  server CPU  slow open/cut  "
          + "p99 ms: chat  /ping  pay  upload  hostile   answers (this sample)");
      Sample idle = sample(server, "idle", 0, load, t0);
      List<String[]> rows = new ArrayList<>();
      Sample plateau = null;
      for (int wave = 1; wave <= options.waves(); wave++) {
        int reopened = reopenSlowReaders(api, sockets, ready, retries);
        long cutBefore = slowClosed.sum();
        Map<Kind, Map<Integer, Long>> before = statuses(load);
        load.start();
        Sample peak = run(server, "wave " + wave, options.waveSeconds(), load, t0);
        load.stop();
        Sample rest = run(server, "rest " + wave, options.restSeconds(), load, t0);
        if (plateau == null) {
          plateau = rest;
        }
        boolean back = rest.rss() <= plateau.rss() * 1.10 + RSS_SLACK
            && rest.heap() <= plateau.heap() * 1.5 + RSS_SLACK;
        ok &= back;
        Map<Kind, Map<Integer, Long>> after = statuses(load);
        rows.add(new String[] {Integer.toString(wave), mib(peak.rss()), mib(rest.rss()), mib(rest.heap()),
            Integer.toString(rest.threads()), reopened + " / " + (slowClosed.sum() - cutBefore),
            wave == 1 ? "(the plateau)" : back ? "yes" : "NO", delta(before, after)});
      }
      System.out.println();
      summary.info("idle after set-up: RSS / heap / threads",
          String.format(Locale.ROOT, "%s / %s MiB / %d", mib(idle.rss()), mib(idle.heap()), idle.threads()));
      for (String[] r : rows) {
        summary.info("wave " + r[0] + ": RSS at its end / after the rest; heap, threads after the rest",
            r[1] + " / " + r[2] + " MiB; " + r[3] + " MiB, " + r[4]);
        summary.info("  slow readers reopened / cut off by the server; back on the plateau", r[5] + "; " + r[6]);
        summary.info("  answers", r[7]);
      }
      summary.info("slow readers' close codes (all waves)", slowCloseCodes.toString());
      summary.info("server ready at the end (GET /health/ready)", readiness(api, ready.users().get(0)));
      summary.info("server log: WARN / ERROR lines", logProblems(log));
      load.close();
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    summary.note(String.format(Locale.ROOT, "back on the plateau = after the rest, RSS <= 110%% of the plateau + %d MiB"
        + " and heap in use <= 150%% of it + %d MiB; the plateau is what the first wave's rest left",
        RSS_SLACK / MIB, RSS_SLACK / MIB));
    summary.note(String.format(Locale.ROOT, "load average (1, 5, 15 min): %s at the start, %s at the end; %d cores"
        + " shared by the server, this driver and anything else running; total run time %.0f s", loadBefore,
        CpuMeter.loadAverage(), CORES, (System.nanoTime() - t0) / 1e9));
    summary.print();
    return ok;
  }

  /** Runs one phase, printing a sample every --sample-seconds; answers the last sample (and the highest RSS). */
  private Sample run(ServerProcess server, String phase, int seconds, SoakLoad load, long t0)
      throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Sample last = null;
    long peakRss = 0;
    while (System.nanoTime() < end) {
      long next = Math.min(end, System.nanoTime() + options.sampleSeconds() * 1_000_000_000L);
      TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
      last = sample(server, phase, options.sampleSeconds(), load, t0);
      peakRss = Math.max(peakRss, last.rss());
    }
    if (last == null) {
      last = sample(server, phase, 0, load, t0);
    }
    return phase.startsWith("wave") ? new Sample(peakRss, last.heap(), last.threads(), last.serverPct()) : last;
  }

  private CpuMeter.Reading lastReading;

  private Sample sample(ServerProcess server, String phase, int seconds, SoakLoad load, long t0) throws Exception {
    CpuMeter.Reading now = cpu.read(server);
    double serverPct = lastReading == null ? 0 : CpuMeter.between(lastReading, now).serverPct();
    lastReading = now;
    long heap;
    try {
      heap = server.heapUsed();
    } catch (java.io.IOException e) {
      heap = -1;
    }
    Sample s = new Sample(server.rssBytes(), heap, server.threads(), serverPct);
    Map<Kind, Histogram> h = new EnumMap<>(Kind.class);
    StringBuilder answers = new StringBuilder();
    for (Kind k : Kind.values()) {
      Histogram hist = load.stats(k).latency.getIntervalHistogram();
      h.put(k, hist);
      if (hist.getTotalCount() > 0) {
        answers.append(k.name().toLowerCase(Locale.ROOT)).append(' ').append(hist.getTotalCount()).append(' ');
      }
    }
    System.out.printf(Locale.ROOT, "%6.0f  %-8s  %8s  %7s  %7d  %9.0f%%  %6d / %-6d %11s %6s %4s %7s %8s   %s%n",
        (System.nanoTime() - t0) / 1e9, phase, mib(s.heap()), mib(s.rss()), s.threads(), serverPct, slowOpen.get(),
        slowClosed.sum(), SoakLoad.p99(h.get(Kind.CHAT)), SoakLoad.p99(h.get(Kind.COMMAND)),
        SoakLoad.p99(h.get(Kind.PAYMENT)), SoakLoad.p99(h.get(Kind.UPLOAD)), SoakLoad.p99(h.get(Kind.HOSTILE)),
        answers.toString().trim());
    return s;
  }

  /** An active user's live socket, read and thrown away (a normal reader). */
  private void openReader(Api api, WebSocketClient client, Api.Session user, String conversation,
      AtomicInteger retries) {
    WebSocket ws = api.openLive(client, user, retries, 0).await();
    ws.handler(b -> {});
    ws.writeTextMessage(new JsonObject().put("type", "resume").put("cursors", new JsonObject()).encode());
    readersOpen.incrementAndGet();
    ws.closeHandler(v -> readersOpen.decrementAndGet());
  }

  /** Opens the slow readers' sockets that are not open (two per reader): resume from seq 0, then never read. */
  private int reopenSlowReaders(Api api, WebSocketClient client, SoakSetup.Ready ready, AtomicInteger retries) {
    int want = ready.slowReaders().size() * 2;
    int opened = 0;
    List<Future<WebSocket>> all = new ArrayList<>();
    for (int i = slowOpen.get(); i < want; i++) {
      Api.Session reader = ready.slowReaders().get(i % ready.slowReaders().size());
      all.add(api.openLive(client, reader, retries, 0).onSuccess(ws -> {
        slowOpen.incrementAndGet();
        ws.closeHandler(v -> {
          slowOpen.decrementAndGet();
          slowClosed.increment();
          Short code = ws.closeStatusCode();
          slowCloseCodes.computeIfAbsent(code == null ? -1 : (int) code, x -> new LongAdder()).increment();
        });
        ws.writeTextMessage(new JsonObject().put("type", "resume").put("cursors",
            new JsonObject().put(ready.conversationId(), 0)).encode());
        ws.pause(); // never read again: the server's writes pile up until it cuts the socket off
      }));
      opened++;
    }
    Future.join(all).transform(ar -> Future.succeededFuture()).await();
    return opened;
  }

  private static Map<Kind, Map<Integer, Long>> statuses(SoakLoad load) {
    Map<Kind, Map<Integer, Long>> out = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      Map<Integer, Long> m = new java.util.TreeMap<>();
      load.stats(k).statuses.forEach((s, n) -> m.put(s, n.sum()));
      m.put(0, load.stats(k).failed.get() + load.stats(k).skipped.sum());
      out.put(k, m);
    }
    return out;
  }

  /** Per kind: answers by status during the wave; 0 = no answer or skipped (too many in flight). */
  private static String delta(Map<Kind, Map<Integer, Long>> a, Map<Kind, Map<Integer, Long>> b) {
    StringBuilder sb = new StringBuilder();
    for (Kind k : Kind.values()) {
      Map<Integer, Long> m = new java.util.TreeMap<>();
      b.get(k).forEach((s, n) -> {
        long d = n - a.get(k).getOrDefault(s, 0L);
        if (d != 0) {
          m.put(s, d);
        }
      });
      sb.append(sb.isEmpty() ? "" : "; ").append(k.label).append(' ').append(m);
    }
    return sb.toString();
  }

  private static String readiness(Api api, Api.Session someone) {
    try {
      return Integer.toString(api.call(io.vertx.core.http.HttpMethod.GET, "/health/ready",
          someone, new JsonObject(), 200).await(10, TimeUnit.SECONDS).statusCode());
    } catch (Exception e) {
      return "NOT READY: " + e.getMessage();
    }
  }

  private static String logProblems(Path log) {
    try (var lines = Files.lines(log)) {
      long[] n = new long[2];
      lines.forEach(l -> {
        if (l.contains(" WARN ")) {
          n[0]++;
        } else if (l.contains(" ERROR ")) {
          n[1]++;
        }
      });
      return n[0] + " / " + n[1] + " (" + log + ")";
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "?" : Long.toString(bytes / MIB);
  }
}
