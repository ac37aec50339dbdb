package dev.parley.core.common.web;

import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Objects;

/**
 * The operators' routes, public: {@code /health/live} (the process), {@code /health/ready} and
 * {@code /health} (what the platform depends on), and {@code /metrics} in the Prometheus text
 * format when a metrics registry is set up.
 */
public final class OperationsApi implements RouteSet {

  private final HealthChecks live;
  private final HealthChecks ready;

  public OperationsApi(HealthChecks live, HealthChecks ready) {
    this.live = Objects.requireNonNull(live, "live");
    this.ready = Objects.requireNonNull(ready, "ready");
  }

  @Override
  public void mountRoot(Router root) {
    root.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    root.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    root.get("/health").handler(HealthCheckHandler.createWithHealthChecks(ready));
    if (BackendRegistries.getDefaultNow() != null) {
      root.get("/metrics").handler(PrometheusScrapingHandler.create());
    }
  }
}
