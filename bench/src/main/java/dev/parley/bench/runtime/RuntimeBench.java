package dev.parley.bench.runtime;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.runtime.RuntimeInfo;
import dev.parley.runtime.RuntimeOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * {@code ./parley bench runtime}: runs the JMH benchmarks of the mini-app runtime (each in a
 * fork on the optimizing Truffle runtime, see {@link JitBenchmark}), then measures the heap
 * per idle pooled app version in this JVM (launched with the same flags by bench/runtime.sh),
 * and prints every figure against its target. Arguments are JMH's (e.g. {@code -wi 1 -i 1}
 * for a quick run, or a benchmark name regex, which skips the heap figure).
 */
public final class RuntimeBench {

  private static final int IDLE_VERSIONS = 1000;

  private RuntimeBench() {
  }

  public static void main(String[] args) throws Exception {
    String loadBefore = loadAverage();
    CommandLineOptions cli = new CommandLineOptions(args);
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli)
        .resultFormat(ResultFormatType.JSON)
        .result("bench/target/jmh-runtime.json");
    boolean all = cli.getIncludes().isEmpty();
    if (all) {
      options.include("dev\\.parley\\.bench\\.runtime\\..*Benchmark");
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    String loadAfterJmh = loadAverage();
    // the heap figure only in a full run (a benchmark regex picks benchmarks only)
    Heap heap = all ? idleHeap() : null;
    String loadEnd = loadAverage();
    summary(results, heap, List.of(loadBefore, loadAfterJmh, loadEnd));
    System.exit(0);
  }

  record Heap(long bytes, int versions, RuntimeInfo info) {
  }

  /** Loads {@value #IDLE_VERSIONS} versions, each with one warm pooled context, and weighs them. */
  private static Heap idleHeap() throws InterruptedException {
    System.out.println("# heap per idle pooled app version: " + IDLE_VERSIONS + " versions, "
        + "each with one warm context (this JVM, " + Runtime.getRuntime().maxMemory() / (1 << 20)
        + " MiB heap)");
    try (RuntimeState state = new RuntimeState(new RuntimeOptions())) {
      MiniAppRuntime rt = state.runtime;
      JsonObject event = new JsonObject().put("name", "dana");
      AppVersion first = Bundles.await(rt.load(Bundles.bundle("bench-idle", 0, Bundles.TRIVIAL)));
      Bundles.await(rt.invoke(first, "hello", event, Bundles.context(first)));
      Bundles.await(rt.unload(first));
      long before = usedHeapAfterGc();
      for (int i = 1; i <= IDLE_VERSIONS; i++) {
        AppVersion v = Bundles.await(rt.load(Bundles.bundle("bench-idle", i,
            Bundles.TRIVIAL + "\n// idle " + i)));
        Bundles.await(rt.invoke(v, "hello", event, Bundles.context(v)));
      }
      long after = usedHeapAfterGc();
      return new Heap(after - before, IDLE_VERSIONS, rt.info());
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void summary(Collection<RunResult> results, Heap heap, List<String> loads) {
    List<String[]> rows = new ArrayList<>();
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      String full = p.getBenchmark();
      String name = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
      Statistics s = r.getPrimaryResult().getStatistics();
      switch (name) {
        case "WarmCallBenchmark.latency" -> {
          double p50 = s.getPercentile(50);
          double p99 = s.getPercentile(99);
          rows.add(row("warm call latency, trivial handler, one caller",
              "p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs".formatted(p50, p99,
                  s.getPercentile(99.9)),
              "p50 < 20 µs, p99 < 200 µs", verdict(p50 < 20, p99 < 200)));
        }
        case "WarmCallBenchmark.throughput" -> rows.add(row("warm call throughput, one caller",
            "%,.0f calls/s".formatted(r.getPrimaryResult().getScore()), "", ""));
        case "WarmCallBenchmark.throughputFourInFlight" -> rows.add(row(
            "warm call throughput, 4 in flight",
            "%,.0f calls/s".formatted(r.getPrimaryResult().getScore()), "", ""));
        case "FreshContextBenchmark.freshContext" -> rows.add(row(
            "call on a fresh context (context + module + call)",
            "p50 %.2f ms, p99 %.2f ms".formatted(s.getPercentile(50), s.getPercentile(99)), "",
            ""));
        case "FirstCallBenchmark.loadAndFirstCall" -> {
          double p50 = s.getPercentile(50);
          double p99 = s.getPercentile(99);
          rows.add(row("first call of a newly loaded version (load + call)",
              "p50 %.2f ms, p99 %.2f ms, max %.1f ms".formatted(p50, p99, s.getMax()),
              "< 50 ms", verdict(p50 < 50, p99 < 50)));
        }
        case "WatchdogBenchmark.runaway" -> {
          double limit = WatchdogBenchmark.LIMIT_MILLIS;
          double p50 = s.getPercentile(50) - limit;
          double p99 = s.getPercentile(99) - limit;
          rows.add(row("watchdog reaction to a runaway loop (" + p.getParam("limit")
              + " limit " + WatchdogBenchmark.LIMIT_MILLIS + " ms)",
              "p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)".formatted(p50, p99,
                  s.getMax() - limit, s.getN()),
              "< 20 ms", verdict(p50 < 20, p99 < 20)));
        }
        default -> rows.add(row(name, "%.3f %s".formatted(r.getPrimaryResult().getScore(),
            r.getPrimaryResult().getScoreUnit()), "", ""));
      }
    }
    try {
      Path file = Path.of(WatchdogBenchmark.CPU_OVERSHOOT_FILE);
      JsonObject o = new JsonObject(Files.readString(file));
      Files.delete(file);
      double p50 = o.getLong("p50Micros") / 1000.0;
      double p99 = o.getLong("p99Micros") / 1000.0;
      rows.add(row("  the same, CPU time the workers spent beyond the limit",
          "p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)".formatted(p50, p99,
              o.getLong("maxMicros") / 1000.0, o.getInteger("n")),
          "< 20 ms", verdict(p50 < 20, p99 < 20)));
    } catch (IOException | RuntimeException e) {
      // not measured in this run
    }
    if (heap != null) {
      double perVersion = heap.bytes() / (double) heap.versions();
      double thousandMb = perVersion * 1000 / 1e6;
      rows.add(row("heap per idle pooled app version",
          "%.0f KiB (1,000 warm: %.0f MB)".formatted(perVersion / 1024, thousandMb),
          "1,000 warm < 300 MB", thousandMb < 300 ? "met" : "MISSED"));
    }
    System.out.println();
    System.out.println("Mini-app runtime figures (" + System.getProperty("java.vm.name") + " "
        + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
        + " cores, default call limits on)");
    System.out.println("load average (1, 5, 15 min): at start " + loads.get(0)
        + "; after JMH " + loads.get(1) + "; at the end " + loads.get(2));
    String fmt = "%-62s %-48s %-26s %s%n";
    System.out.printf(Locale.ROOT, fmt, "figure", "result", "target", "");
    for (String[] r : rows) {
      System.out.printf(Locale.ROOT, fmt, (Object[]) r);
    }
    if (heap != null) {
      System.out.println("runtime after the heap figure: " + heap.info());
    }
    System.out.println("JMH results: bench/target/jmh-runtime.json");
  }

  private static String[] row(String figure, String result, String target, String verdict) {
    return new String[] {figure, result, target, verdict};
  }

  private static String verdict(boolean p50, boolean p99) {
    return p50 && p99 ? "met" : p50 ? "p50 met, p99 MISSED" : "MISSED";
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
