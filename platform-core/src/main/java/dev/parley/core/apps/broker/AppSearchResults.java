package dev.parley.core.apps.broker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the apps answered to a search: the results of those that answered in time, in the order
 * they were asked, and the apps that were late or failed. Results are checked data (contract 2):
 * {@code title} ≤ 100, {@code subtitle} ≤ 200, {@code image} an https URL or a file of the
 * bundle's {@code ui/}, {@code start} ≤ 64 of {@code [A-Za-z0-9_-]}; anything else is dropped.
 */
public record AppSearchResults(List<Answer> answers, List<AppRef> late, List<AppRef> failed) {

  static final AppSearchResults EMPTY = new AppSearchResults(List.of(), List.of(), List.of());
  static final int MAX_TITLE = 100;
  static final int MAX_SUBTITLE = 200;
  private static final Pattern START = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern UI_PATH = Pattern.compile("ui/[A-Za-z0-9._~/-]{1,200}");

  public AppSearchResults {
    answers = List.copyOf(answers);
    late = List.copyOf(late);
    failed = List.copyOf(failed);
  }

  /** An app as the messenger names it under its results. */
  public record AppRef(String id, String name, Optional<String> iconUrl, String placeholder) {
    public AppRef {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(iconUrl, "iconUrl");
      Objects.requireNonNull(placeholder, "placeholder");
    }

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("iconUrl", iconUrl.orElse(null))
          .put("placeholder", placeholder);
    }
  }

  /** One checked result of an app. */
  public record Result(String title, Optional<String> subtitle, Optional<String> image, Optional<String> start) {
    public JsonObject toJson() {
      return new JsonObject().put("title", title).put("subtitle", subtitle.orElse(null))
          .put("image", image.orElse(null))
          .put("start", start.orElse(null));
    }
  }

  /** The results of one app that answered in time, and the conversation it ran for (none: a pinned app alone). */
  public record Answer(AppRef app, Optional<String> conversationId, List<Result> results) {
    public Answer {
      results = List.copyOf(results);
    }

    public JsonObject toJson() {
      JsonArray out = new JsonArray();
      results.forEach(r -> out.add(r.toJson()));
      return new JsonObject().put("app", app.toJson()).put("conversationId", conversationId.orElse(null))
          .put("results", out);
    }
  }

  public JsonObject toJson() {
    JsonArray apps = new JsonArray();
    answers.forEach(a -> apps.add(a.toJson()));
    JsonArray lateJson = new JsonArray();
    late.forEach(a -> lateJson.add(a.toJson()));
    JsonArray failedJson = new JsonArray();
    failed.forEach(a -> failedJson.add(a.toJson()));
    return new JsonObject().put("apps", apps).put("late", lateJson).put("failed", failedJson);
  }

  /** The kept results and, for the developer's log, what was dropped and why. */
  record Parsed(List<Result> results, List<String> problems) {
  }

  /**
   * Checks an app's answer. {@code uiFile} turns a path of the bundle's {@code ui/} into the URL
   * that serves it, or empty when the bundle has no such file.
   */
  static Parsed parse(Object answer, int limit, Function<String, Optional<String>> uiFile) {
    List<String> problems = new ArrayList<>();
    List<Result> kept = new ArrayList<>();
    if (!(answer instanceof JsonObject o) || !(o.getValue("results") instanceof JsonArray results)) {
      problems.add("the handler must return {results: [...]}");
      return new Parsed(kept, problems);
    }
    for (int i = 0; i < results.size(); i++) {
      String where = "results[" + i + "]";
      if (kept.size() == limit) {
        problems.add((results.size() - i) + " results past the limit of " + limit);
        break;
      }
      if (!(results.getValue(i) instanceof JsonObject item)) {
        problems.add(where + " is not an object");
        continue;
      }
      try {
        kept.add(result(item, where, uiFile));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return new Parsed(kept, problems);
  }

  private static Result result(JsonObject item, String where, Function<String, Optional<String>> uiFile) {
    String title = text(item, "title", MAX_TITLE, where).filter(t -> !t.isBlank())
        .orElseThrow(() -> new IllegalArgumentException(where + ".title is required"));
    Optional<String> subtitle = text(item, "subtitle", MAX_SUBTITLE, where);
    Optional<String> image = text(item, "image", 2000, where).map(u -> image(u, where, uiFile));
    Optional<String> start = text(item, "start", 64, where).map(s -> {
      if (!START.matcher(s).matches()) {
        throw new IllegalArgumentException(where + ".start must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'");
      }
      return s;
    });
    return new Result(title, subtitle, image, start);
  }

  private static Optional<String> text(JsonObject item, String key, int max, String where) {
    Object v = item.getValue(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(where + "." + key + " must be a string");
    }
    if (s.length() > max) {
      throw new IllegalArgumentException(where + "." + key + " must be at most " + max + " characters");
    }
    if (s.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(where + "." + key + " must not contain control characters");
    }
    return Optional.of(s);
  }

  private static String image(String value, String where, Function<String, Optional<String>> uiFile) {
    if (UI_PATH.matcher(value).matches() && !value.contains("..")) {
      return uiFile.apply(value)
          .orElseThrow(() -> new IllegalArgumentException(where + ".image names no file of the bundle: " + value));
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
    throw new IllegalArgumentException(where + ".image must be an https:// URL or a file of the bundle's ui/");
  }
}
