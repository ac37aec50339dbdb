package dev.parley.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations of platform-core's {@code openapi.yaml}, read the way a client generator reads them: method, path
 * template, path and query parameters, and the request body's JSON schema (references resolved) and media types.
 */
final class OpenApiOperations {

  static final String RESOURCE = "/dev/parley/core/apps/registry/openapi.yaml";
  /** Where the document's paths are mounted. */
  static final String BASE = "/api";

  record Parameter(String name, String in, JsonObject schema) {
  }

  record Operation(String id, String method, String path, List<Parameter> pathParameters,
      List<Parameter> queryParameters, Optional<JsonObject> jsonBody, List<String> mediaTypes) {

    /** The path with {@code values} put in for its parameters, in order. */
    String path(Map<String, String> values) {
      String p = BASE + path;
      for (Parameter param : pathParameters) {
        p = p.replace("{" + param.name() + "}", values.get(param.name()));
      }
      return p;
    }

    boolean changesState() {
      return !method.equals("GET");
    }

    @Override
    public String toString() {
      return method + " " + BASE + path;
    }
  }

  private final JsonObject document;

  private OpenApiOperations(JsonObject document) {
    this.document = document;
  }

  /** Every operation of the document, in its order. */
  @SuppressWarnings("unchecked")
  static List<Operation> load() {
    try (InputStream in = OpenApiOperations.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE);
      }
      Map<String, Object> yaml = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
      return new OpenApiOperations(new JsonObject(yaml)).operations();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Operation> operations() {
    List<Operation> out = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.of("get", "put", "post", "patch", "delete")) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) {
          continue;
        }
        List<Parameter> params = new ArrayList<>();
        params.addAll(parameters(item.getJsonArray("parameters", new JsonArray())));
        params.addAll(parameters(op.getJsonArray("parameters", new JsonArray())));
        JsonObject content = Optional.ofNullable(op.getJsonObject("requestBody")).map(b -> resolve(b))
            .map(b -> b.getJsonObject("content")).orElse(new JsonObject());
        Optional<JsonObject> json = Optional.ofNullable(content.getJsonObject("application/json"))
            .map(c -> resolve(c.getJsonObject("schema", new JsonObject())));
        out.add(new Operation(op.getString("operationId"), method.toUpperCase(java.util.Locale.ROOT), path,
            params.stream().filter(p -> p.in().equals("path")).toList(),
            params.stream().filter(p -> p.in().equals("query")).toList(), json,
            List.copyOf(content.fieldNames())));
      }
    }
    return out;
  }

  private List<Parameter> parameters(JsonArray list) {
    List<Parameter> out = new ArrayList<>();
    for (Object o : list) {
      JsonObject p = resolve((JsonObject) o);
      out.add(new Parameter(p.getString("name"), p.getString("in"), resolve(p.getJsonObject("schema",
          new JsonObject()))));
    }
    return out;
  }

  /** Follows a {@code $ref} (local only), and those of the properties of an object schema. */
  JsonObject resolve(JsonObject node) {
    JsonObject n = node;
    while (n.getValue("$ref") instanceof String ref) {
      Object target = document;
      for (String part : ref.substring(2).split("/")) {
        target = ((JsonObject) target).getValue(part.replace("~1", "/").replace("~0", "~"));
      }
      n = (JsonObject) target;
    }
    if (n.getValue("properties") instanceof JsonObject props) {
      JsonObject resolved = new JsonObject();
      props.forEach(e -> resolved.put(e.getKey(), resolve((JsonObject) e.getValue())));
      n = n.copy().put("properties", resolved);
    }
    return n;
  }
}
