package dev.parley.runtime.impl;

import dev.parley.runtime.Bundle;
import dev.parley.runtime.Manifest;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppException.Reason;
import dev.parley.runtime.Permission;
import dev.parley.runtime.Problem;
import io.vertx.core.json.DecodeException;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates {@code manifest.json} against the published schema and turns every schema error
 * into a sentence a developer understands, with its JSON pointer.
 */
public final class ManifestParser {

  private static final String SCHEMA_TEXT = loadSchema();
  private static final JsonObject SCHEMA_JSON = new JsonObject(SCHEMA_TEXT);
  private static final Validator VALIDATOR = Validator.create(
      JsonSchema.of(SCHEMA_JSON),
      new JsonSchemaOptions()
          .setDraft(Draft.DRAFT202012)
          .setBaseUri("https://parley.dev/schemas/")
          .setOutputFormat(OutputFormat.Basic));

  /** Assertion keywords whose errors are reported; the others only summarize these. */
  private static final Set<String> ASSERTIONS = Set.of("type", "required", "pattern", "enum",
      "const", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems",
      "uniqueItems", "additionalProperties", "format", "false");

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  private static final Pattern INDEX = Pattern.compile("/\\d+");

  private ManifestParser() {
  }

  /** Returns the schema's text, as published. */
  public static String schemaText() {
    return SCHEMA_TEXT;
  }

