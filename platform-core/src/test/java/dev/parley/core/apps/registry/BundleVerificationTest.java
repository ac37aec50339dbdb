package dev.parley.core.apps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestSql;
import dev.parley.core.TestUser;
import io.vertx.sqlclient.Row;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An archive is verified once per digest of its bytes: the verdict is stored with the version it
 * made, so the same bytes again (the sample apps at every start) find that version without being
 * read and run in the sandbox again, and other bytes or another app still go through every check.
 */
class BundleVerificationTest extends PlatformTestBase {

  @Test
  void theVerdictIsStoredWithTheVersion_andTheSameBytesFindIt() throws Exception {
    TestUser dev = TestApps.developer(api, p.admin(), "verifier");
    String appId = TestApps.appId(api, "verified");
    TestApps.createApp(api, dev, appId);
    byte[] zip = TestApps.bundle(appId, "1.0.0", "cards.post");

    Reply first = TestApps.upload(api, dev, appId, zip);
    assertThat(first.status()).as("%s", first).isEqualTo(201);
    assertThat(verdicts(sha256(zip))).containsExactly(appId + "@1.0.0");

    Reply again = TestApps.upload(api, dev, appId, zip);
    assertThat(again.status()).as("the same bytes: the version they made, %s", again).isEqualTo(200);
    assertThat(again.json().getString("digest")).isEqualTo(first.json().getString("digest"));
    assertThat(verdicts(sha256(zip))).containsExactly(appId + "@1.0.0");
  }

  @Test
  void anotherAppsUploadOfTheSameBytes_isStillChecked() throws Exception {
    TestUser dev = TestApps.developer(api, p.admin(), "copier");
    String appId = TestApps.appId(api, "original");
    String other = TestApps.appId(api, "copy");
    TestApps.createApp(api, dev, appId);
    TestApps.createApp(api, dev, other);
    byte[] zip = TestApps.bundle(appId, "1.0.0", "cards.post");
    assertThat(TestApps.upload(api, dev, appId, zip).status()).isEqualTo(201);

    Reply copy = TestApps.upload(api, dev, other, zip);
    assertThat(copy.status()).as("%s", copy).isEqualTo(400);
    assertThat(copy.json().getString("field")).isEqualTo("/app_id");
  }

  private List<String> verdicts(String archive) {
    List<String> out = new ArrayList<>();
    for (Row row : ApiClient.await(TestSql.query(p.platform().database(),
        "SELECT app_id, version FROM bundle_verifications WHERE archive_sha256 = ?", archive))) {
      out.add(row.getString("app_id") + "@" + row.getString("version"));
    }
    return out;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
