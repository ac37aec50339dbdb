package dev.parley.core.search;

import dev.parley.core.chat.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of a message an engine indexes and shows in a hit: its text, and the names of its
 * attachments (so a file is found by its name as well as by its caption).
 */
record IndexedMessage(String id, String conversationId, long seq, String senderName, long sentAtMillis, String text,
    List<String> attachmentNames) {

  IndexedMessage {
    attachmentNames = List.copyOf(attachmentNames);
  }

  /** The searchable form of a message; empty for system messages and messages with neither text nor files. */
  static Optional<IndexedMessage> of(Message m) {
    if (!("text".equals(m.kind()) || Message.CARD.equals(m.kind())) || m.deleted()) {
      return Optional.empty();
    }
    String text = m.text() == null ? "" : m.text();
    List<String> names = attachmentNames(m.extras());
    if (text.isBlank() && names.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new IndexedMessage(m.id(), m.conversationId(), m.seq(), m.senderName(),
        m.createdAt().toEpochMilli(), text, names));
  }

  /** The names of the attachments in a message's extras ({@code attachments: [{name}]}), in order. */
  static List<String> attachmentNames(JsonObject extras) {
    List<String> names = new ArrayList<>();
    if (extras != null && extras.getValue("attachments") instanceof JsonArray attachments) {
      for (Object a : attachments) {
        if (a instanceof JsonObject o && o.getValue("name") instanceof String name && !name.isBlank()) {
          names.add(name.replace('\n', ' '));
        }
      }
    }
    return names;
  }

  /** The same, from the stored extras' JSON text (null when the message has none). */
  static List<String> attachmentNames(String extrasJson) {
    if (extrasJson == null || extrasJson.isBlank()) {
      return List.of();
    }
    try {
      return attachmentNames(new JsonObject(extrasJson));
    } catch (RuntimeException e) {
      return List.of(); // never a reason to stop indexing the rest
    }
  }

  /**
   * A file name as words: every character that is not a letter or a digit becomes a space, so
   * {@code meter_reading-2026.jpg} is found by {@code meter}, {@code reading} or {@code jpg}, and
   * the offsets of the words are those of the name (highlights point into the name as shown).
   */
  static String words(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints().forEach(cp -> {
      if (Character.isLetterOrDigit(cp)) {
        out.appendCodePoint(cp);
      } else {
        out.append(" ".repeat(Character.charCount(cp)));
      }
    });
    return out.toString();
  }

  /** The words of every attachment name, one name a line. */
  String nameWords() {
    return String.join("\n", attachmentNames.stream().map(IndexedMessage::words).toList());
  }
}
