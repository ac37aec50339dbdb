package dev.parley.core.search;

import dev.parley.core.search.MessageHit.Highlight;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;

/**
 * A short piece of a message around what matched, and the matched words as character ranges of
 * that piece. Computed from the analysers' offsets, the same for both engines, so clients never
 * parse markup.
 */
final class Snippets {

  /** Longest snippet, in characters (before the ellipses). */
  static final int MAX_LENGTH = 160;
  private static final String ELLIPSIS = "\u2026";

  private final Analyzer analyzer;

  Snippets(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  record Snippet(String text, List<Highlight> highlights) {
  }

  /** The terms a query looks for: stems of its words, and the prefix of the word being typed. */
  record Terms(Set<String> stems, Set<String> prefixes) {
  }

  Terms terms(SearchQuery query) {
    Set<String> stems = new HashSet<>();
    query.complete().forEach(w -> stems.addAll(Analysis.terms(analyzer, Analysis.STEMMED, w)));
    query.partial().ifPresent(w -> stems.addAll(Analysis.terms(analyzer, Analysis.STEMMED, w)));
    Set<String> prefixes = new HashSet<>();
    query.prefix().ifPresent(w -> prefixes.addAll(Analysis.terms(analyzer, Analysis.WORDS, w)));
    return new Terms(stems, prefixes);
  }

  Snippet of(String text, Terms terms) {
    return window(text, matches(text, terms));
  }

  /**
   * The snippet of a found message: of its text when the text matched; else of the first of its
   * attachment names that matched (the name as shown, highlighted where its words matched), and
   * that name as the hit's {@code attachmentName}. A name that matched is named even when the
   * text matched too.
   */
  MessageHit hit(IndexedMessage m, Terms terms, double score) {
    List<int[]> inText = matches(m.text(), terms);
    String name = null;
    List<int[]> inName = List.of();
    for (String n : m.attachmentNames()) {
      List<int[]> found = matches(IndexedMessage.words(n), terms);
      if (!found.isEmpty()) {
        name = n;
        inName = found;
        break;
      }
    }
    Snippet shown = inText.isEmpty() && name != null ? window(name, inName) : window(m.text(), inText);
    return new MessageHit(m.id(), m.conversationId(), m.seq(), m.senderName(), m.sentAtMillis(), shown.text(),
        shown.highlights(), score, name);
  }

  private List<int[]> matches(String text, Terms terms) {
    List<int[]> ranges = new ArrayList<>();
    for (Analysis.Token t : Analysis.tokens(analyzer, Analysis.STEMMED, text)) {
      if (terms.stems().contains(t.term())) {
        ranges.add(new int[] {t.start(), t.end()});
      }
    }
    if (!terms.prefixes().isEmpty()) {
      for (Analysis.Token t : Analysis.tokens(analyzer, Analysis.WORDS, text)) {
        if (terms.prefixes().stream().anyMatch(t.term()::startsWith)) {
          ranges.add(new int[] {t.start(), t.end()});
        }
      }
    }
    ranges.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
    List<int[]> merged = new ArrayList<>();
    for (int[] r : ranges) {
      if (!merged.isEmpty() && r[0] <= merged.getLast()[1]) {
        merged.getLast()[1] = Math.max(merged.getLast()[1], r[1]);
      } else {
        merged.add(r.clone());
      }
    }
    return merged;
  }

  /** The whole text when short, else {@link #MAX_LENGTH} characters from a little before the first match. */
  private static Snippet window(String text, List<int[]> ranges) {
    int start = 0;
    int end = text.length();
    if (text.length() > MAX_LENGTH) {
      int first = ranges.isEmpty() ? 0 : ranges.getFirst()[0];
      start = Math.max(0, Math.min(first - 30, text.length() - MAX_LENGTH));
      start = wordStart(text, start);
      end = Math.min(text.length(), start + MAX_LENGTH);
      end = wordEnd(text, end, start);
      // Never cut a character of two UTF-16 units (an emoji) in two: half of one is not text, and
      // reaches the client as a lone surrogate (found by SearchQueryFuzzTest).
      if (splitsPair(text, start)) {
        start++;
      }
      if (splitsPair(text, end)) {
        end--;
      }
    }
    String prefix = start > 0 ? ELLIPSIS : "";
    String suffix = end < text.length() ? ELLIPSIS : "";
    String snippet = prefix + text.substring(start, end) + suffix;
    List<Highlight> highlights = new ArrayList<>();
    for (int[] r : ranges) {
      int s = Math.max(r[0], start);
      int e = Math.min(r[1], end);
      if (s < e) {
        highlights.add(new Highlight(s - start + prefix.length(), e - start + prefix.length()));
      }
    }
    return new Snippet(snippet, highlights);
  }

  private static boolean splitsPair(String text, int i) {
    return i > 0 && i < text.length() && Character.isHighSurrogate(text.charAt(i - 1))
        && Character.isLowSurrogate(text.charAt(i));
  }

  /** Moves forward to the start of a word, so the snippet does not begin mid-word. */
  private static int wordStart(String text, int i) {
    if (i == 0) {
      return 0;
    }
    int j = i;
    while (j < text.length() && j - i < 20 && !Character.isWhitespace(text.charAt(j - 1))) {
      j++;
    }
    return j - i < 20 ? j : i;
  }

  /** Moves back to the end of a word, so the snippet does not end mid-word. */
  private static int wordEnd(String text, int i, int min) {
    if (i >= text.length()) {
      return text.length();
    }
    int j = i;
    while (j > min && i - j < 20 && !Character.isWhitespace(text.charAt(j))) {
      j--;
    }
    return i - j < 20 && j > min ? j : i;
  }
}