  /**
   * Parses and validates a manifest.
   *
   * @param text the JSON text
   * @return the manifest
   * @throws MiniAppException with reason MANIFEST_INVALID and every problem
   */
  public static Manifest parse(String text) {
    JsonObject json;
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(text);
      if (!(parsed instanceof JsonObject o)) {
        throw invalid(List.of(new Problem("", "manifest.json must hold a JSON object")));
      }
      json = o;
    } catch (DecodeException e) {
      // Jackson knows where it stopped: the developer's editor wants the line and column
      if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
          && jpe.getLocation() != null && jpe.getLocation().getLineNr() > 0) {
        throw invalid(List.of(new Problem("", "manifest.json is not valid JSON: "
            + firstLine(jpe.getOriginalMessage()), jpe.getLocation().getLineNr(),
            Math.max(0, jpe.getLocation().getColumnNr()))));
      }
      throw invalid(List.of(new Problem("", "manifest.json is not valid JSON: "
          + firstLine(e.getMessage()))));
    }
    List<Problem> tooLong = new ArrayList<>();
    tooLongStrings(json, SCHEMA_JSON, "", tooLong);
    if (!tooLong.isEmpty()) {
      throw invalid(tooLong);
    }
    List<Problem> problems = new ArrayList<>(schemaProblems(json));
    if (problems.isEmpty()) {
      problems.addAll(semanticProblems(json));
    }
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    return toManifest(json);
  }

  /**
   * Rebuilds a manifest from JSON that {@link #parse} accepted before, without validating it
   * again.
   *
   * @param json the manifest JSON
   * @return the manifest
   */
  public static Manifest read(JsonObject json) {
    return toManifest(json);
  }

  private static MiniAppException invalid(List<Problem> problems) {
    return MiniAppException.ofProblems(Reason.MANIFEST_INVALID, Bundle.MANIFEST, problems);
  }

  /**
   * Finds the strings longer than the schema's {@code maxLength} at their place before the schema runs: the
   * validator matches a string's {@code pattern} even when it is too long, and Java's regex engine recurses once
   * per repetition of a group, so a version name or a domain of a few thousand characters overflowed a worker's
   * stack (found by ManifestFuzzTest).
   */
  private static void tooLongStrings(Object value, Object schemaNode, String pointer, List<Problem> out) {
    if (!(schemaNode instanceof JsonObject schema)) {
      return;
    }
    if (schema.getValue("$ref") instanceof String ref && ref.startsWith("#/")) {
      tooLongStrings(value, valueAt(SCHEMA_JSON, ref.substring(1)), pointer, out);
      return;
    }
    if (value instanceof String s && schema.getValue("maxLength") instanceof Number max) {
      int length = s.codePointCount(0, s.length());
      if (length > max.intValue()) {
        out.add(new Problem(pointer, "must be at most " + max + " characters long (it has " + length + ")"));
      }
    } else if (value instanceof JsonObject o && schema.getValue("properties") instanceof JsonObject properties) {
      for (String key : o.fieldNames()) {
        tooLongStrings(o.getValue(key), properties.getValue(key), pointer + "/" + key.replace("~", "~0")
            .replace("/", "~1"), out);
      }
    } else if (value instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        tooLongStrings(a.getValue(i), schema.getValue("items"), pointer + "/" + i, out);
      }
    }
  }

  private static List<Problem> schemaProblems(JsonObject json) {
    OutputUnit out = VALIDATOR.validate(json);
    if (Boolean.TRUE.equals(out.getValid())) {
      return List.of();
    }
    Set<Problem> problems = new LinkedHashSet<>();
    List<OutputUnit> errors = out.getErrors() == null ? List.of() : out.getErrors();
    for (OutputUnit e : errors) {
      String keyword = lastSegment(e.getKeywordLocation());
      if (!ASSERTIONS.contains(keyword)) {
        continue;
      }
      String pointer = pointer(e.getInstanceLocation());
      if (keyword.equals("additionalProperties")) {
        // reported at the unknown field itself; known fields that failed are reported by
        // their own keywords
        if (pointer.isEmpty()
            || knownProperties(e.getAbsoluteKeywordLocation()).contains(lastSegment(pointer))) {
          continue;
        }
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        problems.add(new Problem(parent, sentence(json, pointer, keyword, e)
            + didYouMean(lastSegment(pointer), knownProperties(e.getAbsoluteKeywordLocation()))));
        continue;
      }
      problems.add(new Problem(pointer, sentence(json, pointer, keyword, e)));
    }
    if (problems.isEmpty()) {
      problems.add(new Problem("", "manifest.json does not follow the manifest schema"));
    }
    List<Problem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparing(Problem::path));
    return sorted;
  }

  private static String sentence(JsonObject json, String pointer, String keyword, OutputUnit e) {
    Object value = valueAt(json, pointer);
    String shown = show(value);
    String generic = INDEX.matcher(pointer).replaceAll("/*");
    Object limit = schemaValue(e.getAbsoluteKeywordLocation(), e.getKeywordLocation());
    String error = e.getError() == null ? "" : e.getError();
    switch (keyword) {
      case "required" : {
        Matcher m = QUOTED.matcher(error);
        String field = m.find() ? m.group(1) : "a field";
        return "the required field \"" + field + "\" is missing";
      }
      case "additionalProperties" :
        return "unknown field \"" + lastSegment(pointer) + "\"";
      case "type" :
        return "must be " + article(limit) + " but is " + typeName(value);
      case "pattern" :
        return patternSentence(generic, shown);
      case "enum" :
        if (generic.equals("/req_permissions/*/name")) {
          return shown + " is not a known permission (known: "
              + String.join(", ", Permission.names()) + ")";
        }
        return shown + " is not one of " + join(limit);
      case "minLength" :
        return ((Number) limit).intValue() == 1
            ? "must not be empty"
            : "must be at least " + limit + " characters long";
      case "maxLength" :
        return "must be at most " + limit + " characters long (it has "
            + (value instanceof String s ? s.length() : 0) + ")";
      case "minimum" :
        return "must be at least " + limit + " (it is " + shown + ")";
      case "maximum" :
        return "must be at most " + limit + " (it is " + shown + ")";
      case "minItems" :
        return "must list at least " + limit + (((Number) limit).intValue() == 1 ? " item" : " items");
      case "maxItems" :
        return "must list at most " + limit + " items";
      case "uniqueItems" :
        return "must not list the same item twice";
      default :
        return "is not valid (" + keyword + ")";
    }
  }

  private static String patternSentence(String generic, String shown) {
    return switch (generic) {
      case "/app_id" -> shown + " is not a DNS label (lower-case letters, digits and '-', "
          + "1-63 characters, starting with a letter)";
      case "/version/name" -> shown + " is not a semantic version (MAJOR.MINOR.PATCH such as "
          + "1.4.0, optionally followed by -pre.release and +build)";
      case "/icons/*/src" -> shown + " is not the path of a .png, .svg or .webp file inside "
          + "the bundle";
      case "/icons/*/sizes" -> shown + " is not a list of sizes such as \"48x48 96x96\"";
      case "/pages/*" -> shown + " is not the path of an .html file under ui/";
      case "/commands/*/name" -> shown + " is not a command name (lower-case letters, digits, "
          + "'_' and '-', up to 32 characters, starting with a letter)";
      case "/commands/*/args/*/name" -> shown + " is not an argument name (lower-case letters, "
          + "digits and '_', up to 32 characters, starting with a letter)";
      case "/card_actions/*/id" -> shown + " is not an action id (lower-case letters, digits, "
          + "'_' and '-', up to 32 characters, starting with a letter)";
      case "/network/allowed_domains/*" -> shown + " is not a domain name (such as "
          + "api.example.com, or *.example.com for its sub-domains)";
      default -> generic.endsWith("/handler") || generic.startsWith("/events/")
          ? shown + " is not a JavaScript function name (letters, digits, '_' and '$', "
              + "not starting with a digit)"
          : shown + " does not have the expected form";
    };
  }

  private static List<Problem> semanticProblems(JsonObject json) {
    List<Problem> problems = new ArrayList<>();
    duplicates(problems, json.getJsonArray("req_permissions"), "/req_permissions", "name",
        "the permission %s is asked for twice");
    duplicates(problems, json.getJsonArray("commands"), "/commands", "name",
        "the command %s is declared twice");
    duplicates(problems, json.getJsonArray("card_actions"), "/card_actions", "id",
        "the card action %s is declared twice");
    JsonObject platform = json.getJsonObject("platform_version");
    if (platform != null && platform.containsKey("target_code")
        && platform.getLong("target_code") < platform.getLong("min_code")) {
      problems.add(new Problem("/platform_version/target_code",
          "must not be lower than min_code (" + platform.getLong("min_code") + ")"));
    }
    JsonArray commands = json.getJsonArray("commands", new JsonArray());
    for (int i = 0; i < commands.size(); i++) {
      JsonArray args = commands.getJsonObject(i).getJsonArray("args", new JsonArray());
      duplicates(problems, args, "/commands/" + i + "/args", "name",
          "the argument %s is declared twice");
      boolean optionalSeen = false;
      for (int j = 0; j < args.size(); j++) {
        boolean required = args.getJsonObject(j).getBoolean("required", false);
        if (required && optionalSeen) {
          problems.add(new Problem("/commands/" + i + "/args/" + j + "/required",
              "a required argument cannot follow an optional one"));
        }
        optionalSeen |= !required;
      }
    }
    return problems;
  }

  private static void duplicates(List<Problem> problems, JsonArray array, String base,
      String field, String message) {
    if (array == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String v = array.getJsonObject(i).getString(field);
      if (!seen.add(v)) {
        problems.add(new Problem(base + "/" + i + "/" + field,
            String.format(message, "\"" + v + "\"")));
      }
    }
  }

  private static Manifest toManifest(JsonObject j) {
    JsonObject version = j.getJsonObject("version");
    List<Manifest.Icon> icons = objects(j, "icons").stream()
        .map(o -> new Manifest.Icon(o.getString("src"), o.getString("sizes", "")))
        .toList();
    List<Manifest.PermissionRequest> permissions = objects(j, "req_permissions").stream()
        .map(o -> new Manifest.PermissionRequest(o.getString("name"), o.getString("reason")))
        .toList();
    Optional<Manifest.PlatformVersion> platform = Optional.ofNullable(
        j.getJsonObject("platform_version")).map(
            o -> new Manifest.PlatformVersion(
                o.getInteger("min_code"), o.getInteger("target_code", o.getInteger("min_code")),
                o.getString("release_type", "release")));
    List<String> pages = j.getJsonArray("pages", new JsonArray()).stream()
        .map(String.class::cast).toList();
    List<Manifest.Command> commands = objects(j, "commands").stream()
        .map(o -> new Manifest.Command(o.getString("name"), o.getString("description"),
            o.getString("handler"), o.getJsonArray("args", new JsonArray()).stream()
                .map(JsonObject.class::cast)
                .map(a -> new Manifest.CommandArg(a.getString("name"), a.getString("hint", ""),
                    a.getString("type", "text"), a.getBoolean("required", false)))
                .toList()))
        .toList();
    List<Manifest.CardAction> actions = objects(j, "card_actions").stream()
        .map(o -> new Manifest.CardAction(o.getString("id"), o.getString("handler")))
        .toList();
    Optional<Manifest.SearchEntry> search = Optional.ofNullable(j.getJsonObject("search"))
        .map(o -> new Manifest.SearchEntry(o.getString("handler"), o.getString("placeholder", "")));
    Map<String, String> events = new LinkedHashMap<>();
    j.getJsonObject("events", new JsonObject()).forEach(e -> events.put(e.getKey(),
        (String) e.getValue()));
    List<String> domains = j.getJsonObject("network", new JsonObject())
        .getJsonArray("allowed_domains", new JsonArray()).stream().map(String.class::cast)
        .toList();
    JsonObject storage = j.getJsonObject("storage", new JsonObject());
    return new Manifest(j.getString("app_id"), j.getString("name"),
        Optional.ofNullable(j.getString("short_name")), j.getString("description", ""),
        new Manifest.Version(version.getString("name"), version.getLong("code")), icons,
        permissions, platform, pages, commands, actions, search, events, domains,
        new Manifest.Storage(storage.getLong("user_bytes", 0L),
            storage.getLong("conversation_bytes", 0L)),
        j);
  }

  private static List<JsonObject> objects(JsonObject j, String key) {
    return j.getJsonArray(key, new JsonArray()).stream().map(JsonObject.class::cast).toList();
  }

  // ---- helpers for messages

  private static String pointer(String location) {
    if (location == null) {
      return "";
    }
    String p = location.startsWith("#") ? location.substring(1) : location;
    return p.equals("/") ? "" : p;
  }

  private static String lastSegment(String location) {
    if (location == null) {
      return "";
    }
    int i = location.lastIndexOf('/');
    return i < 0 ? location : location.substring(i + 1);
  }

  private static Object valueAt(JsonObject json, String pointer) {
    Object cur = json;
    if (pointer.isEmpty()) {
      return cur;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      String seg = raw.replace("~1", "/").replace("~0", "~");
      if (cur instanceof JsonObject o) {
        cur = o.getValue(seg);
      } else if (cur instanceof JsonArray a) {
        try {
          cur = a.getValue(Integer.parseInt(seg));
        } catch (RuntimeException e) {
          return null;
        }
      } else {
        return null;
      }
    }
    return cur;
  }

  /** Reads the schema value of an assertion (its limit, type or enum) from its location. */
  private static Object schemaValue(String absolute, String relative) {
    String loc = absolute != null && absolute.contains("#")
        ? absolute.substring(
            absolute.indexOf('#') + 1)
        : null;
    if (loc == null && relative != null && !relative.contains("$ref")) {
      loc = pointer(relative);
    }
    return loc == null ? null : valueAt(SCHEMA_JSON, loc);
  }

  /** A hint for a misspelt field: the known field nearest by edit distance, if near enough. */
  static String didYouMean(String field, Set<String> known) {
    org.apache.commons.text.similarity.LevenshteinDistance distance = org.apache.commons.text.similarity.LevenshteinDistance
        .getDefaultInstance();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance.apply(field.toLowerCase(java.util.Locale.ROOT), k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    // at most a third of the name changed (two edits for short names): a typo, not another word
    return best != null && bestDistance <= Math.max(2, field.length() / 3)
        ? " (did you mean \"" + best + "\"?)"
        : "";
  }

  private static Set<String> knownProperties(String absoluteAdditional) {
    if (absoluteAdditional == null || !absoluteAdditional.contains("#")) {
      return Set.of();
    }
    String loc = absoluteAdditional.substring(absoluteAdditional.indexOf('#') + 1);
    String parent = loc.substring(0, loc.lastIndexOf('/'));
    Object props = valueAt(SCHEMA_JSON, parent + "/properties");
    return props instanceof JsonObject o ? o.fieldNames() : Set.of();
  }

  private static String show(Object value) {
    if (value instanceof String s) {
      String cut = s.length() > 80 ? s.substring(0, 77) + "..." : s;
      return "\"" + cut + "\"";
    }
    return String.valueOf(value);
  }

  private static String typeName(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof String) {
      return "a string";
    } else if (v instanceof Boolean) {
      return "a boolean";
    } else if (v instanceof Number n) {
      return n.doubleValue() == Math.rint(n.doubleValue()) ? "an integer" : "a number";
    } else if (v instanceof JsonArray) {
      return "an array";
    } else {
      return "an object";
    }
  }

  private static String article(Object type) {
    if (type == null) {
      return "of another type";
    }
    String t = type instanceof JsonArray a
        ? String.join(" or ", a.stream().map(String::valueOf)
            .toList())
        : type.toString();
    return (t.startsWith("a") || t.startsWith("i") || t.startsWith("o") ? "an " : "a ") + t;
  }

  private static String join(Object values) {
    if (values instanceof JsonArray a) {
      return String.join(", ", a.stream().map(v -> "\"" + v + "\"").toList());
    }
    return String.valueOf(values);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  private static String loadSchema() {
    try (InputStream in = ManifestParser.class.getResourceAsStream(Manifest.SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + Manifest.SCHEMA_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
