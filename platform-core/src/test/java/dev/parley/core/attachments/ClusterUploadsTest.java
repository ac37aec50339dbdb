package dev.parley.core.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import dev.parley.core.cluster.TestCluster;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attachments in a cluster (issue 23): the nodes keep them in PostgreSQL without being told, and a
 * resumable upload's chunks may reach any node (a balancer without sticky sessions): a node that did
 * not receive the earlier chunks rebuilds its part from the shared ones.
 */
class ClusterUploadsTest {

  private static TestCluster cluster;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void chunksThroughAlternatingNodes_makeOneFile_servedByEitherNode() {
    ApiClient a = cluster.node(0).api();
    ApiClient b = cluster.node(1).api();
    TusClient onA = new TusClient(a);
    TusClient onB = new TusClient(b);
    TestUser ann = a.signUp("Ann");
    byte[] file = TestFiles.text(3000);
    String path = onA.start(ann, file.length, "notes.txt", "text/plain");

    Reply first = onA.patch(ann, path, 0, Arrays.copyOfRange(file, 0, 1000));
    assertThat(first.status()).as("%s", first).isEqualTo(204);
    Reply second = onB.patch(ann, path, 1000, Arrays.copyOfRange(file, 1000, 2000));
    assertThat(second.status()).as("%s", second).isEqualTo(204);
    assertThat(second.header("Upload-Offset")).isEqualTo("2000");
    Reply last = onA.patch(ann, path, 2000, Arrays.copyOfRange(file, 2000, 3000));
    assertThat(last.status()).as("%s", last).isEqualTo(204);

    JsonObject status = b.get(path, ann).json();
    assertThat(status.getString("status")).isEqualTo("ready");
    assertThat(status.getJsonObject("attachment").getString("sha256")).isEqualTo(TusClient.sha256Hex(file));
    assertThat(cluster.node(0).sql("SELECT COUNT(*) AS n FROM upload_chunks").get(0).getLong("n"))
        .as("the shared chunks go with the finished upload").isZero();
    assertThat(cluster.node(0).sql("SELECT COUNT(*) AS n FROM attachments WHERE id = ?",
        path.substring(path.lastIndexOf('/') + 1)).get(0).getLong("n")).isEqualTo(1);
  }
}
