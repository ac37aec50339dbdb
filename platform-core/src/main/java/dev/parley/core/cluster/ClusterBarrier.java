package dev.parley.core.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.List;

/**
 * "Every other node has heard what I just published": a request to each other member's barrier
 * consumer, answered once the messages sent before it have been taken. Between two nodes the event
 * bus keeps one connection, in order, and the barrier consumer lives on the same context as the
 * consumers it stands behind (registered right after them), so its answer comes after theirs ran.
 * A suspension answers only then, so the next request on any node already finds the session gone.
 * A member that does not answer within {@link #TIMEOUT_MILLIS} (dying) is not waited for longer.
 */
public final class ClusterBarrier {

  static final String ADDRESS = "parley.cluster.barrier.";
  static final long TIMEOUT_MILLIS = 1_000;

  private ClusterBarrier() {
  }

  /** This node's barrier consumer; register it on the context of the consumers it must follow. */
  public static void register(Vertx vertx) {
    String self = Leadership.nodeId(vertx);
    if (vertx.isClustered() && self != null) {
      vertx.eventBus().<String>consumer(ADDRESS + self, m -> m.reply(""));
    }
  }

  /** Completes (never fails) once every other member answered, or gave up after the timeout. */
  public static Future<Void> passed(Vertx vertx) {
    ClusterManager manager = Leadership.clusterManager(vertx);
    if (!vertx.isClustered() || manager == null || !Leadership.active(vertx)) {
      return Future.succeededFuture();
    }
    List<Future<?>> answers = new ArrayList<>();
    for (String node : manager.getNodes()) {
      if (!node.equals(manager.getNodeId())) {
        answers.add(vertx.eventBus().request(ADDRESS + node, "",
            new DeliveryOptions().setSendTimeout(TIMEOUT_MILLIS)));
      }
    }
    return Future.join(answers).<Void>mapEmpty().otherwiseEmpty();
  }
}
