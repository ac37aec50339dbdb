package dev.parley.bench.chat;

import dev.parley.bench.driver.Api;
import dev.parley.bench.driver.CpuMeter;
import dev.parley.bench.driver.ServerProcess;
import dev.parley.bench.driver.Summary;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;

/**
 * Fan-out: {@code clients} WebSocket sessions in groups of {@code groupSize}; messages go out over
 * the WebSockets ({@code type: send}) at an open-loop fixed rate, round-robin over the senders, and
 * each is timed until every member's connection (the sender's too) has received it.
 *
 * <p>All of the load generator's state lives on its one event-loop thread: no locks, no per-message
 * blocking; a send is a prefix, the message number and a suffix concatenated.
 */
final class FanoutBench {

  private static final int CAP = 1 << 20;
  private static final int MASK = CAP - 1;
  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(300);
  private static final String MESSAGE = "{\"type\":\"message\"";
  private static final String SENT = "{\"type\":\"sent\"";
  private static final String ERROR = "{\"type\":\"error\"";
  private static final String READY = "{\"type\":\"ready\"";
  private static final String CLIENT_ID = "\"clientId\":\"m";
  private static final String SEQ = "\"seq\":";
  private static final Duration DRAIN = Duration.ofSeconds(10);
  private static final Duration RECOVER = Duration.ofSeconds(60);
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  /** Other processes' CPU (% of one core) under which the machine counts as quiet before a step. */
  private static final double QUIET_PCT = 25;
  /** Other processes' CPU (% of one core) during a step above which it is repeated. */
  private static final double DISTURBED_PCT = 30;
  private static final int MAX_REPEATS = 1;

  private final ChatBenchOptions options;
  private final Summary summary;
  private final Vertx vertx;
  private final CpuMeter cpu;
  private final AtomicInteger handshakeRetries = new AtomicInteger();
  private final List<Integer> disturbed = new ArrayList<>();
  private final long repeatDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
  private Context loop;

  // ---- confined to the event-loop thread ----
  private final long[] owner = new long[CAP];
  private final long[] sentAt = new long[CAP];
  private final long[] intendedAt = new long[CAP];
  private final int[] remaining = new int[CAP];
  private final boolean[] ackPending = new boolean[CAP];
  private Conn[] conns = new Conn[0];
  private long nextN;
  private long outstandingDeliveries;
  private long outstandingAcks;
  private int readyCount;
  private long lastFrameAt;
  private Promise<Void> allReady;
  private Step step;
  private Stats stats = new Stats();

  private static final class Conn {
    final int index;
    final int group;
    WebSocket ws;
    String prefix;
    String suffix;
    /** The same send with the group's image attached, or null when none was uploaded. */
    String attachSuffix;
    long lastSeq = -1;
    boolean ready;
    boolean closed;

    Conn(int index, int group) {
      this.index = index;
      this.group = group;
    }
  }

  private static final class Step {
    final String label;
    final int rate;
    final long total;
    final long firstN;
    /** Every how many messages one carries an attachment; 0 = none do. */
    final int attachEvery;
    final Promise<Void> allSent = Promise.promise();
    long start;
    long sent;
    long lastSendAt;
    long timer;

    Step(String label, int rate, int seconds, long firstN, int attachEvery) {
      this.label = label;
      this.rate = rate;
      this.total = (long) rate * seconds;
      this.firstN = firstN;
      this.attachEvery = attachEvery;
    }
  }

  private static final class Stats {
    final Histogram all = histogram();
    final Histogram allScheduled = histogram();
    final Histogram receipt = histogram();
    final Histogram ack = histogram();
    final Map<Integer, Integer> errors = new TreeMap<>();
    final Map<Integer, Integer> closes = new TreeMap<>();
    long sent;
    long delivered;
    long acked;
    long failedSends;
    long seqGaps;
    long seqDuplicates;
    long duplicates;
    long stale;
    long lateFromEarlier;
    long writeQueueFull;
    long sendsOnClosed;
  }

