package dev.parley.core.search;

import dev.parley.core.chat.Message;
import io.vertx.sqlclient.Row;
import java.util.Optional;

/** The part of a message an engine indexes and shows in a hit. */
record IndexedMessage(String id, String conversationId, long seq, String senderName, long sentAtMillis, String text) {

  /** The kinds of message that are searchable: what people wrote, and the summaries of app cards. */
  static final String KINDS_SQL = "('text', 'card')";

  /** The columns {@link #from(Row)} reads, of {@code messages m LEFT JOIN accounts a ON a.id = m.sender_id}. */
  static final String COLUMNS = "m.id, m.conversation_id, m.seq, m.body, m.created_at, "
      + "COALESCE(a.display_name, m.app_name, 'Parley') AS sender_name";

  static final String FROM = " FROM messages m LEFT JOIN accounts a ON a.id = m.sender_id ";

  /** The searchable form of a message; empty for system messages and blank texts. */
  static Optional<IndexedMessage> of(Message m) {
    if (!("text".equals(m.kind()) || Message.CARD.equals(m.kind())) || m.text() == null || m.text().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new IndexedMessage(m.id(), m.conversationId(), m.seq(), m.senderName(),
        m.createdAt().toEpochMilli(), m.text()));
  }

  static IndexedMessage from(Row row) {
    return new IndexedMessage(row.getString("id"), row.getString("conversation_id"), row.getLong("seq"),
        row.getString("sender_name"), row.getLong("created_at"), row.getString("body"));
  }
}
