package dev.parley.core.safety;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.accounts.AccountService;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Blocks between accounts: {@code blocker} blocked {@code blocked}. A blocked person cannot message
 * the blocker in their direct conversation, start one, or add them to a group; the blocker's
 * presence is hidden from them ({@link #hides}); in shared groups the blocker's clients collapse
 * their messages. Both directions are cached per account on each node (Caffeine) and every change
 * is published on {@link #CHANGED}, so every node drops its copies. Other parts (the business
 * helper's business blocks, the profile's presence) use this class; it is the one table
 * {@code blocks}.
 */
public final class Blocks {

  /** Event-bus address of block changes: {@code {blocker, blocked, blocking}}, to every node. */
  public static final String CHANGED = "parley.cache.blocks";

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final AccountService accounts;
  private final BlockRepository repository = new BlockRepository();
  private final AsyncLoadingCache<String, Set<String>> blockedBy;
  private final AsyncLoadingCache<String, Set<String>> blockersOf;

  public Blocks(Vertx vertx, Database db, Clock clock, AccountService accounts) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.accounts = accounts;
    this.blockedBy = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10))
        .buildAsync((id, executor) -> repository.blockedBy(db.pool(), id).toCompletionStage().toCompletableFuture());
    this.blockersOf = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10))
        .buildAsync((id, executor) -> repository.blockersOf(db.pool(), id).toCompletionStage().toCompletableFuture());
    vertx.eventBus().<JsonObject>consumer(CHANGED, msg -> forget(msg.body().getString("blocker", ""),
        msg.body().getString("blocked", "")));
  }

  /** {@code blocker} blocks {@code blocked}; blocking twice is blocking once. */
  public Future<Void> block(String blocker, String blocked) {
    if (blocker.equals(blocked)) {
      return Future.failedFuture(PlatformException.invalid("/accountId", "you cannot block yourself"));
    }
    if (!IdGenerator.isId(blocked)) {
      return Future.failedFuture(PlatformException.notFound("the account"));
    }
    return accounts.find(blocked)
        .compose(found -> AccountService.SYSTEM_USERNAME.equals(found.username())
            ? Future.failedFuture(PlatformException.invalid("/accountId", "Parley's own account cannot be blocked"))
            : repository.insert(db.pool(), blocker, blocked, clock.millis()))
        .recover(failure -> Database.isUniqueViolation(failure)
            ? Future.succeededFuture()
            : Future.failedFuture(failure))
        .onSuccess(v -> changed(blocker, blocked, true));
  }

  /** Lifts a block; answers whether there was one. */
  public Future<Boolean> unblock(String blocker, String blocked) {
    if (!IdGenerator.isId(blocked)) {
      return Future.succeededFuture(false);
    }
    return repository.delete(db.pool(), blocker, blocked).onSuccess(v -> changed(blocker, blocked, false));
  }

  /** Whether {@code blocker} blocked {@code blocked}. */
  public Future<Boolean> isBlocked(String blocker, String blocked) {
    return blockedBy(blocker).map(set -> set.contains(blocked));
  }

  /**
   * Whether {@code subject}'s presence (online, last seen, typing) is hidden from {@code viewer}
   * because of a block, either way: the subject blocked the viewer, or the viewer blocked the
   * subject (who then sees nothing of the viewer either).
   */
  public Future<Boolean> hides(String viewer, String subject) {
    return blockedBy(subject).compose(theirs -> theirs.contains(viewer)
        ? Future.succeededFuture(true)
        : blockedBy(viewer).map(mine -> mine.contains(subject)));
  }

  /** The accounts {@code blocker} blocked (cached). */
  public Future<Set<String>> blockedBy(String blocker) {
    return Future.fromCompletionStage(blockedBy.get(blocker), vertx.getOrCreateContext());
  }

  /** The accounts that blocked {@code blocked} (cached). */
  public Future<Set<String>> blockersOf(String blocked) {
    return Future.fromCompletionStage(blockersOf.get(blocked), vertx.getOrCreateContext());
  }

  /** The blocker's list for the messenger's settings, newest first. */
  public Future<List<JsonObject>> list(String blocker) {
    return repository.list(db.pool(), blocker);
  }

  private void changed(String blocker, String blocked, boolean blocking) {
    forget(blocker, blocked);
    vertx.eventBus().publish(CHANGED,
        new JsonObject().put("blocker", blocker).put("blocked", blocked).put("blocking", blocking));
  }

  private void forget(String blocker, String blocked) {
    blockedBy.synchronous().invalidate(blocker);
    blockersOf.synchronous().invalidate(blocked);
  }
}
