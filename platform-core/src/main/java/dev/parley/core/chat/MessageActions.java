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
import java.time.Duration;
import java.util.List;

/**
 * What people do to a message already sent: edit their own text (the old text kept for
 * {@link MessageOptions#getEditHistoryDays()} days), delete it for everyone (a tombstone; the
 * sender, or a group's owner), and react with emoji. Edits and deletions are written by the group
 * commit ({@link MessageWriter}), which tells the search index and every member's sessions
 * ({@code message_updated}); reactions are one row each, written directly.
 */
public final class MessageActions {

  /** Different reactions one person may leave on one message. */
  static final int MAX_REACTIONS_PER_PERSON = 20;
  /** How often the sweep of old edit history runs. */
  static final Duration SWEEP_EVERY = Duration.ofHours(1);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MessageActions.class);
  private static final Statement EDITS = sql("SELECT body, edited_at FROM message_edits "
      + "WHERE message_id = #{messageId} ORDER BY edited_at DESC, id DESC");
  private static final Statement SWEEP = sql("DELETE FROM message_edits WHERE edited_at < #{before}");

  private final Vertx vertx;
  private final Database db;
  private final ChatService chat;
  private final Clock clock;
  private final MessageOptions options;
  private final ReactionRepository reactions = new ReactionRepository();
  private long sweepTimer = -1;

  public MessageActions(Vertx vertx, Database db, ChatService chat, Clock clock, MessageOptions options) {
    this.vertx = vertx;
    this.db = db;
    this.chat = chat;
    this.clock = clock;
    this.options = new MessageOptions(options);
  }

  /** Registers reply and forward with the chat's sends, and starts the periodic sweep of old edit history. */
  public MessageActions start() {
    chat.addExtension(new ReplyExtension(chat));
    chat.addExtension(new ForwardExtension(chat));
    chat.pageView(this::view);
    if (sweepTimer < 0) {
      // A timer, never in a request: the delete runs on the pool, off the event loop's way.
      sweepTimer = vertx.setPeriodic(60_000, SWEEP_EVERY.toMillis(), t -> {
        if (dev.parley.core.cluster.Leadership.leads(vertx)) { // one node of a cluster sweeps (issue 23)
          sweepEditHistory().onFailure(e -> LOG.warn("sweeping old edit history failed", e));
        }
      });
    }
    return this;
  }

  public void stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
      sweepTimer = -1;
    }
  }

  /** Deletes edit history older than the setting; answers how many rows went. */
  public Future<Integer> sweepEditHistory() {
    long before = clock.millis() - Duration.ofDays(options.getEditHistoryDays()).toMillis();
    return SWEEP.update(db.pool(), params("before", before));
  }

  // ---- edit ----

  /** Replaces the text of the caller's own text message; its earlier text goes to the history. */
  public Future<Message> edit(Account caller, String conversationId, String messageId, String text) {
    return target(caller.id(), conversationId, messageId).compose(m -> {
      if (m.senderId().filter(caller.id()::equals).isEmpty()) {
        return Future.failedFuture(PlatformException.forbidden("you can edit only your own messages"));
      }
      if (!"text".equals(m.kind())) {
        return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
            "only text messages can be edited; cards are edited by their app"));
      }
      if (text == null || text.length() > ChatService.MAX_TEXT || (text.isBlank() && m.extras().isEmpty())) {
        return Future.failedFuture(PlatformException.invalid("/text",
            "text must be 1-" + ChatService.MAX_TEXT + " characters and not blank"));
      }
      if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
        return Future.failedFuture(PlatformException.invalid("/text",
            "text must not contain control characters other than newlines and tabs"));
      }
      if (text.equals(m.text())) {
        return Future.succeededFuture(m); // nothing changes: no history row, no event
      }
      return chat.writer().editText(conversationId, messageId, caller.id(), text);
    });
  }

  /** The earlier texts of a message, newest first, for members: {@code [{text, editedAt}]}. */
  public Future<JsonArray> edits(String viewerId, String conversationId, String messageId) {
    return target(viewerId, conversationId, messageId)
        .compose(m -> EDITS.list(db.pool(), params("messageId", messageId),
            r -> new JsonObject().put("text", r.getString("body"))
                .put("editedAt", java.time.Instant.ofEpochMilli(r.getLong("edited_at")).toString())))
        .map(JsonArray::new);
  }

  // ---- delete ----

  /**
   * Deletes a message for everyone: its sender may, and a group's owner may delete anyone's. The
   * text, extras, edit history and reactions are gone from the database; the tombstone stays so
   * the numbering and replies to it hold. Storage hears of the attachments it held.
   */
  public Future<Void> delete(Account caller, String conversationId, String messageId) {
    return chat.requireMember(caller.id(), conversationId)
        .compose(v -> find(conversationId, messageId))
        .compose(m -> {
          if (m.deleted()) {
            return Future.succeededFuture(); // already gone: deleting is idempotent
          }
          boolean own = m.senderId().filter(caller.id()::equals).isPresent();
          boolean deletable = "text".equals(m.kind()) || Message.CARD.equals(m.kind());
          Future<Boolean> allowed = own
              ? Future.succeededFuture(true)
              : deletable ? chat.isAdmin(caller.id(), conversationId) : Future.succeededFuture(false);
          return allowed.compose(ok -> ok
              ? chat.writer().delete(conversationId, messageId).map(tombstone -> {
                publishDeleted(m);
                return null;
              })
              : Future.failedFuture(PlatformException.forbidden(
                  "you can delete your own messages; a group's owner can delete anyone's")));
        });
  }

  /**
   * Removes a message for everyone on a moderator's decision (safety's moderation; the admin role
   * was checked by its route): the same tombstone and live {@code message_updated} as a delete by
   * its sender. Answers the message as it was, for the audit log; a deleted one is answered as is.
   */
  public Future<Message> removeForEveryone(String conversationId, String messageId) {
    return find(conversationId, messageId).compose(m -> {
      if (m.deleted() || "system".equals(m.kind())) {
        return Future.succeededFuture(m);
      }
      return chat.writer().delete(conversationId, messageId).map(tombstone -> {
        publishDeleted(m);
        return m;
      });
    });
  }

  private void publishDeleted(Message before) {
    JsonArray attachmentIds = new JsonArray();
    if (before.extras().getValue("attachments") instanceof JsonArray attachments) {
      for (Object a : attachments) {
        if (a instanceof JsonObject o && o.getValue("id") instanceof String id) {
          attachmentIds.add(id);
        }
      }
    }
    JsonObject event = new JsonObject().put("conversationId", before.conversationId()).put("messageId", before.id())
        .put("attachmentIds", attachmentIds);
    vertx.eventBus().publish(Addresses.MESSAGES_DELETED, event);
  }

  // ---- reactions ----

  /** Adds or removes the caller's reaction; answers the message as the caller sees it. */
  public Future<JsonObject> react(Account caller, String conversationId, String messageId, String emoji,
      boolean add) {
    if (!Emoji.isSingleEmoji(emoji)) {
      return Future.failedFuture(PlatformException.invalid("/emoji", "a reaction is a single emoji"));
    }
    return target(caller.id(), conversationId, messageId).compose(m -> {
      if ("system".equals(m.kind())) {
        return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
            "system messages take no reactions"));
      }
      Future<Boolean> changed = add
          ? reactions.countOf(db.pool(), messageId, caller.id()).compose(n -> n >= MAX_REACTIONS_PER_PERSON
              ? Future.failedFuture(PlatformException.invalid("/emoji",
                  "one person may leave at most " + MAX_REACTIONS_PER_PERSON + " reactions on a message"))
              : reactions.add(db.pool(), messageId, caller.id(), emoji, clock.millis()))
          : reactions.remove(db.pool(), messageId, caller.id(), emoji);
      return changed.compose(c -> reactions.of(db.pool(), List.of(messageId)).map(all -> {
        List<ReactionRepository.Reaction> list = all.getOrDefault(messageId, List.of());
        if (c) {
          publishUpdated(m, list);
        }
        return m.toJson().put("reactions", json(list, caller.id()));
      }));
    });
  }

  /** Every member's sessions hear of it; {@code mine} is the client's to work out from accountIds. */
  private void publishUpdated(Message m, List<ReactionRepository.Reaction> list) {
    JsonObject message = m.toJson().put("reactions", json(list, null));
    JsonObject event = new JsonObject().put("type", "message_updated").put("message", message);
    vertx.eventBus().publish(Addresses.conversation(m.conversationId()), event.encode(),
        new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, m.conversationId()));
  }

  /** The messages as one viewer sees them, reactions included: one query for the whole page. */
  public Future<JsonArray> view(String viewerId, List<Message> page) {
    return reactions.of(db.pool(), page.stream().map(Message::id).toList()).map(all -> {
      JsonArray out = new JsonArray();
      for (Message m : page) {
        out.add(m.toJson().put("reactions", json(all.getOrDefault(m.id(), List.of()), viewerId)));
      }
      return out;
    });
  }

  private static JsonArray json(List<ReactionRepository.Reaction> list, String viewerId) {
    JsonArray out = new JsonArray();
    list.forEach(r -> out.add(r.toJson(viewerId)));
    return out;
  }

  // ---- helpers ----

  /** A live message of a conversation the viewer is in; 404 otherwise, 409 when deleted. */
  private Future<Message> target(String viewerId, String conversationId, String messageId) {
    return chat.requireMember(viewerId, conversationId)
        .compose(v -> find(conversationId, messageId))
        .compose(m -> m.deleted()
            ? Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
                "the message was deleted"))
            : Future.succeededFuture(m));
  }

  private Future<Message> find(String conversationId, String messageId) {
    return IdGenerator.isId(messageId)
        ? chat.message(conversationId, messageId)
        : Future.failedFuture(PlatformException.notFound("the message"));
  }
}
