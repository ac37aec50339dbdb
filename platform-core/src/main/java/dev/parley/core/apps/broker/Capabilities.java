package dev.parley.core.apps.broker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host capabilities by name, each with its arguments' validator (Vert.x JSON Schema, draft
 * 2020-12), assembled where the host is built from what each area contributes.
 */
public final class Capabilities {

  /** The keywords whose failures are reported; the others only summarize these. */
  private static final Set<String> ASSERTIONS = Set.of("type", "required", "pattern", "enum", "const", "minLength",
      "maxLength", "minimum", "maximum", "minItems", "maxItems", "additionalProperties");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private final Map<String, Entry> byName = new LinkedHashMap<>();

  private record Entry(Capability capability, Validator validator) {
  }

  private Capabilities(Collection<Capability> capabilities) {
    for (Capability c : capabilities) {
      Validator validator = Validator.create(JsonSchema.of(c.arguments()), new JsonSchemaOptions()
          .setDraft(Draft.DRAFT202012).setBaseUri("https://parley.dev/capabilities/" + c.name() + "/")
          .setOutputFormat(OutputFormat.Basic));
      if (byName.putIfAbsent(c.name(), new Entry(c, validator)) != null) {
        throw new IllegalArgumentException("two capabilities are named " + c.name());
      }
    }
  }

  /** The registry of {@code capabilities}, each name once. */
  public static Capabilities of(Collection<Capability> capabilities) {
    return new Capabilities(capabilities);
  }

  /** The capability named {@code name}. */
  public Optional<Capability> find(String name) {
    Entry e = byName.get(name);
    return e == null ? Optional.empty() : Optional.of(e.capability());
  }

  /** Every name. */
  public Set<String> names() {
    return Set.copyOf(byName.keySet());
  }

  /** Every capability, in the order they were contributed. */
  public List<Capability> list() {
    return byName.values().stream().map(Entry::capability).toList();
  }

  /**
   * What is wrong with {@code args} for the capability named {@code name}, as a sentence that
   * names the field ({@code /amount must be a string, not a number}); empty when they pass.
   */
  Optional<String> problem(String name, JsonObject args) {
    Entry e = byName.get(name);
    OutputUnit out = e.validator().validate(args);
    if (Boolean.TRUE.equals(out.getValid())) {
      return Optional.empty();
    }
    List<OutputUnit> errors = out.getErrors() == null ? List.of() : out.getErrors();
    for (OutputUnit u : errors) {
      String keyword = last(u.getKeywordLocation());
      if (ASSERTIONS.contains(keyword)) {
        return Optional.of(sentence(e.capability(), args, keyword, u));
      }
    }
    return Optional.of(name + " takes " + signature(e.capability().arguments()) + ": the arguments do not fit");
  }

  private static String sentence(Capability c, JsonObject args, String keyword, OutputUnit u) {
    JsonObject schema = c.arguments();
    String pointer = pointer(u.getInstanceLocation());
    if (keyword.equals("required")) {
      Matcher m = QUOTED.matcher(u.getError() == null ? "" : u.getError());
      String field = m.find() ? m.group(1) : "";
      String described = fieldSchema(schema, pointer + "/" + field).map(f -> f.getString("description"))
          .map(d -> " (" + d + ")").orElse("");
      return c.name() + " takes " + signature(schema) + ": " + pointer + "/" + field + " is missing" + described;
    }
    Optional<JsonObject> field = fieldSchema(schema, pointer);
    Object value = valueAt(args, pointer);
    String where = pointer.isEmpty() ? "the arguments" : pointer;
    if (keyword.equals("type")) {
      Object expected = field.map(f -> f.getValue("type")).orElse(schema.getValue("type"));
      String description = field.map(f -> f.getString("description")).map(d -> " (" + d + ")").orElse("");
      return where + " must be " + typeNames(expected) + description + ", not " + typeName(value);
    }
    return where + " must be " + field.map(f -> f.getString("description")).orElse(switch (keyword) {
      case "enum" -> "one of " + field.map(f -> f.getJsonArray("enum").encode()).orElse("the allowed values");
      case "minLength", "maxLength" -> "of the allowed length";
      default -> "valid (" + keyword + ")";
    });
  }

  /** {@code {payee, amount, currency, note?, reference?}}: the fields, the optional ones marked. */
  static String signature(JsonObject schema) {
    JsonArray required = schema.getJsonArray("required", new JsonArray());
    List<String> fields = new ArrayList<>();
    schema.getJsonObject("properties", new JsonObject()).fieldNames()
        .forEach(f -> fields.add(required.contains(f) ? f : f + "?"));
    return "{" + String.join(", ", fields) + "}";
  }

  private static Optional<JsonObject> fieldSchema(JsonObject schema, String pointer) {
    JsonObject at = schema;
    for (String part : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/")) {
      if (!(at.getJsonObject("properties", new JsonObject()).getValue(part) instanceof JsonObject next)) {
        return Optional.empty();
      }
      at = next;
    }
    return at == schema ? Optional.empty() : Optional.of(at);
  }

  private static Object valueAt(JsonObject args, String pointer) {
    Object at = args;
    for (String part : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/")) {
      at = at instanceof JsonObject o ? o.getValue(part) : null;
    }
    return at;
  }

  private static String pointer(String instanceLocation) {
    String p = instanceLocation == null ? "" : instanceLocation;
    return p.startsWith("#") ? p.substring(1) : p;
  }

  private static String last(String location) {
    return location == null ? "" : location.substring(location.lastIndexOf('/') + 1);
  }

  private static String typeNames(Object type) {
    if (type instanceof JsonArray types) {
      List<String> names = new ArrayList<>();
      types.forEach(t -> names.add(typeNames(t)));
      return String.join(" or ", names);
    }
    return switch (String.valueOf(type)) {
      case "object" -> "an object";
      case "array" -> "an array";
      case "integer" -> "a whole number";
      case "null" -> "null";
      default -> "a " + type;
    };
  }

  private static String typeName(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return "a string";
  }
}
