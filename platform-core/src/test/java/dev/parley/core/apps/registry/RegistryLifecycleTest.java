package dev.parley.core.apps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The publishing path end to end through the HTTP API, on both databases: create, upload, submit,
 * approve, live, launch, a second version with more permissions, reject with a reason, rollback,
 * suspend and unsuspend, the audit trail and the usage counts.
 */
class RegistryLifecycleTest extends PlatformTestBase {

  private TestUser admin;

  @Override
  protected void setUp() {
    admin = p.admin();
  }

  private String base(String appId) {
    return "/api/developer/apps/" + appId;
  }

  @Test
  void version_goesFromUploadToLive_andBackByRollback() {
    TestUser dev = TestApps.developer(api, admin, "dev");
    String appId = TestApps.appId(api, "shop");
    JsonObject app = TestApps.createApp(api, dev, appId);
    assertThat(app.getString("status")).isEqualTo("active");
    assertThat(app.getString("liveVersion")).isNull();

    Reply up = TestApps.upload(api, dev, appId, TestApps.bundle(appId, "1.0.0", "cards.post"));
    assertThat(up.status()).as("%s", up).isEqualTo(201);
    assertThat(up.json().getString("state")).isEqualTo("draft");
    Reply again = TestApps.upload(api, dev, appId, TestApps.bundle(appId, "1.0.0", "cards.post"));
    assertThat(again.status()).as("identical re-upload is idempotent: %s", again).isEqualTo(200);
    assertThat(again.json().getString("digest")).isEqualTo(up.json().getString("digest"));

    Reply submitted = api.post(base(appId) + "/versions/1.0.0/submit", dev, null); // no body at all, as curl -X POST
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(200);
    assertThat(submitted.json().getString("state")).isEqualTo("in_review");
    JsonArray queue = api.get("/api/admin/reviews", admin).array();
    assertThat(queue.stream().map(o -> ((JsonObject) o).getString("appId")).toList()).contains(appId);

    Reply approved = api.post("/api/admin/apps/" + appId + "/versions/1.0.0/approve", admin, new JsonObject());
    assertThat(approved.status()).as("%s", approved).isEqualTo(200);
    assertThat(api.get(base(appId), dev).json().getString("liveVersion")).isEqualTo("1.0.0");

    // A second version asks for one more permission; review shows it as added.
    assertThat(TestApps.upload(api, dev, appId, TestApps.bundle(appId, "1.1.0", "cards.post", "storage.user"))
        .status()).isEqualTo(201);
    api.post(base(appId) + "/versions/1.1.0/submit", dev, new JsonObject());
    JsonObject detail = api.get(base(appId) + "/versions/1.1.0", admin).json();
    assertThat(detail.getString("comparedTo")).isEqualTo("1.0.0");
    assertThat(detail.getJsonObject("permissionChanges").getJsonArray("added").getList())
        .containsExactly("storage.user");
    assertThat(detail.getJsonArray("files").stream().map(f -> ((JsonObject) f).getString("path")).toList())
        .contains("manifest.json", "server.js", "icon.png", "ui/index.html");
    String serverUrl = detail.getJsonArray("files").stream().map(f -> (JsonObject) f)
        .filter(f -> f.getString("path").equals("server.js")).findFirst().orElseThrow().getString("url");
    assertThat(api.get(serverUrl, admin).body()).contains("export async function hello");
    assertThat(api.get(serverUrl, dev).status()).isEqualTo(200);
    assertThat(api.get(serverUrl, dev.withoutCsrf()).status()).isEqualTo(200);
    assertThat(api.get(serverUrl, api.signUp("stranger")).status()).as("a draft's files are private").isEqualTo(404);

    Reply rejected = api.post("/api/admin/apps/" + appId + "/versions/1.1.0/reject", admin,
        new JsonObject().put("reason", "storage.user is not explained"));
    assertThat(rejected.status()).as("%s", rejected).isEqualTo(200);
    JsonObject read = api.get(base(appId) + "/versions/1.1.0", dev).json();
    assertThat(read.getString("state")).isEqualTo("rejected");
    assertThat(read.getString("reviewReason")).isEqualTo("storage.user is not explained");

    // 1.2.0 goes live, then the developer rolls back to 1.0.0 in one call.
    TestApps.publish(api, dev, admin, appId, "1.2.0", "cards.post");
    assertThat(api.get(base(appId), dev).json().getString("liveVersion")).isEqualTo("1.2.0");
    Reply rollback = api.post(base(appId) + "/versions/1.0.0/release", dev, new JsonObject());
    assertThat(rollback.status()).as("%s", rollback).isEqualTo(200);
    assertThat(rollback.json().getString("liveVersion")).isEqualTo("1.0.0");

    List<String> actions = api.get(base(appId) + "/reviews", dev).array().stream()
        .map(e -> ((JsonObject) e).getString("action")).toList();
    assertThat(actions).contains("version.uploaded", "version.submitted", "version.approved", "version.rejected",
        "version.released");
  }

