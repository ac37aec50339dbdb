package dev.parley.core.chat;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * A member's own archive and pin of a conversation (per member: nobody else sees them). Archived
 * conversations are listed in their own section and stay archived when new messages come; pinned
 * ones are listed first in the order they were pinned, at most {@link #MAX_PINNED}.
 */
public final class ConversationPlaces {

  /** Most conversations one member pins. */
  public static final int MAX_PINNED = 10;

  private static final Statement ARCHIVE = sql("UPDATE conversation_members SET archived_at = #{at} "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId}");
  private static final Statement PIN = sql("UPDATE conversation_members SET pinned_at = #{at} "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId} AND pinned_at IS NULL");
  private static final Statement UNPIN = sql("UPDATE conversation_members SET pinned_at = NULL "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId}");
  private static final Statement PINNED = sql("SELECT COUNT(*) AS n FROM conversation_members "
      + "WHERE account_id = #{accountId} AND pinned_at IS NOT NULL");

  private final Database db;
  private final Clock clock;
  private final ChatService chat;

  public ConversationPlaces(Database db, Clock clock, ChatService chat) {
    this.db = db;
    this.clock = clock;
    this.chat = chat;
  }

  /** Archives ({@code true}) or unarchives the conversation for its member. */
  public Future<Conversation> archive(String accountId, String conversationId, boolean archived) {
    return chat.requireMember(accountId, conversationId)
        .compose(v -> ARCHIVE.update(db.pool(), params("at", archived ? clock.millis() : null,
            "conversationId", conversationId, "accountId", accountId)))
        .compose(v -> chat.tell(accountId, conversationId));
  }

  /** Pins ({@code true}; pinning again keeps its place) or unpins the conversation for its member. */
  public Future<Conversation> pin(String accountId, String conversationId, boolean pinned) {
    return chat.requireMember(accountId, conversationId)
        .compose(v -> pinned ? chat.get(accountId, conversationId) : Future.succeededFuture())
        .compose(c -> {
          if (c == null || c.everyday().pinnedAt() > 0) {
            return Future.succeededFuture();
          }
          return PINNED.first(db.pool(), params("accountId", accountId), r -> r.getLong("n"))
              .compose(n -> n.orElse(0L) >= MAX_PINNED
                  ? Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
                      "at most " + MAX_PINNED + " conversations can be pinned; unpin one first"))
                  : Future.succeededFuture());
        })
        .compose(v -> pinned
            ? PIN.update(db.pool(), params("at", clock.millis(), "conversationId", conversationId,
                "accountId", accountId))
            : UNPIN.update(db.pool(), params("conversationId", conversationId, "accountId", accountId)))
        .compose(v -> chat.tell(accountId, conversationId));
  }
}
