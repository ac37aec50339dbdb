package dev.parley.bench.money;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The load generator: {@code POST /api/payments} from a random wallet to another random one, each
 * with its own idempotency key, over keep-alive connections; closed-loop (a fixed number in flight,
 * each answer sends the next) or open-loop (sends at fixed times whatever the answers; latency from
 * the scheduled send time, so a stalled server cannot hide its stall by holding the sender back).
 * All state of a phase lives on the one event-loop thread of {@code vertx}: no locks.
 */
final class Payments {

  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(300);

  /** A wallet's owner: their id and the headers of their session. */
  record Wallet(String userId, MultiMap headers) {
  }

  /**
   * What one phase measured: {@code latency} in microseconds (service time closed-loop, from the
   * scheduled send open-loop); {@code statuses} counts the answers of the measured window.
   */
  record Result(String mode, double seconds, long sent, long ok, long notOk, long failed, Map<Integer, Long> statuses,
      Histogram latency, long maxSendLagMicros) {
    double throughput() {
      return ok / seconds;
    }

    double ms(double percentile) {
      return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMs() {
      return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
    }
  }

  private final Vertx vertx;
  private final Context loop;
  private final HttpClientOptions clientOptions;
  private final PoolOptions pool;
  private final List<Wallet> wallets;
  private final SplittableRandom random = new SplittableRandom(7);
  /** Every payment the server confirmed (201), in any phase, measured or not: the ledger must hold them all. */
  private long confirmedEver;
  /** Every payment sent that got no answer at all (its fate is unknown to the driver). */
  private long unansweredEver;
  private long sequence;

  Payments(Vertx vertx, String host, int port, int connections, List<Wallet> wallets) {
    this.vertx = vertx;
    this.loop = vertx.getOrCreateContext();
    this.clientOptions = new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true)
        .setTcpNoDelay(true);
    this.pool = new PoolOptions().setHttp1MaxSize(connections);
    this.wallets = List.copyOf(wallets);
  }

  Thread loopThread() throws InterruptedException, TimeoutException {
    Promise<Thread> t = Promise.promise();
    loop.runOnContext(v -> t.complete(Thread.currentThread()));
    return t.future().await(10, TimeUnit.SECONDS);
  }

  /** {confirmed, unanswered} payments over every phase so far. */
  long[] totals() throws InterruptedException, TimeoutException {
    Promise<long[]> t = Promise.promise();
    loop.runOnContext(v -> t.complete(new long[] {confirmedEver, unansweredEver}));
    return t.future().await(10, TimeUnit.SECONDS);
  }

  /** Keeps {@code inFlight} payments going for {@code seconds}; counts the answers within that time. */
  Result closed(String phase, int inFlight, int seconds) throws InterruptedException, TimeoutException {
    Promise<Result> done = Promise.promise();
    loop.runOnContext(v -> new Closed(phase, inFlight, seconds, done).start());
    return done.future().await(seconds + 120L, TimeUnit.SECONDS);
  }

  /** Sends {@code rate} payments a second for {@code leadIn + seconds}; measures the last {@code seconds}. */
  Result open(String phase, int rate, int leadIn, int seconds, int drainSeconds)
      throws InterruptedException, TimeoutException {
    Promise<Result> done = Promise.promise();
    loop.runOnContext(v -> new Open(phase, rate, leadIn, seconds, drainSeconds, done).start());
    return done.future().await(leadIn + seconds + drainSeconds + 60L, TimeUnit.SECONDS);
  }

