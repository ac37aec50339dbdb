package dev.parley.core.chat;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.accounts.Account;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages pinned in a conversation, newest pin first, shown in a bar at its top. In a group the
 * {@code pin} right decides who may pin (admins by default); in a direct conversation both may.
 * Every change is told live to the members ({@code pins} event with the whole list).
 */
public final class PinnedMessages {

  /** Most messages pinned in one conversation. */
  public static final int MAX = 20;

  private static final Statement LIST = sql("SELECT message_id, pinned_by, pinned_at FROM pinned_messages "
      + "WHERE conversation_id = #{conversationId} ORDER BY pinned_at DESC, message_id");
  private static final Statement INSERT = sql("INSERT INTO pinned_messages (conversation_id, message_id, pinned_by, "
      + "pinned_at) VALUES (#{conversationId}, #{messageId}, #{pinnedBy}, #{at})");
  private static final Statement DELETE = sql("DELETE FROM pinned_messages "
      + "WHERE conversation_id = #{conversationId} AND message_id = #{messageId}");

  private record Pin(String messageId, String pinnedBy, long pinnedAt) {
  }

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final ChatService chat;

  public PinnedMessages(Vertx vertx, Database db, Clock clock, ChatService chat) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.chat = chat;
  }

  /** The pinned messages a member sees: {@code [{message, pinnedBy, pinnedAt}]}, deleted ones left out. */
  public Future<JsonArray> list(String viewerId, String conversationId) {
    return chat.requireMember(viewerId, conversationId).compose(v -> render(conversationId));
  }

  /** Pins a live message of the conversation (pinning it again changes nothing). */
  public Future<JsonArray> pin(Account caller, String conversationId, String messageId) {
    return chat.requireRight(caller.id(), conversationId, GroupRights.Right.PIN)
        .compose(v -> find(conversationId, messageId))
        .compose(m -> {
          if (m.deleted() || "system".equals(m.kind())) {
            return Future.failedFuture(PlatformException.invalid("/messageId",
                "a deleted message or a system message cannot be pinned"));
          }
          return pins(conversationId).compose(pins -> {
            if (pins.stream().anyMatch(p -> p.messageId().equals(messageId))) {
              return Future.succeededFuture(false);
            }
            if (pins.size() >= MAX) {
              return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
                  "at most " + MAX + " messages can be pinned here; unpin one first"));
            }
            return INSERT.update(db.pool(), params("conversationId", conversationId, "messageId", messageId,
                "pinnedBy", caller.id(), "at", clock.millis()))
                .recover(e -> Database.isUniqueViolation(e) ? Future.succeededFuture(0) : Future.failedFuture(e))
                .compose(n -> n == 0
                    ? Future.succeededFuture(false)
                    : chat.systemNote(conversationId, caller.displayName() + " pinned “"
                        + ReplyExtension.excerpt(m) + "”").map(true));
          });
        })
        .compose(changed -> publish(conversationId, changed));
  }

  /** Unpins a message (unpinning one that is not pinned changes nothing). */
  public Future<JsonArray> unpin(Account caller, String conversationId, String messageId) {
    return chat.requireRight(caller.id(), conversationId, GroupRights.Right.PIN)
        .compose(v -> IdGenerator.isId(messageId)
            ? DELETE.update(db.pool(), params("conversationId", conversationId, "messageId", messageId))
            : Future.succeededFuture(0))
        .compose(n -> publish(conversationId, n > 0));
  }

  private Future<Message> find(String conversationId, String messageId) {
    if (!IdGenerator.isId(messageId)) {
      return Future.failedFuture(PlatformException.notFound("the message"));
    }
    return chat.message(conversationId, messageId);
  }

  private Future<List<Pin>> pins(String conversationId) {
    return LIST.list(db.pool(), params("conversationId", conversationId),
        r -> new Pin(r.getString("message_id"), r.getString("pinned_by"), r.getLong("pinned_at")));
  }

  private Future<JsonArray> render(String conversationId) {
    return pins(conversationId).compose(pins -> {
      List<Future<JsonObject>> rendered = new ArrayList<>();
      for (Pin p : pins) {
        rendered.add(chat.message(conversationId, p.messageId())
            .map(m -> m.deleted()
                ? null
                : new JsonObject().put("message", m.toJson()).put("pinnedBy", p.pinnedBy())
                    .put("pinnedAt", Instant.ofEpochMilli(p.pinnedAt()).toString()))
            .otherwise((JsonObject) null));
      }
      return Future.all(rendered).map(all -> {
        JsonArray out = new JsonArray();
        for (Future<JsonObject> f : rendered) {
          if (f.result() != null) {
            out.add(f.result());
          }
        }
        return out;
      });
    });
  }

  private Future<JsonArray> publish(String conversationId, boolean changed) {
    return render(conversationId).onSuccess(list -> {
      if (changed) {
        JsonObject event = new JsonObject().put("type", "pins").put("conversationId", conversationId)
            .put("pins", list);
        vertx.eventBus().publish(Addresses.conversation(conversationId), event.encode(),
            new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, conversationId));
      }
    });
  }
}
