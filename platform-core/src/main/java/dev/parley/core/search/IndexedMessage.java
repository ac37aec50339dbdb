package dev.parley.core.search;

import dev.parley.core.chat.Message;
import java.util.Optional;

/** The part of a message an engine indexes and shows in a hit. */
record IndexedMessage(String id, String conversationId, long seq, String senderName, long sentAtMillis, String text) {

  /** The searchable form of a message; empty for system messages and blank texts. */
  static Optional<IndexedMessage> of(Message m) {
    if (!("text".equals(m.kind()) || Message.CARD.equals(m.kind())) || m.text() == null || m.text().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new IndexedMessage(m.id(), m.conversationId(), m.seq(), m.senderName(),
        m.createdAt().toEpochMilli(), m.text()));
  }
}
