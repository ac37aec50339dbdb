package dev.parley.core.attachments;

import dev.parley.core.accounts.Account;
import dev.parley.core.chat.MessageExtension;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The send body's {@code attachmentIds} (1-10 distinct ids of ready attachments the sender uploaded
 * or can already see, e.g. to forward) become the message's {@code attachments}. The references
 * are written by the message's own group commit from those extras, so a message that is turned
 * away grants nothing.
 */
final class AttachmentExtension implements MessageExtension {

  static final int MAX_ATTACHMENTS = 10;

  private final Attachments attachments;

  AttachmentExtension(Attachments attachments) {
    this.attachments = attachments;
  }

  @Override
  public Set<String> fields() {
    return Set.of("attachmentIds");
  }

  @Override
  public Future<JsonObject> extras(Account sender, String conversationId, JsonObject body) {
    if (!(body.getValue("attachmentIds") instanceof JsonArray array) || array.isEmpty()
        || array.size() > MAX_ATTACHMENTS) {
      return Future.failedFuture(PlatformException.invalid("/attachmentIds",
          "attachmentIds must be an array of 1-" + MAX_ATTACHMENTS + " attachment ids"));
    }
    List<String> ids = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String id) || !seen.add(id)) {
        return Future.failedFuture(PlatformException.invalid("/attachmentIds/" + i,
            "each of attachmentIds must be a distinct attachment id"));
      }
      ids.add(id);
    }
    return attachments.sendable(sender.id(), ids).map(found -> {
      JsonArray json = new JsonArray();
      found.forEach(a -> json.add(a.toJson()));
      return new JsonObject().put("attachments", json);
    });
  }
}
