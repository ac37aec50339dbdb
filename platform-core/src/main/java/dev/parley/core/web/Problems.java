package dev.parley.core.web;

import dev.parley.core.PlatformException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler at the edge: every error becomes {@code application/problem+json}
 * (RFC 9457). Messages of expected failures are shown; unexpected ones are logged with a
 * correlation id that the response carries, and their text never leaves the server.
 */
public final class Problems {

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {
  }

  /** The failure handler to put on the root router. */
  public static void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof PlatformException pe) {
      if (pe.reason() == PlatformException.Reason.INTERNAL || pe.reason() == PlatformException.Reason.UNAVAILABLE) {
        unexpected(ctx, pe.reason().status(), pe);
        return;
      }
      JsonObject body = problem(pe.reason().status(), pe.getMessage());
      pe.field().ifPresent(f -> body.put("field", f));
      if (pe.reason() == PlatformException.Reason.TOO_MANY) {
        response.putHeader("Retry-After", Long.toString(Math.max(1, pe.retryAfterSeconds())));
      }
      send(ctx, body);
      return;
    }
    if (failure instanceof HttpException he) {
      status = he.getStatusCode();
      failure = null;
    }
    if (failure == null && status >= 400 && status < 500) {
      send(ctx, problem(status, defaultDetail(status)));
      return;
    }
    unexpected(ctx, status >= 500 && status != 500 ? status : 500, failure);
  }

  /** Sends a problem answer for a status and detail. */
  public static void send(RoutingContext ctx, int status, String detail) {
    send(ctx, problem(status, detail));
  }

  private static void unexpected(RoutingContext ctx, int status, Throwable failure) {
    String id = UUID.randomUUID().toString();
    LOG.error("unexpected failure on {} {} correlationId={}", ctx.request().method(), ctx.request().path(), id, failure);
    JsonObject body = problem(status, status == 503
        ? "a service the platform depends on is unavailable; try again shortly"
        : "an unexpected error happened; quote the correlation id when reporting it");
    body.put("correlationId", id);
    ctx.response().putHeader("X-Correlation-Id", id);
    send(ctx, body);
  }

  static JsonObject problem(int status, String detail) {
    return new JsonObject()
        .put("type", "about:blank")
        .put("title", title(status))
        .put("status", status)
        .put("detail", detail);
  }

  private static void send(RoutingContext ctx, JsonObject body) {
    ctx.response()
        .setStatusCode(body.getInteger("status"))
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(body.encode());
  }

  private static String defaultDetail(int status) {
    return switch (status) {
      case 400 -> "the request is malformed";
      case 401 -> "sign in first";
      case 403 -> "you may not do this";
      case 404 -> "there is nothing here";
      case 405 -> "this method is not allowed here";
      case 413 -> "the request body is too large";
      case 415 -> "send application/json";
      default -> title(status);
    };
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
