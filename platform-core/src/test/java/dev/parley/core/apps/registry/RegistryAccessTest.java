package dev.parley.core.apps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may read and change an app, for every developer and admin route of docs/api.md, on both
 * databases: another developer gets 404 as if the app did not exist, and changes nothing; a
 * plain user 403; an admin reads every app but changes none through the developer API; admin
 * routes refuse developers and anonymous callers; personal API tokens work without CSRF, and
 * session cookies without the CSRF header change nothing.
 */
class RegistryAccessTest extends PlatformTestBase {

  /** A developer route about one app; {@code version} fills {@code :version}. */
  private record Route(HttpMethod method, String path, String version) {
    boolean write() {
      return method != HttpMethod.GET;
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /**
   * Every developer route about an app. The versions are those {@link #appWithVersions} makes, so
   * that the owner's call in this order succeeds: 1.0.0 live, 1.1.0 a draft, 1.2.0 in review.
   */
  private static final List<Route> APP_ROUTES = List.of(
      new Route(HttpMethod.GET, "/api/developer/apps/:appId", null),
      new Route(HttpMethod.PATCH, "/api/developer/apps/:appId", null),
      new Route(HttpMethod.GET, "/api/developer/apps/:appId/versions", null),
      new Route(HttpMethod.POST, "/api/developer/apps/:appId/versions", null),
      new Route(HttpMethod.GET, "/api/developer/apps/:appId/versions/:version", "1.0.0"),
      new Route(HttpMethod.POST, "/api/developer/apps/:appId/versions/:version/submit", "1.1.0"),
      new Route(HttpMethod.POST, "/api/developer/apps/:appId/versions/:version/withdraw", "1.2.0"),
      new Route(HttpMethod.POST, "/api/developer/apps/:appId/versions/:version/release", "1.0.0"),
      new Route(HttpMethod.GET, "/api/developer/apps/:appId/reviews", null),
      new Route(HttpMethod.POST, "/api/developer/apps/:appId/secret", null),
      new Route(HttpMethod.GET, "/api/developer/apps/:appId/usage", null),
      new Route(HttpMethod.GET, "/api/developer/apps/:appId/logs", null));

  /** Every admin route, with a version in review where one is needed. */
  private static final List<Route> ADMIN_ROUTES = List.of(
      new Route(HttpMethod.GET, "/api/admin/reviews", null),
      new Route(HttpMethod.GET, "/api/admin/apps", null),
      new Route(HttpMethod.GET, "/api/admin/apps/:appId", null),
      new Route(HttpMethod.POST, "/api/admin/apps/:appId/versions/:version/approve", "1.2.0"),
      new Route(HttpMethod.POST, "/api/admin/apps/:appId/versions/:version/reject", "1.3.0"),
      new Route(HttpMethod.POST, "/api/admin/apps/:appId/versions/:version/release", "1.0.0"),
      new Route(HttpMethod.POST, "/api/admin/apps/:appId/suspend", null),
      new Route(HttpMethod.POST, "/api/admin/apps/:appId/unsuspend", null),
      new Route(HttpMethod.GET, "/api/admin/audit", null));

  private TestUser admin;

  @Override
  protected void setUp() {
    admin = p.admin();
  }

  @Test
  void anotherDeveloper_gets404OnEveryRoute_andChangesNothing_whileTheOwnerSucceeds() {
    TestUser owner = TestApps.developer(api, admin, "owner");
    TestUser other = TestApps.developer(api, admin, "other");
    String appId = appWithVersions(owner);
    TestApps.createApp(api, other, TestApps.appId(api, "theirs"));

    String before = state(owner, appId);
    for (Route route : APP_ROUTES) {
      Reply reply = call(route, other, appId, "9.9.9");
      assertThat(reply.status()).as("%s by another developer: %s", route, reply).isEqualTo(404);
      assertThat(reply.contentType()).isEqualTo("application/problem+json");
      Reply missing = call(route, other, TestApps.appId(api, "nosuch"), "9.9.9");
      assertThat(reply.json().getString("detail").replace(appId, "X"))
          .as("%s: the answer must not tell the app exists", route)
          .isEqualTo(missing.json().getString("detail").replaceAll("'[a-z0-9-]+'", "'X'"));
    }
    assertThat(state(owner, appId)).as("another developer changed nothing").isEqualTo(before);
    List<String> othersApps = api.get("/api/developer/apps", other).array().stream()
        .map(a -> ((JsonObject) a).getString("id")).toList();
    assertThat(othersApps).doesNotContain(appId).hasSize(1);

    for (Route route : APP_ROUTES) {
      Reply reply = call(route, owner, appId, "1.3.0");
      assertThat(reply.status()).as("%s by the owner: %s", route, reply).isBetween(200, 201);
    }
    assertThat(api.get("/api/developer/apps", owner).array().stream().map(a -> ((JsonObject) a).getString("id")))
        .containsExactly(appId);
  }

  @Test
  void plainUser_gets403OnEveryDeveloperRoute() {
    TestUser owner = TestApps.developer(api, admin, "owner");
    String appId = appWithVersions(owner);
    TestUser plain = api.signUp("plain");
    String before = state(owner, appId);

    for (Route route : APP_ROUTES) {
      Reply reply = call(route, plain, appId, "9.9.9");
      assertThat(reply.status()).as("%s by a plain user: %s", route, reply).isEqualTo(403);
      assertThat(reply.json().getString("detail")).contains("developer");
    }
    assertThat(api.get("/api/developer/apps", plain).status()).isEqualTo(403);
    Reply create = api.post("/api/developer/apps", plain, new JsonObject().put("id", TestApps.appId(api, "mine"))
        .put("name", "Mine").put("description", "d").put("category", "tools"));
    assertThat(create.status()).as("%s", create).isEqualTo(403);
    assertThat(state(owner, appId)).isEqualTo(before);
  }

  @Test
  void admin_readsEveryDeveloperRouteOfAnyApp_butChangesNone() {
    TestUser owner = TestApps.developer(api, admin, "owner");
    String appId = appWithVersions(owner);
    String before = state(owner, appId);

    for (Route route : APP_ROUTES) {
      Reply reply = call(route, admin, appId, "1.3.0");
      if (route.write()) {
        assertThat(reply.status()).as("%s by an admin: %s", route, reply).isEqualTo(403);
        assertThat(reply.json().getString("detail")).contains("owner");
      } else {
        assertThat(reply.status()).as("%s by an admin: %s", route, reply).isEqualTo(200);
      }
    }
    assertThat(state(owner, appId)).as("an admin changed nothing through the developer API").isEqualTo(before);
  }

  @Test
  void adminRoutes_refuseDevelopers403_andAnonymous401() {
    TestUser owner = TestApps.developer(api, admin, "owner");
    String appId = appWithVersions(owner);
    String before = state(owner, appId);

    for (Route route : ADMIN_ROUTES) {
      Reply asOwner = call(route, owner, appId, null);
      assertThat(asOwner.status()).as("%s by a developer: %s", route, asOwner).isEqualTo(403);
      Reply anonymous = call(route, Caller.anonymous(), appId, null);
      assertThat(anonymous.status()).as("%s anonymously: %s", route, anonymous).isEqualTo(401);
      assertThat(anonymous.contentType()).isEqualTo("application/problem+json");
    }
    assertThat(state(owner, appId)).isEqualTo(before);

    for (Route route : ADMIN_ROUTES) {
      Reply reply = call(route, admin, appId, null);
      assertThat(reply.status()).as("%s by an admin: %s", route, reply).isEqualTo(200);
      if (route.path().endsWith("/approve")) {
        TestApps.inReview(api, owner, appId, "1.3.0"); // for the reject that follows
      }
    }
  }

  @Test
  void bearerToken_worksWithoutCsrf_onDeveloperRoutes() {
    TestUser owner = TestApps.developer(api, admin, "owner");
    String appId = appWithVersions(owner);
    Reply created = api.post("/api/tokens", owner, new JsonObject().put("name", "ci"));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    Caller token = Caller.bearer(created.json().getString("token"));

    for (Route route : APP_ROUTES) {
      Reply reply = call(route, token, appId, "1.3.0");
      assertThat(reply.status()).as("%s with a bearer token: %s", route, reply).isBetween(200, 201);
    }
    Reply create = api.post("/api/developer/apps", token, new JsonObject().put("id", TestApps.appId(api, "bytoken"))
        .put("name", "By token").put("description", "d").put("category", "tools"));
    assertThat(create.status()).as("%s", create).isEqualTo(201);

    TestUser other = TestApps.developer(api, admin, "other");
    Caller othersToken = Caller.bearer(api.post("/api/tokens", other, new JsonObject().put("name", "x")).json()
        .getString("token"));
    assertThat(call(APP_ROUTES.get(0), othersToken, appId, null).status()).isEqualTo(404);
    assertThat(call(APP_ROUTES.get(1), othersToken, appId, null).status()).isEqualTo(404);
  }

  @Test
  void cookieWrites_withoutCsrf_are403_andChangeNothing() {
    TestUser owner = TestApps.developer(api, admin, "owner");
    String appId = appWithVersions(owner);
    String before = state(owner, appId);

    for (Route route : APP_ROUTES) {
      if (!route.write()) {
        assertThat(call(route, owner.withoutCsrf(), appId, "1.3.0").status()).as("%s", route).isEqualTo(200);
        continue;
      }
      for (Caller forged : List.of(owner.withoutCsrf(), owner.withCsrf("not-the-token"))) {
        Reply reply = call(route, forged, appId, "1.3.0");
        assertThat(reply.status()).as("%s without CSRF: %s", route, reply).isEqualTo(403);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
      }
    }
    Reply create = api.post("/api/developer/apps", owner.withoutCsrf(), new JsonObject()
        .put("id", TestApps.appId(api, "forged")).put("name", "F").put("description", "d").put("category", "tools"));
    assertThat(create.status()).isEqualTo(403);
    Reply suspend = api.post("/api/admin/apps/" + appId + "/suspend", admin.withoutCsrf(),
        new JsonObject().put("reason", "forged"));
    assertThat(suspend.status()).isEqualTo(403);
    assertThat(state(owner, appId)).isEqualTo(before);
  }

  // ---- helpers ----

  /** An app of {@code owner}: 1.0.0 live, 1.1.0 a draft, 1.2.0 in review. */
  private String appWithVersions(TestUser owner) {
    String appId = TestApps.appId(api, "app");
    TestApps.createApp(api, owner, appId);
    TestApps.publish(api, owner, admin, appId, "1.0.0");
    TestApps.draft(api, owner, appId, "1.1.0");
    TestApps.inReview(api, owner, appId, "1.2.0");
    return appId;
  }

  /**
   * Everything a caller could change about an app, as its owner reads it; the audit entries that
   * record refused calls ({@code access.refused}) are not changes.
   */
  private String state(TestUser owner, String appId) {
    return api.get("/api/developer/apps/" + appId, owner).body()
        + api.get("/api/developer/apps/" + appId + "/versions", owner).body()
        + TestApps.audit(api, admin, appId).stream().map(e -> e.getString("action"))
            .filter(a -> !a.equals("access.refused")).toList()
        + p.sql("SELECT COUNT(*) AS n FROM bundles").get(0).getLong("n")
        + p.sql("SELECT COUNT(*) AS n FROM apps").get(0).getLong("n");
  }

  /** Calls a route with a valid request; {@code upload} is the version number an upload uses. */
  private Reply call(Route route, Caller caller, String appId, String upload) {
    String path = route.path().replace(":appId", appId)
        .replace(":version", route.version() == null ? "" : route.version());
    if (route.method() == HttpMethod.POST && path.endsWith("/versions")) {
      return api.request(HttpMethod.POST, path, caller,
          Buffer.buffer(TestApps.bundle(appId, upload == null ? "1.3.0" : upload)), "application/zip");
    }
    JsonObject body = switch (route.method().name() + " " + route.path().substring(route.path().lastIndexOf('/') + 1)) {
      case "PATCH :appId" -> new JsonObject().put("name", "Renamed by " + caller.hashCode());
      case "POST submit", "POST approve", "POST unsuspend" -> new JsonObject();
      case "POST reject" -> new JsonObject().put("reason", "not good enough");
      case "POST suspend" -> new JsonObject().put("reason", "checking access");
      default -> null;
    };
    return api.request(route.method(), path, caller, body == null ? null : body.toBuffer(),
        body == null ? null : "application/json");
  }
}
