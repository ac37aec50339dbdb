package dev.parley.bench.chat;

import dev.parley.bench.driver.Api;
import dev.parley.bench.driver.CpuMeter;
import dev.parley.bench.driver.ServerProcess;
import dev.parley.bench.driver.Summary;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's heap with many idle live sessions: {@code connections} WebSockets shared by
 * {@code accounts} accounts (each account's sessions are like its open tabs: one session cookie,
 * many sockets), each account in one group. Heap in use after a full collection, before and
 * after, read with jcmd.
 */
final class MemoryBench {

  static final double TARGET_MB = 500;
  private static final double MB = 1024.0 * 1024.0;

  private final ChatBenchOptions options;
  private final Summary summary;
  private final Vertx vertx;

  MemoryBench(ChatBenchOptions options, Summary summary, Vertx vertx) {
    this.options = options;
    this.summary = summary;
    this.vertx = vertx;
  }

  void run() throws Exception {
    measure(false);
    if (options.memoryDeflate()) {
      measure(true);
    }
  }

  private void measure(boolean deflate) throws Exception {
    int n = options.memoryConnections();
    int accounts = Math.min(options.memoryAccounts(), n);
    String variant = deflate ? " with permessage-deflate (as browsers ask for it)" : "";
    System.out.println();
    System.out.printf(Locale.ROOT, "== Memory: %,d idle WebSockets%s (%d accounts x %d sockets each) ==%n", n, variant,
        accounts,
        (n + accounts - 1) / accounts);
    String tag = deflate ? "memory-deflate" : "memory";
    Path dataDir = Files.createTempDirectory(options.workDir(), tag + "-data-");
    try (
        ServerProcess server = ServerProcess.launch(options.server(), dataDir,
            options.workDir().resolve(tag + "-server.log"),
            // Every client socket comes from 127.0.0.1, many per account: lift the live connection caps.
            "--live.max-connections-per-account", "0", "--live.max-connections-per-address", "0");
        Api api = new Api(vertx, server.port(), "parley-bench-chat")) {
      server.awaitReady(Duration.ofSeconds(120), 20);
      List<Api.Session> sessions = api.signUpMany("mem", accounts, 4);
      int groupSize = Math.min(options.groupSize(), accounts);
      Api.limited(accounts / groupSize, 4, g -> {
        List<Api.Session> members = sessions.subList(g * groupSize, (g + 1) * groupSize);
        return api.createGroup(members.get(0), "memory group " + g,
            members.subList(1, members.size()).stream().map(Api.Session::accountId).toList());
      });
      String maxHeap = server.vmFlag("MaxHeapSize")
          .map(v -> String.format(Locale.ROOT, "%.0f MB", Long.parseLong(v) / MB))
          .orElse("?");
      String gc = server.vmFlag("UseG1GC").filter("true"::equals).map(v -> "G1").orElse("?");
      new CpuMeter().awaitQuiet(server, Duration.ofSeconds(30), 25);
      server.heapUsedAfterFullGc();
      long before = server.heapUsedAfterFullGc();
      long rssBefore = server.rssBytes();
      Map<String, long[]> histBefore = server.classHistogram();
      System.out.printf(Locale.ROOT,
          "   server: -Xmx %s (the JVM default: 1/4 of RAM; ./parley sets none), %s GC; after set-up"
              + " and a full GC: heap %.1f MB, RSS %.0f MB, %d threads%n",
          maxHeap, gc, before / MB, rssBefore / MB, server.threads());

      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n + 100)
          .setConnectTimeout(60_000).setTryUsePerMessageCompression(deflate));
      AtomicInteger closed = new AtomicInteger();
      AtomicInteger retries = new AtomicInteger();
      long t0 = System.nanoTime();
      List<WebSocket> sockets = Api.limited(n, 256,
          i -> open(client, api, sessions.get(i % accounts), closed, retries));
      double connectSeconds = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(5000);
      double live = api.metric("parley_live_connections").await(30, TimeUnit.SECONDS);
      server.heapUsedAfterFullGc();
      long after = server.heapUsedAfterFullGc();
      long rssAfter = server.rssBytes();
      Map<String, long[]> histAfter = server.classHistogram();
      System.out.printf(Locale.ROOT,
          "   %,d connected and subscribed (resume -> ready) in %.1f s; the server counts %.0f live"
              + " sessions; %d closed since; %d handshakes retried%n",
          sockets.size(), connectSeconds, live, closed.get(),
          retries.get());
      System.out.printf(Locale.ROOT,
          "   after 5 s idle and a full GC: heap %.1f MB (+%.1f MB, %.1f KB per connection), RSS %.0f MB"
              + " (+%.0f MB, %.1f KB per connection), %d threads%n",
          after / MB, (after - before) / MB,
          (after - before) / 1024.0 / n, rssAfter / MB, (rssAfter - rssBefore) / MB,
          (rssAfter - rssBefore) / 1024.0 / n,
          server.threads());
      printTopClasses(histBefore, histAfter, n);

