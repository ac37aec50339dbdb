package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.runtime.MiniAppException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A card's {@code interactive} (issue 21): the Business API's schema and checker, without media
 * and without the file and location requests an app answers otherwise; its answerable ids and its
 * words in the card's plain text.
 */
class CardInteractiveFormatTest {

  private static JsonObject card(JsonObject interactive) {
    return CardFormat.card(new JsonObject().put("card", new JsonObject().put("title", "Lunch")
        .put("interactive", interactive)));
  }

  private static JsonObject reply(String id) {
    return new JsonObject().put("type", "reply").put("id", id).put("label", id);
  }

  @Test
  void aListAndACarousel_offerTheirRowsAndReplies_andTheSummaryHasTheirWords() {
    JsonObject list = card(new JsonObject().put("type", "list").put("text", "Pick a dish").put("button", "Menu")
        .put("sections", new JsonArray().add(new JsonObject().put("rows", new JsonArray()
            .add(new JsonObject().put("id", "soup").put("title", "Soup").put("payload", "s1"))
            .add(new JsonObject().put("id", "salad").put("title", "Salad"))))));
    assertThat(CardFormat.answerableIds(list)).containsExactly("soup", "salad");
    assertThat(CardFormat.summary(list)).isEqualTo("Lunch\nPick a dish\n[Soup] [Salad]");

    JsonObject carousel = card(new JsonObject().put("type", "carousel").put("cards", new JsonArray()
        .add(new JsonObject().put("title", "A").put("actions", new JsonArray().add(reply("a"))
            .add(new JsonObject().put("type", "open_url").put("label", "Site").put("url", "https://a.example"))))
        .add(new JsonObject().put("title", "B").put("actions", new JsonArray().add(reply("b"))))));
    assertThat(CardFormat.answerableIds(carousel)).containsExactly("a", "b");
  }

  @Test
  void media_fileAndLocationRequests_andDuplicateIds_areRefused_withThePointer() {
    JsonObject withMedia = new JsonObject().put("type", "carousel").put("cards", new JsonArray()
        .add(new JsonObject().put("title", "A")).add(new JsonObject().put("title", "B")
            .put("media", new JsonObject().put("attachmentId", "x"))));
    assertThatThrownBy(() -> card(withMedia)).isInstanceOf(MiniAppException.class)
        .hasMessageContaining("card.interactive/cards/1/media").hasMessageContaining("image");
    JsonObject asksFile = new JsonObject().put("type", "card").put("card", new JsonObject().put("title", "A")
        .put("actions", new JsonArray().add(new JsonObject().put("type", "request_file").put("id", "f")
            .put("label", "Send"))));
    assertThatThrownBy(() -> card(asksFile)).isInstanceOf(MiniAppException.class)
        .hasMessageContaining("card.interactive/card/actions/0/type");
    JsonObject twice = new JsonObject().put("type", "quick_replies").put("text", "?").put("replies",
        new JsonArray().add(new JsonObject().put("id", "y").put("label", "Y"))
            .add(new JsonObject().put("id", "y").put("label", "Yes")));
    assertThatThrownBy(() -> card(twice)).isInstanceOf(MiniAppException.class)
        .hasMessageContaining("card.interactive/replies/1/id");
    assertThatThrownBy(() -> card(new JsonObject().put("type", "banner"))).isInstanceOf(MiniAppException.class)
        .hasMessageContaining("card.interactive/type");
    assertThatThrownBy(() -> CardFormat.card(new JsonObject().put("card", new JsonObject().put("interactive", "hi"))))
        .isInstanceOf(MiniAppException.class).hasMessageContaining("card.interactive");
  }
}
