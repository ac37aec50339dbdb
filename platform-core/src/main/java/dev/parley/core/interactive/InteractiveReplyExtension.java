package dev.parley.core.interactive;

import dev.parley.core.accounts.Account;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.MessageExtension;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Send body field {@code interactiveReply: {messageId, actionId, value?}}: the customer's answer
 * to an interactive message of the same conversation (a quick reply, a card's reply button, a list
 * row, a picked date, a requested file, a shared location). Checked against the server's copy of
 * that message, so the payload the sender gets back is the one it sent, never one a client made
 * up. Adds extras {@code interactiveReply: {messageId, seq, actionId, kind, label, payload?, value?}}.
 */
public final class InteractiveReplyExtension implements MessageExtension {

  private final ChatService chat;

  public InteractiveReplyExtension(ChatService chat) {
    this.chat = chat;
  }

  @Override
  public Set<String> fields() {
    return Set.of("interactiveReply");
  }

  @Override
  public Future<JsonObject> extras(Account sender, String conversationId, JsonObject body) {
    if (!(body.getValue("interactiveReply") instanceof JsonObject reply)
        || !(reply.getValue("messageId") instanceof String messageId)
        || !(reply.getValue("actionId") instanceof String actionId)) {
      return Future.failedFuture(PlatformException.invalid("/interactiveReply",
          "interactiveReply must be {messageId, actionId} of an interactive message of this conversation"));
    }
    return chat.message(conversationId, messageId)
        .recover(e -> Future.failedFuture(PlatformException.invalid("/interactiveReply/messageId",
            "names no message of this conversation")))
        .compose(m -> {
          if (m.deleted() || !(m.extras().getValue("interactive") instanceof JsonObject content)) {
            return Future.failedFuture(PlatformException.invalid("/interactiveReply/messageId",
                "names no interactive message of this conversation"));
          }
          if (m.senderId().filter(sender.id()::equals).isPresent()) {
            return Future.failedFuture(PlatformException.invalid("/interactiveReply/messageId",
                "a sender does not answer its own message"));
          }
          var answerable = InteractiveContent.answerable(content, actionId);
          if (answerable.isEmpty()) {
            return Future.failedFuture(PlatformException.invalid("/interactiveReply/actionId",
                "'" + actionId + "' is no answerable action of that message"));
          }
          var action = answerable.get();
          JsonObject out = new JsonObject().put("messageId", m.id()).put("seq", m.seq()).put("actionId", actionId)
              .put("kind", action.kind()).put("label", action.label());
          if (action.payload() != null) {
            out.put("payload", action.payload());
          }
          switch (action.kind()) {
            case "datetime" -> out.put("value", InteractiveContent.pickedValue(content, reply.getValue("value")));
            case "request_file" -> {
              if (!(body.getValue("attachmentIds") instanceof JsonArray ids) || ids.isEmpty()) {
                return Future.failedFuture(PlatformException.invalid("/attachmentIds",
                    "answering a file request needs the file in attachmentIds"));
              }
            }
            case "share_location" -> {
              if (!(body.getValue("location") instanceof JsonObject)) {
                return Future.failedFuture(PlatformException.invalid("/location",
                    "answering a location request needs location"));
              }
            }
            default -> {
            }
          }
          return Future.succeededFuture(new JsonObject().put("interactiveReply", out));
        });
  }
}
