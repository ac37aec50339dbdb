package dev.parley.bench.soak;

import dev.parley.bench.driver.Api;
import dev.parley.bench.driver.ServerProcess;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The mixed load of a wave, open-loop: every 10 ms each kind of call sends what its rate owes
 * (a kind with too many calls unanswered skips its turn, counted), through its own HTTP client.
 * Latency is from the send to the answer; each kind keeps its answers' statuses.
 */
final class SoakLoad {

  /** The kinds of calls; hostile ones are the app's misbehaving commands, judged by their answers only. */
  enum Kind {
    CHAT("chat message", 201), COMMAND("/ping command", 200), PAYMENT("payment", 201), UPLOAD("media upload", 201),
    HOSTILE("hostile command", -1);

    final String label;
    final int ok;

    Kind(String label, int ok) {
      this.label = label;
      this.ok = ok;
    }
  }

  private static final int MAX_IN_FLIGHT = 256;
  private static final List<String> HOSTILE = List.of("/burn", "/alloc", "/deep");

  /** What one kind did since the last look. */
  static final class Stats {
    final Recorder latency = new Recorder(3);
    final AtomicInteger inFlight = new AtomicInteger();
    final LongAdder skipped = new LongAdder();
    final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    final AtomicLong failed = new AtomicLong();

    String statusesText() {
      Map<Integer, Long> sorted = new TreeMap<>();
      statuses.forEach((k, v) -> sorted.put(k, v.sum()));
      return sorted.toString();
    }
  }

  private final Vertx vertx;
  private final WebClient web;
  private final SoakSetup.Ready ready;
  private final SoakOptions options;
  private final Map<Kind, Stats> stats = new EnumMap<>(Kind.class);
  private final Map<Kind, Double> owed = new EnumMap<>(Kind.class);
  private final byte[] wav;
  private long timer = -1;

  SoakLoad(Vertx vertx, int port, SoakSetup.Ready ready, SoakOptions options) {
    this.vertx = vertx;
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(ServerProcess.HOST).setDefaultPort(port)
        .setKeepAlive(true).setUserAgent("parley-bench-soak"), new PoolOptions().setHttp1MaxSize(64));
    this.ready = ready;
    this.options = options;
    for (Kind k : Kind.values()) {
      stats.put(k, new Stats());
      owed.put(k, 0.0);
    }
    this.wav = new byte[options.uploadKib() * 1024];
  }

  Stats stats(Kind kind) {
    return stats.get(kind);
  }

  private int rate(Kind kind) {
    return switch (kind) {
      case CHAT -> options.chatRate();
      case COMMAND -> options.commandRate();
      case PAYMENT -> options.paymentRate();
      case UPLOAD -> options.uploadRate();
      case HOSTILE -> options.hostileRate() * HOSTILE.size();
    };
  }

  void start() {
    vertx.runOnContext(v -> timer = vertx.setPeriodic(10, t -> tick()));
  }

  void stop() {
    vertx.runOnContext(v -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    });
  }

  private void tick() {
    for (Kind k : Kind.values()) {
      double due = owed.get(k) + rate(k) / 100.0;
      while (due >= 1) {
        due -= 1;
        Stats s = stats.get(k);
        if (s.inFlight.get() >= (k == Kind.HOSTILE ? 32 : MAX_IN_FLIGHT)) {
          s.skipped.increment();
          continue;
        }
        send(k, s);
      }
      owed.put(k, due);
    }
  }

  private void send(Kind kind, Stats s) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<Api.Session> users = ready.users();
    Api.Session me = users.get(random.nextInt(users.size()));
    String conversation = "/api/conversations/" + ready.conversationId();
    HttpRequest<Buffer> request;
    Buffer body;
    String type = "application/json";
    switch (kind) {
      case CHAT -> {
        request = web.request(HttpMethod.POST, conversation + "/messages");
        body = new JsonObject().put("clientId", UUID.randomUUID().toString()).put("text", "soak " + random.nextLong())
            .toBuffer();
      }
      case COMMAND -> {
        request = web.request(HttpMethod.POST, conversation + "/commands");
        body = new JsonObject().put("text", "/ping soak").toBuffer();
      }
      case HOSTILE -> {
        request = web.request(HttpMethod.POST, conversation + "/commands");
        body = new JsonObject().put("text", HOSTILE.get(random.nextInt(HOSTILE.size()))).toBuffer();
      }
      case PAYMENT -> {
        Api.Session to = users.get(random.nextInt(users.size()));
        while (to == me) {
          to = users.get(random.nextInt(users.size()));
        }
        request = web.request(HttpMethod.POST, "/api/payments");
        body = new JsonObject().put("toAccountId", to.accountId()).put("currency", "EUR").put("amount", "0.01")
            .put("idempotencyKey", UUID.randomUUID().toString()).toBuffer();
      }
      case UPLOAD -> {
        request = web.request(HttpMethod.POST, conversation + "/apps/" + SoakSetup.GOOD_APP + "/media")
            .addQueryParam("name", "noise.wav");
        body = Buffer.buffer(noiseWav(random));
        type = "audio/wav";
      }
      default -> throw new IllegalStateException();
    }
    MultiMap headers = request.headers();
    me.authenticate(headers);
    headers.set("Content-Type", type);
    long t0 = System.nanoTime();
    s.inFlight.incrementAndGet();
    request.sendBuffer(body).onComplete(ar -> {
      s.inFlight.decrementAndGet();
      if (ar.failed()) {
        s.failed.incrementAndGet();
        return;
      }
      int status = ar.result().statusCode();
      s.statuses.computeIfAbsent(status, x -> new LongAdder()).increment();
      if (kind.ok < 0 || status == kind.ok) {
        s.latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
      }
    });
  }

  /** A WAV file (PCM, 8 kHz, 16-bit mono) of fresh noise: each upload is new content. */
  private byte[] noiseWav(ThreadLocalRandom random) {
    random.nextBytes(wav);
    ByteBuffer h = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(wav.length - 8)
        .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
        .putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(wav.length - 44);
    return wav.clone();
  }

  /** The p99 of each kind since the last call, in ms ("-" without answers), and how many answers. */
  static String p99(Histogram h) {
    return h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", h.getValueAtPercentile(99) / 1000.0);
  }

  void close() {
    web.close();
  }
}
