package dev.parley.core.business;

import dev.parley.core.accounts.Account;
import dev.parley.core.chat.Message;
import dev.parley.core.chat.MessageExtension;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Marks a bot's message {@code senderKind: bot} (with its business's handle, for the badge) when
 * the Business API sends it, and refuses the field from anyone who is not a business's bot: a
 * person cannot post as a bot. (A bot cannot post as a person either: it has no session or token,
 * and its messages are read back as the bot's from its account's kind.)
 */
public final class BotSenderExtension implements MessageExtension {

  private final Database db;
  private final BusinessRepository repo = new BusinessRepository();

  public BotSenderExtension(Database db) {
    this.db = db;
  }

  @Override
  public Set<String> fields() {
    return Set.of("senderKind");
  }

  @Override
  public Future<JsonObject> extras(Account sender, String conversationId, JsonObject body) {
    if (!Message.BOT.equals(body.getValue("senderKind"))) {
      return Future.failedFuture(PlatformException.invalid("/senderKind", "senderKind is set by Parley, not sent"));
    }
    return repo.byBot(db.pool(), sender.id()).map(found -> found
        .map(b -> new JsonObject().put("senderKind", Message.BOT).put("business", new JsonObject()
            .put("handle", b.handle())))
        .orElseThrow(() -> PlatformException.invalid("/senderKind", "only a business's bot sends as a bot")));
  }
}
