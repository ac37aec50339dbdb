package dev.parley.core.apps.broker;

import dev.parley.core.common.PlatformException;
import dev.parley.core.interactive.InteractiveContent;
import dev.parley.runtime.MiniAppException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks and copies what an app sends as a card. A card is data, never markup: known fields of
 * plain strings with length caps, https or app-file URLs only, at most 8 buttons and 20 fields.
 * Anything else is refused to the app with a message saying what and where.
 */
final class CardFormat {

  static final int MAX_BUTTONS = 8;
  static final int MAX_FIELDS = 20;
  static final int MAX_FILES = 4;
  /** What a request_file button accepts when the app says nothing: photos and PDFs. */
  static final String DEFAULT_ACCEPT = "image/*,application/pdf";
  private static final Set<String> KEYS = Set.of("title", "text", "image", "fields", "buttons", "files",
      "interactive");
  private static final Set<String> BUTTON_TYPES = Set.of("callback", "open_page", "open_link", "request_file");
  /** One entry of an accept list: a media type, a family ({@code image/*}) or a name ending ({@code .pdf}). */
  private static final java.util.regex.Pattern ACCEPT = java.util.regex.Pattern
      .compile("(?:[a-z]+/(?:\\*|[a-z0-9][a-z0-9.+-]{0,80})|\\.[a-z0-9]{1,10})");
  /** A file of the app's own bundle, named by its path: what the manifest allows for pages, any extension. */
  private static final java.util.regex.Pattern BUNDLE_FILE = java.util.regex.Pattern
      .compile("ui/[A-Za-z0-9_][A-Za-z0-9_./-]{0,200}");

  private CardFormat() {
  }

