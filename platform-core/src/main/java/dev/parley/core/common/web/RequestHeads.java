package dev.parley.core.common.web;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heads of requests, checked before any route: a request the HTTP decoder refused (a request
 * line or headers too long, a malformed header), a URI with a malformed percent-escape and a
 * missing, repeated or malformed {@code Host} get a problem of their own, never an empty answer,
 * a text one or a 500.
 */
public final class RequestHeads {

  /** A host name (letters, digits, {@code - _}), an IPv4 address or a bracketed IPv6 one, then an optional port. */
  private static final Pattern HOST = Pattern.compile(
      "(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?"
          + "|\\[[0-9A-Fa-f:.]{2,45}\\])(?::([0-9]{1,5}))?");

  /** A {@code %} not followed by two hex digits: a URI no decoder can read. */
  private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  private RequestHeads() {
  }

  /**
   * The server's handler of requests its HTTP/1.x decoder refused (Vert.x's
   * {@code invalidRequestHandler}): 414, 431 or 400 as problems; the server closes the connection.
   */
  public static Handler<HttpServerRequest> invalidRequestHandler() {
    return request -> {
      Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
      int status = cause instanceof TooLongHttpLineException
          ? 414
          : cause instanceof TooLongHttpHeaderException ? 431 : 400;
      refuse(request, status, switch (status) {
        case 414 -> "the request line is too long: send a shorter path and query";
        case 431 -> "the request headers are too large";
        default -> "the request is not well-formed HTTP";
      });
    };
  }

  /**
   * The server's request handler: {@code router} behind the check of {@code Host}, which must come
   * before the router (Vert.x Web reads the authority as it starts routing, and fails without one).
   * HTTP/1.1 needs one well-formed {@code Host} (RFC 9112 §3.2); HTTP/1.0 may send none.
   */
  public static Handler<HttpServerRequest> guard(Handler<HttpServerRequest> router) {
    return request -> {
      if (request.version() == HttpVersion.HTTP_1_0 || request.version() == HttpVersion.HTTP_1_1) {
        List<String> hosts = request.headers().getAll(HttpHeaders.HOST);
        if (hosts.isEmpty() && request.version() == HttpVersion.HTTP_1_1) {
          refuse(request, 400, "an HTTP/1.1 request needs a Host header");
          return;
        }
        if (hosts.size() > 1) {
          refuse(request, 400, "send one Host header, not " + hosts.size());
          return;
        }
        if (hosts.size() == 1 && !wellFormed(hosts.get(0))) {
          refuse(request, 400, "the Host header must be a host name or address with an optional port");
          return;
        }
      }
      router.handle(request);
    };
  }

  /**
   * First on the root router: a URI whose percent-escapes decode (else every decoder after this
   * one fails). Answered here, not failed: routing on (even to failure handlers) would decode the
   * URI again.
   */
  static void check(RoutingContext ctx) {
    if (BAD_ESCAPE.matcher(ctx.request().uri()).find()) {
      Problems.answer(ctx, 400, "the URI holds a % that is not followed by two hexadecimal digits");
      return;
    }
    ctx.next();
  }

  private static void refuse(HttpServerRequest request, int status, String detail) {
    request.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(Problems.problem(status, detail).encode())
        .onComplete(done -> request.connection().close());
  }

  static boolean wellFormed(String host) {
    Matcher m = HOST.matcher(host);
    return host.length() <= 300 && m.matches() && (m.group(1) == null || Integer.parseInt(m.group(1)) <= 65_535);
  }
}
