package dev.parley.core.chat;

import dev.parley.core.accounts.Account;
import io.vertx.core.Future;
import java.util.Set;

/**
 * Rules a higher part (safety: blocks and send rate limits) puts on people's messages and on who
 * may be brought into a conversation. Set with {@link ChatService#sendRules}; the chat stays
 * ignorant of why something is refused. A refusal is a failed future with a
 * {@code PlatformException}; nothing is written then.
 */
public interface SendRules {

  /** Allows everything (until boot sets the real rules). */
  SendRules NONE = new SendRules() {
    @Override
    public Future<Void> beforeSend(Account sender, String conversationId, Set<String> memberIds) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> beforeJoining(Account caller, Set<String> accountIds, String field) {
      return Future.succeededFuture();
    }
  };

  /** Before a person's message (HTTP or live send) is queued; the sender is a member. */
  Future<Void> beforeSend(Account sender, String conversationId, Set<String> memberIds);

  /**
   * Before {@code caller} brings {@code accountIds} into a conversation (a new group, an added
   * member, a new direct conversation); {@code field} is the body's field that named them.
   */
  Future<Void> beforeJoining(Account caller, Set<String> accountIds, String field);
}
