package dev.parley.core.interactive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.common.PlatformException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The interactive schema and its rules, each refusal naming the field where it is wrong. */
class InteractiveContentTest {

  static JsonObject card(String title, JsonObject... actions) {
    return new JsonObject().put("title", title).put("body", "Body of " + title).put("actions", new JsonArray(
        java.util.List.of((Object[]) actions)));
  }

  static JsonObject reply(String id, String label) {
    return new JsonObject().put("type", "reply").put("id", id).put("label", label).put("payload", "p-" + id);
  }

  private static String field(Runnable r) {
    try {
      r.run();
    } catch (PlatformException e) {
      return e.field().orElse("") + " " + e.getMessage();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void aCarouselWithRepliesChecks_andFallsBackToText() {
    JsonObject c = new JsonObject().put("type", "carousel").put("cards", new JsonArray()
        .add(card("Red shoes", reply("red", "Buy red")))
        .add(card("Blue shoes", reply("blue", "Buy blue"), new JsonObject().put("type", "open_url")
            .put("label", "Details").put("url", "https://shop.example/blue"))));
    JsonObject checked = InteractiveContent.check(c, Set.of());
    assertThat(InteractiveContent.fallback(checked)).isEqualTo(
        "1. Red shoes\nBody of Red shoes\n[Buy red]\n\n2. Blue shoes\nBody of Blue shoes\n[Buy blue] [Details]");
    assertThat(InteractiveContent.answerable(checked, "blue")).get().extracting(InteractiveContent.Answerable::payload)
        .isEqualTo("p-blue");
    assertThat(InteractiveContent.answerable(checked, "nope")).isEmpty();
  }

  @Test
  void limitsAreTheIssues_andNamedByPointer() {
    JsonObject one = new JsonObject().put("type", "carousel").put("cards", new JsonArray().add(card("only")));
    assertThat(field(() -> InteractiveContent.check(one, Set.of()))).startsWith("/interactive/cards ");
    JsonArray replies = new JsonArray();
    for (int i = 0; i < 14; i++) {
      replies.add(new JsonObject().put("id", "r" + i).put("label", "Option " + i));
    }
    JsonObject many = new JsonObject().put("type", "quick_replies").put("text", "Pick").put("replies", replies);
    assertThat(field(() -> InteractiveContent.check(many, Set.of()))).startsWith("/interactive/replies ");
    JsonObject longLabel = new JsonObject().put("type", "quick_replies").put("text", "Pick").put("replies",
        new JsonArray().add(new JsonObject().put("id", "a").put("label", "x".repeat(26))));
    assertThat(field(() -> InteractiveContent.check(longLabel, Set.of()))).startsWith("/interactive/replies/0/label ");
    JsonObject fiveActions = new JsonObject().put("type", "card").put("card", card("t", reply("a", "A"),
        reply("b", "B"), reply("c", "C"), reply("d", "D"), reply("e", "E")));
    assertThat(field(() -> InteractiveContent.check(fiveActions, Set.of()))).startsWith("/interactive/card/actions ");
    JsonObject twice = new JsonObject().put("type", "card").put("card", card("t", reply("a", "A"), reply("a", "B")));
    assertThat(field(() -> InteractiveContent.check(twice, Set.of()))).contains("/interactive/card/actions/1/id")
        .contains("used twice");
    JsonObject noUrl = new JsonObject().put("type", "card").put("card", card("t", new JsonObject()
        .put("type", "open_url").put("label", "Go")));
    assertThat(field(() -> InteractiveContent.check(noUrl, Set.of()))).contains("needs url");
    JsonObject http = new JsonObject().put("type", "card").put("card", card("t", new JsonObject()
        .put("type", "open_url").put("label", "Go").put("url", "http://plain.example/")));
    assertThat(field(() -> InteractiveContent.check(http, Set.of()))).startsWith("/interactive/card/actions/0/url ");
    JsonObject unknown = new JsonObject().put("type", "card").put("card", card("t").put("html", "<b>"));
    assertThat(field(() -> InteractiveContent.check(unknown, Set.of()))).startsWith("/interactive/card");
    assertThat(field(() -> InteractiveContent.check(new JsonObject().put("type", "banner"), Set.of())))
        .startsWith("/interactive/type ");
  }

  @Test
  void mediaMustBeOneOfTheMessagesAttachments() {
    JsonObject withMedia = new JsonObject().put("type", "card").put("card", new JsonObject().put("title", "Meter")
        .put("media", new JsonObject().put("attachmentId", "att1")));
    assertThat(InteractiveContent.check(withMedia, Set.of("att1")).getJsonObject("card").getJsonObject("media")
        .getString("attachmentId")).isEqualTo("att1");
    assertThat(field(() -> InteractiveContent.check(withMedia, Set.of()))).startsWith(
        "/interactive/card/media/attachmentId ");
  }

  @Test
  void aListPickerAndADatePicker() {
    JsonObject list = new JsonObject().put("type", "list").put("text", "Other flights").put("button", "Choose")
        .put("sections", new JsonArray().add(new JsonObject().put("title", "Tomorrow").put("rows", new JsonArray()
            .add(new JsonObject().put("id", "LH1").put("title", "08:05 LH 1").put("payload", "flight:LH1"))
            .add(new JsonObject().put("id", "LH3").put("title", "12:40 LH 3")))));
    JsonObject checked = InteractiveContent.check(list, Set.of());
    assertThat(InteractiveContent.fallback(checked)).isEqualTo("Other flights\n[08:05 LH 1] [12:40 LH 3]");
    assertThat(InteractiveContent.answerable(checked, "LH1").orElseThrow().kind()).isEqualTo("row");

    JsonObject date = new JsonObject().put("type", "datetime").put("id", "when").put("text", "Pick a day")
        .put("mode", "date").put("min", "2026-12-01").put("max", "2026-12-31");
    JsonObject d = InteractiveContent.check(date, Set.of());
    assertThat(InteractiveContent.pickedValue(d, "2026-12-24")).isEqualTo("2026-12-24");
    assertThat(field(() -> InteractiveContent.pickedValue(d, "2027-01-01"))).contains("after the latest");
    assertThat(field(() -> InteractiveContent.pickedValue(d, "24.12.2026"))).contains("is not a date");
    JsonObject backwards = date.copy().put("min", "2026-12-31").put("max", "2026-12-01");
    assertThat(field(() -> InteractiveContent.check(backwards, Set.of()))).startsWith("/interactive/max ");
  }
}
