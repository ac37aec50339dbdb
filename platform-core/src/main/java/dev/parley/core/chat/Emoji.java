package dev.parley.core.chat;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * What counts as one reaction: a single emoji as people see it (one extended grapheme cluster, as
 * the JDK's {@link BreakIterator} splits them since Java 20, so flags, skin tones and ZWJ families
 * count as one), never text.
 */
final class Emoji {

  /** Longest emoji accepted, in UTF-16 units (a ZWJ family with skin tones is about 20). */
  static final int MAX_LENGTH = 32;

  private Emoji() {
  }

  /** Whether {@code s} is exactly one emoji grapheme. */
  static boolean isSingleEmoji(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
      return false;
    }
    BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
    graphemes.setText(s);
    if (graphemes.next() != s.length()) {
      return false; // more than one grapheme
    }
    int first = s.codePointAt(0);
    if (Character.isExtendedPictographic(first) || Character.isEmojiPresentation(first)) {
      return true;
    }
    // A keycap (1️⃣, #️⃣) starts with an ASCII emoji-capable character and ends with U+20E3.
    return Character.isEmoji(first) && s.indexOf('\u20E3') > 0;
  }
}
