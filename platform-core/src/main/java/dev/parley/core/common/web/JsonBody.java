package dev.parley.core.common.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parley.core.common.PlatformException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies as JSON objects, and reads their fields with errors that name the field.
 * Malformed JSON is reported with its line and column.
 */
public final class JsonBody {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private JsonBody() {
  }

  /** The body as a JSON object; an empty body is an empty object. */
  public static JsonObject object(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw PlatformException.of(PlatformException.Reason.INVALID, "send the body as application/json");
    }
    return parse(body.getBytes());
  }

  @SuppressWarnings("unchecked")
  static JsonObject parse(byte[] bytes) {
    Object value;
    try {
      value = MAPPER.readValue(bytes, Object.class);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw PlatformException.of(PlatformException.Reason.INVALID,
          "malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw PlatformException.of(PlatformException.Reason.INVALID, "malformed JSON: " + e.getMessage());
    }
    if (!(value instanceof Map)) {
      throw PlatformException.of(PlatformException.Reason.INVALID, "the body must be a JSON object");
    }
    return new JsonObject((Map<String, Object>) value);
  }

  /** A required string field, trimmed of nothing; wrong type or absence names the field. */
  public static String string(JsonObject json, String name) {
    Object v = json.getValue(name);
    if (v == null) {
      throw PlatformException.invalid("/" + name, name + " is required");
    }
    if (!(v instanceof String s)) {
      throw PlatformException.invalid("/" + name, name + " must be a string");
    }
    return s;
  }

  /** An optional string field. */
  public static java.util.Optional<String> optionalString(JsonObject json, String name) {
    return json.getValue(name) == null ? java.util.Optional.empty() : java.util.Optional.of(string(json, name));
  }

  /** A required integer field. */
  public static long integer(JsonObject json, String name) {
    Object v = json.getValue(name);
    if (v == null) {
      throw PlatformException.invalid("/" + name, name + " is required");
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw PlatformException.invalid("/" + name, name + " must be an integer");
    }
    return n.longValue();
  }

  /** A required array of strings, at most {@code max} long. */
  public static List<String> strings(JsonObject json, String name, int max) {
    Object v = json.getValue(name);
    if (!(v instanceof JsonArray array)) {
      throw PlatformException.invalid("/" + name, name + (v == null ? " is required" : " must be an array of strings"));
    }
    if (array.size() > max) {
      throw PlatformException.invalid("/" + name, name + " may hold at most " + max + " entries");
    }
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s)) {
        throw PlatformException.invalid("/" + name + "/" + i, name + "[" + i + "] must be a string");
      }
      out.add(s);
    }
    return out;
  }
}
