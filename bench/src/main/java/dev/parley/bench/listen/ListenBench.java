package dev.parley.bench.listen;

import dev.parley.bench.driver.Api;
import dev.parley.bench.driver.CpuMeter;
import dev.parley.bench.driver.ServerProcess;
import dev.parley.bench.driver.Summary;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * {@code ./parley bench listen}: N members of one group, each with a live WebSocket, share the
 * {@code music} sample's player. At a fixed rate a random member makes the call the music page makes
 * for play, pause, seek or skip ({@code POST .../apps/music/calls}, capability {@code server}); the
 * app saves the new state (its version {@code v} one higher) and broadcasts it. Timed from the send:
 * when each other member's socket receives that {@code page_broadcast} (matched by {@code v}), and
 * when the HTTP answer comes. One call is in flight at a time, as on one shared player where each
 * press follows the state the last one made (and two concurrent calls would race on the app's
 * stored state); a call that is not over by the next tick delays it, and is counted.
 */
public final class ListenBench {

  private static final String APP_ID = "music";
  private static final List<String> PERMISSIONS = List.of("storage.conversation", "cards.post", "media.upload");
  /** Track ids of samples/music/ui/catalogue.json, all put in the queue before the measurement. */
  private static final List<String> TRACKS = List.of("harbour-lights", "paper-kites", "night-tram", "orchard-walk",
      "glass-rain", "tin-parade");
  private static final List<String> KINDS = List.of("play", "pause", "seek", "skip");
  private static final long SETUP_TIMEOUT_S = 120;
  /** A receipt later than this after the send counts as missing. */
  private static final long GIVE_UP_MS = 5_000;
  private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  /** One control call: who made it, the version it must produce and when each member heard of it. */
  private static final class Action {
    final int actor;
    final String kind;
    final long expectedV;
    final long sentNanos;
    final long[] receivedNanos;
    final Promise<Void> over = Promise.promise();
    int awaiting;
    long answeredNanos;
    String failure;

    Action(int actor, String kind, long expectedV, int members, long sentNanos) {
      this.actor = actor;
      this.kind = kind;
      this.expectedV = expectedV;
      this.sentNanos = sentNanos;
      this.receivedNanos = new long[members];
      this.awaiting = members - 1;
    }
  }

  /** The figures of the measured phase. */
  private static final class Figures {
    final Histogram toAll = histogram();
    final Map<String, Histogram> toAllByKind = new LinkedHashMap<>();
    final Histogram[] perMember;
    final Histogram answer = histogram();
    int sent;
    int complete;
    int delivered;
    int missing;
    int failed;
    int behind;
    long wallNanos;
    final Map<String, Integer> failures = new LinkedHashMap<>();

    Figures(int members) {
      perMember = new Histogram[members];
      Arrays.setAll(perMember, i -> histogram());
      KINDS.forEach(k -> toAllByKind.put(k, histogram()));
    }

    void record(Action a) {
      sent++;
      if (a.failure != null) {
        failed++;
        failures.merge(a.failure, 1, Integer::sum);
      } else {
        answer.recordValue(micros(a.answeredNanos - a.sentNanos));
      }
      long slowest = 0;
      boolean all = true;
      for (int m = 0; m < a.receivedNanos.length; m++) {
        if (m == a.actor) {
          continue;
        }
        if (a.receivedNanos[m] == 0) {
          missing++;
          all = false;
        } else {
          delivered++;
          long d = a.receivedNanos[m] - a.sentNanos;
          perMember[m].recordValue(micros(d));
          slowest = Math.max(slowest, d);
        }
      }
      if (all) {
        complete++;
        toAll.recordValue(micros(slowest));
        toAllByKind.get(a.kind).recordValue(micros(slowest));
      }
    }
  }

  private final ListenBenchOptions options;
  private final SplittableRandom random = new SplittableRandom();
  private final Summary summary = new Summary();
  private final CpuMeter cpu = new CpuMeter();
  private final AtomicInteger handshakeRetries = new AtomicInteger();
  // Guarded by this: written by the event loop (frames, answers, timers), read by the main thread.
  private JsonObject state = new JsonObject().put("v", 0L).put("queue", new JsonArray()).put("index", -1)
      .put("playing", false);
  private Action current;
  private int unexpected;
  private volatile boolean finished;

