package dev.parley.core.cluster;

import dev.parley.core.ApiClient;
import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Several Parley nodes in one JVM (issue 23): each its own clustered Vert.x (Hazelcast on a free
 * loopback port, TCP/IP members list, a cluster name of its own so that tests running side by
 * side never meet) and its own {@link TestPlatform}, all on one fresh PostgreSQL database.
 * {@link #node(int)} is a node's fixture (its {@code api()} talks to that node's HTTP port);
 * {@link #kill(int)} ends a node abruptly, {@link #addNode()} starts another.
 */
public final class TestCluster implements AutoCloseable {

  private final TestDatabases.TestDatabase database;
  private final String name = "parley-test-" + UUID.randomUUID();
  private final List<Integer> ports = new ArrayList<>();
  private final List<TestPlatform> nodes = new ArrayList<>();
  private final Consumer<TestPlatform.Builder> customize;

  private TestCluster(TestDatabases.TestDatabase database, Consumer<TestPlatform.Builder> customize) {
    this.database = database;
    this.customize = customize;
  }

  /** {@code n} nodes on a fresh PostgreSQL database (skipped where PostgreSQL is unreachable). */
  public static TestCluster start(int n) {
    return start(n, b -> {});
  }

  /** The same, each node's fixture adjusted by {@code customize} (platform options, ...). */
  public static TestCluster start(int n, Consumer<TestPlatform.Builder> customize) {
    TestDatabases.assumeAvailable(Kind.POSTGRESQL);
    TestCluster cluster = new TestCluster(TestDatabases.create(Kind.POSTGRESQL), customize);
    try {
      for (int i = 0; i < n; i++) {
        cluster.ports.add(freePort());
      }
      for (int i = 0; i < n; i++) {
        cluster.nodes.add(cluster.startNode(cluster.ports.get(i)));
      }
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** A clustered Vert.x joining this cluster on its own new port. */
  public Vertx joinVertx() {
    int port = freePort();
    ports.add(port);
    return vertx(port);
  }

  private Vertx vertx(int port) {
    ClusterOptions options = new ClusterOptions().setEnabled(true).setHost("127.0.0.1").setPort(port)
        .setMembers(ports.stream().map(p -> "127.0.0.1:" + p).toList());
    return ApiClient.await(ClusterNode.start(options, new VertxOptions(), name));
  }

  private TestPlatform startNode(int port) {
    Vertx vertx = vertx(port);
    TestPlatform.Builder builder = TestPlatform.builder(Kind.POSTGRESQL).database(database).vertx(vertx);
    customize.accept(builder);
    return builder.start();
  }

  /** Starts one more node (a restart, say); it is {@code node(size() - 1)}. */
  public TestPlatform addNode() {
    int port = freePort();
    ports.add(port);
    TestPlatform node = startNode(port);
    nodes.add(node);
    return node;
  }

  public TestPlatform node(int i) {
    return nodes.get(i);
  }

  public int size() {
    return nodes.size();
  }

  public TestDatabases.TestDatabase database() {
    return database;
  }

  /** Ends node {@code i} as a crash would: Hazelcast stops without leaving, then the node is closed. */
  public void kill(int i) {
    TestPlatform node = nodes.get(i);
    terminate(node.vertx());
    try {
      node.close();
    } catch (RuntimeException e) {
      // a node whose cluster is gone may fail to close cleanly: it is dead either way
    }
  }

  /** Stops Hazelcast under {@code vertx} without a goodbye: the others notice by the missing heartbeats. */
  public static void terminate(Vertx vertx) {
    if (((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager h) {
      h.getHazelcastInstance().getLifecycleService().terminate();
    }
  }

  @Override
  public void close() {
    for (TestPlatform node : nodes.reversed()) {
      try {
        node.close();
      } catch (RuntimeException e) {
        // closed already (killed)
      }
    }
    database.close();
  }

  /** Waits until {@code check} holds (checking every 20 ms), at most {@code seconds}. */
  public static void await(String what, int seconds, java.util.function.BooleanSupplier check) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within " + seconds + " s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Completes when every future does; for starting work on several nodes at once. */
  static Future<?> all(List<? extends Future<?>> futures) {
    return Future.all(futures);
  }
}
