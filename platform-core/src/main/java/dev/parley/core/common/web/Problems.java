package dev.parley.core.common.web;

import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.MiniAppException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler at the edge: every error becomes {@code application/problem+json}
 * (RFC 9457) with a stable {@code type} URI per kind of error ({@link ProblemType}). Messages of
 * expected failures are shown; unexpected ones are logged with a correlation id that the response
 * carries, and their text never leaves the server.
 */
public final class Problems {

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final String TOO_LARGE_DETAIL = "parley.problems.tooLargeDetail";
  private static final String DETAIL = "parley.problems.detail";

  private Problems() {
  }

  /**
   * What a 413 of the HTTP layer (a body handler's limit) says on this request, in place of the
   * general "the request body is too large": set by a route before its own body handler.
   */
  public static void onTooLarge(RoutingContext ctx, String detail) {
    ctx.put(TOO_LARGE_DETAIL, detail);
  }

  /** Fails {@code ctx} with a 4xx of the HTTP layer that says {@code detail} (shown to the client). */
  public static void fail(RoutingContext ctx, int status, String detail) {
    ctx.put(DETAIL, detail);
    ctx.fail(status);
  }

  /** Answers at once with a problem of the HTTP layer (for a router's error handlers, which run after every route). */
  public static void answer(RoutingContext ctx, int status, String detail) {
    HttpServerResponse response = ctx.response();
    if (!response.ended() && !response.headWritten()) {
      send(ctx, problem(status, detail));
    }
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
    if (failure != null && Database.isDatabaseFailure(failure)) {
      // The one place where a raw database failure becomes the platform's (a busy pool is 503).
      failure = Database.classify(failure);
    }
    if (failure instanceof PlatformException pe) {
      if (pe.reason() == PlatformException.Reason.INTERNAL || pe.reason() == PlatformException.Reason.UNAVAILABLE) {
        unexpected(ctx, pe.reason().status(), pe);
        return;
      }
      JsonObject body = problem(ProblemType.of(pe.reason()), pe.reason().status(), pe.getMessage());
      pe.field().ifPresent(f -> body.put("field", f));
      pe.extensions().forEach((name, value) -> {
        if (!body.containsKey(name)) {
          body.put(name, value);
        }
      });
      if (pe.reason() == PlatformException.Reason.TOO_MANY) {
        response.putHeader("Retry-After", Long.toString(Math.max(1, pe.retryAfterSeconds())));
      }
      send(ctx, body);
      return;
    }
    if (failure instanceof MiniAppException me && me.reason() != MiniAppException.Reason.INTERNAL) {
      send(ctx, bundleProblem(me));
      return;
    }
    if (failure instanceof ValidatorException ve) {
      send(ctx, contractProblem(ve));
      return;
    }
    if (failure instanceof HttpException he) {
      status = he.getStatusCode();
      failure = null;
    }
    if (failure instanceof DecoderException de) {
      // A form or multipart body the decoder refused: the client's, never a 500 or a stack trace.
      status = de instanceof HttpPostRequestDecoder.TooLongFormFieldException
          || de instanceof HttpPostRequestDecoder.TooManyFormFieldsException ? 413 : 400;
      ctx.put(DETAIL, status == 413
          ? "the form has too many fields or a field that is too long"
          : "the body is not a well-formed " + Optional.ofNullable(ctx.request().getHeader("Content-Type"))
              .map(t -> t.split(";")[0].strip().replaceAll("[^\\x20-\\x7e]", "?")).orElse("form"));
      failure = null;
    }
    if (failure == null && status >= 400 && status < 500) {
      String tooLarge = ctx.get(TOO_LARGE_DETAIL);
      String detail = ctx.get(DETAIL);
      send(ctx, problem(status, status == 413 && tooLarge != null
          ? tooLarge
          : detail != null ? detail : defaultDetail(status)));
      return;
    }
    unexpected(ctx, status >= 500 && status != 500 ? status : 500, failure);
  }

