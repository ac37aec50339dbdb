package dev.parley.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;

/**
 * Fuzzes what a person types in the search box, and the snippet cut around what it matched. An input is the
 * query, a line feed, then the text of a message. The query never fails (a bounded list of lower-case words);
 * the snippet is a well-formed piece of the message when the message is, with highlights inside it, in order;
 * nothing throws. {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/parley/core/search/SearchQueryFuzzTestInputs}; docs/fuzzing.md says how to fuzz
 * for real.
 */
class SearchQueryFuzzTest {

  private static final Analyzer ANALYZER = Analysis.create();
  private static final Snippets SNIPPETS = new Snippets(ANALYZER);

  @FuzzTest(maxDuration = "60s")
  void parseAndSnippet(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    String typed = newline < 0 ? text : text.substring(0, newline);
    String message = newline < 0 ? "" : text.substring(newline + 1);

    SearchQuery query = SearchQuery.parse(typed);
    List<String> words = new ArrayList<>(query.complete());
    query.partial().ifPresent(words::add);
    assertThat(words).hasSizeLessThanOrEqualTo(SearchQuery.MAX_WORDS);
    for (String word : words) {
      assertThat(word).isNotEmpty();
      assertThat(word.length()).isLessThanOrEqualTo(SearchQuery.MAX_WORD_LENGTH);
      assertThat(word.codePoints().allMatch(Character::isLetterOrDigit)).as("letters and digits: %s", word).isTrue();
    }

    Snippets.Snippet snippet = SNIPPETS.of(message, SNIPPETS.terms(query));
    int last = 0;
    for (var h : snippet.highlights()) {
      assertThat(h.start()).isGreaterThanOrEqualTo(last).isLessThan(h.end());
      assertThat(h.end()).isLessThanOrEqualTo(snippet.text().length());
      last = h.end();
    }
    if (wellFormed(message)) {
      assertThat(wellFormed(snippet.text())).as("snippet %s cuts a character in two", snippet.text()).isTrue();
    }
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
