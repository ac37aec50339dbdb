package dev.parley.core.search;

import java.util.List;
import java.util.Objects;

/**
 * One message found: where it is, and a short snippet of its text with the matched words as
 * character ranges (clients mark them as text, never as HTML). {@code attachmentName} is the name
 * of the message's file that matched (null when only its text did); when the text did not match,
 * the snippet is that name.
 */
public record MessageHit(String messageId, String conversationId, long seq, String senderName, long sentAtMillis,
    String snippet, List<Highlight> highlights, double score,
    @org.jspecify.annotations.Nullable String attachmentName) {

  /** Characters {@code [start, end)} of the snippet that matched the query. */
  public record Highlight(int start, int end) {
  }

  public MessageHit {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(snippet, "snippet");
    highlights = List.copyOf(highlights);
  }
}
