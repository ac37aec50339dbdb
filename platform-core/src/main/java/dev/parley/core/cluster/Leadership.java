package dev.parley.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The singleton gate: periodic sweeps (red-packet expiry, scheduled releases, payment sweeps,
 * webhook retries, purges) run on one node of the cluster, the oldest member. Every member sees
 * Hazelcast's member list in the same order, oldest first, so they agree without a lock or a vote;
 * when that node leaves or dies (dropped after the heartbeat timeout) the next oldest leads at its
 * next tick. A node that is not clustered always leads.
 *
 * <p>Use at each tick: {@code if (!Leadership.leads(vertx)) return;}. The sweeps stay safe to run
 * twice (they claim rows in transactions), so the moment of a hand-over needs no more care.
 */
public final class Leadership {

  private Leadership() {
  }

  /** Whether this node runs the cluster's singletons now. */
  public static boolean leads(Vertx vertx) {
    if (!vertx.isClustered()) {
      return true;
    }
    ClusterManager manager = clusterManager(vertx);
    if (manager == null || !manager.isActive()) {
      return false;
    }
    if (manager instanceof HazelcastClusterManager hazelcast) {
      HazelcastInstance instance = hazelcast.getHazelcastInstance();
      if (instance == null || !instance.getLifecycleService().isRunning()) {
        return false;
      }
      Iterator<Member> members = instance.getCluster().getMembers().iterator();
      return members.hasNext() && members.next().localMember();
    }
    List<String> nodes = manager.getNodes();
    return !nodes.isEmpty() && nodes.getFirst().equals(manager.getNodeId());
  }

  /** The members of the cluster (1 when not clustered). */
  public static int members(Vertx vertx) {
    if (!vertx.isClustered()) {
      return 1;
    }
    ClusterManager manager = clusterManager(vertx);
    return manager != null && active(vertx) ? manager.getNodes().size() : 0;
  }

  /** This node's id in the cluster, or {@code null} when not clustered. */
  public static @Nullable String nodeId(Vertx vertx) {
    ClusterManager manager = clusterManager(vertx);
    return manager == null ? null : manager.getNodeId();
  }

  /** Whether the node is (still) a member: false once its cluster manager or Hazelcast has stopped. */
  public static boolean active(Vertx vertx) {
    if (!vertx.isClustered()) {
      return true;
    }
    ClusterManager manager = clusterManager(vertx);
    if (manager instanceof HazelcastClusterManager hazelcast) {
      HazelcastInstance instance = hazelcast.getHazelcastInstance();
      return manager.isActive() && instance != null && instance.getLifecycleService().isRunning();
    }
    return manager != null && manager.isActive();
  }

  static @Nullable ClusterManager clusterManager(Vertx vertx) {
    return vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
  }
}
