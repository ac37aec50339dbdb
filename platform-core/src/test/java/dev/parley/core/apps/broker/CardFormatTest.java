package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.runtime.MiniAppException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A card's picture may be an https URL, a file URL of the platform, or the path of a file of the
 * app's own bundle ({@code ui/...}), which becomes that file's URL in the calling version (apps do
 * not know their digest); anything else is refused with the field named.
 */
class CardFormatTest {

  private static final String DIGEST = "a".repeat(64);

  private static JsonObject card(String image) {
    return CardFormat.card(new JsonObject().put("card", new JsonObject().put("title", "Shoe").put("image", image)));
  }

  @Test
  void bundleImage_becomesTheUrlOfThatFileInTheVersion() {
    JsonObject card = card("ui/img/shoe-red.svg");
    assertThat(CardFormat.hasBundleImage(card)).isTrue();
    assertThat(CardFormat.withFileUrls(card, "shop", DIGEST).getString("image"))
        .isEqualTo("/static/apps/shop/" + DIGEST + "/ui/img/shoe-red.svg");
    assertThat(card.getString("image")).as("the checked card is not changed").isEqualTo("ui/img/shoe-red.svg");
  }

  @Test
  void urls_areKeptAsTheyAre() {
    for (String url : List.of("https://cdn.example.com/shoe.png", "/static/apps/shop/" + DIGEST + "/ui/a.svg")) {
      JsonObject card = card(url);
      assertThat(CardFormat.hasBundleImage(card)).isFalse();
      assertThat(CardFormat.withFileUrls(card, "shop", DIGEST).getString("image")).isEqualTo(url);
    }
  }

  @Test
  void otherImages_areRefused_namingTheField() {
    for (String bad : List.of("ui/../server.js", "ui/img/../../x.svg", "server.js", "/ui/img/x.svg", "ui//x.svg",
        "javascript:alert(1)", "http://example.com/x.png", "data:image/svg+xml,<svg/>", "ui/" + "a".repeat(300))) {
      assertThatThrownBy(() -> card(bad)).as(bad).isInstanceOf(MiniAppException.class)
          .hasMessageContaining("card.image");
    }
  }
}
