package dev.parley.core.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a query, and the short piece of a text shown for a hit with the matched words as
 * character ranges. Matching is case-insensitive on whole characters; ranges never overlap.
 */
public final class TextMatches {

  /** Longest snippet, in characters (without its ellipses). */
  public static final int MAX_SNIPPET = 160;
  /** Characters kept before the first match when the text is cut. */
  static final int LEAD = 40;
  private static final String ELLIPSIS = "…";

  private TextMatches() {
  }

  /** The distinct words of a query (letters and digits), lower case, in order. */
  public static List<String> terms(String query) {
    Set<String> out = new LinkedHashSet<>();
    for (String part : query.split("[^\\p{L}\\p{N}]+")) {
      if (!part.isEmpty()) {
        out.add(part.toLowerCase(Locale.ROOT));
      }
    }
    return List.copyOf(out);
  }

  /** A snippet of {@code text} around the first match of {@code terms}, with every match in it. */
  public static MessageHitText snippet(String text, List<String> terms) {
    List<MessageHit.Highlight> all = matches(text, terms);
    if (text.length() <= MAX_SNIPPET) {
      return new MessageHitText(text, all);
    }
    int first = all.isEmpty() ? 0 : all.get(0).start();
    int start = Math.max(0, first - LEAD);
    int end = Math.min(text.length(), start + MAX_SNIPPET);
    start = Math.max(0, Math.min(start, end - MAX_SNIPPET));
    // Cut at a space when one is near, so that words stay whole.
    if (start > 0) {
      int space = text.indexOf(' ', start);
      if (space >= 0 && space < first && space - start < 20) {
        start = space + 1;
      }
    }
    if (end < text.length()) {
      int space = text.lastIndexOf(' ', end);
      int cut = end;
      if (space > start && end - space < 20 && all.stream().noneMatch(h -> h.start() < cut && h.end() > space)) {
        end = space;
      }
    }
    String prefix = start > 0 ? ELLIPSIS : "";
    String body = text.substring(start, end);
    String snippet = prefix + body + (end < text.length() ? ELLIPSIS : "");
    int shift = prefix.length() - start;
    List<MessageHit.Highlight> shown = new ArrayList<>();
    for (MessageHit.Highlight h : all) {
      int s = Math.max(h.start(), start);
      int e = Math.min(h.end(), end);
      if (s < e) {
        shown.add(new MessageHit.Highlight(s + shift, e + shift));
      }
    }
    return new MessageHitText(snippet, shown);
  }

  /** Every place in {@code text} where a term occurs, merged, in order. */
  public static List<MessageHit.Highlight> matches(String text, List<String> terms) {
    List<MessageHit.Highlight> found = new ArrayList<>();
    for (String term : terms) {
      if (term.isEmpty()) {
        continue;
      }
      for (int i = 0; i + term.length() <= text.length(); i++) {
        if (text.regionMatches(true, i, term, 0, term.length())) {
          found.add(new MessageHit.Highlight(i, i + term.length()));
        }
      }
    }
    found.sort(Comparator.comparingInt(MessageHit.Highlight::start).thenComparingInt(MessageHit.Highlight::end));
    List<MessageHit.Highlight> merged = new ArrayList<>();
    for (MessageHit.Highlight h : found) {
      MessageHit.Highlight last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && h.start() <= last.end()) {
        merged.set(merged.size() - 1, new MessageHit.Highlight(last.start(), Math.max(last.end(), h.end())));
      } else {
        merged.add(h);
      }
    }
    return merged;
  }

  /** A snippet and its highlight ranges. */
  public record MessageHitText(String snippet, List<MessageHit.Highlight> highlights) {
    public MessageHitText {
      highlights = List.copyOf(highlights);
    }
  }
}
