package dev.parley.core.business.webhooks;

import dev.parley.core.business.webhooks.WebhookRepository.Due;
import dev.parley.core.common.net.AddressPolicy;
import dev.parley.core.common.net.PublicFetch;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends due deliveries, asynchronously on the event loop (the database through the reactive
 * client, the receivers through {@link PublicFetch}: nothing blocks). A pass selects due pending
 * deliveries and claims each with a conditional update (a lease, so no other worker on any node
 * sends the same attempt while it runs); a 2xx within the timeout delivers it, anything else
 * schedules the next attempt after {@link #RETRY_DELAYS_MILLIS}, and the eighth failure makes it
 * dead. Pending deliveries live in the database, so a restart resumes them; a lease left by a
 * node that stopped runs out and the delivery is taken again (at least once: receivers
 * deduplicate by {@code webhook-id}).
 */
public final class WebhookDispatcher {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookDispatcher.class);

  /**
   * The delay before attempt n+1 (index n): the first at once, then 5 s, 5 min, 30 min, 2 h, 5 h,
   * 10 h, 10 h (about 28 hours in all); after the eighth failure the delivery is dead.
   */
  public static final long[] RETRY_DELAYS_MILLIS = {0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000,
      36_000_000};
  /** Bytes of a receiver's answer read (the rest is ignored). */
  private static final int ANSWER_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final String owner;
  private final WebhookOptions options;
  private final PublicFetch fetch;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private long timer = -1;
  private volatile boolean closed;
  private Future<Integer> running;
  private Promise<Integer> queued;

  WebhookDispatcher(Vertx vertx, Database db, Clock clock, String owner, WebhookOptions options,
      AddressPolicy policy) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.owner = owner;
    this.options = options;
    this.fetch = new PublicFetch(vertx, policy, options.getTimeoutMillis());
  }

  void start() {
    timer = vertx.setPeriodic(1, options.getPollMillis(), t -> runDue());
  }

  void close() {
    closed = true;
    vertx.cancelTimer(timer);
  }

  /** Starts a pass soon (a new event or a replay), unless one is already waiting to start. */
  void kick() {
    if (!closed) {
      runDue();
    }
  }

  /**
   * Sends everything due now; completes with the number of attempts made once they have finished.
   * Passes never overlap: a call during a pass gets the next one (shared by every such call).
   */
  public synchronized Future<Integer> runDue() {
    if (running == null) {
      running = passes();
      running.onComplete(x -> next());
      return running;
    }
    if (queued == null) {
      queued = Promise.promise();
    }
    return queued.future();
  }

  private synchronized void next() {
    running = null;
    if (queued != null && !closed) {
      Promise<Integer> waiting = queued;
      queued = null;
      running = passes();
      running.onComplete(waiting);
      running.onComplete(x -> next());
    } else if (queued != null) {
      queued.tryComplete(0);
      queued = null;
    }
  }

  /** Passes until one claims fewer than a full batch. */
  private Future<Integer> passes() {
    if (closed) {
      return Future.succeededFuture(0);
    }
    return pass().compose(made -> made < options.getConcurrency() || closed
        ? Future.succeededFuture(made)
        : passes().map(more -> made + more)).recover(e -> {
          LOG.warn("webhook delivery pass failed", e);
          return Future.succeededFuture(0);
        });
  }

  private Future<Integer> pass() {
    long now = clock.millis();
    return WebhookRepository.due(db.pool(), now, options.getConcurrency()).compose(due -> {
      List<Future<Boolean>> attempts = new ArrayList<>();
      for (Due d : due) {
        if (!inFlight.add(d.id())) {
          continue; // this node sends it already
        }
        attempts.add(WebhookRepository.claim(db.pool(), d, owner, now, now + options.getTimeoutMillis() + 60_000)
            .compose(claimed -> claimed ? attempt(d).map(true) : Future.succeededFuture(false))
            .eventually(() -> {
              inFlight.remove(d.id());
              return Future.succeededFuture();
            }));
      }
      return Future.join(attempts).transform(x -> Future.succeededFuture(
          (int) attempts.stream().filter(f -> f.succeeded() && f.result()).count()));
    });
  }

  /** One attempt of a claimed delivery, and its outcome written. */
  private Future<Void> attempt(Due d) {
    long started = clock.millis();
    long timestamp = started / 1000;
    List<String> secrets = new ArrayList<>(List.of(d.secret()));
    if (d.previousSecret().isPresent() && d.previousExpiresAt().orElse(0L) > started) {
      secrets.add(d.previousSecret().get());
    }
    PublicFetch.Request request;
    try {
      request = PublicFetch.of(HttpMethod.POST, URI.create(d.url()))
          .header("Content-Type", "application/json").header("User-Agent", "Parley-Webhooks/1")
          .header("webhook-id", d.eventId()).header("webhook-timestamp", Long.toString(timestamp))
          .header("webhook-signature", WebhookSigner.header(secrets, d.eventId(), timestamp, d.body()))
          .body(Buffer.buffer(d.body())).maxBytes(ANSWER_BYTES, true);
    } catch (IllegalArgumentException e) {
      return failed(d, Optional.empty(), "the endpoint's URL is invalid");
    }
    return fetch.fetch(request).transform(result -> {
      if (result.succeeded() && result.result().status() / 100 == 2) {
        return WebhookRepository.delivered(db.pool(), d.id(), owner, result.result().status(), clock.millis())
            .mapEmpty();
      }
      if (result.succeeded()) {
        int status = result.result().status();
        return failed(d, Optional.of(status), "the receiver answered " + status + " (2xx expected)");
      }
      return failed(d, Optional.empty(), Webhooks.describe(result.cause()));
    });
  }

  private Future<Void> failed(Due d, Optional<Integer> status, String error) {
    long now = clock.millis();
    int made = d.attempts() + 1;
    boolean dead = made >= RETRY_DELAYS_MILLIS.length;
    long next = dead ? now : now + RETRY_DELAYS_MILLIS[made];
    return WebhookRepository.failed(db.pool(), d.id(), owner, dead ? "dead" : "pending", next, status, error, now)
        .mapEmpty();
  }
}
