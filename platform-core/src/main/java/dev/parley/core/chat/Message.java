package dev.parley.core.chat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One message of a conversation. {@code seq} is dense per conversation and orders it for everyone. */
public record Message(String id, String conversationId, long seq, Optional<String> senderId, String senderName,
    Optional<String> clientId, String kind, String text, Instant createdAt,
    Optional<AppLabel> app, Optional<JsonObject> card, int edited) {

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
    card = card.map(JsonObject::copy);
  }

  /** A message written by a person or the platform. */
  public Message(String id, String conversationId, long seq, Optional<String> senderId, String senderName,
      Optional<String> clientId, String kind, String text, Instant createdAt) {
    this(id, conversationId, seq, senderId, senderName, clientId, kind, text, createdAt, Optional.empty(),
        Optional.empty(), 0);
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
        .put("createdAt", createdAt.toString());
    app.ifPresent(a -> json.put("app", new JsonObject().put("id", a.id()).put("name", a.name())));
    card.ifPresent(c -> json.put("card", c.copy()).put("edited", edited));
    return json;
  }
}
