package dev.parley.core.apps.broker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Writes the JSON Schema of a capability's arguments: an object with named fields, each with a
 * {@code description} that the refusals and the SDK's declarations use. An optional field may be
 * left out or be null (the capabilities take null for "not given"); a required one must be there.
 */
public final class Arguments {

  /** The shape of the ids the platform makes ({@code IdGenerator}): 20 of a-z and 2-7. */
  static final String ID_PATTERN = "^[a-z2-7]{20}$";

  private final JsonObject schema;

  private Arguments(String description) {
    this.schema = new JsonObject().put("type", "object").put("description", Objects.requireNonNull(description,
        "description")).put("properties", new JsonObject()).put("required", new JsonArray());
  }

  /** Arguments of a capability that does {@code description}. */
  public static Arguments of(String description) {
    return new Arguments(description);
  }

  /** A field that must be given. */
  public Arguments required(String name, JsonObject field) {
    schema.getJsonObject("properties").put(name, field.copy());
    schema.getJsonArray("required").add(name);
    return this;
  }

  /** A field that may be left out or be null. */
  public Arguments optional(String name, JsonObject field) {
    JsonObject nullable = field.copy();
    if (nullable.getValue("type") instanceof String type) {
      nullable.put("type", new JsonArray().add(type).add("null"));
    }
    if (nullable.getValue("enum") instanceof JsonArray values) {
      values.add(null);
    }
    schema.getJsonObject("properties").put(name, nullable);
    return this;
  }

  /** The schema. */
  public JsonObject schema() {
    return schema.copy();
  }

  /** A string. */
  public static JsonObject string(String description) {
    return field("string", description);
  }

  /** A string of {@code min} to {@code max} characters. */
  public static JsonObject string(String description, int min, int max) {
    return string(description).put("minLength", min).put("maxLength", max);
  }

  /** An id the platform made (a message's, a packet's, a payment request's, a file's). */
  public static JsonObject id(String description) {
    return string(description).put("pattern", ID_PATTERN).put("maxLength", 20);
  }

  /** One of {@code values}. */
  public static JsonObject oneOf(String description, String... values) {
    JsonArray allowed = new JsonArray();
    for (String v : values) {
      allowed.add(v);
    }
    return string(description).put("enum", allowed);
  }

  /** A whole number. */
  public static JsonObject integer(String description) {
    return field("integer", description);
  }

  /** A JSON object. */
  public static JsonObject object(String description) {
    return field("object", description);
  }

  /** Any JSON value. */
  public static JsonObject any(String description) {
    return new JsonObject().put("description", Objects.requireNonNull(description, "description"));
  }

  private static JsonObject field(String type, String description) {
    return new JsonObject().put("type", type).put("description", Objects.requireNonNull(description, "description"));
  }
}
