package dev.parley.core.apps.registry;

import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-app launch, invocation and error counts by day, and each app's recent log lines (its own
 * console output and failures). Counting is in memory and written to the database every couple of
 * seconds, so a busy app costs no transaction per call; a developer's read writes first.
 */
public final class UsageLog {

  /** Log lines kept per app. */
  static final int KEPT_LINES = 1000;
  /** Log lines accepted per app between two writes; more are counted and dropped. */
  static final int MAX_PENDING_LINES = 200;
  private static final int MAX_LINE = 4000;

  /** The kinds of log lines. */
  public enum Level {
    INFO, ERROR
  }

  private record Key(String appId, String day) {
  }

  private record Counts(LongAdder launches, LongAdder invocations, LongAdder errors) {
    Counts() {
      this(new LongAdder(), new LongAdder(), new LongAdder());
    }
  }

  private record Line(String appId, Optional<String> version, long at, Level level, String text,
      Optional<String> requestId) {
  }

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final Map<Key, Counts> pending = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> pendingLines = new ConcurrentHashMap<>();
  private Future<Void> flushing = Future.succeededFuture();

  public UsageLog(Vertx vertx, Database db, Clock clock, IdGenerator ids) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    vertx.setPeriodic(2_000, id -> flush());
  }

  public void launched(String appId) {
    counts(appId).launches().increment();
  }

  public void invoked(String appId, boolean failed) {
    Counts c = counts(appId);
    c.invocations().increment();
    if (failed) {
      c.errors().increment();
    }
  }

  /** Keeps a line of the app's log (its console output or a failure), shown to its developer. */
  public void log(String appId, Optional<String> version, Level level, String text, Optional<String> requestId) {
    int n = pendingLines.computeIfAbsent(appId, k -> new AtomicInteger()).incrementAndGet();
    if (n > MAX_PENDING_LINES) {
      return;
    }
    String t = text.length() > MAX_LINE ? text.substring(0, MAX_LINE - 1) + "…" : text;
    lines.add(new Line(appId, version, clock.millis(), level, t, requestId));
  }

  private Counts counts(String appId) {
    String day = LocalDate.ofInstant(Instant.ofEpochMilli(clock.millis()), ZoneOffset.UTC).toString();
    return pending.computeIfAbsent(new Key(appId, day), k -> new Counts());
  }

  /** Writes what was counted and logged since the last write. One write at a time. */
  public synchronized Future<Void> flush() {
    flushing = flushing.transform(ignored -> writeCounts().compose(v -> writeLines()));
    return flushing;
  }

  private Future<Void> writeCounts() {
    Future<Void> done = Future.succeededFuture();
    for (Key key : List.copyOf(pending.keySet())) {
      Counts c = pending.remove(key);
      long launches = c.launches().sumThenReset();
      long invocations = c.invocations().sumThenReset();
      long errors = c.errors().sumThenReset();
      if (launches + invocations + errors == 0) {
        continue;
      }
      done = done.compose(v -> add(key, launches, invocations, errors));
    }
    return done;
  }

  /** Adds to a day's row: update, else insert, else (another node inserted it meanwhile) update. */
  private Future<Void> add(Key key, long launches, long invocations, long errors) {
    return UsageRepository.add(db.pool(), key.appId(), key.day(), launches, invocations, errors).compose(added -> added
        ? Future.<Void>succeededFuture()
        : UsageRepository.insertDay(db.pool(), key.appId(), key.day(), launches, invocations, errors)
            .recover(f -> Database.isUniqueViolation(f)
                ? UsageRepository.add(db.pool(), key.appId(), key.day(), launches, invocations, errors).<Void>mapEmpty()
                : Future.failedFuture(f)))
        .recover(f -> Future.succeededFuture()); // an app deleted meanwhile: its counts have nowhere to go
  }

  private Future<Void> writeLines() {
    pendingLines.forEach((appId, n) -> {
      int count = n.getAndSet(0);
      if (count > MAX_PENDING_LINES) {
        lines.add(new Line(appId, Optional.empty(), clock.millis(), Level.ERROR,
            (count - MAX_PENDING_LINES) + " log lines dropped: the app logged more than " + MAX_PENDING_LINES
                + " lines in two seconds",
            Optional.empty()));
      }
    });
    Future<Void> done = Future.succeededFuture();
    java.util.Set<String> apps = new java.util.HashSet<>();
    for (Line line; (line = lines.poll()) != null;) {
      Line l = line;
      apps.add(l.appId());
      done = done.compose(v -> UsageRepository.insertLine(db.pool(), ids.newId(), l.appId(), l.version(), l.at(),
          l.level().name().toLowerCase(java.util.Locale.ROOT), l.text(), l.requestId())
          .recover(f -> Future.succeededFuture()));
    }
    for (String appId : apps) {
      done = done.compose(v -> UsageRepository.trim(db.pool(), appId).recover(f -> Future.succeededFuture()));
    }
    return done;
  }

  /** Totals, the last 30 days and the recent errors of one app. */
  public Future<JsonObject> usage(String appId) {
    return flush().compose(v -> UsageRepository.days(db.pool(), appId)).compose(rows -> {
      long launches = 0;
      long invocations = 0;
      long errors = 0;
      JsonArray days = new JsonArray();
      for (UsageRepository.Day row : rows) {
        launches += row.launches();
        invocations += row.invocations();
        errors += row.errors();
        if (days.size() < 30) {
          days.add(new JsonObject().put("day", row.day()).put("launches", row.launches())
              .put("invocations", row.invocations()).put("errors", row.errors()));
        }
      }
      JsonObject out = new JsonObject().put("launches", launches).put("invocations", invocations)
          .put("errors", errors).put("days", days);
      return lines(appId, Optional.of(Level.ERROR), 20).map(recent -> out.put("recentErrors", recent));
    });
  }

  /** The app's latest log lines, newest first. */
  public Future<JsonArray> logs(String appId, int limit) {
    return flush().compose(v -> lines(appId, Optional.empty(), limit));
  }

  private Future<JsonArray> lines(String appId, Optional<Level> level, int limit) {
    return UsageRepository.lines(db.pool(), appId, level.map(l -> l.name().toLowerCase(java.util.Locale.ROOT)), limit)
        .map(JsonArray::new);
  }
}
