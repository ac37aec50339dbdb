package dev.parley.core.chat;

import dev.parley.core.accounts.Account;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Forward: send body field {@code forward: {conversationId, messageId}} copies a message the
 * forwarder can read (they must be a member of both conversations) into this one: its text and
 * its {@code attachments} extras as they are, labelled {@code forwarded: {senderName}}. The body's
 * own text must be empty; the forward fills it in with the original's.
 */
final class ForwardExtension implements MessageExtension {

  private final ChatService chat;

  ForwardExtension(ChatService chat) {
    this.chat = chat;
  }

  @Override
  public Set<String> fields() {
    return Set.of("forward");
  }

  @Override
  public Future<JsonObject> extras(Account sender, String conversationId, JsonObject body) {
    if (!(body.getValue("forward") instanceof JsonObject forward)
        || !(forward.getValue("conversationId") instanceof String from) || !IdGenerator.isId(from)
        || !(forward.getValue("messageId") instanceof String id) || !IdGenerator.isId(id)) {
      return Future.failedFuture(PlatformException.invalid("/forward",
          "forward must be {conversationId, messageId} of a message you can read"));
    }
    if (body.getValue("text") instanceof String t && !t.isEmpty()) {
      return Future.failedFuture(PlatformException.invalid("/text", "a forward carries the original's text only"));
    }
    return chat.requireMember(sender.id(), from)
        .compose(v -> chat.message(from, id))
        .recover(e -> Future.failedFuture(PlatformException.invalid("/forward",
            "forward names no message you can read")))
        .compose(m -> {
          if (m.deleted() || !("text".equals(m.kind()) || Message.CARD.equals(m.kind()))) {
            return Future.failedFuture(PlatformException.invalid("/forward",
                "only a live text message or card can be forwarded"));
          }
          // A forward of a forward names the first sender.
          String original = m.extras().getValue("forwarded") instanceof JsonObject f
              && f.getValue("senderName") instanceof String name ? name : m.senderName();
          JsonObject extras = new JsonObject().put(TEXT, m.text())
              .put("forwarded", new JsonObject().put("senderName", original));
          if (m.extras().getValue("attachments") != null) {
            extras.put("attachments", m.extras().getValue("attachments"));
          }
          return Future.succeededFuture(extras);
        });
  }
}
