package dev.parley.core.safety;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.AccountService;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Conversation;
import dev.parley.core.chat.SendRules;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Set;

/**
 * The chat's {@link SendRules}: the send rate limit, then blocks. A direct conversation takes no
 * message from someone the other member blocked (nor from the blocker, until they unblock); a group
 * takes both, and the blocker's clients collapse the blocked person's messages. Nobody is brought
 * into a conversation by someone they blocked. The checks read the cached block sets, so a send in
 * a conversation without blocks costs no query; the conversation's kind is read only when a block
 * is involved. The platform's own account is not limited.
 */
public final class SafetyRules implements SendRules {

  private final Blocks blocks;
  private final SendLimits limits;
  private ChatService chat;

  public SafetyRules(Blocks blocks, SafetyOptions options) {
    this(blocks, options, dev.parley.core.ratelimit.RateLimits.local());
  }

  public SafetyRules(Blocks blocks, SafetyOptions options, dev.parley.core.ratelimit.RateLimits rateLimits) {
    this.blocks = blocks;
    this.limits = new SendLimits(options, rateLimits);
  }

  /** Installs these rules in the chat. */
  public SafetyRules install(ChatService chatService) {
    this.chat = chatService;
    chatService.sendRules(this);
    return this;
  }

  @Override
  public Future<Void> beforeSend(Account sender, String conversationId, Set<String> memberIds) {
    if (AccountService.SYSTEM_USERNAME.equals(sender.username())) {
      return Future.succeededFuture();
    }
    return limits.take(sender.id()).compose(
        taken -> blocks.blockersOf(sender.id()).compose(blockers -> blocks.blockedBy(sender.id()).compose(blocked -> {
          Set<String> others = new HashSet<>(memberIds);
          others.remove(sender.id());
          boolean blockedByOther = others.stream().anyMatch(blockers::contains);
          boolean blockingOther = others.stream().anyMatch(blocked::contains);
          if (!blockedByOther && !blockingOther) {
            return Future.succeededFuture();
          }
          return chat.get(sender.id(), conversationId).compose(c -> {
            if (c.kind() != Conversation.Kind.DIRECT) {
              return Future.succeededFuture();
            }
            return Future.failedFuture(blockedByOther
                ? PlatformException.of(PlatformException.Reason.CANNOT_MESSAGE, "you cannot message this person")
                : PlatformException.of(PlatformException.Reason.CANNOT_MESSAGE,
                    "you blocked this person; unblock them to send a message"));
          });
        })));
  }

  @Override
  public Future<Void> beforeJoining(Account caller, Set<String> accountIds, String field) {
    return blocks.blockersOf(caller.id()).compose(blockers -> blocks.blockedBy(caller.id()).compose(blocked -> {
      for (String id : accountIds) {
        if (blockers.contains(id)) {
          return Future.failedFuture(PlatformException.of(PlatformException.Reason.CANNOT_MESSAGE,
              "you cannot add the account '" + id + "' to a conversation (" + field + ")"));
        }
        if (blocked.contains(id)) {
          return Future.failedFuture(PlatformException.of(PlatformException.Reason.CANNOT_MESSAGE,
              "you blocked the account '" + id + "'; unblock them first (" + field + ")"));
        }
      }
      return Future.succeededFuture();
    }));
  }
}
