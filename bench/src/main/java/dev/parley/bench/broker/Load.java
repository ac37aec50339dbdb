package dev.parley.bench.broker;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The load generator: HTTP/1.1 calls of one {@link Target} over a pool of keep-alive connections,
 * either closed-loop (a fixed number in flight, each answer sends the next) or open-loop (sends
 * at fixed times, whatever the answers; latency counts from the scheduled time, so a stalled server
 * cannot hide its stall by holding the sender back).
 *
 * <p>All of a phase's state lives on the one event-loop thread of {@code vertx}: no locks. Each
 * phase has its own connections, closed at its end: an open-loop phase above the server's capacity
 * leaves calls waiting for a connection, and closing drops them instead of loading the next phase.
 */
final class Load {

  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(300);
  private static final int IDLE_TIMEOUT_MILLIS = 60_000;

  /**
   * One kind of call: {@code method uri}, with the headers of one of the callers (taken round-robin)
   * and {@code body} (empty for none). {@code ok} says whether an answer counts as a success.
   */
  record Target(String name, HttpMethod method, String uri, List<MultiMap> callers, Buffer body, Ok ok) {
    Target {
      callers = List.copyOf(callers);
      if (callers.isEmpty()) {
        throw new IllegalArgumentException("a target needs at least one caller");
      }
    }
  }

  /** Whether an answer (status and body) is the success the target expects. */
  interface Ok {
    boolean test(int status, Buffer body);
  }

  /**
   * What one phase measured. {@code latency} in microseconds: service time (send to answer) for
   * closed-loop phases, from the scheduled send time for open-loop ones. {@code statuses} counts
   * every answer of the measured window by HTTP status; {@code failed} counts calls without one
   * (connection errors, timeouts, and for open-loop phases calls still unanswered at the end).
   */
  record Result(String target, String mode, double seconds, long sent, long ok, long notOk, long failed,
      Map<Integer, Long> statuses, Histogram latency, long maxSendLagMicros) {
    /**
     * Successful answers per second of the measured window; for an open-loop phase the window
     * lasts until its last answer, so a server that falls behind shows its real rate.
     */
    double throughput() {
      return ok / seconds;
    }

    double ms(double percentile) {
      return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMs() {
      return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
    }

    long status(int code) {
      return statuses.getOrDefault(code, 0L);
    }
  }

  private final Vertx vertx;
  private final Context loop;
  private final HttpClientOptions clientOptions;
  private final PoolOptions pool;

  Load(Vertx vertx, String host, int port, int connections) {
    this.vertx = vertx;
    this.loop = vertx.getOrCreateContext();
    this.clientOptions = new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true)
        .setTcpNoDelay(true);
    this.pool = new PoolOptions().setHttp1MaxSize(connections);
  }

  Thread loopThread() throws InterruptedException, TimeoutException {
    Promise<Thread> t = Promise.promise();
    loop.runOnContext(v -> t.complete(Thread.currentThread()));
    return t.future().await(10, TimeUnit.SECONDS);
  }

  /** Keeps {@code inFlight} calls going for {@code seconds}; counts the answers that arrive within that time. */
  Result closed(Target target, int inFlight, int seconds) throws InterruptedException, TimeoutException {
    Promise<Result> done = Promise.promise();
    loop.runOnContext(v -> new Closed(target, inFlight, seconds, done).start());
    return done.future().await(seconds + 120L, TimeUnit.SECONDS);
  }

  /**
   * Sends {@code rate} calls a second for {@code leadIn + seconds} seconds; measures those scheduled
   * in the last {@code seconds}, and waits up to {@code drainSeconds} for their answers.
   */
  Result open(Target target, int rate, int leadIn, int seconds, int drainSeconds)
      throws InterruptedException, TimeoutException {
    Promise<Result> done = Promise.promise();
    loop.runOnContext(v -> new Open(target, rate, leadIn, seconds, drainSeconds, done).start());
    return done.future().await(leadIn + seconds + drainSeconds + 60L, TimeUnit.SECONDS);
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

    void answer(int status, boolean isOk, long micros) {
      statuses.merge(status, 1L, Long::sum);
      latency.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, micros)));
      if (isOk) {
        ok++;
      } else {
        notOk++;
      }
    }

    Result result(Target target, String mode, double seconds) {
      return new Result(target.name(), mode, seconds, sent, ok, notOk, failed, Map.copyOf(statuses), latency,
          maxSendLag);
    }
  }

  /** Completes {@code done} with {@code result} once the phase's connections are closed. */
  private static void close(HttpClient client, Promise<Result> done, Result result) {
    client.close().onComplete(x -> done.complete(result));
  }

  private static Future<Answer> call(HttpClient client, Target target, long n) {
    RequestOptions request = new RequestOptions().setMethod(target.method()).setURI(target.uri())
        .setHeaders(target.callers().get((int) (n % target.callers().size()))).setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    return client.request(request)
        .compose(req -> target.body().length() == 0 ? req.send() : req.send(target.body()))
        .compose(
            resp -> resp.body().map(body -> new Answer(resp.statusCode(), target.ok().test(resp.statusCode(), body))));
  }

  private record Answer(int status, boolean ok) {
  }

  private final class Closed {
    private final Target target;
    private final int inFlight;
    private final Promise<Result> done;
    private final HttpClient client = vertx.createHttpClient(clientOptions, pool);
    private final Tally tally = new Tally();
    private final long start = System.nanoTime();
    private final long end;
    private boolean over;
    private long n;
    private int outstanding;

    Closed(Target target, int inFlight, int seconds, Promise<Result> done) {
      this.target = target;
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
          close(client, done, tally.result(target, "closed-loop", (end - start) / 1e9));
        }
        return;
      }
      outstanding++;
      tally.sent++;
      call(client, target, n++).onComplete(r -> {
        outstanding--;
        long now = System.nanoTime();
        if (now <= end) { // answers after the end are not counted: the window is the same for every target
          if (r.succeeded()) {
            tally.answer(r.result().status(), r.result().ok(), (now - sentAt) / 1000);
          } else {
            tally.failed++;
          }
        }
        next();
      });
    }
  }

  private final class Open {
    private final Target target;
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

    Open(Target target, int rate, int leadIn, int seconds, int drainSeconds, Promise<Result> done) {
      this.target = target;
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
      if (n >= total) {
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
      call(client, target, i).onComplete(r -> {
        if (!measured || over) {
          return;
        }
        outstanding--;
        long now = System.nanoTime();
        lastAnswer = now;
        if (r.succeeded()) {
          tally.answer(r.result().status(), r.result().ok(), (now - intended) / 1000);
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
      close(client, done, tally.result(target, "open-loop " + rate + "/s", window));
    }
  }
}
