package dev.parley.core.chat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One message of a conversation. {@code seq} is dense per conversation and orders it for everyone. */
public record Message(String id, String conversationId, long seq, Optional<String> senderId, String senderName,
                      Optional<String> clientId, String kind, String text, Instant createdAt) {

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(clientId, "clientId");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("conversationId", conversationId)
        .put("seq", seq)
        .put("senderId", senderId.orElse(null))
        .put("senderName", senderName)
        .put("clientId", clientId.orElse(null))
        .put("kind", kind)
        .put("text", text)
        .put("createdAt", createdAt.toString());
  }

  /** Reads a row of {@code messages m LEFT JOIN accounts a}. */
  static Message from(Row row) {
    String name = row.getString("display_name");
    return new Message(row.getString("id"), row.getString("conversation_id"), row.getLong("seq"),
        Optional.ofNullable(row.getString("sender_id")), name == null ? "Parley" : name,
        Optional.ofNullable(row.getString("client_id")), row.getString("kind"), row.getString("body"),
        Instant.ofEpochMilli(row.getLong("created_at")));
  }

  /** The columns {@link #from} reads; use with {@code FROM messages m LEFT JOIN accounts a ON a.id = m.sender_id}. */
  static final String COLUMNS =
      "m.id, m.conversation_id, m.seq, m.sender_id, m.client_id, m.kind, m.body, m.created_at, a.display_name";
}
