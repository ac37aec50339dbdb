package dev.parley.core.chat;

import dev.parley.core.accounts.Account;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * @mentions: send body field {@code mentionIds} (account ids of members of the conversation, at
 * most {@link #MAX}), adds extras {@code mentions: [{id, name}]}. The text keeps its {@code @Name}
 * words; clients highlight them. A mention counts in the mentioned member's conversation view
 * ({@code mentions}: unread mentions of them), muted or not.
 */
final class MentionExtension implements MessageExtension {

  /** Most people one message mentions. */
  static final int MAX = 50;

  private final ChatService chat;

  MentionExtension(ChatService chat) {
    this.chat = chat;
  }

  @Override
  public Set<String> fields() {
    return Set.of("mentionIds");
  }

  @Override
  public Future<JsonObject> extras(Account sender, String conversationId, JsonObject body) {
    if (!(body.getValue("mentionIds") instanceof JsonArray ids) || ids.size() > MAX) {
      return Future.failedFuture(PlatformException.invalid("/mentionIds",
          "mentionIds must be an array of at most " + MAX + " members' account ids"));
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (Object id : ids) {
      if (!(id instanceof String s)) {
        return Future.failedFuture(PlatformException.invalid("/mentionIds", "mentionIds must hold account ids"));
      }
      wanted.add(s);
    }
    if (wanted.isEmpty()) {
      return Future.succeededFuture(new JsonObject());
    }
    return chat.get(sender.id(), conversationId).compose(c -> {
      JsonArray out = new JsonArray();
      for (String id : wanted) {
        var member = c.members().stream().filter(m -> m.id().equals(id)).findFirst();
        if (member.isEmpty()) {
          return Future.failedFuture(PlatformException.invalid("/mentionIds",
              "mentionIds names someone who is not a member of this conversation"));
        }
        // The key order matters: Everyday.UNREAD_MENTIONS finds {"id":"…","name" in the stored extras.
        out.add(new JsonObject().put("id", id).put("name", member.get().displayName()));
      }
      return Future.succeededFuture(new JsonObject().put("mentions", out));
    });
  }
}
