package dev.parley.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a clustered Vert.x for {@link ClusterOptions}: the Hazelcast cluster manager configured in
 * code (TCP/IP join over the members list, multicast and auto-detection off, no phone-home, logging
 * through SLF4J), the event bus bound to the cluster host.
 */
public final class ClusterNode {

  /** The Hazelcast cluster's name: nodes of other products on the same hosts never join Parley's. */
  public static final String CLUSTER_NAME = "parley";

  private ClusterNode() {
  }

  /**
   * Joins (or starts) the cluster; the future fails with Hazelcast's reason when the port is taken.
   * Sets the event bus's host and port on {@code options}.
   */
  public static Future<Vertx> start(ClusterOptions cluster, VertxOptions options) {
    return start(cluster, options, CLUSTER_NAME);
  }

  /** The same under another cluster name: tests running side by side on one machine stay apart. */
  public static Future<Vertx> start(ClusterOptions cluster, VertxOptions options, String clusterName) {
    // Not a copy: VertxOptions' copy constructor turns Micrometer's metrics options into plain ones
    // (no Prometheus backend); the event bus's address is set on the caller's options instead.
    VertxOptions vertxOptions = options;
    vertxOptions.getEventBusOptions().setHost(cluster.getHost()).setPort(cluster.getEventBusPort());
    cluster.getPublicHost().ifPresent(vertxOptions.getEventBusOptions()::setClusterPublicHost);
    return Vertx.builder().with(vertxOptions)
        .withClusterManager(new HazelcastClusterManager(hazelcastConfig(cluster).setClusterName(clusterName)))
        .buildClustered();
  }

  /** Vert.x's own maps (subscriptions, node info) from its default file, the network from the options. */
  static Config hazelcastConfig(ClusterOptions cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(CLUSTER_NAME);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Vert.x leaves the cluster on close; the JVM's hook would race it.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // A killed node is dropped after 5 s without heartbeats (default 60 s): its singletons move on
    // and the event bus stops routing to it that much sooner.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.local.localAddress", cluster.getHost());
    config.getJetConfig().setEnabled(false);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.getPort()).setPortAutoIncrement(false);
    cluster.getPublicHost().ifPresent(h -> network.setPublicAddress(h + ":" + cluster.getPort()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = new ArrayList<>(cluster.getMembers());
    if (members.isEmpty()) {
      members.add(cluster.getHost() + ":" + cluster.getPort()); // a cluster of one, others may join it
    }
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(members);
    return config;
  }
}