  /** What one step measured. */
  record StepResult(String label, int rate, double seconds, double achievedRate, Histogram all, Histogram allScheduled,
      Histogram receipt, Histogram ack, long sent, long delivered, long undelivered, long unacked,
      long failedSends, Map<Integer, Integer> errors, Map<Integer, Integer> closes, long seqGaps,
      long seqBackwards, long duplicates, long lateOrStale, long writeQueueFull, CpuMeter.Usage cpu,
      ServerMetrics server, String serverThreads) {

    double p(Histogram h, double percentile) {
      return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Why this step does not count as sustained, or empty if it does. */
    String failure(double p99LimitMs) {
      List<String> why = new ArrayList<>();
      if (!(p(all, 99) <= p99LimitMs)) {
        why.add(String.format(Locale.ROOT, "delivered-to-all p99 %.1f ms > %.0f ms", p(all, 99), p99LimitMs));
      }
      if (achievedRate < rate * 0.97) {
        why.add(String.format(Locale.ROOT, "sent only %.0f/s", achievedRate));
      }
      if (failedSends > 0 || !errors.isEmpty()) {
        why.add("send errors " + errors);
      }
      if (undelivered > 0 || unacked > 0) {
        why.add(undelivered + " undelivered, " + unacked + " unacknowledged after " + DRAIN.toSeconds() + " s");
      }
      if (!closes.isEmpty()) {
        why.add("disconnects " + closes);
      }
      if (seqGaps > 0 || seqBackwards > 0 || duplicates > 0) {
        why.add("out of order: " + seqGaps + " seq jumps forward, " + seqBackwards + " back; " + duplicates
            + " duplicates");
      }
      return String.join("; ", why);
    }
  }

  FanoutBench(ChatBenchOptions options, Summary summary, Vertx vertx, CpuMeter cpu) {
    this.options = options;
    this.summary = summary;
    this.vertx = vertx;
    this.cpu = cpu;
    Arrays.fill(owner, -1);
  }

  /** What runs once the clients are connected and the header is printed. */
  private interface Steps {
    void run(ServerProcess server, Api api) throws Exception;
  }

  /** The step-up: warm-up, then rising rates until delivered-to-all p99 exceeds the limit. */
  void run() throws Exception {
    withClients("messages sent over the WebSockets", false, this::stepUp);
  }

  /**
   * The same fan-out with attachments in the mix: at each rate a text-only step (the baseline), then
   * one where every Nth message also carries {@code attachmentIds} of an image uploaded beforehand
   * through tus; both rows are printed side by side at the end.
   */
  void runWithAttachments() throws Exception {
    withClients(String.format(Locale.ROOT, "text only against 1 in %d messages carrying an image",
        options.attachmentEvery()), true, this::compareAttachments);
  }

  private void withClients(String what, boolean attachments, Steps steps) throws Exception {
    int clients = options.fanoutClients();
    int groups = clients / options.groupSize();
    System.out.println();
    System.out.printf(Locale.ROOT,
        "== Fan-out: %d WebSocket clients in %d groups of %d, %s ==%n",
        clients, groups, options.groupSize(), what);
    System.out.println("   The load generator shares this machine's " + Runtime.getRuntime().availableProcessors()
        + " cores with the server (one JVM, one event-loop thread); its CPU use is shown per step.");
    Path dataDir = Files.createTempDirectory(options.workDir(), "fanout-data-");
    loop = vertx.getOrCreateContext();
    onLoop(() -> {
      cpu.loopThread(Thread.currentThread());
      return null;
    });
    try (
        ServerProcess server = ServerProcess.launch(options.server(), dataDir,
            options.workDir().resolve("fanout-server.log"),
            // Every client socket comes from 127.0.0.1, many per account: lift the live connection caps;
            // each sender sends far above a person's send limit (20 per 10 s): lift it, or most sends are 429.
            "--live.max-connections-per-account", "0", "--live.max-connections-per-address", "0",
            "--safety.sends-per-window", "1000000000");
        Api api = new Api(vertx, server.port(), "parley-bench-chat")) {
      server.awaitReady(Duration.ofSeconds(120), 20);
      long t0 = System.nanoTime();
      List<Api.Session> sessions = api.signUpMany("fan", clients, 4);
      double signUpSeconds = (System.nanoTime() - t0) / 1e9;
      List<String> groupIds = Api.limited(groups, 4, g -> {
        List<Api.Session> members = sessions.subList(g * options.groupSize(), (g + 1) * options.groupSize());
        return api.createGroup(members.get(0), "bench group " + g,
            members.subList(1, members.size()).stream().map(Api.Session::accountId).toList());
      });
      System.out.printf(Locale.ROOT,
          "   setup: %d sign-ups in %.1f s (%.0f ms each, Argon2 on the server), %d groups%n", clients,
          signUpSeconds, signUpSeconds * 1000 / clients * 4, groups);
      List<String> imageIds = attachments ? seedImages(api, sessions, groupIds) : null;
      WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients * 2)
          .setConnectTimeout(30_000).setMaxFrameSize(65536).setMaxMessageSize(65536));
      t0 = System.nanoTime();
      connectAll(ws, api, sessions, groupIds, imageIds).await(60, TimeUnit.SECONDS);
      System.out.printf(Locale.ROOT, "   %d WebSockets open and subscribed (resume -> ready) in %.2f s%s%n", clients,
          (System.nanoTime() - t0) / 1e9, handshakeRetries.get() == 0
              ? ""
              : "; " + handshakeRetries.get()
                  + " handshakes got no answer within 10 s and were retried (a server bug)");
      System.out.printf(Locale.ROOT,
          "   steps: %d s of sending each (the %d msg/s headline step %d s), then up to %d s for"
              + " the last deliveries; latencies in ms%n",
          options.stepSeconds(), options.headlineRate(),
          options.headlineSeconds(), DRAIN.toSeconds());
      if (!options.jfr().isEmpty()) {
        server.jcmd("JFR.start", "name=fanout", "settings=" + options.jfrSettings(), "filename=" + options.jfr());
      }
      cpu.awaitQuiet(server, Duration.ofSeconds(60), QUIET_PCT);
      header();
      steps.run(server, api);
      ws.close();
      if (!options.jfr().isEmpty()) {
        server.jcmd("JFR.stop", "name=fanout");
        System.out.println("   server flight recording of the steps: " + options.jfr());
      }
    }
  }

  /** Warm until the server's JIT has settled: more 5 s rounds while it still compiles a lot. */
  private void warmUp(ServerProcess server, Api api, int rate, int attachEvery) throws Exception {
    if (options.warmupSeconds() <= 0) {
      return;
    }
    StepResult w = runStep(server, api, "warm-up", rate, options.warmupSeconds(), attachEvery);
    print(w, true);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
    while (w.server().jitMillis() > 500 && System.nanoTime() < until) {
      w = runStep(server, api, "warm-up", rate, 5, attachEvery);
      print(w, true);
    }
  }

  private void stepUp(ServerProcess server, Api api) throws Exception {
    warmUp(server, api, Math.min(options.rates().get(0) * 2, options.headlineRate()), 0);
    StepResult headline = null;
    StepResult firstFail = null;
    int highestOk = -1;
    StepResult best = null;
    for (int rate : options.rates()) {
      boolean isHeadline = rate == options.headlineRate();
      if (firstFail != null && (headline != null || !isHeadline)) {
        continue;
      }
      StepResult r = null;
      for (int attempt = 0;; attempt++) {
        cpu.awaitQuiet(server, Duration.ofSeconds(attempt == 0 ? 15 : 45), QUIET_PCT);
        StepResult t = runStep(server, api, isHeadline ? "headline" : "step", rate,
            isHeadline ? options.headlineSeconds() : options.stepSeconds(), 0);
        print(t, false);
        double others = t.cpu().othersPct(CORES);
        if (r == null || others <= r.cpu().othersPct(CORES) + 20) { // the later (warmer) one unless clearly more disturbed
          r = t;
        }
        // Repeated: a step that missed on latency while others used the CPU. Not repeated: one that
        // passed anyway, or that overloaded the server (sends refused or lost) - that is no accident.
        boolean overloaded = t.failedSends() > 0 || t.undelivered() > 0;
        if (others <= DISTURBED_PCT || t.failure(options.p99LimitMs()).isEmpty() || overloaded
            || attempt >= MAX_REPEATS || System.nanoTime() > repeatDeadline) {
          break;
        }
        System.out.printf(Locale.ROOT,
            "     -> disturbed: other processes used %.0f%% CPU during the step; repeating it"
                + " (the later attempt counts unless it is clearly more disturbed)%n",
            others);
      }
      if (r.cpu().othersPct(CORES) > DISTURBED_PCT) {
        disturbed.add(r.rate());
      }
      if (isHeadline) {
        headline = r;
      }
      if (firstFail == null) {
        if (r.failure(options.p99LimitMs()).isEmpty()) {
          highestOk = rate;
          best = r;
        } else {
          firstFail = r;
          System.out.println("     -> not sustained: " + r.failure(options.p99LimitMs()));
        }
      }
    }
    report(headline, highestOk, firstFail);
    if (best != null) {
      summary.info("  server CPU per message at " + String.format(Locale.ROOT, "%,d msg/s", highestOk),
          String.format(Locale.ROOT, "%.2f ms (%.1f SQL statements, %.1f worker tasks)",
              best.server().cpuMillisPerMessage(), best.server().sqlPerMessage(),
              best.server().workerTasksPerMessage()));
    }
  }

  /**
   * Text only against attachments in the mix, at each rate in turn (text first, then the same rate
   * with every Nth message carrying the group's image), after a warm-up with attachments so that
   * both paths are compiled; then both rows side by side.
   */
  private void compareAttachments(ServerProcess server, Api api) throws Exception {
    int every = options.attachmentEvery();
    warmUp(server, api, options.attachmentRates().get(0), every);
    List<StepResult[]> pairs = new ArrayList<>();
    for (int rate : options.attachmentRates()) {
      StepResult[] pair = new StepResult[2];
      for (int k = 0; k < 2; k++) {
        cpu.awaitQuiet(server, Duration.ofSeconds(15), QUIET_PCT);
        pair[k] = runStep(server, api, k == 0 ? "text" : "attach", rate, options.stepSeconds(), k == 0 ? 0 : every);
        print(pair[k], false);
        if (pair[k].cpu().othersPct(CORES) > DISTURBED_PCT && !disturbed.contains(rate)) {
          disturbed.add(rate);
        }
      }
      pairs.add(pair);
    }
    System.out.println("   p99* = p99 from each message's scheduled send time; lost = undelivered after the drain"
        + " + failed sends");
    System.out.printf(Locale.ROOT, "   side by side (attach = 1 in %d messages carries one image of the group):%n",
        every);
    System.out.println("   rate  messages  sent/s | delivered-to-all p50    p99   p99* | lost | server CPU/msg ms"
        + "  SQL/msg | others %");
    for (StepResult[] pair : pairs) {
      for (StepResult r : pair) {
        System.out.printf(Locale.ROOT, "   %4d  %-8s %7.0f |            %s %s %s | %4d | %17.2f %8.1f | %8.0f%n",
            r.rate(), r.label(), r.achievedRate(), ms(r.p(r.all(), 50)), ms(r.p(r.all(), 99)),
            ms(r.p(r.allScheduled(), 99)), r.undelivered() + r.failedSends(), r.server().cpuMillisPerMessage(),
            r.server().sqlPerMessage(), r.cpu().othersPct(CORES));
      }
      summary.info(String.format(Locale.ROOT, "fan-out %,d msg/s, text only: delivered-to-all p50 / p99, CPU/msg",
          pair[0].rate()), line(pair[0]));
      summary.info(String.format(Locale.ROOT, "  1 in %d messages with an image", every), line(pair[1]));
    }
    if (!disturbed.isEmpty()) {
      summary.note(String.format(Locale.ROOT,
          "fan-out with attachments: other processes used over %.0f%% CPU during steps at %s msg/s; those"
              + " figures are pessimistic",
          DISTURBED_PCT, disturbed));
    }
  }

  private static String line(StepResult r) {
    return String.format(Locale.ROOT, "%.1f / %.1f ms, %.2f ms server CPU per message (%.0f msg/s sent, %d lost)",
        r.p(r.all(), 50), r.p(r.all(), 99), r.server().cpuMillisPerMessage(), r.achievedRate(),
        r.undelivered() + r.failedSends());
  }

  /**
   * One image per group, uploaded through tus by the group's first member, who then sends it once
   * over HTTP so that every member may attach it too (an id the sender "can already see"). The
   * same ids are attached again and again during the steps: the message path, not the upload, is
   * what is measured.
   */
  private List<String> seedImages(Api api, List<Api.Session> sessions, List<String> groupIds) throws Exception {
    Buffer image = Buffer.buffer(jpeg(640, 480));
    long t0 = System.nanoTime();
    List<String> ids = Api.limited(groupIds.size(), 2, g -> {
      Api.Session owner = sessions.get(g * options.groupSize());
      return api.uploadTus(owner, "bench-" + g + ".jpg", "image/jpeg", image)
          .compose(id -> api.call(HttpMethod.POST, "/api/conversations/" + groupIds.get(g) + "/messages", owner,
              new JsonObject().put("clientId", "seed-" + g).put("text", "the bench's image")
                  .put("attachmentIds", new JsonArray().add(id)),
              201).map(r -> id));
    });
    System.out.printf(Locale.ROOT,
        "   %d images of %,d bytes (640x480 JPEG) uploaded through tus and sent once, one per group, in %.1f s%n",
        ids.size(), image.length(), (System.nanoTime() - t0) / 1e9);
    return ids;
  }

  /** A photo-like JPEG: gradients and noise, so that it is neither trivial nor huge. */
  static byte[] jpeg(int width, int height) throws java.io.IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(16);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int n = random.nextInt(24);
        img.setRGB(x, y, ((x * 255 / width + n) & 0xff) << 16 | ((y * 255 / height + n) & 0xff) << 8
            | ((x + y) * 127 / (width + height) + n) & 0xff);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", out);
    return out.toByteArray();
  }

  private Future<Void> connectAll(WebSocketClient client, Api api, List<Api.Session> sessions, List<String> groupIds,
      List<String> imageIds) throws Exception {
    return onLoop(() -> {
      allReady = Promise.promise();
      conns = new Conn[sessions.size()];
      String text = text(options.textLength());
      for (int i = 0; i < sessions.size(); i++) {
        Conn c = new Conn(i, i / options.groupSize());
        conns[i] = c;
        c.prefix = "{\"type\":\"send\",\"conversationId\":\"" + groupIds.get(c.group) + "\",\"clientId\":\"m";
        c.suffix = "\",\"text\":\"" + text + "\"}";
        if (imageIds != null) {
          c.attachSuffix = "\",\"text\":\"" + text + "\",\"attachmentIds\":[\"" + imageIds.get(c.group) + "\"]}";
        }
        api.openLive(client, sessions.get(i), handshakeRetries, 0).onSuccess(w -> {
          c.ws = w;
          w.textMessageHandler(s -> onText(c, s));
          w.closeHandler(v -> onClose(c));
          w.exceptionHandler(e -> {});
          w.writeTextMessage("{\"type\":\"resume\",\"cursors\":{}}");
        }).onFailure(allReady::tryFail);
      }
      return allReady.future();
    });
  }

  private StepResult runStep(ServerProcess server, Api api, String label, int rate, int seconds, int attachEvery)
      throws Exception {
    // A step starts when the previous one is over: nothing received for 0.5 s (an overloaded step
    // leaves a backlog in the server that keeps arriving after the drain gave up on it).
    long until = System.nanoTime() + RECOVER.toNanos();
    while (System.nanoTime() < until && onLoop(() -> System.nanoTime() - lastFrameAt) < 500_000_000L) {
      Thread.sleep(50);
    }
    Map<String, Double> m0 = api.metrics().await(30, TimeUnit.SECONDS);
    Map<String, Long> t0 = server.threadCpuNanos();
    CpuMeter.Reading r0 = cpu.read(server);
    Step s = onLoop(() -> start(label, rate, seconds, attachEvery));
    s.allSent.future().await(seconds + 60L, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (System.nanoTime() < deadline && onLoop(() -> outstandingDeliveries + outstandingAcks) > 0) {
      Thread.sleep(10);
    }
    CpuMeter.Reading r1 = cpu.read(server);
    Map<String, Long> t1 = server.threadCpuNanos();
    Map<String, Double> m1 = api.metrics().await(30, TimeUnit.SECONDS);
    String threads = ServerProcess.cpuShares(t0, t1, r1.wallNanos() - r0.wallNanos());
    return onLoop(() -> finish(CpuMeter.between(r0, r1), m0, m1, threads));
  }

  // ---- on the event loop ----

  private Step start(String label, int rate, int seconds, int attachEvery) {
    stats = new Stats();
    Step s = new Step(label, rate, seconds, nextN, attachEvery);
    step = s;
    s.start = System.nanoTime();
    tick(s);
    s.timer = vertx.setPeriodic(1, id -> tick(s));
    return s;
  }

  private void tick(Step s) {
    long now = System.nanoTime();
    long due = Math.min(s.total, (long) ((now - s.start) * (double) s.rate / 1e9) + 1);
    while (s.sent < due) {
      send(s.start + (long) (s.sent * 1e9 / s.rate), s.attachEvery > 0 && s.sent % s.attachEvery == 0);
      s.sent++;
    }
    if (s.sent >= s.total && !s.allSent.future().isComplete()) {
      vertx.cancelTimer(s.timer);
      s.lastSendAt = now;
      s.allSent.complete();
    }
  }

  private void send(long intended, boolean withAttachment) {
    long n = nextN++;
    int slot = (int) (n & MASK);
    Conn c = conns[(int) (n % conns.length)];
    if (c.closed) {
      stats.sendsOnClosed++;
      return;
    }
    if (owner[slot] >= 0 && (remaining[slot] > 0 || ackPending[slot])) {
      forget(slot);
    }
    owner[slot] = n;
    remaining[slot] = options.groupSize();
    ackPending[slot] = true;
    intendedAt[slot] = intended;
    outstandingDeliveries++;
    outstandingAcks++;
    stats.sent++;
    sentAt[slot] = System.nanoTime();
    try {
      if (c.ws.writeQueueFull()) {
        stats.writeQueueFull++;
      }
      c.ws.writeTextMessage(c.prefix + n + (withAttachment && c.attachSuffix != null ? c.attachSuffix : c.suffix));
    } catch (IllegalStateException closedMeanwhile) {
      onClose(c);
      stats.sendsOnClosed++;
      forget(slot);
    }
  }

  private void onText(Conn c, String s) {
    long now = System.nanoTime();
    lastFrameAt = now;
    if (s.startsWith(MESSAGE)) {
      long seq = number(s, SEQ);
      if (c.lastSeq >= 0 && seq != c.lastSeq + 1) {
        if (seq <= c.lastSeq) {
          stats.seqDuplicates++;
        } else {
          stats.seqGaps++;
        }
      }
      c.lastSeq = Math.max(c.lastSeq, seq);
      long n = number(s, CLIENT_ID);
      if (n >= 0) {
        receipt(n, now);
      }
    } else if (s.startsWith(SENT)) {
      long n = number(s, CLIENT_ID);
      if (n >= 0) {
        ack(n, now);
      }
    } else if (s.startsWith(ERROR)) {
      int status = (int) number(s, "\"status\":");
      stats.errors.merge(status, 1, Integer::sum);
      long n = number(s, CLIENT_ID);
      int slot = (int) (n & MASK);
      if (n >= 0 && owner[slot] == n) {
        stats.failedSends++;
        forget(slot);
      }
    } else if (s.startsWith(READY)) {
      if (!c.ready) {
        c.ready = true;
        if (++readyCount == conns.length) {
          allReady.tryComplete();
        }
      }
    }
  }

  private void receipt(long n, long now) {
    int slot = (int) (n & MASK);
    if (owner[slot] != n) {
      stats.stale++;
      return;
    }
    if (remaining[slot] <= 0) {
      stats.duplicates++;
      return;
    }
    boolean mine = n >= step.firstN;
    long latency = now - sentAt[slot];
    if (mine) {
      stats.receipt.recordValue(micros(latency));
    } else {
      stats.lateFromEarlier++;
    }
    if (--remaining[slot] == 0) {
      outstandingDeliveries--;
      if (mine) {
        stats.delivered++;
        stats.all.recordValue(micros(latency));
        stats.allScheduled.recordValue(micros(now - intendedAt[slot]));
      }
    }
  }

  private void ack(long n, long now) {
    int slot = (int) (n & MASK);
    if (owner[slot] != n || !ackPending[slot]) {
      stats.stale++;
      return;
    }
    ackPending[slot] = false;
    outstandingAcks--;
    if (n >= step.firstN) {
      stats.acked++;
      stats.ack.recordValue(micros(now - sentAt[slot]));
    }
  }

  /** Stops tracking a message (failed, or given up on). */
  private void forget(int slot) {
    if (remaining[slot] > 0) {
      remaining[slot] = 0;
      outstandingDeliveries--;
    }
    if (ackPending[slot]) {
      ackPending[slot] = false;
      outstandingAcks--;
    }
  }

  private void onClose(Conn c) {
    if (!c.closed) {
      c.closed = true;
      Short code = c.ws.closeStatusCode();
      stats.closes.merge(code == null ? -1 : (int) code, 1, Integer::sum);
    }
  }

  private StepResult finish(CpuMeter.Usage usage, Map<String, Double> m0, Map<String, Double> m1, String threads) {
    Step s = step;
    long undelivered = 0;
    long unacked = 0;
    for (long n = s.firstN; n < nextN; n++) {
      int slot = (int) (n & MASK);
      if (owner[slot] == n) {
        undelivered += remaining[slot] > 0 ? 1 : 0;
        unacked += ackPending[slot] ? 1 : 0;
        forget(slot);
        owner[slot] = -1; // anything of it that still arrives counts as stale, not as this step's
      }
    }
    double window = Math.max(1, s.lastSendAt - s.start) / 1e9;
    Stats st = stats;
    return new StepResult(s.label, s.rate, window, st.sent / window, st.all.copy(), st.allScheduled.copy(),
        st.receipt.copy(), st.ack.copy(), st.sent, st.delivered, undelivered, unacked,
        st.failedSends + st.sendsOnClosed,
        Map.copyOf(st.errors), Map.copyOf(st.closes), st.seqGaps, st.seqDuplicates, st.duplicates,
        st.lateFromEarlier + st.stale, st.writeQueueFull, usage,
        ServerMetrics.between(m0, m1, st.sent - st.failedSends - st.sendsOnClosed), threads);
  }

  // ---- output ----

  private void header() {
    System.out
        .println("   step       target  sent/s |  delivered-to-all, ms                   | per receipt  | send->sent"
            + "    |  lost | CPU % of " + CORES * 100 + "                | GC ms");
    System.out
        .println("                             |    p50     p99   p99.9     max    p99* |   p50    p99 |   p50    p99 |"
            + "       | server driver(loop) other idle | srv drv");
  }

  private static void print(StepResult r, boolean warmup) {
    System.out.printf(Locale.ROOT,
        "   %-9s %6d %7.0f | %s %s %s %s %s | %s %s | %s %s | %5d | %6.0f %6.0f(%3.0f) %5.0f %4.0f"
            + " | %3.0f %3.0f%n",
        r.label(), r.rate(), r.achievedRate(), ms(r.p(r.all(), 50)), ms(r.p(r.all(), 99)), ms(r.p(r.all(), 99.9)),
        ms(r.all().getTotalCount() == 0 ? Double.NaN : r.all().getMaxValue() / 1000.0), ms(r.p(r.allScheduled(), 99)),
        ms(r.p(r.receipt(), 50)).substring(1), ms(r.p(r.receipt(), 99)).substring(1), ms(r.p(r.ack(), 50)).substring(1),
        ms(r.p(r.ack(), 99)).substring(1), r.undelivered() + r.failedSends(), r.cpu().serverPct(), r.cpu().driverPct(),
        r.cpu().loopPct(), r.cpu().othersPct(CORES), r.cpu().idlePct() * CORES, r.server().gcMillis(),
        (double) r.cpu().driverGcMillis());
    System.out.println("     " + r.server().describe());
    System.out.println("     server CPU by thread (% of one core): " + r.serverThreads());
    if (!r.errors().isEmpty() || !r.closes().isEmpty() || r.seqGaps() > 0 || r.seqBackwards() > 0
        || r.duplicates() > 0) {
      System.out.printf(Locale.ROOT,
          "     errors by status %s, closes by code %s; per connection, seq jumped forward %d and back %d"
              + " times; %d duplicates%n",
          r.errors(), r.closes(), r.seqGaps(), r.seqBackwards(), r.duplicates());
    }
    if (r.lateOrStale() > 0 || r.writeQueueFull() > 0) {
      System.out.printf(Locale.ROOT,
          "     %d frames of messages of an earlier step arrived during this one; %d sends found the"
              + " driver's socket write queue full%n",
          r.lateOrStale(), r.writeQueueFull());
    }
  }

  /** Milliseconds in 7 characters. */
  private static String ms(double v) {
    return String.format(Locale.ROOT, v >= 999.95 ? "%7.0f" : "%7.1f", v);
  }

  private void report(StepResult headline, int highestOk, StepResult firstFail) {
    if (!disturbed.isEmpty()) {
      summary.note(String.format(Locale.ROOT,
          "fan-out: other processes used over %.0f%% CPU during the steps at %s msg/s even after"
              + " repeating them; those figures are pessimistic",
          DISTURBED_PCT, disturbed));
    }
    System.out.println("   p99* = p99 from each message's scheduled send time (open-loop schedule, corrects for"
        + " coordinated omission); lost = undelivered after the drain + failed sends");
    String rate = String.format(Locale.ROOT, "%,d msg/s", options.headlineRate());
    if (headline != null) {
      summary.atMost("fan-out " + rate + ": delivered-to-all p99", headline.p(headline.all(), 99), 20, "ms");
      summary.info("  delivered-to-all p50 / p99.9 / max", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms",
          headline.p(headline.all(), 50), headline.p(headline.all(), 99.9), headline.all().getMaxValue() / 1000.0));
      summary.info("  per-receipt p50 / p99",
          String.format(Locale.ROOT, "%.1f / %.1f ms", headline.p(headline.receipt(), 50),
              headline.p(headline.receipt(), 99)));
      summary.info("  send -> \"sent\" ack p50 / p99",
          String.format(Locale.ROOT, "%.1f / %.1f ms", headline.p(headline.ack(), 50),
              headline.p(headline.ack(), 99)));
      summary.info("  achieved send rate", String.format(Locale.ROOT, "%.0f msg/s (%d sent, %d delivered to all)",
          headline.achievedRate(), headline.sent(), headline.delivered()));
      summary.info("  errors / disconnects / lost",
          String.format(Locale.ROOT, "%s / %s / %d", headline.errors(), headline.closes(),
              headline.undelivered() + headline.failedSends()));
      summary.info("  CPU during it", headline.cpu().describe(Runtime.getRuntime().availableProcessors()));
      summary.info("  server CPU per message",
          String.format(Locale.ROOT, "%.2f ms (%.1f SQL statements, %.1f worker tasks)",
              headline.server().cpuMillisPerMessage(), headline.server().sqlPerMessage(),
              headline.server().workerTasksPerMessage()));
    } else {
      summary.atMost("fan-out " + rate + ": delivered-to-all p99", Double.NaN, 20, "ms");
    }
    String limit = String.format(Locale.ROOT, "p99 < %.0f ms", options.p99LimitMs());
    if (highestOk < 0) {
      summary.info("highest rate with delivered-to-all " + limit,
          "none of the steps (" + (firstFail == null ? "?" : firstFail.failure(options.p99LimitMs())) + ")");
    } else {
      summary.info("highest rate with delivered-to-all " + limit, String.format(Locale.ROOT, "%,d msg/s", highestOk)
          + (firstFail == null
              ? " (the highest step tried)"
              : String.format(Locale.ROOT, " (next step %,d msg/s: %s)", firstFail.rate(),
                  firstFail.failure(options.p99LimitMs()))));
    }
  }

  // ---- helpers ----

  private <T> T onLoop(Callable<T> task) throws Exception {
    Promise<T> p = Promise.promise();
    loop.runOnContext(v -> {
      try {
        p.complete(task.call());
      } catch (Throwable e) {
        p.fail(e);
      }
    });
    return p.future().await(60, TimeUnit.SECONDS);
  }

  /** The non-negative integer after {@code key} in {@code s}, or -1. */
  static long number(String s, String key) {
    int i = s.indexOf(key);
    if (i < 0) {
      return -1;
    }
    i += key.length();
    long v = 0;
    int start = i;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        break;
      }
      v = v * 10 + (ch - '0');
      i++;
    }
    return i == start ? -1 : v;
  }

  static String text(int length) {
    String words = "fan-out benchmark message with an ordinary chat line of text in it ";
    StringBuilder b = new StringBuilder(length);
    while (b.length() < length) {
      b.append(words);
    }
    return b.substring(0, length);
  }

  private static long micros(long nanos) {
    return Math.max(0, Math.min(HIGHEST_MICROS, nanos / 1000));
  }

  private static Histogram histogram() {
    return new Histogram(HIGHEST_MICROS, 3);
  }
}