  /** A refused bundle: the reader's or the sandbox's reason, the file and every problem with its path. */
  private static JsonObject bundleProblem(MiniAppException e) {
    ProblemType type = switch (e.reason()) {
      case ARCHIVE_TOO_LARGE, ENTRY_TOO_LARGE, TOTAL_TOO_LARGE -> ProblemType.BUNDLE_TOO_LARGE;
      default -> ProblemType.BUNDLE_INVALID;
    };
    JsonObject body = problem(type, type.status(), e.getMessage()).put("reason", e.reason().name());
    // A syntax error comes from the sandbox without a file: it is always the server module's.
    Optional<String> file = e.file().or(() -> e.reason() == MiniAppException.Reason.SYNTAX_ERROR
        ? Optional.of(Bundle.SERVER_MODULE)
        : Optional.empty());
    file.ifPresent(f -> body.put("file", f));
    JsonArray problems = new JsonArray();
    e.problems().forEach(p -> {
      JsonObject o = new JsonObject().put("path", p.path()).put("message", p.message());
      if (p.line() > 0) { // a position in the file: an import, a syntax error, a manifest's JSON
        o.put("line", p.line());
        if (p.column() > 0) {
          o.put("column", p.column());
        }
      }
      problems.add(o);
    });
    if (problems.isEmpty()) { // the documented shape: every refusal lists at least one problem
      problems.add(new JsonObject().put("path", file.orElse("")).put("message", e.getMessage()));
    }
    body.put("problems", problems);
    if (e.reason() == MiniAppException.Reason.MANIFEST_INVALID && !e.problems().isEmpty()) {
      body.put("field", e.problems().get(0).path());
    }
    return body;
  }

  /** A request that breaks the OpenAPI document: say which parameter or field, and how. */
  private static JsonObject contractProblem(ValidatorException e) {
    if (e instanceof SchemaValidationException sve && sve.getOutputUnit() != null) {
      OutputUnit unit = sve.getOutputUnit();
      OutputUnit deepest = unit;
      if (unit.getErrors() != null) {
        for (OutputUnit u : unit.getErrors()) {
          if (u.getError() != null) {
            deepest = u;
            break;
          }
        }
      }
      String location = deepest.getInstanceLocation() == null ? "" : deepest.getInstanceLocation();
      if (location.startsWith("#")) {
        location = location.substring(1);
      }
      String detail = e.getMessage() + (deepest.getError() == null || e.getMessage().contains(deepest.getError())
          ? ""
          : ": " + deepest.getError());
      JsonObject body = problem(ProblemType.VALIDATION, 400, detail);
      if (!location.isEmpty()) {
        body.put("field", location);
      }
      return body;
    }
    return e.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT
        ? problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, 415, e.getMessage())
        : problem(ProblemType.VALIDATION, 400, e.getMessage());
  }

  private static void unexpected(RoutingContext ctx, int status, Throwable failure) {
    String id = UUID.randomUUID().toString();
    LOG.error("unexpected failure on {} {} correlationId={}", ctx.request().method(), ctx.request().path(), id,
        failure);
    JsonObject body = status == 503
        ? problem(ProblemType.UNAVAILABLE, status,
            "a service the platform depends on is unavailable; try again shortly")
        : problem(ProblemType.INTERNAL, status,
            "an unexpected error happened; quote the correlation id when reporting it");
    body.put("correlationId", id);
    ctx.response().putHeader("X-Correlation-Id", id);
    send(ctx, body);
  }

  /** A problem of the HTTP layer: its type follows from the status. */
  static JsonObject problem(int status, String detail) {
    return problem(ProblemType.ofStatus(status), status, detail);
  }

  static JsonObject problem(ProblemType type, int status, String detail) {
    return new JsonObject()
        .put("type", type.uri())
        .put("title", title(status))
        .put("status", status)
        .put("detail", detail);
  }

  private static void send(RoutingContext ctx, JsonObject body) {
    if (RequestBodies.heldUnread(ctx)) {
      RequestBodies.discard(ctx);
    }
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
      case 414 -> "the request URI is too long";
      case 431 -> "the request headers are too large";
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
      case 414 -> "URI Too Long";
      case 431 -> "Request Header Fields Too Large";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 416 -> "Range Not Satisfiable";
      case 502 -> "Bad Gateway";
      case 504 -> "Gateway Timeout";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
