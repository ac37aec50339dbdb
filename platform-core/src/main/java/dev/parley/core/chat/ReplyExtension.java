package dev.parley.core.chat;

import dev.parley.core.accounts.Account;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Reply (quote): send body field {@code replyToId}, a live message of the same conversation, adds
 * extras {@code replyTo: {id, seq, senderName, excerpt, attachmentKind?}}. The quote is a copy
 * taken when the reply is sent, so a reply reads the same after the original scrolls away.
 */
final class ReplyExtension implements MessageExtension {

  /** Longest excerpt of the quoted text, in characters. */
  static final int EXCERPT = 120;

  private final ChatService chat;

  ReplyExtension(ChatService chat) {
    this.chat = chat;
  }

  @Override
  public Set<String> fields() {
    return Set.of("replyToId");
  }

  @Override
  public Future<JsonObject> extras(Account sender, String conversationId, JsonObject body) {
    if (!(body.getValue("replyToId") instanceof String id) || !IdGenerator.isId(id)) {
      return Future.failedFuture(PlatformException.invalid("/replyToId", "replyToId must be a message's id"));
    }
    return chat.message(conversationId, id)
        .recover(e -> Future.failedFuture(PlatformException.invalid("/replyToId",
            "replyToId names no message of this conversation")))
        .compose(m -> {
          if (m.deleted() || "system".equals(m.kind())) {
            return Future.failedFuture(PlatformException.invalid("/replyToId",
                "a deleted message or a system message cannot be replied to"));
          }
          JsonObject quote = new JsonObject().put("id", m.id()).put("seq", m.seq()).put("senderName", m.senderName());
          String kind = attachmentKind(m.extras());
          if (kind != null) {
            quote.put("attachmentKind", kind);
          }
          quote.put("excerpt", excerpt(m));
          return Future.succeededFuture(new JsonObject().put("replyTo", quote));
        });
  }

  /** The first attachment's kind, or null. */
  static String attachmentKind(JsonObject extras) {
    if (extras.getValue("attachments") instanceof JsonArray a && !a.isEmpty() && a.getValue(0) instanceof JsonObject o
        && o.getValue("kind") instanceof String kind) {
      return kind;
    }
    return null;
  }

  /** The start of the text, or what the attachment is when there is no text. */
  static String excerpt(Message m) {
    String text = m.text().strip();
    if (text.isEmpty()) {
      String kind = attachmentKind(m.extras());
      if (kind == null) {
        return "";
      }
      return switch (kind) {
        case "image" -> "Photo";
        case "video" -> "Video";
        case "voice" -> "Voice message";
        default -> m.extras().getJsonArray("attachments").getJsonObject(0).getString("name", "File");
      };
    }
    if (text.length() <= EXCERPT) {
      return text;
    }
    int end = EXCERPT;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split an emoji in half
    }
    return text.substring(0, end) + "…";
  }
}