  @Test
  void suspension_refusesLaunch_atOnce_andUnsuspendRestores() {
    TestUser dev = TestApps.developer(api, admin, "dev");
    String appId = TestApps.appId(api, "music");
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, admin, appId, "1.0.0");
    TestUser user = api.signUp("user");

    Reply launched = api.post("/api/apps/" + appId + "/launch", user, new JsonObject());
    assertThat(launched.status()).as("%s", launched).isEqualTo(200);
    assertThat(launched.json().getString("version")).isEqualTo("1.0.0");
    assertThat(api.get(launched.json().getString("pageUrl"), user).status()).isEqualTo(200);

    Reply suspended = api.post("/api/admin/apps/" + appId + "/suspend", admin, new JsonObject().put("reason", "fraud"));
    assertThat(suspended.status()).as("%s", suspended).isEqualTo(200);
    Reply refused = api.post("/api/apps/" + appId + "/launch", user, new JsonObject());
    assertThat(refused.status()).as("the cached listing must not hide the suspension: %s", refused).isEqualTo(403);
    assertThat(refused.json().getString("detail")).contains("suspended").contains("fraud");
    assertThat(api.get(launched.json().getString("pageUrl"), user).status()).isEqualTo(404);

    assertThat(api.post("/api/admin/apps/" + appId + "/unsuspend", admin, new JsonObject()).status()).isEqualTo(200);
    assertThat(api.post("/api/apps/" + appId + "/launch", user, new JsonObject()).status()).isEqualTo(200);

    JsonObject audit = api.get("/api/admin/audit?appId=" + appId, admin).json();
    List<String> actions = audit.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("action"))
        .toList();
    assertThat(actions).contains("app.suspended", "launch.refused", "app.unsuspended");
  }

  @Test
  void commands_countInvocationsAndErrors_andLogWhatTheAppPrinted() {
    TestUser dev = TestApps.developer(api, admin, "dev");
    String appId = TestApps.appId(api, "echo");
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, admin, appId, "1.0.0");
    TestUser user = api.signUp("user");
    String conversation = api.group(user, "g").getString("id");

    assertThat(api.post("/api/conversations/" + conversation + "/apps", user, new JsonObject().put("appId", appId))
        .status()).isEqualTo(201);
    Reply hello = api.post("/api/conversations/" + conversation + "/commands", user,
        new JsonObject().put("text", "/hello world"));
    assertThat(hello.status()).as("%s", hello).isEqualTo(200);
    assertThat(hello.json().getJsonArray("messages").getJsonObject(0).getJsonObject("card").getString("text"))
        .isEqualTo("hello world");
    Reply boom = api.post("/api/conversations/" + conversation + "/commands", user,
        new JsonObject().put("text", "/boom"));
    assertThat(boom.status()).as("%s", boom).isEqualTo(502);

    JsonObject usage = api.get(base(appId) + "/usage", dev).json();
    assertThat(usage.getLong("invocations")).isEqualTo(2);
    assertThat(usage.getLong("errors")).isEqualTo(1);
    assertThat(usage.getJsonArray("recentErrors").encode()).contains("boom at");
    assertThat(api.get(base(appId) + "/logs", dev).array().encode()).contains("hello from " + appId);
  }
}