  /** One payment between a random pair of wallets, 0.01 to 1.00 EUR, under a key of its own. */
  private Future<Integer> pay(HttpClient client, String phase) {
    int from = random.nextInt(wallets.size());
    int to = (from + 1 + random.nextInt(wallets.size() - 1)) % wallets.size();
    long cents = 1 + random.nextInt(100);
    Buffer body = new JsonObject().put("toAccountId", wallets.get(to).userId()).put("currency", "EUR")
        .put("amount", String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100))
        .put("idempotencyKey", "bench-" + phase + "-" + (sequence++)).toBuffer();
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/payments")
        .setHeaders(wallets.get(from).headers()).setIdleTimeout(60_000);
    return client.request(request).compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .andThen(ar -> {
          if (ar.failed()) {
            unansweredEver++;
          } else if (ar.result() == 201) {
            confirmedEver++;
          }
        });
  }

  /** What a phase collects, on the loop thread. */
  private static final class Tally {
    final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    final Map<Integer, Long> statuses = new TreeMap<>();
    long sent;
    long ok;
    long notOk;
    long failed;
    long maxSendLag;

    void answer(int status, long micros) {
      statuses.merge(status, 1L, Long::sum);
      latency.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, micros)));
      if (status == 201) {
        ok++;
      } else {
        notOk++;
      }
    }

    Result result(String mode, double seconds) {
      return new Result(mode, seconds, sent, ok, notOk, failed, Map.copyOf(statuses), latency, maxSendLag);
    }
  }

  private final class Closed {
    private final String phase;
    private final int inFlight;
    private final Promise<Result> done;
    private final HttpClient client = vertx.createHttpClient(clientOptions, pool);
    private final Tally tally = new Tally();
    private final long start = System.nanoTime();
    private final long end;
    private int outstanding;
    private boolean over;

    Closed(String phase, int inFlight, int seconds, Promise<Result> done) {
      this.phase = phase;
      this.inFlight = inFlight;
      this.end = start + TimeUnit.SECONDS.toNanos(seconds);
      this.done = done;
    }

    void start() {
      for (int i = 0; i < inFlight; i++) {
        next();
      }
    }

    private void next() {
      long sentAt = System.nanoTime();
      if (sentAt >= end) {
        if (outstanding == 0 && !over) {
          over = true;
          Result r = tally.result("closed-loop, " + inFlight + " in flight", (end - start) / 1e9);
          client.close().onComplete(x -> done.complete(r));
        }
        return;
      }
      outstanding++;
      tally.sent++;
      pay(client, phase).onComplete(r -> {
        outstanding--;
        long now = System.nanoTime();
        if (now <= end) { // answers after the end are not counted in the window
          if (r.succeeded()) {
            tally.answer(r.result(), (now - sentAt) / 1000);
          } else {
            tally.failed++;
          }
        }
        next();
      });
    }
  }

  private final class Open {
    private final String phase;
    private final int rate;
    private final int seconds;
    private final int drainSeconds;
    private final Promise<Result> done;
    private final HttpClient client = vertx.createHttpClient(clientOptions, pool);
    private final Tally tally = new Tally();
    private final long start = System.nanoTime();
    private final long total;
    private final long firstMeasured;
    private long n;
    private long outstanding;
    private long timer;
    private long drainTimer = -1;
    private long lastAnswer;
    private boolean over;

    Open(String phase, int rate, int leadIn, int seconds, int drainSeconds, Promise<Result> done) {
      this.phase = phase;
      this.rate = rate;
      this.seconds = seconds;
      this.drainSeconds = drainSeconds;
      this.done = done;
      this.firstMeasured = (long) leadIn * rate;
      this.total = (long) (leadIn + seconds) * rate;
    }

    void start() {
      tick();
      timer = vertx.setPeriodic(1, id -> tick());
    }

    private void tick() {
      long now = System.nanoTime();
      long due = Math.min(total, (long) ((now - start) * (double) rate / 1e9) + 1);
      while (n < due) {
        long intended = start + (long) (n * 1e9 / rate);
        send(n++, intended);
      }
      if (n >= total && drainTimer < 0) {
        vertx.cancelTimer(timer);
        drainTimer = vertx.setTimer(TimeUnit.SECONDS.toMillis(drainSeconds), id -> finish());
        if (outstanding == 0) {
          finish();
        }
      }
    }

    private void send(long i, long intended) {
      boolean measured = i >= firstMeasured;
      if (measured) {
        tally.sent++;
        tally.maxSendLag = Math.max(tally.maxSendLag, (System.nanoTime() - intended) / 1000);
        outstanding++;
      }
      pay(client, phase).onComplete(r -> {
        if (!measured || over) {
          return;
        }
        outstanding--;
        long now = System.nanoTime();
        lastAnswer = now;
        if (r.succeeded()) {
          tally.answer(r.result(), (now - intended) / 1000);
        } else {
          tally.failed++;
        }
        if (n >= total && outstanding == 0) {
          finish();
        }
      });
    }

    private void finish() {
      if (over) {
        return;
      }
      over = true;
      if (drainTimer >= 0) {
        vertx.cancelTimer(drainTimer);
      }
      tally.failed += outstanding; // never answered within the drain
      long measuredFrom = start + (long) (firstMeasured * 1e9 / rate);
      double window = Math.max(seconds, (lastAnswer - measuredFrom) / 1e9);
      Result r = tally.result("open-loop " + rate + "/s", window);
      client.close().onComplete(x -> done.complete(r));
    }
  }
}
