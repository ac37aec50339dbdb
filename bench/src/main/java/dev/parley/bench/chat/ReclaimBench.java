package dev.parley.bench.chat;

import dev.parley.bench.driver.Api;
import dev.parley.bench.driver.ServerProcess;
import dev.parley.bench.driver.Summary;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the server gives memory back: a burst of chat messages (many senders, large texts), then
 * an idle wait. Prints RSS and the heap committed and in use (the server's own JVM metrics) before,
 * at the peak of the burst and at the end of the wait, with the JVM flags that decide it. Figures
 * only: nothing here asserts on them.
 */
final class ReclaimBench {

  private static final double MB = 1024.0 * 1024.0;

  private final ChatBenchOptions options;
  private final Summary summary;
  private final Vertx vertx;

  ReclaimBench(ChatBenchOptions options, Summary summary, Vertx vertx) {
    this.options = options;
    this.summary = summary;
    this.vertx = vertx;
  }

  /** RSS and heap at one moment. */
  private record Sample(long rss, double heapCommitted, double heapUsed, double direct) {
    String describe() {
      return String.format(Locale.ROOT,
          "RSS %.0f MB, heap committed %.0f MB, heap used %.0f MB, direct buffers %.1f MB",
          rss / MB, heapCommitted / MB, heapUsed / MB, direct / MB);
    }
  }

  void run() throws Exception {
    int messages = options.reclaimMessages();
    int waitSeconds = options.reclaimWaitSeconds();
    System.out.println();
    System.out.printf(Locale.ROOT,
        "== Memory given back: a burst of %,d messages, then %d s idle ==%n", messages, waitSeconds);
    Path dataDir = Files.createTempDirectory(options.workDir(), "reclaim-data-");
    try (ServerProcess server = ServerProcess.launch(options.server(), dataDir,
        options.workDir().resolve("reclaim-server.log"));
        Api api = new Api(vertx, server.port(), "parley-bench-chat")) {
      server.awaitReady(Duration.ofSeconds(120), 20);
      System.out.printf(Locale.ROOT, "   server JVM: -Xmx %s, G1PeriodicGCInterval %s ms, MaxGCPauseMillis %s,"
          + " MinHeapFreeRatio %s, MaxHeapFreeRatio %s, MaxDirectMemorySize %s%n",
          server.vmFlag("MaxHeapSize").map(v -> String.format(Locale.ROOT, "%.0f MB", Long.parseLong(v) / MB))
              .orElse("?"),
          server.vmFlag("G1PeriodicGCInterval").orElse("?"), server.vmFlag("MaxGCPauseMillis").orElse("?"),
          server.vmFlag("MinHeapFreeRatio").orElse("?"), server.vmFlag("MaxHeapFreeRatio").orElse("?"),
          server.vmFlag("MaxDirectMemorySize").orElse("?"));
      int senders = 40;
      List<Api.Session> people = api.signUpMany("reclaim", senders, 4);
      List<String> groups = Api.limited(4, 2, g -> api.createGroup(people.get(g * 10), "reclaim " + g,
          people.subList(g * 10 + 1, g * 10 + 10).stream().map(Api.Session::accountId).toList()));
      Thread.sleep(5_000);
      Sample before = sample(server, api);
      System.out.println("   before (idle, after set-up):  " + before.describe());

      Sample[] peak = {before};
      double[] peakCommitted = {before.heapCommitted()};
      AtomicInteger failed = new AtomicInteger();
      Thread sampler = Thread.ofPlatform().daemon().start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            Sample s = sample(server, api);
            synchronized (peak) {
              if (s.rss() > peak[0].rss()) {
                peak[0] = s;
              }
              peakCommitted[0] = Math.max(peakCommitted[0], s.heapCommitted());
            }
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            // the next sample
          }
        }
      });
      String text = "x".repeat(Math.max(1, options.textLength()));
      String big = "reclaim ".repeat(400); // ~3 KB a message: the burst's garbage is large
      long t0 = System.nanoTime();
      Api.limited(messages, 32, i -> {
        Api.Session sender = people.get(i % senders);
        String group = groups.get((i % senders) / 10);
        JsonObject body = new JsonObject().put("clientId", "r" + i).put("text", (i % 2 == 0 ? big : text) + i);
        return api.call(HttpMethod.POST, "/api/conversations/" + group + "/messages", sender, body, 201)
            .<Void>mapEmpty().otherwise(f -> {
              failed.incrementAndGet();
              return null;
            });
      });
      double burstSeconds = (System.nanoTime() - t0) / 1e9;
      sampler.interrupt();
      sampler.join(5_000);
      Sample top = peak[0];
      Sample end = sample(server, api);
      double committedTop = Math.max(peakCommitted[0], end.heapCommitted());
      System.out.printf(Locale.ROOT, "   burst: %,d messages in %.1f s (%,.0f/s), %d refused or failed%n", messages,
          burstSeconds, messages / burstSeconds, failed.get());
      System.out.println("   peak (highest RSS sampled):   " + top.describe());
      System.out.println("   end of the burst:             " + end.describe());
      Sample after = end;
      for (int waited = 0; waited < waitSeconds;) {
        int step = Math.min(15, waitSeconds - waited);
        TimeUnit.SECONDS.sleep(step);
        waited += step;
        after = sample(server, api);
        System.out.printf(Locale.ROOT, "   idle %3d s:                   %s%n", waited, after.describe());
      }
      summary.info("reclaim: RSS before / peak / after " + waitSeconds + " s idle",
          String.format(Locale.ROOT, "%.0f / %.0f / %.0f MB", before.rss() / MB, top.rss() / MB, after.rss() / MB));
      System.out.printf(Locale.ROOT, "   highest heap committed sampled: %.0f MB%n", committedTop / MB);
      summary.info("reclaim: heap committed before / highest / after",
          String.format(Locale.ROOT, "%.0f / %.0f / %.0f MB", before.heapCommitted() / MB, committedTop / MB,
              after.heapCommitted() / MB));
    }
  }

  private static Sample sample(ServerProcess server, Api api) {
    Map<String, Double> m = api.metrics().await();
    return new Sample(server.rssBytes(), sum(m, "jvm_memory_committed_bytes", "area=\"heap\""),
        sum(m, "jvm_memory_used_bytes", "area=\"heap\""), sum(m, "jvm_buffer_memory_used_bytes", "id=\"direct\""));
  }

  private static double sum(Map<String, Double> metrics, String name, String label) {
    return metrics.entrySet().stream().filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains(label))
        .mapToDouble(Map.Entry::getValue).sum();
  }
}
