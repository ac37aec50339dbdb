package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A node of a cluster as Main starts one (issue 23): clustered Vert.x, PostgreSQL only, ready and measured. */
class ClusterBootTest {

  @Test
  void clusteredNode_onPostgresql_isReadyWithItsClusterCheck_andCountsItsMembers() throws Exception {
    TestDatabases.assumeAvailable(Kind.POSTGRESQL);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ServerOptions cluster = new ServerOptions();
    cluster.getCluster().setEnabled(true).setHost("127.0.0.1").setPort(port).setMembers("127.0.0.1:" + port);
    Vertx vertx = Main.clusteredVertx(cluster);
    assertThat(vertx.isClustered()).isTrue();
    assertThat(vertx.isMetricsEnabled()).as("Main's metrics survive the clustered build").isTrue();
    int finalPort = port;
    try (TestServer t = TestServer.create(Kind.POSTGRESQL, vertx, o -> {
      o.setMetricsToken("metrics-token-of-this-test-1");
      o.getCluster().setEnabled(true).setHost("127.0.0.1").setPort(finalPort);
    }).start()) {
      Reply ready = t.api().get("/health/ready", Caller.anonymous());
      assertThat(ready.status()).as("%s", ready).isEqualTo(200);
      assertThat(ready.body()).contains("\"cluster\"").contains("\"members\":1").contains("\"singletons\":true");
      Reply metrics = t.api().get("/metrics", () -> java.util.Map.of("Authorization",
          "Bearer metrics-token-of-this-test-1"));
      assertThat(metrics.status()).as("%s", metrics).isEqualTo(200);
      assertThat(metrics.body()).contains("parley_cluster_members 1.0").contains("parley_cluster_singletons 1.0")
          .contains("vertx_eventbus_"); // the event bus's traffic
    }
  }

  @Test
  void withoutPostgresql_orWithoutAClusteredVertx_aNodeRefusesToStart_sayingWhy() {
    ServerOptions h2 = new ServerOptions();
    h2.getCluster().setEnabled(true);
    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(() -> ParleyServer.start(vertx, h2).await(30, TimeUnit.SECONDS))
          .hasMessageContaining("cluster mode needs PostgreSQL");
      ServerOptions pg = new ServerOptions(h2).setDatabaseUrl("postgresql://postgres@127.0.0.1:5432/none");
      assertThatThrownBy(() -> ParleyServer.start(vertx, pg).await(30, TimeUnit.SECONDS))
          .hasMessageContaining("needs a clustered Vert.x");
    } finally {
      vertx.close().await();
    }
  }
}
