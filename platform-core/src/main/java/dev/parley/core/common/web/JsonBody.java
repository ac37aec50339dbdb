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
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads request bodies as JSON objects, and reads their fields with errors that name the field.
 * One rule for every body: strict UTF-8 without a byte order mark, one JSON object, no lone
 * surrogate and no control character other than tab, line feed and carriage return in any string
 * or key. Malformed JSON is reported with its line and column.
 */
public final class JsonBody {

  private static final String PARSED = "parley.jsonBody";

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private JsonBody() {
  }

  /**
   * The body as a JSON object. A request without a body (and without a JSON content type) is an
   * empty object; an empty body declared as JSON is malformed.
   */
  public static JsonObject object(RoutingContext ctx) {
    JsonObject parsed = ctx.get(PARSED);
    if (parsed != null) {
      return parsed;
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && !isJson(type)) {
      throw PlatformException.of(PlatformException.Reason.INVALID, "send the body as application/json");
    }
    JsonObject json;
    if (body == null || body.length() == 0) {
      if (type != null) {
        throw PlatformException.of(PlatformException.Reason.INVALID,
            "malformed JSON: the body is empty; send a JSON object ({} for none)");
      }
      json = new JsonObject();
    } else {
      json = parse(body.getBytes());
    }
    ctx.put(PARSED, json);
    return json;
  }

  /** Whether {@code contentType} is {@code application/json}, in UTF-8 if it names a charset. */
  static boolean isJson(String contentType) {
    String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
    if (!parts[0].strip().equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].strip();
      if (param.startsWith("charset=") && !param.substring(8).replace("\"", "").strip().equals("utf-8")) {
        return false;
      }
    }
    return true;
  }

  /** Parses a body by the rule above. */
  @SuppressWarnings("unchecked")
  static JsonObject parse(byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw PlatformException.of(PlatformException.Reason.INVALID, "malformed JSON: the body is not valid UTF-8");
    }
    if (text.startsWith("\uFEFF")) {
      throw PlatformException.of(PlatformException.Reason.INVALID,
          "malformed JSON: the body starts with a byte order mark; send UTF-8 without one");
    }
    Object value;
    try {
      value = MAPPER.readValue(text, Object.class);
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
    checkText(value, "");
    return new JsonObject((Map<String, Object>) value);
  }

  /** Refuses lone surrogates and control characters in every string and key, naming where. */
  private static void checkText(Object value, String pointer) {
    if (value instanceof String s) {
      checkString(s, pointer);
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String child = pointer + "/" + ((String) e.getKey()).replace("~", "~0").replace("/", "~1");
        checkString((String) e.getKey(), child);
        checkText(e.getValue(), child);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        checkText(list.get(i), pointer + "/" + i);
      }
    }
  }

  private static void checkString(String s, String pointer) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw PlatformException.invalid(pointer, name(pointer) + " holds a lone surrogate (\\u"
            + Integer.toHexString(c) + "), which is not text");
      } else if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        throw PlatformException.invalid(pointer, name(pointer) + " must not hold control characters (\\u"
            + String.format(Locale.ROOT, "%04x", (int) c) + ")");
      }
    }
  }

  private static String name(String pointer) {
    return pointer.isEmpty() ? "the body" : pointer.substring(1);
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
  public static Optional<String> optionalString(JsonObject json, String name) {
    return json.getValue(name) == null ? Optional.empty() : Optional.of(string(json, name));
  }

  /** A required integer field, any 64-bit value. */
  public static long integer(JsonObject json, String name) {
    return integer(json, name, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * A required integer field from {@code min} to {@code max}, checked as the number written: a
   * value past 64 bits is refused, never wrapped or rounded.
   */
  public static long integer(JsonObject json, String name, long min, long max) {
    Object v = json.getValue(name);
    if (v == null) {
      throw PlatformException.invalid("/" + name, name + " is required");
    }
    return integerValue(v, min, max).orElseThrow(() -> PlatformException.invalid("/" + name,
        name + " must be a whole number from " + min + " to " + max));
  }

  /**
   * The exact integer {@code value} is, when it is a JSON number with no fraction from {@code min}
   * to {@code max}; empty otherwise (the caller names the field).
   */
  public static Optional<Long> integerValue(Object value, long min, long max) {
    if (!(value instanceof Number n)) {
      return Optional.empty();
    }
    long exact;
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      exact = n.longValue();
    } else {
      if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
        return Optional.empty();
      }
      try {
        exact = new BigDecimal(n.toString()).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        return Optional.empty();
      }
    }
    return exact < min || exact > max ? Optional.empty() : Optional.of(exact);
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
