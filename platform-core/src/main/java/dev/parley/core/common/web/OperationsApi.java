package dev.parley.core.common.web;

import io.vertx.core.Handler;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * The operators' routes: {@code /health/live} (the process), {@code /health/ready} and
 * {@code /health} (what the platform depends on), public; and {@code /metrics} in the Prometheus
 * text format, only when a metrics registry is set up and a scrape token is configured, and then
 * only to a request bearing that token (metrics tell more than a stranger should know).
 */
public final class OperationsApi implements RouteSet {

  private final HealthChecks live;
  private final HealthChecks ready;
  private final Optional<byte[]> metricsToken;

  /** @param metricsToken the bearer token {@code /metrics} needs; empty: {@code /metrics} is not served */
  public OperationsApi(HealthChecks live, HealthChecks ready, Optional<String> metricsToken) {
    this.live = Objects.requireNonNull(live, "live");
    this.ready = Objects.requireNonNull(ready, "ready");
    this.metricsToken = metricsToken.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void mountRoot(Router root) {
    root.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    root.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    root.get("/health").handler(HealthCheckHandler.createWithHealthChecks(ready));
    if (BackendRegistries.getDefaultNow() != null && metricsToken.isPresent()) {
      Handler<RoutingContext> scrape = PrometheusScrapingHandler.create();
      root.get("/metrics").handler(this::scraper).handler(scrape);
    }
  }

  private void scraper(RoutingContext ctx) {
    String given = ctx.request().getHeader("Authorization");
    if (given == null
        || !MessageDigest.isEqual(metricsToken.orElseThrow(), given.strip().getBytes(StandardCharsets.UTF_8))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
      Problems.fail(ctx, 401, "/metrics needs the scrape token: Authorization: Bearer <metricsToken>");
      return;
    }
    ctx.next();
  }
}
