package dev.parley.core.chat;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Per-member mutes of conversations: a muted conversation still counts its unread messages but
 * neither notifies in the browser nor sends a push, until the mute's time (or until it is
 * unmuted). Kept in {@code conversation_members.muted_until}, so a mute leaves with its member;
 * passed mutes are cleared by a sweep each minute.
 */
public final class Mutes {

  private static final Statement SET = sql("UPDATE conversation_members SET muted_until = #{until} "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId}");
  private static final Statement MUTED = sql("SELECT account_id FROM conversation_members "
      + "WHERE conversation_id = #{conversationId} AND muted_until > #{now}");
  private static final Statement SWEEP = sql("UPDATE conversation_members SET muted_until = NULL "
      + "WHERE muted_until <= #{now}");

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final ChatService chat;
  private long sweepTimer = -1;

  public Mutes(Vertx vertx, Database db, Clock clock, ChatService chat) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.chat = chat;
  }

  /** Starts the sweep of passed mutes. */
  public void start() {
    sweepTimer = vertx.setPeriodic(60_000, t -> {
      if (dev.parley.core.cluster.Leadership.leads(vertx)) { // one node of a cluster sweeps (issue 23)
        sweep();
      }
    });
  }

  public void close() {
    vertx.cancelTimer(sweepTimer);
  }

  /** Clears the mutes whose time has passed. */
  public Future<Integer> sweep() {
    return SWEEP.update(db.pool(), params("now", clock.millis()));
  }

  /**
   * Mutes the conversation for its member until {@code until} (in the future), or until unmuted;
   * answers the conversation as they now see it.
   */
  public Future<Conversation> mute(String accountId, String conversationId, Optional<Instant> until) {
    if (until.isPresent() && !until.get().isAfter(clock.instant())) {
      return Future.failedFuture(PlatformException.invalid("/until", "until must be in the future"));
    }
    long value = until.map(Instant::toEpochMilli).orElse(Conversation.MUTED_INDEFINITELY);
    return set(accountId, conversationId, value);
  }

  /** Unmutes the conversation for its member. */
  public Future<Conversation> unmute(String accountId, String conversationId) {
    return set(accountId, conversationId, null);
  }

  private Future<Conversation> set(String accountId, String conversationId, Long until) {
    return chat.requireMember(accountId, conversationId)
        .compose(v -> SET.update(db.pool(), params("conversationId", conversationId, "accountId", accountId,
            "until", until)))
        .compose(v -> chat.get(accountId, conversationId));
  }

  /** The members that have the conversation muted now. */
  public Future<Set<String>> mutedMembers(String conversationId) {
    return MUTED.list(db.pool(), params("conversationId", conversationId, "now", clock.millis()),
        r -> r.getString("account_id")).map(HashSet::new);
  }
}
