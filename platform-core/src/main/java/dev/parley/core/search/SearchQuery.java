package dev.parley.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person typed, taken apart the same way for every engine: the words (runs of letters and
 * digits; everything else, query syntax included, is a separator) and whether the last one is
 * still being typed. Never fails: text without a word is an empty query.
 */
record SearchQuery(List<String> complete, Optional<String> partial) {

  /** Words beyond this many are ignored: a search box is not a document. */
  static final int MAX_WORDS = 12;
  /** Longer words are cut here; no useful term is longer. */
  static final int MAX_WORD_LENGTH = 64;
  /** A word being typed is matched as a prefix from this many characters on. */
  static final int MIN_PREFIX = 2;

  SearchQuery {
    complete = List.copyOf(complete);
  }

  static SearchQuery parse(String text) {
    if (text == null) {
      return new SearchQuery(List.of(), Optional.empty());
    }
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = text.length();
    boolean endsInWord = false;
    while (i < n && words.size() < MAX_WORDS) {
      int cp = text.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        int start = i;
        while (i < n && Character.isLetterOrDigit(text.codePointAt(i))) {
          i += Character.charCount(text.codePointAt(i));
        }
        String word = text.substring(start, i).toLowerCase(Locale.ROOT);
        words.add(word.length() > MAX_WORD_LENGTH ? word.substring(0, MAX_WORD_LENGTH) : word);
        endsInWord = i == n;
      } else {
        i += Character.charCount(cp);
      }
    }
    if (endsInWord && !words.isEmpty()) {
      return new SearchQuery(words.subList(0, words.size() - 1), Optional.of(words.getLast()));
    }
    return new SearchQuery(words, Optional.empty());
  }

  boolean isEmpty() {
    return complete.isEmpty() && partial.isEmpty();
  }

  /** The last word as a prefix, when it is long enough to be worth expanding. */
  Optional<String> prefix() {
    return partial.filter(p -> p.codePointCount(0, p.length()) >= MIN_PREFIX);
  }
}
