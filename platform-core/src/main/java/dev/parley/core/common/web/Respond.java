package dev.parley.core.common.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.function.Function;

/**
 * Route handlers that answer with JSON, like Vert.x's {@code Route.respond}: the handler is a
 * function of the request to a future answer; the answer is written here, a failure (of the future,
 * or thrown) goes to the failure handler at the edge ({@link Problems#handle}).
 */
public final class Respond {

  private Respond() {
  }

  /**
   * A handler answering with what {@code handler} completes with: a {@link JsonObject} or
   * {@link JsonArray} with 200; an {@link Answer} with its status, headers and body; nothing
   * ({@code null}, a {@code Future<Void>}) with 204 and no body. JSON answers are never cached.
   */
  public static Handler<RoutingContext> json(Function<RoutingContext, ? extends Future<?>> handler) {
    Objects.requireNonNull(handler, "handler");
    return ctx -> {
      Future<?> answer;
      try {
        answer = handler.apply(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      answer.onComplete(result -> {
        if (result.failed()) {
          ctx.fail(result.cause());
        } else {
          send(ctx, result.result());
        }
      });
    };
  }

  /** Writes an answer as {@link #json} does (for routes that read their body themselves). */
  public static void send(RoutingContext ctx, Object answer) {
    if (ctx.response().ended()) {
      return;
    }
    if (answer == null) {
      ctx.response().setStatusCode(204).end();
    } else if (answer instanceof Answer a) {
      a.headers().forEach(ctx.response()::putHeader);
      Json.send(ctx, a.status(), a.body());
    } else if (answer instanceof JsonObject || answer instanceof JsonArray) {
      Json.send(ctx, 200, answer);
    } else {
      ctx.fail(new IllegalStateException("a route answered with a " + answer.getClass().getName() + ", not JSON"));
    }
  }
}
