package dev.parley.core.common.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The API's one rule for request bodies, before and after they are read: a body of a type the
 * API does not take is refused with 415 before a byte of it is read (so no form or multipart
 * decoder ever runs on it); a body is read only once the route is known to be public or the caller
 * is authenticated; and every body read is then parsed by {@link JsonBody}'s rule, whether or not
 * the route's handler looks at it.
 */
public final class RequestBodies {

  private static final String HELD = "parley.bodyHeld";
  /** The most of a refused body read (and dropped) to keep its connection. */
  static final long MAX_DISCARDED = 1024 * 1024;

  private RequestBodies() {
  }

  /**
   * Holds the request's body unread until a body handler reads it. An answer given while it is
   * held closes the connection, as the rest of the body will never be read.
   */
  public static void hold(RoutingContext ctx) {
    ctx.put(HELD, Boolean.TRUE);
    ctx.request().pause();
  }

  /**
   * After an answer given while the body was held: the rest is read and dropped (never kept), so
   * the client, perhaps still sending, gets the answer and the connection serves its next request;
   * past {@link #MAX_DISCARDED} bytes, or when the declared length is past it, the connection is
   * closed instead.
   */
  static void discard(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null || !declared.matches("[0-9]{1,18}") || Long.parseLong(declared) > MAX_DISCARDED) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    long[] dropped = {0};
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > MAX_DISCARDED) {
        request.connection().close();
      }
    });
    request.exceptionHandler(e -> {});
    request.endHandler(v -> {});
    request.resume();
  }

  /** Whether the body was held and is still unread (a body handler that failed leaves it unended too). */
  static boolean heldUnread(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(HELD)) && !ctx.request().isEnded();
  }

  /**
   * First on {@code /api/*}: refuses a body that is not JSON (415), holds the rest unread until
   * the body handler. A route that read its body itself (the bundle upload) has passed already.
   */
  static void gate(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (ctx.body().available() || request.headers().contains(HttpHeaders.UPGRADE)) {
      ctx.next();
      return;
    }
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (hasBody(request) && type != null && !JsonBody.isJson(type)) {
      Problems.fail(ctx, 415, "this route takes a body of application/json (UTF-8), not "
          + type.replaceAll("[^\\x20-\\x7e]", "?"));
      return;
    }
    hold(ctx);
    ctx.next();
  }

  /** The body handler of the API: JSON only, never form decoding, at most {@code limit} bytes. */
  static Handler<RoutingContext> reader(long limit) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(limit);
    return ctx -> {
      if (ctx.body().available()) {
        ctx.next();
        return;
      }
      body.handle(ctx);
    };
  }

  /** After the body handler: a body of JSON type (or of none) is parsed now, by the one rule. */
  static void parse(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    boolean hasBytes = ctx.body().buffer() != null && ctx.body().buffer().length() > 0;
    if ((hasBytes || hasBody(ctx.request())) && (type == null || JsonBody.isJson(type))) {
      JsonBody.object(ctx);
    }
    ctx.next();
  }

  static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return (length != null && !length.strip().equals("0")) || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }
}
