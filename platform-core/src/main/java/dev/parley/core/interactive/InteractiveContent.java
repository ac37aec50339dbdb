package dev.parley.core.interactive;

import dev.parley.core.common.PlatformException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks interactive content against {@code interactive.schema.json} and the rules a schema cannot
 * say (an action's fields by its type, ids unique in the message, media among the message's own
 * attachments, a picker's bounds), and derives its plain-text fallback. A refusal names the field
 * by its JSON pointer under {@code /interactive}.
 */
public final class InteractiveContent {

  /** The schema as published (docs/api.md links it; {@code GET /api/schemas/interactive}). */
  public static final String SCHEMA_TEXT = load();
  private static final JsonObject SCHEMA = new JsonObject(SCHEMA_TEXT);
  private static final Set<String> KINDS = Set.of("card", "carousel", "quick_replies", "list", "datetime");
  private static final Map<String, Validator> VALIDATORS = validators();
  /** Which field each action type needs besides its label. */
  private static final Map<String, String> NEEDS = Map.of("reply", "id", "request_file", "id", "share_location",
      "id", "open_url", "url", "open_app", "appId", "call", "phone");

  private InteractiveContent() {
  }

  /**
   * A checked copy of {@code raw}; {@code attachmentIds} are the message's own attachments, the only
   * ones its media may show.
   */
  public static JsonObject check(Object raw, Set<String> attachmentIds) {
    if (!(raw instanceof JsonObject content)) {
      throw invalid("", "must be an object with a type: " + String.join(", ", KINDS.stream().sorted().toList()));
    }
    if (!(content.getValue("type") instanceof String type) || !KINDS.contains(type)) {
      throw invalid("/type", "must be one of " + String.join(", ", KINDS.stream().sorted().toList()));
    }
    OutputUnit out = VALIDATORS.get(type).validate(content);
    if (!Boolean.TRUE.equals(out.getValid())) {
      throw firstError(out);
    }
    JsonObject copy = content.copy();
    Set<String> ids = new HashSet<>();
    switch (type) {
      case "card" -> checkCard(copy.getJsonObject("card"), "/card", ids, attachmentIds, true);
      case "carousel" -> {
        JsonArray cards = copy.getJsonArray("cards");
        for (int i = 0; i < cards.size(); i++) {
          checkCard(cards.getJsonObject(i), "/cards/" + i, ids, attachmentIds, false);
        }
      }
      case "quick_replies" -> {
        JsonArray replies = copy.getJsonArray("replies");
        for (int i = 0; i < replies.size(); i++) {
          unique(ids, replies.getJsonObject(i).getString("id"), "/replies/" + i + "/id");
        }
      }
      case "list" -> {
        JsonArray sections = copy.getJsonArray("sections");
        for (int s = 0; s < sections.size(); s++) {
          JsonArray rows = sections.getJsonObject(s).getJsonArray("rows");
          for (int r = 0; r < rows.size(); r++) {
            unique(ids, rows.getJsonObject(r).getString("id"), "/sections/" + s + "/rows/" + r + "/id");
          }
        }
      }
      default -> checkBounds(copy);
    }
    return copy;
  }

  /** The text a client without interactive support, a notification, a preview or search shows. */
  public static String fallback(JsonObject content) {
    if (content.getValue("fallback") instanceof String given) {
      return given;
    }
    StringBuilder text = new StringBuilder();
    switch (content.getString("type")) {
      case "card" -> cardText(content.getJsonObject("card"), text);
      case "carousel" -> {
        JsonArray cards = content.getJsonArray("cards");
        for (int i = 0; i < cards.size(); i++) {
          if (i > 0) {
            text.append("\n\n");
          }
          text.append(i + 1).append(". ");
          cardText(cards.getJsonObject(i), text);
        }
      }
      case "quick_replies" -> {
        text.append(content.getString("text"));
        options(content.getJsonArray("replies").stream().map(r -> ((JsonObject) r).getString("label")).toList(),
            text);
      }
      case "list" -> {
        text.append(content.getString("text"));
        List<String> rows = new ArrayList<>();
        for (Object section : content.getJsonArray("sections")) {
          for (Object row : ((JsonObject) section).getJsonArray("rows")) {
            rows.add(((JsonObject) row).getString("title"));
          }
        }
        options(rows, text);
      }
      default -> text.append(content.getString("text"));
    }
    String out = text.toString().strip();
    return out.length() > 4096 ? out.substring(0, 4095) + "…" : out;
  }

  /**
   * What answering {@code actionId} of the content means: its kind ({@code reply}, {@code row},
   * {@code datetime}, {@code request_file}, {@code share_location}), its label and payload; empty
   * when the content has no answerable action with that id.
   */
  public static Optional<Answerable> answerable(JsonObject content, String actionId) {
    List<JsonObject> actions = new ArrayList<>();
    switch (content.getString("type", "")) {
      case "card" -> actions.addAll(actions(content.getJsonObject("card")));
      case "carousel" -> content.getJsonArray("cards").forEach(c -> actions.addAll(actions((JsonObject) c)));
      case "quick_replies" -> content.getJsonArray("replies")
          .forEach(r -> actions.add(((JsonObject) r).copy().put("type", "reply")));
      case "list" -> content.getJsonArray("sections").forEach(s -> ((JsonObject) s).getJsonArray("rows")
          .forEach(r -> actions.add(((JsonObject) r).copy().put("type", "row").put("label",
              ((JsonObject) r).getString("title")))));
      case "datetime" -> actions.add(new JsonObject().put("type", "datetime").put("id", content.getString("id"))
          .put("label", content.getString("text")));
      default -> {
      }
    }
    return actions.stream().filter(a -> actionId.equals(a.getString("id")))
        .filter(a -> Set.of("reply", "row", "datetime", "request_file", "share_location").contains(a.getString("type")))
        .findFirst().map(a -> new Answerable(a.getString("type"), a.getString("label"), a.getString("payload")));
  }

  /** A value picked in a date/time picker, checked against its mode and bounds; the normalized value. */
  public static String pickedValue(JsonObject datetime, Object value) {
    if (!(value instanceof String s)) {
      throw PlatformException.invalid("/interactiveReply/value", "value must be the picked "
          + datetime.getString("mode") + " as a string");
    }
    Temporal picked = parse(datetime.getString("mode"), s, "/interactiveReply/value");
    if (datetime.getValue("min") instanceof String min
        && compare(picked, parse(datetime.getString("mode"), min, "")) < 0) {
      throw PlatformException.invalid("/interactiveReply/value", s + " is before the earliest allowed, " + min);
    }
    if (datetime.getValue("max") instanceof String max
        && compare(picked, parse(datetime.getString("mode"), max, "")) > 0) {
      throw PlatformException.invalid("/interactiveReply/value", s + " is after the latest allowed, " + max);
    }
    return picked.toString();
  }

  /** An action a customer can answer: its kind, the label shown, the sender's payload (may be null). */
  public record Answerable(String kind, String label, String payload) {
  }

  private static void checkCard(JsonObject card, String at, Set<String> ids, Set<String> attachmentIds,
      boolean single) {
    if (!single && !card.containsKey("title")) {
      throw invalid(at, "a card of a carousel needs a title");
    }
    if (card.isEmpty()) {
      throw invalid(at, "a card needs at least a title, a body, media or actions");
    }
    if (card.getValue("media") instanceof JsonObject media) {
      if (!(media.getValue("attachmentId") instanceof String id)) {
        throw invalid(at + "/media", "media needs attachmentId: an attachment of this message (attachmentIds)");
      }
      if (!attachmentIds.contains(id)) {
        throw invalid(at + "/media/attachmentId", id + " is not one of this message's attachmentIds; upload the "
            + "picture and list it in attachmentIds too");
      }
    }
    List<JsonObject> actions = actions(card);
    for (int i = 0; i < actions.size(); i++) {
      JsonObject action = actions.get(i);
      String where = at + "/actions/" + i;
      String type = action.getString("type");
      String needed = NEEDS.get(type);
      if (!action.containsKey(needed)) {
        throw invalid(where, "a " + type + " action needs " + needed);
      }
      if (action.containsKey("id")) {
        unique(ids, action.getString("id"), where + "/id");
      }
    }
  }

  private static List<JsonObject> actions(JsonObject card) {
    List<JsonObject> out = new ArrayList<>();
    card.getJsonArray("actions", new JsonArray()).forEach(a -> out.add((JsonObject) a));
    return out;
  }

  private static void checkBounds(JsonObject datetime) {
    String mode = datetime.getString("mode");
    Temporal min = datetime.getValue("min") instanceof String s ? parse(mode, s, "/min") : null;
    Temporal max = datetime.getValue("max") instanceof String s ? parse(mode, s, "/max") : null;
    if (min != null && max != null && compare(min, max) > 0) {
      throw invalid("/max", "max must not be before min");
    }
  }

  private static Temporal parse(String mode, String value, String where) {
    try {
      return switch (mode) {
        case "date" -> LocalDate.parse(value);
        case "time" -> LocalTime.parse(value);
        default -> LocalDateTime.parse(value);
      };
    } catch (DateTimeParseException e) {
      String example = switch (mode) {
        case "date" -> "2026-12-24";
        case "time" -> "14:30";
        default -> "2026-12-24T14:30";
      };
      throw where.startsWith("/interactiveReply")
          ? PlatformException.invalid(where, value + " is not a " + mode + " such as " + example)
          : invalid(where, value + " is not a " + mode + " such as " + example);
    }
  }

  @SuppressWarnings("unchecked")
  private static int compare(Temporal a, Temporal b) {
    return ((Comparable<Temporal>) a).compareTo(b);
  }

  private static void cardText(JsonObject card, StringBuilder text) {
    if (card.getValue("title") instanceof String title) {
      text.append(title);
    }
    if (card.getValue("body") instanceof String body && !body.isBlank()) {
      text.append(text.isEmpty() ? "" : "\n").append(body);
    }
    options(actions(card).stream().map(a -> a.getString("label")).toList(), text);
  }

  private static void options(List<String> labels, StringBuilder text) {
    if (!labels.isEmpty()) {
      text.append(text.isEmpty() ? "" : "\n").append("[").append(String.join("] [", labels)).append("]");
    }
  }

  private static void unique(Set<String> ids, String id, String where) {
    if (!ids.add(id)) {
      throw invalid(where, "the id '" + id + "' is used twice in this message");
    }
  }

  private static PlatformException firstError(OutputUnit out) {
    List<OutputUnit> errors = out.getErrors() == null ? List.of() : out.getErrors();
    // The deepest error says the most: "/cards/2/actions/0/label" rather than "/cards".
    OutputUnit best = null;
    for (OutputUnit e : errors) {
      if (e.getInstanceLocation() == null || e.getError() == null) {
        continue;
      }
      if (best == null || depth(e.getInstanceLocation()) > depth(best.getInstanceLocation())) {
        best = e;
      }
    }
    if (best == null) {
      return invalid("", "does not follow the interactive message schema");
    }
    String pointer = best.getInstanceLocation().startsWith("#")
        ? best.getInstanceLocation().substring(1)
        : best.getInstanceLocation();
    return invalid(pointer, best.getError());
  }

  private static int depth(String pointer) {
    return (int) pointer.chars().filter(c -> c == '/').count();
  }

  private static PlatformException invalid(String pointer, String sentence) {
    return PlatformException.invalid("/interactive" + pointer, "interactive" + pointer + ": " + sentence);
  }

  private static Map<String, Validator> validators() {
    JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("https://parley.dev/schemas/").setOutputFormat(OutputFormat.Basic);
    java.util.HashMap<String, Validator> out = new java.util.HashMap<>();
    for (String kind : KINDS) {
      JsonObject schema = new JsonObject().put("$schema", SCHEMA.getString("$schema"))
          .put("$defs", SCHEMA.getJsonObject("$defs")).put("$ref", "#/$defs/" + kind);
      out.put(kind, Validator.create(JsonSchema.of(schema), options));
    }
    return Map.copyOf(out);
  }

  private static String load() {
    try (InputStream in = InteractiveContent.class.getResourceAsStream("interactive.schema.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