  private ListenBench(ListenBenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    ListenBenchOptions options;
    try {
      options = ListenBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("bench listen: " + e.getMessage());
      }
      System.err.print(ListenBenchOptions.usage());
      System.exit(2);
      return;
    }
    new ListenBench(options).run();
  }

  private void run() throws Exception {
    String loadBefore = CpuMeter.loadAverage();
    System.out.printf(Locale.ROOT, "Parley listen benchmark (build %s)%n", options.revision());
    System.out.printf(Locale.ROOT, "machine: %d cores; load average (1, 5, 15 min) at the start: %s; driver on %s %s%n",
        CORES,
        loadBefore, System.getProperty("java.vm.name"), System.getProperty("java.version"));
    long t0 = System.nanoTime();
    Path dataDir = Files.createDirectories(options.workDir().resolve("listen-data"));
    Path log = options.workDir().resolve("listen-server.log");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
        .setInternalBlockingPoolSize(2).setBlockedThreadCheckInterval(10_000));
    Figures figures;
    CpuMeter.Usage usage;
    try (ServerProcess server = ServerProcess.launch(options.server(), dataDir, log);
        Api api = new Api(vertx, server.port(), "parley-bench-listen")) {
      server.awaitReady(Duration.ofSeconds(120), 20);
      long readyAt = System.nanoTime();
      int n = options.members();
      System.out.printf(Locale.ROOT,
          "== set-up: %d members in one group, '%s' installed, its permissions consented, one live"
              + " WebSocket each, %d catalogue tracks queued ...%n",
          n, APP_ID, TRACKS.size());
      long s0 = System.nanoTime();
      List<Api.Session> members = api.signUpMany("listener", n, 4);
      String group = api.createGroup(members.get(0), "listen bench",
          members.subList(1, n).stream().map(Api.Session::accountId).toList()).await(SETUP_TIMEOUT_S, TimeUnit.SECONDS);
      awaitSample(api, members.get(0), readyAt);
      api.call(HttpMethod.POST, "/api/conversations/" + group + "/apps", members.get(0),
          new JsonObject().put("appId", APP_ID),
          201).await(SETUP_TIMEOUT_S, TimeUnit.SECONDS);
      Api.limited(n, 4, i -> api.call(HttpMethod.POST, "/api/apps/" + APP_ID + "/consent", members.get(i),
          new JsonObject().put("permissions", new JsonArray(PERMISSIONS)), 200));
      openSockets(vertx, api, members, group);
      for (String track : TRACKS) {
        Action a = send(vertx, api, members, group, 0, "enqueue",
            new JsonObject().put("action", "enqueue").put("trackId", track));
        a.over.future().await(SETUP_TIMEOUT_S, TimeUnit.SECONDS);
        if (a.failure != null || a.awaiting > 0) {
          throw new IllegalStateException("enqueue " + track + " did not reach every member: " + a.failure);
        }
      }
      System.out.printf(Locale.ROOT, "   done in %.1f s (%d handshakes retried)%n", (System.nanoTime() - s0) / 1e9,
          handshakeRetries.get());

      long interval = TimeUnit.SECONDS.toNanos(1) / options.rate();
      System.out.printf(Locale.ROOT, "== warm-up: %d s at %d calls/s ...%n", options.warmupSeconds(), options.rate());
      Figures warmup = phase(vertx, api, members, group, options.warmupSeconds(), interval);
      System.out.printf(Locale.ROOT, "   %d calls, %d reached every other member, %d receipts missing, %d failed%n",
          warmup.sent,
          warmup.complete, warmup.missing, warmup.failed);
      System.out.printf(Locale.ROOT, "== measured: %d s at %d calls/s (load average %s) ...%n", options.seconds(),
          options.rate(), CpuMeter.loadAverage());
      CpuMeter.Reading before = cpu.read(server);
      figures = phase(vertx, api, members, group, options.seconds(), interval);
      usage = CpuMeter.between(before, cpu.read(server));
      finished = true;
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    report(figures, usage);
    summary.note(String.format(Locale.ROOT,
        "load average (1, 5, 15 min): %s at the start, %s at the end; %d cores shared by"
            + " the server, this driver and anything else running; total run time %.0f s",
        loadBefore, CpuMeter.loadAverage(),
        CORES, (System.nanoTime() - t0) / 1e9));
    summary.note("delivery = from writing the HTTP request to the page_broadcast frame on the member's live WebSocket;"
        + " the messenger's hand-off to the page's iframe (postMessage, in the browser) is not included");
    summary.print();
  }

  /**
   * The server publishes its samples after it reports ready (ParleyServer: SampleApps.publish after
   * the HTTP verticles), so a fresh server may not list {@code music} yet.
   */
  private static void awaitSample(Api api, Api.Session who, long readyAt) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_TIMEOUT_S);
    while (!api.call(HttpMethod.GET, "/api/apps?q=" + APP_ID, who, new JsonObject(), 200).await(SETUP_TIMEOUT_S,
        TimeUnit.SECONDS).bodyAsJsonArray().stream()
        .anyMatch(app -> APP_ID.equals(((JsonObject) app).getString("id")))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the server did not publish the '" + APP_ID + "' sample in " + SETUP_TIMEOUT_S + " s");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    System.out.printf(Locale.ROOT, "   '%s' listed in the directory %.1f s after /health/ready answered 200%n", APP_ID,
        (System.nanoTime() - readyAt) / 1e9);
  }

  /** Calls at a fixed rate for {@code seconds}, one in flight; a call not over by its successor's tick delays it. */
  private Figures phase(Vertx vertx, Api api, List<Api.Session> members, String group, int seconds, long interval)
      throws Exception {
    Figures f = new Figures(members.size());
    long start = System.nanoTime();
    long next = start;
    long end = next + TimeUnit.SECONDS.toNanos(seconds);
    while (next < end && System.nanoTime() < end) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      } else if (wait < -interval / 10) {
        f.behind++;
      }
      int actor = random.nextInt(members.size());
      JsonObject args = nextArgs();
      Action a = send(vertx, api, members, group, actor, args.getString("action"), args);
      a.over.future().await(GIVE_UP_MS * 2, TimeUnit.MILLISECONDS);
      synchronized (this) {
        f.record(a);
      }
      next += interval;
    }
    f.wallNanos = System.nanoTime() - start;
    return f;
  }

  /**
   * What the page sends, chosen so that it always changes the state: the play button sends
   * {@code play} or {@code pause} by what is playing; seek a position within the current track;
   * skip the next track (past the last one the player stops there).
   */
  private synchronized JsonObject nextArgs() {
    int choice = random.nextInt(3);
    if (choice == 0) {
      return new JsonObject().put("action", state.getBoolean("playing", false) ? "pause" : "play");
    }
    if (choice == 1) {
      JsonObject track = state.getJsonArray("queue").getJsonObject(Math.max(0, state.getInteger("index")));
      return new JsonObject().put("action", "seek").put("positionMs", random.nextInt(track.getInteger("durationMs")));
    }
    return new JsonObject().put("action", "skip");
  }

  /** Makes the page's call as {@code members[actor]}; the action is over when answered and heard by all others, or given up on. */
  private Action send(Vertx vertx, Api api, List<Api.Session> members, String group, int actor, String kind,
      JsonObject args) {
    Action a;
    synchronized (this) {
      a = new Action(actor, kind, state.getLong("v") + 1, members.size(), System.nanoTime());
      current = a;
    }
    api.call(HttpMethod.POST, "/api/conversations/" + group + "/apps/" + APP_ID + "/calls", members.get(actor),
        new JsonObject().put("capability", "server").put("args", args), 200).onComplete(r -> {
          synchronized (this) {
            a.answeredNanos = System.nanoTime();
            String status = r.succeeded() ? r.result().bodyAsJsonObject().getString("status") : null;
            if (r.failed()) {
              String m = r.cause().getMessage();
              a.failure = m.contains(" got ") ? "HTTP " + m.substring(m.indexOf(" got ") + 5).split(" ")[0] : m;
            } else if (!"done".equals(status)) {
              a.failure = "status " + status;
            }
            settle(a);
          }
        });
    vertx.setTimer(GIVE_UP_MS, t -> {
      synchronized (this) {
        if (current == a) {
          current = null;
        }
        if (a.answeredNanos == 0) {
          a.failure = "no answer in " + GIVE_UP_MS + " ms";
        }
        a.over.tryComplete();
      }
    });
    return a;
  }

  private void settle(Action a) {
    if (a.answeredNanos != 0 && (a.awaiting == 0 || a.failure != null)) {
      if (current == a) {
        current = null;
      }
      a.over.tryComplete();
    }
  }

  private void openSockets(Vertx vertx, Api api, List<Api.Session> members, String group) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    List<Future<Void>> ready = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      int member = i;
      Promise<Void> subscribed = Promise.promise();
      ready.add(subscribed.future());
      api.openLive(client, members.get(i), handshakeRetries, 0).onSuccess(w -> {
        w.textMessageHandler(text -> onText(member, group, text, subscribed));
        w.closeHandler(v -> {
          if (!finished) {
            System.out.printf(Locale.ROOT, "   member %d's WebSocket closed by the server%n", member);
          }
        });
        w.writeTextMessage("{\"type\":\"resume\",\"cursors\":{}}");
      }).onFailure(subscribed::tryFail);
    }
    Future.all(ready).await(SETUP_TIMEOUT_S, TimeUnit.SECONDS);
  }

  private void onText(int member, String group, String text, Promise<Void> subscribed) {
    long now = System.nanoTime();
    if (text.startsWith("{\"type\":\"ready\"")) {
      subscribed.tryComplete();
      return;
    }
    if (!text.contains("\"page_broadcast\"")) {
      return; // messages, the now-playing card's updates
    }
    JsonObject event = new JsonObject(text);
    JsonObject data = event.getJsonObject("data", new JsonObject());
    if (!APP_ID.equals(event.getString("appId")) || !group.equals(event.getString("conversationId"))
        || !"state".equals(data.getString("type"))) {
      return;
    }
    JsonObject next = data.getJsonObject("state");
    synchronized (this) {
      long v = next.getLong("v");
      boolean newer = v > state.getLong("v");
      if (newer) {
        state = next;
      }
      Action a = current;
      if (a == null || v != a.expectedV) {
        if (newer) {
          unexpected++; // a change of no call in flight (or of one given up on)
        }
        return;
      }
      if (member != a.actor && a.receivedNanos[member] == 0) {
        a.receivedNanos[member] = now;
        a.awaiting--;
        settle(a);
      }
    }
  }

  private void report(Figures f, CpuMeter.Usage usage) {
    int n = options.members();
    System.out.printf(Locale.ROOT,
        "   sent %d calls, %.1f/s (%d sent late: the previous call was not over), %d answered 200 done,"
            + " %d failed %s%n",
        f.sent, f.sent / (f.wallNanos / 1e9), f.behind, f.sent - f.failed, f.failed, f.failures);
    System.out.printf(Locale.ROOT,
        "   receipts by the other members: %d delivered, %d missing (of %d); %d calls reached all %d"
            + " others; %d new states matched no call in flight%n",
        f.delivered, f.missing, f.sent * (n - 1), f.complete, n - 1,
        unexpected);
    System.out.println("   CPU: " + usage.describe(CORES));
    System.out.println("   latency from the send, ms          p50      p90      p99      max    count  within 200 ms");
    line("delivered to all (slowest member)", f.toAll);
    f.toAllByKind.forEach((k, h) -> line("  " + k, h));
    for (int m = 0; m < n; m++) {
      line("member " + m + " (others' calls)", f.perMember[m]);
    }
    line("HTTP answer (200 done)", f.answer);

    double p99 = f.complete == 0 ? Double.NaN : ms(f.toAll.getValueAtPercentile(99));
    summary.atMost("play/pause/seek/skip to every other member's socket, p99", p99, ListenBenchOptions.TARGET_MS, "ms");
    summary.atMost("the same, max", f.complete == 0 ? Double.NaN : ms(f.toAll.getMaxValue()),
        ListenBenchOptions.TARGET_MS, "ms");
    summary.info("the same, p50 / p90", f.complete == 0
        ? "-"
        : String.format(Locale.ROOT, "%s / %s ms",
            Summary.fmt(ms(f.toAll.getValueAtPercentile(50))), Summary.fmt(ms(f.toAll.getValueAtPercentile(90)))));
    summary.info("HTTP answer p50 / p99", f.answer.getTotalCount() == 0
        ? "-"
        : String.format(Locale.ROOT, "%s / %s ms",
            Summary.fmt(ms(f.answer.getValueAtPercentile(50))), Summary.fmt(ms(f.answer.getValueAtPercentile(99)))));
    summary.info("calls sent / reached all / receipts missing / failed",
        f.sent + " / " + f.complete + " / " + f.missing + " / " + f.failed);
    summary.info("calls per second achieved (one in flight)", String.format(Locale.ROOT, "%.1f of %d", f.sent
        / (f.wallNanos / 1e9), options.rate()));
  }

  private static void line(String label, Histogram h) {
    if (h.getTotalCount() == 0) {
      System.out.printf(Locale.ROOT, "   %-33s %8s%n", label, "-");
      return;
    }
    long within = h.getCountBetweenValues(0, (long) (ListenBenchOptions.TARGET_MS * 1000));
    System.out.printf(Locale.ROOT, "   %-33s %8.1f %8.1f %8.1f %8.1f %8d  %5.1f%%%n", label,
        ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()), h.getTotalCount(),
        100.0 * within / h.getTotalCount());
  }

  private static Histogram histogram() {
    return new Histogram(MAX_MICROS, 3);
  }

  private static long micros(long nanos) {
    return Math.min(MAX_MICROS, Math.max(0, nanos / 1_000));
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
