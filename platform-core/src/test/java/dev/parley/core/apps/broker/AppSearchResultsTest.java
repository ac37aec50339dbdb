package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An app's search answer, checked field by field (contract 2): bad results dropped, good ones kept. */
class AppSearchResultsTest {

  private static AppSearchResults.Parsed parse(Object answer, int limit) {
    return AppSearchResults.parse(answer, limit,
        path -> path.equals("ui/ok.png") ? Optional.of("/static/apps/a/d/ui/ok.png") : Optional.empty());
  }

  @Test
  void goodResults_areCopied_withBundleImagesAsTheirUrls() {
    JsonObject answer = new JsonObject().put("results", new JsonArray()
        .add(new JsonObject().put("title", "Red shoes").put("subtitle", "size 42").put("image", "ui/ok.png")
            .put("start", "sku_42-a").put("extra", "ignored"))
        .add(new JsonObject().put("title", "Blue").put("image", "https://cdn.example/b.png")));
    AppSearchResults.Parsed parsed = parse(answer, 10);
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.results()).containsExactly(
        new AppSearchResults.Result("Red shoes", Optional.of("size 42"), Optional.of("/static/apps/a/d/ui/ok.png"),
            Optional.of("sku_42-a")),
        new AppSearchResults.Result("Blue", Optional.empty(), Optional.of("https://cdn.example/b.png"),
            Optional.empty()));
  }

  @Test
  void malformedResults_areDropped_eachWithItsReason() {
    JsonObject answer = new JsonObject().put("results", new JsonArray()
        .add(new JsonObject().put("title", " "))
        .add(new JsonObject().put("title", "x".repeat(101)))
        .add(new JsonObject().put("title", "t").put("subtitle", "s".repeat(201)))
        .add(new JsonObject().put("title", "t").put("image", "http://plain.example/x.png"))
        .add(new JsonObject().put("title", "t").put("image", "ui/missing.png"))
        .add(new JsonObject().put("title", "t").put("image", "ui/../manifest.json"))
        .add(new JsonObject().put("title", "t").put("start", "x".repeat(65)))
        .add(new JsonObject().put("title", "line\nbreak"))
        .add(42)
        .add(new JsonObject().put("title", "kept")));
    AppSearchResults.Parsed parsed = parse(answer, 10);
    assertThat(parsed.results()).extracting(AppSearchResults.Result::title).containsExactly("kept");
    assertThat(parsed.problems()).hasSize(9);
    assertThat(String.join("\n", parsed.problems())).contains("results[0].title is required")
        .contains("results[1].title must be at most 100").contains("results[2].subtitle must be at most 200")
        .contains("results[3].image must be an https://").contains("results[4].image names no file")
        .contains("results[6].start").contains("results[7].title must not contain control")
        .contains("results[8] is not an object");
  }

  @Test
  void anAnswerWithoutResults_orPastTheLimit_keepsWhatFits() {
    assertThat(parse(new JsonObject().put("items", new JsonArray()), 5).problems())
        .containsExactly("the handler must return {results: [...]}");
    assertThat(parse(null, 5).results()).isEmpty();
    JsonArray many = new JsonArray();
    for (int i = 0; i < 8; i++) {
      many.add(new JsonObject().put("title", "r" + i));
    }
    AppSearchResults.Parsed parsed = parse(new JsonObject().put("results", many), 5);
    assertThat(parsed.results()).hasSize(5);
    assertThat(parsed.problems()).containsExactly("3 results past the limit of 5");
  }
}
