package dev.parley.core.common.web;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Validates requests against an OpenAPI document, operation by operation, with Vert.x OpenAPI.
 * Routes stay ordinary Vert.x routes; each puts {@link #operation(String)} in front of its
 * handler. A request that breaks the document fails with the validator's exception, which
 * {@link Problems} turns into a 400 naming the parameter or field.
 */
public final class OpenApiValidation {

  private static final YAMLMapper YAML = new YAMLMapper();

  private final OpenAPIContract contract;
  private final RequestValidator validator;
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();
  private final String yaml;

  private OpenApiValidation(OpenAPIContract contract, RequestValidator validator, String yaml) {
    this.contract = contract;
    this.validator = validator;
    this.yaml = yaml;
  }

  /**
   * Loads and checks the document from the class path. Vert.x OpenAPI does not know
   * {@code application/problem+json}; the validator gets a copy where error answers are plain JSON,
   * clients get the document as written.
   */
  public static Future<OpenApiValidation> load(Vertx vertx, String resource) {
    Objects.requireNonNull(resource, "resource");
    return vertx.fileSystem().readFile(resource).compose(text -> {
      JsonObject document;
      try {
        document = new JsonObject(withPlainJsonErrors(YAML.readValue(text.getBytes(), Map.class)));
      } catch (java.io.IOException e) {
        return Future.failedFuture(e);
      }
      return OpenAPIContract.from(vertx, document)
          .map(contract -> new OpenApiValidation(contract, RequestValidator.create(vertx, contract), text.toString()));
    });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withPlainJsonErrors(Map<String, Object> node) {
    Map<String, Object> out = new LinkedHashMap<>();
    node.forEach((key, value) -> {
      Object v = value instanceof Map<?, ?> m
          ? withPlainJsonErrors((Map<String, Object>) m)
          : value instanceof List<?> l
              ? l.stream().map(e -> e instanceof Map<?, ?> m2
                  ? withPlainJsonErrors((Map<String, Object>) m2)
                  : e).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new))
              : value;
      out.put("application/problem+json".equals(key) ? "application/json" : key, v);
    });
    return out;
  }

  /** The handler that validates requests of one operation before the route's own handler runs. */
  public Handler<RoutingContext> operation(String operationId) {
    Operation operation = contract.operation(operationId);
    if (operation == null) {
      throw new IllegalArgumentException("no operation '" + operationId + "' in the OpenAPI document");
    }
    return ctx -> {
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      if (body != null && body.length() > 0) {
        JsonBody.object(ctx); // malformed JSON: the parser's line and column say more than the validator
      }
      extractor.extractValidatableRequest(ctx, operation)
          .compose(request -> validator.validate(request, operationId))
          .onSuccess(validated -> ctx.next())
          .onFailure(ctx::fail);
    };
  }

  /** The document as written (YAML). */
  public String yaml() {
    return yaml;
  }

  /** The document as JSON. */
  public String json() {
    return contract.getRawContract().encodePrettily();
  }
}