  /** A checked copy of a card: {@code {card}} or the short form {@code {text}}. */
  static JsonObject card(JsonObject args) {
    Object raw = args.getValue("card");
    if (raw == null && args.getValue("text") instanceof String) {
      return card(new JsonObject().put("card", new JsonObject().put("text", args.getString("text"))));
    }
    if (!(raw instanceof JsonObject card)) {
      throw refused("send {card: {...}} or {text: \"...\"}");
    }
    for (String key : card.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw refused("card." + key + " is not a card field; use title, text, image, fields, buttons, files, "
            + "interactive");
      }
    }
    JsonObject out = new JsonObject();
    optional(card, "title", 200, "card.title").ifPresentOrElse(t -> out.put("title", t), () -> {});
    optional(card, "text", 4000, "card.text").ifPresentOrElse(t -> out.put("text", t), () -> {});
    optional(card, "image", 2000, "card.image").ifPresent(u -> out.put("image", url(u, "card.image")));
    if (card.containsKey("fields")) {
      JsonArray fields = array(card, "fields", MAX_FIELDS);
      JsonArray copy = new JsonArray();
      for (int i = 0; i < fields.size(); i++) {
        JsonObject f = object(fields.getValue(i), "card.fields[" + i + "]");
        copy.add(new JsonObject().put("label", required(f, "label", 100, "card.fields[" + i + "].label"))
            .put("value", required(f, "value", 1000, "card.fields[" + i + "].value")));
      }
      out.put("fields", copy);
    }
    if (card.containsKey("buttons")) {
      JsonArray buttons = array(card, "buttons", MAX_BUTTONS);
      JsonArray copy = new JsonArray();
      for (int i = 0; i < buttons.size(); i++) {
        String where = "card.buttons[" + i + "]";
        JsonObject b = object(buttons.getValue(i), where);
        String type = b.getString("type", "callback");
        if (!BUTTON_TYPES.contains(type)) {
          throw refused(where + ".type must be callback, open_page, open_link or request_file");
        }
        JsonObject button = new JsonObject().put("id", required(b, "id", 64, where + ".id"))
            .put("label", required(b, "label", 40, where + ".label")).put("type", type);
        optional(b, "value", 1000, where + ".value").ifPresent(v -> button.put("value", v));
        if (b.containsKey("for")) {
          button.put("for", forMembers(b.getValue("for"), where + ".for"));
        }
        if (type.equals("open_link")) {
          button.put("url", url(required(b, "url", 2000, where + ".url"), where + ".url"));
        }
        if (type.equals("request_file")) {
          button.put("accept", accept(optional(b, "accept", 300, where + ".accept").orElse(DEFAULT_ACCEPT),
              where + ".accept"));
        }
        copy.add(button);
      }
      out.put("buttons", copy);
    }
    if (card.containsKey("files")) {
      JsonArray files = array(card, "files", MAX_FILES);
      JsonArray copy = new JsonArray();
      for (int i = 0; i < files.size(); i++) {
        String where = "card.files[" + i + "]";
        JsonObject f = object(files.getValue(i), where);
        for (String key : f.fieldNames()) {
          if (!Set.of("path", "attachmentId", "name").contains(key)) {
            throw refused(where + "." + key + " is not a file field; use path (ui/... in the bundle) or attachmentId, "
                + "and name");
          }
        }
        JsonObject file = new JsonObject();
        java.util.Optional<String> path = optional(f, "path", 200, where + ".path");
        java.util.Optional<String> attachment = optional(f, "attachmentId", 64, where + ".attachmentId");
        if (path.isPresent() == attachment.isPresent()) {
          throw refused(where + " needs either path (a file of the app's bundle, ui/...) or attachmentId "
              + "(a file the app made with parley.files.create or was sent), not "
              + (path.isPresent() ? "both" : "neither"));
        }
        path.ifPresent(v -> {
          if (!BUNDLE_FILE.matcher(v).matches() || v.contains("..")) {
            throw refused(where + ".path must name a file of the app's bundle under ui/, e.g. ui/menu.pdf");
          }
          file.put("path", v);
        });
        attachment.ifPresent(v -> {
          if (!v.matches("[A-Za-z0-9_-]{1,64}")) {
            throw refused(where + ".attachmentId is not an attachment id");
          }
          file.put("attachmentId", v);
        });
        optional(f, "name", 200, where + ".name").filter(n -> !n.isBlank()).ifPresent(n -> file.put("name", n));
        copy.add(file);
      }
      out.put("files", copy);
    }
    if (card.containsKey("interactive")) {
      out.put("interactive", interactive(card.getValue("interactive")));
    }
    if (out.isEmpty()) {
      throw refused("a card needs at least a title, a text, an image, fields, buttons, files or interactive");
    }
    return out;
  }

  /**
   * A card's {@code interactive}: the same schema as a business's interactive messages
   * ({@link InteractiveContent}), checked with no attachments, so no media: a card's picture is its
   * {@code image}. Answers go to the app's card_actions, so only answerable actions a card action
   * can carry are offered (reply, quick replies, list rows, a date/time picker) besides links.
   */
  private static JsonObject interactive(Object raw) {
    if (raw instanceof JsonObject content) {
      List<JsonObject> cards = interactiveCards(content);
      for (int i = 0; i < cards.size(); i++) {
        String at = "card".equals(content.getValue("type")) ? "/card" : "/cards/" + i;
        if (cards.get(i).containsKey("media")) {
          throw refused("card.interactive" + at + "/media: a mini-app's card carries no attachment media; put the "
              + "picture in the card's image field (https:// or ui/... of the bundle)");
        }
        if (cards.get(i).getValue("actions") instanceof JsonArray actions) {
          for (int j = 0; j < actions.size(); j++) {
            if (actions.getValue(j) instanceof JsonObject a && a.getValue("type") instanceof String type
                && Set.of("request_file", "share_location").contains(type)) {
              throw refused("card.interactive" + at + "/actions/" + j + "/type: a mini-app's card offers no " + type
                  + " action; use a card button of type request_file, or a reply the app's handler answers");
            }
          }
        }
      }
    }
    try {
      return InteractiveContent.check(raw, Set.of());
    } catch (PlatformException e) {
      throw refused("card." + e.getMessage());
    }
  }

  /** The cards of interactive content (one for a card, all of a carousel), as far as they are objects. */
  private static List<JsonObject> interactiveCards(JsonObject content) {
    List<JsonObject> out = new ArrayList<>();
    if (content.getValue("card") instanceof JsonObject c && "card".equals(content.getValue("type"))) {
      out.add(c);
    }
    if (content.getValue("cards") instanceof JsonArray cs && "carousel".equals(content.getValue("type"))) {
      cs.forEach(c -> out.add(c instanceof JsonObject o ? o : new JsonObject()));
    }
    return out;
  }

  /**
   * The ids of a checked card's interactive content a user can answer: reply actions, quick
   * replies, list rows and a date/time picker; each must have its card_actions handler.
   */
  static List<String> answerableIds(JsonObject card) {
    List<String> ids = new ArrayList<>();
    if (!(card.getValue("interactive") instanceof JsonObject content)) {
      return ids;
    }
    for (JsonObject c : interactiveCards(content)) {
      c.getJsonArray("actions", new JsonArray()).forEach(a -> {
        if ("reply".equals(((JsonObject) a).getString("type"))) {
          ids.add(((JsonObject) a).getString("id"));
        }
      });
    }
    switch (content.getString("type")) {
      case "quick_replies" -> content.getJsonArray("replies").forEach(r -> ids.add(((JsonObject) r).getString("id")));
      case "list" -> content.getJsonArray("sections").forEach(s -> ((JsonObject) s).getJsonArray("rows")
          .forEach(r -> ids.add(((JsonObject) r).getString("id"))));
      case "datetime" -> ids.add(content.getString("id"));
      default -> {
      }
    }
    return ids;
  }

  /**
   * The first callback button of a checked card that no {@code card_actions} entry of the manifest
   * handles, as a sentence for the developer; empty when every button has its handler. Checked
   * when the card is posted: found only when a user pressed it, it was found too late.
   */
  static java.util.Optional<String> unhandledButton(JsonObject card, dev.parley.runtime.Manifest manifest) {
    JsonArray buttons = card.getJsonArray("buttons", new JsonArray());
    for (int i = 0; i < buttons.size(); i++) {
      JsonObject b = buttons.getJsonObject(i);
      String id = b.getString("id");
      if ("callback".equals(b.getString("type")) && manifest.cardAction(id).isEmpty()) {
        return java.util.Optional.of("card.buttons[" + i + "] (id '" + id + "') is a callback button, but the "
            + "manifest's card_actions has no handler for '" + id + "': add {\"id\": \"" + id
            + "\", \"handler\": \"<exported function>\"} to card_actions, or make it an open_page or open_link button");
      }
    }
    for (String id : answerableIds(card)) {
      if (manifest.cardAction(id).isEmpty()) {
        return java.util.Optional.of("card.interactive has the answerable id '" + id + "', but the manifest's "
            + "card_actions has no handler for '" + id + "': add {\"id\": \"" + id
            + "\", \"handler\": \"<exported function>\"} to card_actions");
      }
    }
    return java.util.Optional.empty();
  }

  /** A checked accept list: comma-separated media types, families ({@code image/*}) or endings ({@code .pdf}). */
  static String accept(String value, String where) {
    java.util.List<String> parts = java.util.Arrays.stream(value.toLowerCase(Locale.ROOT).split(","))
        .map(String::strip).filter(x -> !x.isEmpty()).toList();
    if (parts.isEmpty() || parts.size() > 10 || !parts.stream().allMatch(x -> ACCEPT.matcher(x).matches())) {
      throw refused(where + " must be a comma-separated list of media types (image/jpeg), families (image/*) "
          + "or name endings (.pdf), at most 10; e.g. " + DEFAULT_ACCEPT);
    }
    return String.join(",", parts);
  }

  /** Whether a file of {@code contentType} named {@code name} is one an accept list takes. */
  static boolean accepts(String accept, String contentType, String name) {
    String type = contentType.toLowerCase(Locale.ROOT);
    String lowerName = name.toLowerCase(Locale.ROOT);
    for (String a : accept.split(",")) {
      if (a.startsWith(".")
          ? lowerName.endsWith(a)
          : a.endsWith("/*") ? type.startsWith(a.substring(0, a.length() - 1)) : type.equals(a)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the card's image is a path of a file in the app's bundle ({@code ui/...}) rather than a URL. */
  static boolean hasBundleImage(JsonObject card) {
    return card.getValue("image") instanceof String image && BUNDLE_FILE.matcher(image).matches();
  }

  /**
   * The card with a bundle image path turned into the URL of that file of the app's version: apps
   * do not know the digest their files are served under, and the URL stays right for this card
   * even after the app moves to another version.
   */
  static JsonObject withFileUrls(JsonObject card, String appId, String digest) {
    if (!hasBundleImage(card)) {
      return card;
    }
    return card.copy().put("image", "/static/apps/" + appId + "/" + digest + "/" + card.getString("image"));
  }

  /** Most members one button may be for. */
  static final int MAX_FOR = 50;

  /**
   * A button's {@code for}: the account ids of the members who alone see and may press it (a
   * payment request's Pay and Decline for the payer). Clients hide it from others; the broker
   * refuses anyone else's press.
   */
  private static JsonArray forMembers(Object value, String where) {
    if (!(value instanceof JsonArray ids) || ids.isEmpty() || ids.size() > MAX_FOR) {
      throw refused(where + " must be a list of 1-" + MAX_FOR + " account ids");
    }
    JsonArray copy = new JsonArray();
    for (int i = 0; i < ids.size(); i++) {
      if (!(ids.getValue(i) instanceof String id) || !dev.parley.core.common.IdGenerator.isId(id)) {
        throw refused(where + "[" + i + "] must be an account id (a member's id from parley.members.list or "
            + "the context)");
      }
      if (!copy.contains(id)) {
        copy.add(id);
      }
    }
    return copy;
  }

  /** Whether {@code accountId} may see and press a checked button: anyone, unless it names its members. */
  static boolean isFor(JsonObject button, String accountId) {
    return !(button.getValue("for") instanceof JsonArray ids) || ids.contains(accountId);
  }

  /** The plain-text form of a card, for previews and notifications. */
  static String summary(JsonObject card) {
    String title = card.getString("title", "");
    String text = card.getString("text", "");
    String plain = (title + (title.isEmpty() || text.isEmpty() ? "" : " — ") + text).strip();
    if (!(card.getValue("interactive") instanceof JsonObject content)) {
      return plain;
    }
    // the interactive part in words, as a business's interactive message is for previews and search
    String words = InteractiveContent.fallback(content);
    return (plain + (plain.isEmpty() || words.isEmpty() ? "" : "\n") + words).strip();
  }

  private static String url(String value, String where) {
    if ((value.startsWith("/static/apps/") || BUNDLE_FILE.matcher(value).matches()) && !value.contains("..")) {
      return value;
    }
    try {
      URI uri = new URI(value);
      if ("https".equals(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT))
          && uri.getHost() != null) {
        return value;
      }
    } catch (java.net.URISyntaxException e) {
      // refused below
    }
    throw refused(where + " must be an https:// URL or a file of the app (ui/... in its bundle, or /static/apps/...)");
  }

  private static java.util.Optional<String> optional(JsonObject o, String key, int max, String where) {
    Object v = o.getValue(key);
    if (v == null) {
      return java.util.Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw refused(where + " must be a string");
    }
    if (s.length() > max) {
      throw refused(where + " must be at most " + max + " characters");
    }
    return java.util.Optional.of(s);
  }

  private static String required(JsonObject o, String key, int max, String where) {
    return optional(o, key, max, where).filter(s -> !s.isBlank())
        .orElseThrow(() -> refused(where + " is required"));
  }

  private static JsonArray array(JsonObject o, String key, int max) {
    if (!(o.getValue(key) instanceof JsonArray a)) {
      throw refused("card." + key + " must be an array");
    }
    if (a.size() > max) {
      throw refused("card." + key + " may hold at most " + max);
    }
    return a;
  }

  private static JsonObject object(Object v, String where) {
    if (!(v instanceof JsonObject o)) {
      throw refused(where + " must be an object");
    }
    return o;
  }

  private static MiniAppException refused(String message) {
    return MiniAppException.refused(message);
  }
}
