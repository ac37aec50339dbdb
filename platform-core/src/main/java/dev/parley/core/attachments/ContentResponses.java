package dev.parley.core.attachments;

import dev.parley.core.common.web.ByteResponses;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a blob as people's files must be served: a strong ETag (the SHA-256) with 304, one byte
 * range (206, or 416 past the end), {@code nosniff}, a CSP that lets nothing run, a download unless
 * the messenger shows it inline, and caches that are private and revalidate (access can end). The
 * bytes stream from the {@link BlobStore}, never whole in memory.
 */
final class ContentResponses {

  private static final Pattern RANGE = Pattern.compile("bytes=([0-9]*)-([0-9]*)");

  private ContentResponses() {
  }

  static void serve(RoutingContext ctx, BlobStore store, String sha256, long length, String contentType,
      boolean inline, String fileName) {
    String etag = "\"" + sha256 + "\"";
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
        .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "default-src 'none'; sandbox")
        .putHeader("Cross-Origin-Resource-Policy", "same-origin")
        .putHeader("Content-Disposition", (inline ? "inline" : "attachment") + "; filename*=UTF-8''"
            + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
    if (ByteResponses.matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    long start = 0;
    long end = length - 1;
    String range = ctx.request().getHeader("Range");
    String ifRange = ctx.request().getHeader("If-Range");
    if (range != null && (ifRange == null || ifRange.equals(etag))) {
      Matcher m = RANGE.matcher(range.strip());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        try {
          if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            start = suffix == 0 ? length : Math.max(0, length - suffix);
          } else {
            start = Long.parseLong(m.group(1));
            end = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
          }
        } catch (NumberFormatException e) { // more digits than a long: past any end
          start = length;
        }
        if (start >= length || end < start) {
          response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + length)
              .putHeader(HttpHeaders.CONTENT_LENGTH, "0").end();
          return;
        }
        response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + length);
      }
    }
    long count = Math.max(0, end - start + 1);
    response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(count));
    if (ctx.request().method() == HttpMethod.HEAD || count == 0) {
      response.end();
      return;
    }
    store.copyTo(sha256, start, count, response).onFailure(e -> {
      org.slf4j.LoggerFactory.getLogger(ContentResponses.class).warn("serving blob {} failed", sha256, e);
      response.reset();
    });
  }
}
