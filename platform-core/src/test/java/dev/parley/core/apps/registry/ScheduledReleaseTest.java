package dev.parley.core.apps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A version submitted with {@code releaseAt} and approved before that time goes live at that time,
 * on its own (the platform checks every second), and not before; the audit log records the
 * release with no actor. On both databases.
 */
class ScheduledReleaseTest extends PlatformTestBase {

  private TestUser admin;

  @Override
  protected void setUp() {
    admin = p.admin();
  }

  @Test
  void approvedVersion_goesLiveAtItsReleaseTime_notBefore_releasedByNobody() {
    TestUser dev = TestApps.developer(api, admin, "dev");
    String appId = TestApps.appId(api, "sched");
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, admin, appId, "1.0.0");
    TestApps.draft(api, dev, appId, "2.0.0");
    Instant releaseAt = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.MILLIS);

    Reply submitted = api.post("/api/developer/apps/" + appId + "/versions/2.0.0/submit", dev,
        new JsonObject().put("releaseAt", releaseAt.toString()));
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(200);
    assertThat(Instant.parse(submitted.json().getString("releaseAt"))).isEqualTo(releaseAt);
    Reply approved = api.post("/api/admin/apps/" + appId + "/versions/2.0.0/approve", admin, new JsonObject());
    assertThat(approved.status()).as("%s", approved).isEqualTo(200);
    assertThat(approved.json().getString("state")).isEqualTo("approved");
    assertThat(approved.json().getBoolean("live")).isFalse();

    TestUser user = api.signUp("user");
    assertThat(launchedVersion(user, appId)).as("approved, but not yet its time").isEqualTo("1.0.0");
    TestApps.eventually("2.0.0 goes live", Duration.ofSeconds(30), () -> {
      Instant asked = Instant.now();
      String live = api.get("/api/developer/apps/" + appId, dev).json().getString("liveVersion");
      if (live.equals("2.0.0")) {
        return true;
      }
      assertThat(live).isEqualTo("1.0.0");
      assertThat(asked).as("still not live at %s, long after %s", asked, releaseAt)
          .isBefore(releaseAt.plusSeconds(5));
      return false;
    });
    Instant seenLive = Instant.now();
    assertThat(seenLive).as("live before its release time").isAfterOrEqualTo(releaseAt);
    assertThat(launchedVersion(user, appId)).isEqualTo("2.0.0");

    JsonObject version = api.get("/api/developer/apps/" + appId + "/versions/2.0.0", dev).json();
    assertThat(version.getBoolean("live")).isTrue();
    assertThat(Instant.parse(version.getString("releasedAt"))).isAfterOrEqualTo(releaseAt);

    List<JsonObject> releases = TestApps.audit(api, admin, appId).stream()
        .filter(e -> e.getString("action").equals("version.released"))
        .filter(e -> e.getString("targetId").endsWith("@2.0.0")).toList();
    assertThat(releases).hasSize(1);
    assertThat(releases.get(0).getValue("actor")).as("released by the platform, not a person").isNull();
    assertThat(Instant.parse(releases.get(0).getString("at"))).isAfterOrEqualTo(releaseAt);
  }

  @Test
  void releaseAt_inThePast_goesLiveAtApproval() {
    TestUser dev = TestApps.developer(api, admin, "dev");
    String appId = TestApps.appId(api, "past");
    TestApps.createApp(api, dev, appId);
    TestApps.draft(api, dev, appId, "1.0.0");
    assertThat(api.post("/api/developer/apps/" + appId + "/versions/1.0.0/submit", dev,
        new JsonObject().put("releaseAt", "2020-01-01T00:00:00Z")).status()).isEqualTo(200);

    Reply approved = api.post("/api/admin/apps/" + appId + "/versions/1.0.0/approve", admin, new JsonObject());
    assertThat(approved.status()).as("%s", approved).isEqualTo(200);
    assertThat(api.get("/api/developer/apps/" + appId, dev).json().getString("liveVersion")).isEqualTo("1.0.0");
  }

  @Test
  void releaseAt_thatIsNotATime_is400() {
    TestUser dev = TestApps.developer(api, admin, "dev");
    String appId = TestApps.appId(api, "bad");
    TestApps.createApp(api, dev, appId);
    TestApps.draft(api, dev, appId, "1.0.0");
    Reply reply = api.post("/api/developer/apps/" + appId + "/versions/1.0.0/submit", dev,
        new JsonObject().put("releaseAt", "next tuesday"));
    assertThat(reply.status()).as("%s", reply).isEqualTo(400);
    assertThat(reply.json().getString("detail") + reply.json().getString("field", "")).contains("releaseAt");
  }

  private String launchedVersion(TestUser user, String appId) {
    Reply launched = api.post("/api/apps/" + appId + "/launch", user, new JsonObject());
    assertThat(launched.status()).as("%s", launched).isEqualTo(200);
    return launched.json().getString("version");
  }
}
