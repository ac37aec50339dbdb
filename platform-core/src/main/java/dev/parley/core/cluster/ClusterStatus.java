package dev.parley.core.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * The cluster's state where operators look: a {@code cluster} check in {@code /health/ready} (per
 * node: down once this node has left or lost the cluster, so the balancer stops sending to it) and
 * gauges in {@code /metrics}. Event-bus traffic is Vert.x's own {@code vertx_eventbus_*} meters
 * (messages sent, published, received, delivered, bytes read and written per address).
 */
public final class ClusterStatus {

  private ClusterStatus() {
  }

  /** Adds the {@code cluster} readiness check: members seen, this node's id, whether it runs the singletons. */
  public static void register(Vertx vertx, HealthChecks ready) {
    ready.register("cluster", p -> {
      JsonObject data = new JsonObject().put("node", Leadership.nodeId(vertx))
          .put("members", Leadership.members(vertx)).put("singletons", Leadership.leads(vertx));
      p.complete(Leadership.active(vertx) ? Status.OK(data) : Status.KO(data));
    });
  }

  /** {@code parley_cluster_members} and {@code parley_cluster_singletons} (1 on the node running them). */
  public static void registerMetrics(Vertx vertx, MeterRegistry meters) {
    Gauge.builder("parley_cluster_members", vertx, Leadership::members)
        .description("Members of the cluster as this node sees them (1 when not clustered)").register(meters);
    Gauge.builder("parley_cluster_singletons", vertx, v -> Leadership.leads(v) ? 1 : 0)
        .description("1 on the node that runs the cluster's periodic sweeps, else 0").register(meters);
  }
}
