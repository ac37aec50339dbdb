package dev.parley.core.common.web;

import static java.util.Objects.requireNonNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON answer of a route other than a plain 200: its status, its body (a {@link JsonObject} or
 * {@link JsonArray}) and extra headers. See {@link Respond#json}.
 */
public record Answer(int status, Object body, Map<String, String> headers) {

  public Answer {
    requireNonNull(body, "body");
    if (!(body instanceof JsonObject) && !(body instanceof JsonArray)) {
      throw new IllegalArgumentException("body must be a JsonObject or a JsonArray");
    }
    headers = Map.copyOf(headers);
  }

  /** 200 with {@code body}. */
  public static Answer ok(Object body) {
    return new Answer(200, body, Map.of());
  }

  /** 201 with {@code body}. */
  public static Answer created(Object body) {
    return new Answer(201, body, Map.of());
  }

  /** 201 when {@code created}, else 200: a resource made now, or the one that was there already. */
  public static Answer createdOrOk(boolean created, Object body) {
    return new Answer(created ? 201 : 200, body, Map.of());
  }

  /** {@code status} with {@code body}. */
  public static Answer of(int status, Object body) {
    return new Answer(status, body, Map.of());
  }

  /** This answer with the header {@code name: value} as well. */
  public Answer header(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
    return new Answer(status, body, more);
  }
}
