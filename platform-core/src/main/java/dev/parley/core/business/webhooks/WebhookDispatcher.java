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
  /** How long delivered and dead deliveries (and their events) are kept. */
  public static final long RETENTION_MILLIS = 30L * 24 * 3600_000;
  /** Bytes of a receiver's answer read (the rest is ignored). */
  private static final int ANSWER_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final String owner;
  private final WebhookOptions options;
  private final PublicFetch fetch;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<Future<Void>> attempting = ConcurrentHashMap.newKeySet();
  private long timer = -1;
  private long purgeTimer = -1;
  private volatile boolean closed;
  private boolean running;
  private @org.jspecify.annotations.Nullable Promise<Integer> queued;
  private volatile boolean backlog;

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
    // Due retries are polled by one node of a cluster (issue 23); new events still start at once on
    // the node that published them, and each delivery is leased, so a hand-over never sends one twice.
    timer = vertx.setPeriodic(1, options.getPollMillis(), t -> {
      if (dev.parley.core.cluster.Leadership.leads(vertx)) {
        runDue();
      }
    });
    purgeTimer = vertx.setPeriodic(3_600_000, t -> {
      if (dev.parley.core.cluster.Leadership.leads(vertx)) {
        purge().onFailure(e -> LOG.warn("webhook purge failed", e));
      }
    });
  }

  /** Deletes what is older than {@link #RETENTION_MILLIS} and no longer pending; completes with the events deleted. */
  public Future<Integer> purge() {
    return WebhookRepository.purge(db.pool(), clock.millis() - RETENTION_MILLIS);
  }

  void close() {
    closed = true;
    vertx.cancelTimer(timer);
    vertx.cancelTimer(purgeTimer);
  }

  /** Starts a pass soon (a new event, a replay, a freed slot), unless one is already waiting to start. */
  void kick() {
    if (!closed) {
      runDue();
    }
  }

  /**
   * Sends what is due now, up to the free slots ({@link WebhookOptions#getConcurrency()} attempts
   * in flight per node); completes with the number of attempts once they have finished. The
   * select-and-claim phases of passes never overlap (a call during one gets the next pass, shared
   * by every such call), but attempts do: a slow receiver holds its slot only, and a pass that
   * filled every free slot starts the next at once, as does a slot freed while more were due.
   */
  public Future<Integer> runDue() {
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture(0);
      }
      if (running) {
        if (queued == null) {
          queued = Promise.promise();
        }
        return queued.future();
      }
      running = true;
    }
    return pass();
  }

  private Future<Integer> pass() {
    int free = Math.max(0, options.getConcurrency() - inFlight.size());
    long now = clock.millis();
    Future<List<Due>> selected = free == 0
        ? Future.succeededFuture(List.of())
        : WebhookRepository.due(db.pool(), now, free);
    return selected.compose(due -> claim(due, now).map(attempts -> {
      backlog = free == 0 || due.size() == free;
      // Full only when every free slot was won: a claim that failed (the database) must not spin.
      return new Claimed(attempts, free > 0 && attempts.size() == free);
    })).recover(e -> {
      LOG.warn("webhook delivery pass failed", e);
      return Future.succeededFuture(new Claimed(List.of(), false));
    }).compose(claimed -> {
      Promise<Integer> waiting;
      synchronized (this) {
        running = false;
        waiting = queued;
        queued = null;
      }
      Future<Integer> more = waiting != null || claimed.full() ? runDue() : Future.succeededFuture(0);
      if (waiting != null) {
        more.onComplete(waiting);
      }
      List<Future<Void>> attempts = claimed.attempts();
      // Also wait for attempts other passes (a freed slot's kick) started: when this completes,
      // nothing this node took before it is still being sent.
      List<Future<Void>> all = new ArrayList<>(attempts);
      all.addAll(attempting);
      return Future.join(all).transform(x -> claimed.full()
          ? more.map(m -> attempts.size() + m)
          : Future.succeededFuture(attempts.size()));
    });
  }

  /** What a pass claimed: the attempts it started, and whether it filled every free slot. */
  private record Claimed(List<Future<Void>> attempts, boolean full) {
  }

  /** Claims each due delivery not in flight here; starts the attempt of each one this node won. */
  private Future<List<Future<Void>>> claim(List<Due> due, long now) {
    List<Due> mine = new ArrayList<>();
    List<Future<Boolean>> claims = new ArrayList<>();
    for (Due d : due) {
      if (!inFlight.add(d.id())) {
        continue; // this node sends it already
      }
      mine.add(d);
      claims.add(WebhookRepository.claim(db.pool(), d, owner, now, now + options.getTimeoutMillis() + 60_000));
    }
    return Future.join(claims).transform(x -> {
      List<Future<Void>> attempts = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        Due d = mine.get(i);
        if (claims.get(i).succeeded() && claims.get(i).result()) {
          Future<Void> sent = attempt(d).recover(e -> {
            LOG.warn("webhook delivery attempt not recorded id={}", d.id(), e);
            return Future.succeededFuture();
          }).eventually(() -> {
            inFlight.remove(d.id());
            if (backlog) {
              kick(); // a slot is free and more were due
            }
            return Future.succeededFuture();
          });
          attempting.add(sent);
          sent.onComplete(done -> attempting.remove(sent));
          attempts.add(sent);
        } else {
          inFlight.remove(d.id()); // another node has it
        }
      }
      return Future.succeededFuture(attempts);
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