      String label = String.format(Locale.ROOT, "heap with %,d idle WebSockets%s", n, deflate ? " (deflate)" : "");
      summary.atMost(label, after / MB, TARGET_MB, "MB");
      summary.info("  heap before / per connection",
          String.format(Locale.ROOT, "%.1f MB / %.1f KB (-Xmx %s)", before / MB,
              (after - before) / 1024.0 / n, maxHeap));
      summary.info("  process RSS after / per connection",
          String.format(Locale.ROOT, "%.0f MB / %.1f KB", rssAfter / MB,
              (rssAfter - rssBefore) / 1024.0 / n));
      if (closed.get() > 0 || Math.round(live) != n) {
        summary.note(
            String.format(Locale.ROOT, "memory%s: %d sockets closed while idle; server counted %.0f of %d", variant,
                closed.get(), live, n));
      }
      client.close().await(60, TimeUnit.SECONDS);
    }
  }

  private Future<WebSocket> open(WebSocketClient client, Api api, Api.Session session, AtomicInteger closed,
      AtomicInteger retries) {
    return api.openLive(client, session, retries, 0).compose(ws -> {
      Promise<WebSocket> ready = Promise.promise();
      ws.textMessageHandler(s -> {
        if (s.startsWith("{\"type\":\"ready\"")) {
          ready.tryComplete(ws);
        }
      });
      ws.closeHandler(v -> {
        closed.incrementAndGet();
        ready.tryFail("closed " + ws.closeStatusCode() + " before ready");
      });
      ws.exceptionHandler(e -> {});
      ws.writeTextMessage("{\"type\":\"resume\",\"cursors\":{}}");
      return ready.future();
    });
  }

  /** Which classes the new live objects belong to, by bytes. */
  private static void printTopClasses(Map<String, long[]> before, Map<String, long[]> after, int n) {
    Map<String, long[]> delta = new HashMap<>();
    after.forEach((k, v) -> {
      long[] b = before.getOrDefault(k, new long[2]);
      delta.put(k, new long[] {v[0] - b[0], v[1] - b[1]});
    });
    List<Map.Entry<String, long[]>> top = new ArrayList<>(delta.entrySet());
    top.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
    long total = delta.values().stream().mapToLong(v -> v[1]).sum();
    System.out.printf(Locale.ROOT,
        "   where it goes (live objects after minus before, jcmd GC.class_histogram; %.1f KB per"
            + " connection in all):%n",
        total / 1024.0 / n);
    for (Map.Entry<String, long[]> e : top.subList(0, Math.min(15, top.size()))) {
      System.out.printf(Locale.ROOT, "     %8.0f B/conn %7.1f objs/conn  %s%n", e.getValue()[1] / (double) n,
          e.getValue()[0] / (double) n, e.getKey());
    }
  }
}
