package dev.parley.core.apps.registry;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Problems;
import dev.parley.core.ratelimit.RateLimits;
import io.github.bucket4j.BucketConfiguration;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * CSP violation reports of development versions' pages ({@code POST /api/dev/csp-reports/:appId}):
 * each violation becomes an error line of the app's developer log, which {@code parley app dev}
 * prints, so an inline script refused by the page policy is no longer silent.
 *
 * <p>Browsers send these without credentials and with their own content types
 * ({@code application/csp-report} for {@code report-uri}, {@code application/reports+json} for
 * the Reporting API), so the route is mounted before the API's JSON-only body gate and reads its
 * small body itself: at most {@link #MAX_BYTES}, and a token bucket per app (10/s, burst 20).
 * Only an app that has a development version on this node is listened to (404 otherwise): a
 * published app's visitors cannot write into its developer's log.
 */
public final class DevCspReports {

  /** Where reports are sent; {@code :appId} is the app's. */
  public static final String PATH = "/api/dev/csp-reports/:appId";
  /** The largest report body read. */
  public static final int MAX_BYTES = 16 * 1024;
  private static final int PER_SECOND = 10;
  private static final int BURST = 20;
  private static final int MAX_PER_BODY = 20;

  private final DevVersions devVersions;
  private final UsageLog usage;
  private static final BucketConfiguration RATE = BucketConfiguration.builder()
      .addLimit(l -> l.capacity(BURST).refillGreedy(PER_SECOND, Duration.ofSeconds(1))).build();
  private final RateLimits.Buckets buckets;
  private final BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BYTES);

  public DevCspReports(DevVersions devVersions, UsageLog usage) {
    this(devVersions, usage, RateLimits.local());
  }

  public DevCspReports(DevVersions devVersions, UsageLog usage, RateLimits rateLimits) {
    this.buckets = rateLimits.buckets("csp-reports", Caffeine.newBuilder().maximumSize(10_000)
        .expireAfterAccess(Duration.ofMinutes(10)), null);
    this.devVersions = devVersions;
    this.usage = usage;
  }

  /** The path of the reports of {@code appId}: what a development version's page policy names. */
  public static String pathOf(String appId) {
    return PATH.replace(":appId", appId);
  }

  /** The body handler (size-capped) then {@link #accept}. */
  public void mount(io.vertx.ext.web.Router root) {
    root.post(PATH).handler(this::known); // two routes, as for the upload: Vert.x wants a body handler first
    root.post(PATH).handler(body).handler(this::accept);
  }

  /** Before reading a byte: only an app with a development version, within its rate. */
  private void known(RoutingContext ctx) {
    String appId = ctx.pathParam("appId");
    Optional<DevVersions.DevVersion> dev = devVersions.current(appId);
    if (dev.isEmpty()) {
      ctx.fail(PlatformException.notFound("development version of app '" + appId + "'"));
      return;
    }
    RateLimits.take(buckets.get(appId, () -> RATE), "too many CSP reports for app '" + appId + "'")
        .onSuccess(v -> ctx.next()).onFailure(ctx::fail);
  }

  private void accept(RoutingContext ctx) {
    String appId = ctx.pathParam("appId");
    Optional<DevVersions.DevVersion> dev = devVersions.current(appId);
    String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("")
        .toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/csp-report") && !type.startsWith("application/reports+json")
        && !type.startsWith("application/json")) {
      Problems.fail(ctx, 415,
          "a CSP report is application/csp-report or application/reports+json");
      return;
    }
    List<String> lines;
    try {
      lines = violations(ctx.body().asString("UTF-8"));
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(PlatformException.invalid("", "a CSP report is a JSON document: " + e.getMessage()));
      return;
    }
    if (dev.isPresent()) {
      Optional<String> version = Optional.of(dev.get().version().version());
      lines.forEach(line -> usage.log(appId, version, UsageLog.Level.ERROR, line, Optional.empty()));
    }
    ctx.response().setStatusCode(204).end();
  }

  /** One line per violation of either format, at most {@link #MAX_PER_BODY}. */
  static List<String> violations(String json) {
    List<String> out = new ArrayList<>();
    String trimmed = json == null ? "" : json.strip();
    if (trimmed.startsWith("[")) { // the Reporting API: [{type: "csp-violation", body: {...}}]
      for (Object o : new JsonArray(trimmed)) {
        if (o instanceof JsonObject report && "csp-violation".equals(report.getString("type"))
            && report.getValue("body") instanceof JsonObject b && out.size() < MAX_PER_BODY) {
          out.add(line(b.getString("effectiveDirective"), b.getString("blockedURL"), b.getString("sourceFile"),
              b.getValue("lineNumber"), b.getValue("columnNumber"), b.getString("sample")));
        }
      }
    } else if (!trimmed.isEmpty()) { // report-uri: {"csp-report": {...}}
      JsonObject r = new JsonObject(trimmed).getJsonObject("csp-report");
      if (r != null) {
        String directive = r.getString("effective-directive", r.getString("violated-directive"));
        out.add(line(directive, r.getString("blocked-uri"), r.getString("source-file"), r.getValue("line-number"),
            r.getValue("column-number"), r.getString("script-sample")));
      }
    }
    return out;
  }

  private static String line(String directive, String blocked, String sourceFile, Object lineNo, Object column,
      String sample) {
    StringBuilder s = new StringBuilder("CSP refused ").append(blocked == null || blocked.isBlank()
        ? "a resource"
        : "inline".equals(blocked) || "eval".equals(blocked) ? "an " + blocked + " script" : path(blocked));
    s.append(" (").append(directive == null ? "?" : directive).append(")");
    if (sourceFile != null && !sourceFile.isBlank()) {
      s.append(" at ").append(path(sourceFile));
      if (lineNo instanceof Number n) {
        s.append(':').append(n.longValue());
        if (column instanceof Number c) {
          s.append(':').append(c.longValue());
        }
      }
    }
    if (sample != null && !sample.isBlank()) {
      s.append(": ").append(sample.length() > 80 ? sample.substring(0, 80) + "…" : sample);
    }
    s.append(" (inline scripts and handlers are refused: load scripts from files of ui/)");
    return s.toString().replaceAll("[\\p{Cntrl}]", " ");
  }

  /** A URL of the app's own origin as the bundle's file ({@code https://x.apps.h/a.js} → {@code ui/a.js}); others as given. */
  private static String path(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getHost() != null && uri.getHost().contains(".apps.") && uri.getPath() != null) {
        String path = uri.getPath();
        if (path.startsWith("/dev/") && path.indexOf('/', 5) > 0) { // a development page: /dev/<token>/<file>
          path = path.substring(path.indexOf('/', 5));
        }
        return "ui" + path;
      }
    } catch (IllegalArgumentException e) {
      // not a URL: shown as given
    }
    return url;
  }
}
