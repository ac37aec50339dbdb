package dev.parley.bench.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Start to ready on the embedded defaults: from launching the server process to the first 200 of
 * {@code /health/ready}, polled every 2 ms. The first run opens an empty data directory (so it
 * includes creating the H2 database and applying the migrations); later runs reopen it.
 */
final class StartupBench {

  static final double TARGET_SECONDS = 1.5;
  private static final long POLL_MILLIS = 2;

  private final ChatBenchOptions options;
  private final Summary summary;

  StartupBench(ChatBenchOptions options, Summary summary) {
    this.options = options;
    this.summary = summary;
  }

  void run() throws Exception {
    System.out.println();
    System.out.println("== Start to ready (embedded H2 defaults, fresh data directory, " + options.startupRuns() + " runs) ==");
    System.out.println("   measured from launching the server process (./parley's start(), no build) to the first 200 of"
        + " GET /health/ready (database and mini-app runtime up), polled every " + POLL_MILLIS + " ms; the OS page cache is"
        + " warm after the build.");
    Path dataDir = Files.createTempDirectory(options.workDir(), "startup-data-");
    List<Double> readyLater = new ArrayList<>();
    List<Double> bannerLater = new ArrayList<>();
    List<Double> liveLater = new ArrayList<>();
    double liveFirst = Double.NaN;
    double readyFirst = Double.NaN;
    double bannerFirst = Double.NaN;
    CpuMeter cpu = new CpuMeter();
    int cores = Runtime.getRuntime().availableProcessors();
    double busiest = 0;
    for (int run = 1; run <= options.startupRuns(); run++) {
      Path log = options.workDir().resolve("startup-" + run + ".log");
      double ready;
      double live;
      double serverCpu;
      CpuMeter.Usage usage;
      Optional<Double> banner;
      cpu.awaitQuiet(null, Duration.ofSeconds(20), 25);
      CpuMeter.Reading r0 = cpu.read(null);
      try (ServerProcess server = ServerProcess.launch(options, dataDir, log)) {
        ServerProcess.Readiness r = server.awaitReady(Duration.ofSeconds(60), POLL_MILLIS);
        ready = r.readyNanos() / 1e9;
        live = r.liveNanos() / 1e9;
        serverCpu = server.cpuNanos() / 1e9;
        usage = CpuMeter.between(r0, cpu.read(null));
        banner = server.bannerStartedIn(Duration.ofSeconds(10));
      }
      // Whatever else ran meanwhile: all busy CPU minus the server's and this driver's.
      double others = Math.max(0, (100 - usage.idlePct()) * cores - serverCpu * 100 / ready - usage.driverPct());
      String what = run == 1 ? "empty data dir: creates the database, runs migrations" : "existing data dir";
      System.out.printf(Locale.ROOT, "   run %d: ready after %.3f s (serving HTTP after %.3f s); banner \"started in %s s\";"
              + " server CPU %.2f s; other processes %.0f%% of %d%%  [%s]%n", run, ready, live,
          banner.map(b -> String.format(Locale.ROOT, "%.2f", b)).orElse("?"), serverCpu, others, cores * 100, what);
      busiest = Math.max(busiest, others);
      if (run == 1) {
        readyFirst = ready;
        liveFirst = live;
        bannerFirst = banner.orElse(Double.NaN);
      } else {
        readyLater.add(ready);
        liveLater.add(live);
        banner.ifPresent(bannerLater::add);
      }
    }
    if (busiest > 20) {
      summary.note(String.format(Locale.ROOT, "start-up: other processes used up to %.0f%% CPU during a run; those runs are slower"
          + " than on an idle machine", busiest));
    }
    summary.atMost("start to ready, first start (empty data dir + migrations)", readyFirst, TARGET_SECONDS, "s");
    if (!readyLater.isEmpty()) {
      double median = median(readyLater);
      System.out.printf(Locale.ROOT, "   existing data dir: median %.3f s, min %.3f s, max %.3f s over %d runs%n", median,
          readyLater.stream().mapToDouble(d -> d).min().orElseThrow(), readyLater.stream().mapToDouble(d -> d).max().orElseThrow(),
          readyLater.size());
      summary.atMost("start to ready, restart (existing data dir), median of " + readyLater.size(), median, TARGET_SECONDS, "s");
      summary.info("  serving HTTP (/health/live 200) (first / restart median)", String.format(Locale.ROOT, "%.2f s / %.2f s",
          liveFirst, median(liveLater)));
      summary.info("  server's own \"started in\" (first / restart median)", String.format(Locale.ROOT, "%.2f s / %.2f s",
          bannerFirst, bannerLater.isEmpty() ? Double.NaN : median(bannerLater)));
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
