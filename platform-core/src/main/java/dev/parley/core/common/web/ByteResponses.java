package dev.parley.core.common.web;

import static java.util.Objects.requireNonNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a GET or HEAD with bytes whose strong ETag is known: {@code If-None-Match} → 304,
 * a single {@code Range} → 206 (416 when unsatisfiable, with {@code Content-Range: bytes *}/len),
 * {@code If-Range} honoured, {@code Accept-Ranges: bytes} always. Several ranges, or a form not
 * served, get the whole content as RFC 9110 allows. Version files, app pages and media share it,
 * so audio seeks work the same wherever a file comes from. Caching and security headers are the
 * caller's, set before.
 */
public final class ByteResponses {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private ByteResponses() {
  }

  /**
   * Sends {@code content} (or the part the request asks for).
   *
   * @param etag the strong ETag with its quotes, such as {@code "\"ab12…\""}
   */
  public static void send(RoutingContext ctx, Buffer content, String etag, String contentType) {
    requireNonNull(content, "content");
    requireNonNull(etag, "etag");
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    String range = ctx.request().getHeader("Range");
    String ifRange = ctx.request().getHeader("If-Range");
    if (range != null && (ifRange == null || ifRange.equals(etag))) {
      Matcher m = RANGE.matcher(range.trim());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        long length = content.length();
        long start;
        long end;
        try {
          if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            start = suffix == 0 ? length : Math.max(0, length - suffix);
            end = length - 1;
          } else {
            start = Long.parseLong(m.group(1));
            end = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
          }
        } catch (NumberFormatException e) { // more digits than a long: nothing of ours is that long
          start = length;
          end = -1;
        }
        if (start >= length || end < start) {
          response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + length)
              .putHeader(HttpHeaders.CONTENT_LENGTH, "0").end();
          return;
        }
        response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + length);
        body(ctx, content.slice((int) start, (int) end + 1));
        return;
      }
    }
    body(ctx, content);
  }

  private static void body(RoutingContext ctx, Buffer buffer) {
    ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(buffer.length()));
    if (ctx.request().method() == HttpMethod.HEAD) {
      ctx.response().end();
    } else {
      ctx.response().end(buffer);
    }
  }

  /** Whether {@code If-None-Match} names the ETag (or is {@code *}); weak forms match too. */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }
}
