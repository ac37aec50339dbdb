package dev.parley.core.chat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One message of a conversation. {@code seq} is dense per conversation and orders it for everyone. */
public record Message(String id, String conversationId, long seq, Optional<String> senderId, String senderName,
    Optional<String> clientId, String kind, String text, Instant createdAt,
    Optional<AppLabel> app, Optional<JsonObject> card, int edited, JsonObject extras, Optional<Instant> deletedAt,
    Optional<Instant> editedAt) {

  /** This message at another seq (a group commit that found its conversation moved on: issue 23). */
  public Message withSeq(long newSeq) {
    return new Message(id, conversationId, newSeq, senderId, senderName, clientId, kind, text, createdAt, app, card,
        edited, extras, deletedAt, editedAt);
  }

  /** The kind of a message posted by a mini-app: a card, labelled with the app. */
  public static final String CARD = "card";

  /** Which app posted a message: shown on it, so an app is never taken for a person. */
  public record AppLabel(String id, String name) {
    public AppLabel {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
    }
  }

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(deletedAt, "deletedAt");
    Objects.requireNonNull(editedAt, "editedAt");
    card = card.map(JsonObject::copy);
    extras = extras == null ? new JsonObject() : extras.copy();
  }

  /** A message never edited by its sender (see {@code editedAt}). */
  public Message(String id, String conversationId, long seq, Optional<String> senderId, String senderName,
      Optional<String> clientId, String kind, String text, Instant createdAt,
      Optional<AppLabel> app, Optional<JsonObject> card, int edited, JsonObject extras, Optional<Instant> deletedAt) {
    this(id, conversationId, seq, senderId, senderName, clientId, kind, text, createdAt, app, card, edited, extras,
        deletedAt, Optional.empty());
  }

  /** A message without extras that was never deleted (cards, system messages, plain texts). */
  public Message(String id, String conversationId, long seq, Optional<String> senderId, String senderName,
      Optional<String> clientId, String kind, String text, Instant createdAt,
      Optional<AppLabel> app, Optional<JsonObject> card, int edited) {
    this(id, conversationId, seq, senderId, senderName, clientId, kind, text, createdAt, app, card, edited,
        new JsonObject(), Optional.empty());
  }

  /** A message written by a person or the platform. */
  public Message(String id, String conversationId, long seq, Optional<String> senderId, String senderName,
      Optional<String> clientId, String kind, String text, Instant createdAt) {
    this(id, conversationId, seq, senderId, senderName, clientId, kind, text, createdAt, Optional.empty(),
        Optional.empty(), 0);
  }

  /**
   * The rich parts of a message, each under its own key of the message's JSON (attachments,
   * replyTo, forwarded, linkPreview, ...): stored as one JSON column so each capability adds a key,
   * not a column and a constructor argument.
   */
  @Override
  public JsonObject extras() {
    return extras.copy();
  }

  /** Whether the sender deleted it for everyone: a tombstone without text or extras. */
  public boolean deleted() {
    return deletedAt.isPresent();
  }

  @Override
  public Optional<JsonObject> card() {
    return card.map(JsonObject::copy);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("conversationId", conversationId)
        .put("seq", seq)
        .put("senderId", senderId.orElse(null))
        .put("senderName", senderName)
        .put("clientId", clientId.orElse(null))
        .put("kind", kind)
        .put("text", text)
        .put("createdAt", createdAt.toString())
        .put("senderKind", senderKind());
    app.ifPresent(a -> json.put("app", new JsonObject().put("id", a.id()).put("name", a.name())));
    card.ifPresent(c -> json.put("card", c.copy()).put("edited", edited));
    // A person's edit of their text (cards have their own count above).
    if (card.isEmpty() && editedAt.isPresent() && deletedAt.isEmpty()) {
      json.put("editedAt", editedAt.get().toString());
    }
    if (deletedAt.isPresent()) {
      json.put("text", "").put("deleted", true).put("deletedAt", deletedAt.get().toString());
      json.remove("card");
    } else {
      extras.forEach(e -> json.put(e.getKey(), e.getValue() instanceof JsonObject o
          ? o.copy()
          : e.getValue() instanceof io.vertx.core.json.JsonArray a ? a.copy() : e.getValue()));
    }
    return json.put("senderKind", senderKind()); // never an extra's word: set last
  }

  /** The sender kind of a bot's message, kept in its extras (issue 21). */
  public static final String BOT = "bot";

  /**
   * Who wrote it (issue 21): {@code bot} (a business's bot account, marked by the server when it
   * sends and again from the account's kind when read), {@code system} (the platform or a mini-app's
   * card: no sender), else {@code person}.
   */
  public String senderKind() {
    if (senderId.isEmpty()) {
      return "system";
    }
    return BOT.equals(extras.getString("senderKind")) ? BOT : "person";
  }
}
