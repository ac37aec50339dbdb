package dev.parley.core.common.web;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Validates requests against an OpenAPI document, operation by operation, with Vert.x OpenAPI.
 * Routes stay ordinary Vert.x routes; each puts {@link #operation(String)} in front of its
 * handler. A request that breaks the document fails with the validator's exception, which
 * {@link Problems} turns into a 400 naming the parameter or field.
 */
public final class OpenApiValidation {

  private static final YAMLMapper YAML = new YAMLMapper();

  private final Vertx vertx;
  private final String resource;
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();
  /** The parsed document, once something asked for it (the first validated request, or a warm-up). */
  private final AtomicReference<Future<Loaded>> loaded = new AtomicReference<>();

  private record Loaded(OpenAPIContract contract, RequestValidator validator, String yaml) {
  }

  private OpenApiValidation(Vertx vertx, String resource) {
    this.vertx = vertx;
    this.resource = Objects.requireNonNull(resource, "resource");
  }

  /**
   * The document from the class path, read and checked when first needed: parsing it and resolving
   * its references is a few hundred milliseconds of a cold start that no first request but a
   * developer's needs, so the server is ready before it ({@link #warmUp()} starts it after).
   */
  public static OpenApiValidation lazy(Vertx vertx, String resource) {
    return new OpenApiValidation(vertx, resource);
  }

  /**
   * Loads and checks the document from the class path. Vert.x OpenAPI does not know
   * {@code application/problem+json}; the validator gets a copy where error answers are plain JSON,
   * clients get the document as written.
   */
  public static Future<OpenApiValidation> load(Vertx vertx, String resource) {
    OpenApiValidation validation = lazy(vertx, resource);
    return validation.loaded().map(x -> validation);
  }

  /** Starts reading the document now, if nothing has yet. */
  public void warmUp() {
    loaded();
  }

  private Future<Loaded> loaded() {
    Future<Loaded> current = loaded.get();
    if (current != null) {
      return current;
    }
    Promise<Loaded> promise = Promise.promise();
    if (!loaded.compareAndSet(null, promise.future())) {
      return loaded.get();
    }
    vertx.fileSystem().readFile(resource).compose(text -> {
      JsonObject document;
      try {
        document = new JsonObject(withPlainJsonErrors(YAML.readValue(text.getBytes(), Map.class)));
      } catch (java.io.IOException e) {
        return Future.failedFuture(e);
      }
      return OpenAPIContract.from(vertx, document)
          .map(contract -> new Loaded(contract, RequestValidator.create(vertx, contract), text.toString()));
    }).onComplete(promise);
    return promise.future();
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
    return ctx -> {
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      if (body != null && body.length() > 0) {
        JsonBody.object(ctx); // malformed JSON: the parser's line and column say more than the validator
      }
      loaded().compose(doc -> {
        Operation operation = doc.contract().operation(operationId);
        if (operation == null) {
          return Future.failedFuture(
              new IllegalStateException("no operation '" + operationId + "' in the OpenAPI document"));
        }
        return extractor.extractValidatableRequest(ctx, operation)
            .compose(request -> doc.validator().validate(request, operationId));
      }).onSuccess(validated -> ctx.next()).onFailure(ctx::fail);
    };
  }

  /** The document as written (YAML). */
  public Future<String> yaml() {
    return loaded().map(Loaded::yaml);
  }

  /** The document as JSON. */
  public Future<String> json() {
    return loaded().map(doc -> doc.contract().getRawContract().encodePrettily());
  }
}
