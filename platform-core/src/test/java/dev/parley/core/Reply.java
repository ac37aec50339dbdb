package dev.parley.core;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;

/** An HTTP answer as the tests see it: status, headers and the body as text. */
public record Reply(int status, MultiMap headers, String body) {

  public JsonObject json() {
    return new JsonObject(body);
  }

  public JsonArray array() {
    return new JsonArray(body);
  }

  public String header(String name) {
    return headers.get(name);
  }

  /** The media type without parameters, lower case; empty string when absent. */
  public String contentType() {
    String type = headers.get("Content-Type");
    return type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  /** The value of the cookie {@code name} set by this answer. */
  public Optional<String> cookie(String name) {
    return setCookie(name).map(c -> c.substring(name.length() + 1).split(";")[0]);
  }

  /** The whole {@code Set-Cookie} header that sets {@code name}. */
  public Optional<String> setCookie(String name) {
    return headers.getAll("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst();
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
