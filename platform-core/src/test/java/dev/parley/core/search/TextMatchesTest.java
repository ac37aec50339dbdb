package dev.parley.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Query words, snippets and highlight ranges, without a database. */
class TextMatchesTest {

  @Test
  void terms_areTheDistinctWordsInLowerCase() {
    assertThat(TextMatches.terms("  Pizza, PIZZA & café-au-lait!  ")).containsExactly("pizza", "café", "au", "lait");
    assertThat(TextMatches.terms("%_\\ --")).isEmpty();
  }

  @Test
  void shortText_isWhole_withEveryMatchMerged() {
    TextMatches.MessageHitText t = TextMatches.snippet("Pizza at Pizzeria?", List.of("pizz", "pizza"));
    assertThat(t.snippet()).isEqualTo("Pizza at Pizzeria?");
    assertThat(t.highlights()).containsExactly(new MessageHit.Highlight(0, 5), new MessageHit.Highlight(9, 13));
  }

  @Test
  void longText_isCutAroundTheFirstMatch_andTheRangesPointIntoTheSnippet() {
    String text = "word ".repeat(100) + "needle in the middle " + "tail ".repeat(100);
    TextMatches.MessageHitText t = TextMatches.snippet(text, List.of("needle"));
    assertThat(t.snippet()).startsWith("…").endsWith("…").contains("needle in the middle");
    assertThat(t.snippet().length()).isLessThanOrEqualTo(TextMatches.MAX_SNIPPET + 2);
    MessageHit.Highlight h = t.highlights().get(0);
    assertThat(t.snippet().substring(h.start(), h.end())).isEqualTo("needle");
  }
}
