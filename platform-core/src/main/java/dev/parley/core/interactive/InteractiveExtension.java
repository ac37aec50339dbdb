package dev.parley.core.interactive;

import dev.parley.core.accounts.Account;
import dev.parley.core.chat.MessageExtension;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Send body field {@code interactive}: checked content (see {@link InteractiveContent}) stored as
 * extras {@code interactive}; the message's text becomes the content's plain-text fallback, so
 * previews, notifications and search read it. Only senders that {@code mayUse} says may send it
 * (bots of businesses): a person's message with buttons would be a way to impersonate one.
 */
public final class InteractiveExtension implements MessageExtension {

  private final BiPredicate<Account, JsonObject> mayUse;

  /** {@code mayUse}: the sender and the send body (a bot's is marked {@code senderKind: bot}, checked by its own extension). */
  public InteractiveExtension(BiPredicate<Account, JsonObject> mayUse) {
    this.mayUse = mayUse;
  }

  @Override
  public Set<String> fields() {
    return Set.of("interactive");
  }

  @Override
  public Future<JsonObject> extras(Account sender, String conversationId, JsonObject body) {
    if (!mayUse.test(sender, body)) {
      return Future.failedFuture(PlatformException.forbidden(
          "interactive messages are sent by businesses' bots and mini-apps, not by people"));
    }
    if (body.getValue("text") instanceof String t && !t.isEmpty()) {
      return Future.failedFuture(PlatformException.invalid("/text",
          "a message with interactive content takes its text from the content (use interactive.fallback)"));
    }
    try {
      JsonObject content = InteractiveContent.check(body.getValue("interactive"), attachmentIds(body));
      return Future.succeededFuture(new JsonObject().put(TEXT, InteractiveContent.fallback(content))
          .put("interactive", content));
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
  }

  private static Set<String> attachmentIds(JsonObject body) {
    Set<String> ids = new HashSet<>();
    if (body.getValue("attachmentIds") instanceof JsonArray a) {
      a.forEach(id -> {
        if (id instanceof String s) {
          ids.add(s);
        }
      });
    }
    return ids;
  }
}
