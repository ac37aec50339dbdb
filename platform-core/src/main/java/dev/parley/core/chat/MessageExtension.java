package dev.parley.core.chat;

import dev.parley.core.accounts.Account;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A capability that adds to a person's message as it is sent (attachments, a reply, a forward, a
 * link preview): it reads its own fields of the send body, checks them, and answers the keys it
 * adds to the message's {@link Message#extras() extras}. Registered with
 * {@link ChatService#addExtension}; runs only when one of its fields is in the body, after the
 * sender's membership was checked, off no lock. A failure (a {@code PlatformException} naming its
 * field) refuses the whole message: nothing is written.
 */
public interface MessageExtension {

  /**
   * The one extras key an extension may answer that is not stored as extras: the message's text,
   * when the extension makes it (a forward copies the original's; interactive content gives its
   * plain-text fallback). Taken out of the extras by {@link ChatService#send}.
   */
  String TEXT = "text";

  /** The send body's fields this extension reads, e.g. {@code attachmentIds}. */
  Set<String> fields();

  /** The extras this message gains; keys are the extension's own (documented in docs/api.md). */
  Future<JsonObject> extras(Account sender, String conversationId, JsonObject body);
}
