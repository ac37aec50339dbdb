package dev.parley.core.apps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.boot.Platform;
import dev.parley.core.boot.PlatformOptions;
import dev.parley.core.common.storage.DatabaseOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The registry's caches never hide a change: a suspension or a new live version is seen by the
 * very next launch, on this platform and on a second one that shares the database and the Vert.x
 * event bus; a suspension stops a command that is running; the caches show in {@code /metrics}.
 * On both databases, with Micrometer and Prometheus as {@code Main} sets them up.
 */
class RegistryCacheTest extends PlatformTestBase {

  /** A command that never ends on its own before the CPU limit. */
  private static final String SPINNING_SERVER = """
      export async function hello(event) {
        return { text: "hello " + event.text };
      }
      export async function spin() {
        while (true) {}
      }
      """;

  private static final String METRICS_TOKEN = "registry-cache-test-metrics-token";

  private TestUser admin;
  private TestUser dev;
  private TestUser user;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)).setEnabled(true)));
    // A spinning command must not turn into "pending" before the suspension stops it.
    return builder.vertx(vertx)
        .platformOptions(o -> o.setBroker(new dev.parley.core.apps.broker.BrokerOptions().setAnswerMillis(60_000))
            .setMetricsToken(METRICS_TOKEN));
  }

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dev");
    user = api.signUp("user");
  }

  @Test
  void warmCache_seesANewLiveVersionAndASuspension_atOnce() {
    String appId = liveApp("warm");
    assertThat(launch(api, appId).json().getString("version")).isEqualTo("1.0.0");
    assertThat(launch(api, appId).json().getString("version")).as("now from the cache").isEqualTo("1.0.0");

    TestApps.publish(api, dev, admin, appId, "1.1.0");
    assertThat(launch(api, appId).json().getString("version")).isEqualTo("1.1.0");

    suspend(api, appId);
    Reply refused = launch(api, appId);
    assertThat(refused.status()).as("%s", refused).isEqualTo(403);
    assertThat(refused.json().getString("detail")).contains("suspended");

    assertThat(api.post("/api/admin/apps/" + appId + "/unsuspend", admin, new JsonObject()).status()).isEqualTo(200);
    assertThat(launch(api, appId).status()).isEqualTo(200);
  }

  @Test
  void secondPlatform_onTheSameDatabaseAndEventBus_seesChangesMadeThroughTheFirst_atOnce() {
    try (SecondPlatform second = SecondPlatform.start(p)) {
      String appId = liveApp("twonodes");
      // Warm both caches.
      for (ApiClient node : new ApiClient[] {api, second.api, api, second.api}) {
        assertThat(launch(node, appId).json().getString("version")).isEqualTo("1.0.0");
      }

      suspend(api, appId);
      Reply refused = launch(second.api, appId);
      assertThat(refused.status()).as("the second node right after the suspension: %s", refused).isEqualTo(403);
      assertThat(refused.json().getString("detail")).contains("suspended");

      assertThat(api.post("/api/admin/apps/" + appId + "/unsuspend", admin, new JsonObject()).status()).isEqualTo(200);
      assertThat(launch(second.api, appId).status()).isEqualTo(200);

      TestApps.publish(api, dev, admin, appId, "1.1.0");
      assertThat(launch(second.api, appId).json().getString("version")).isEqualTo("1.1.0");

      // And the other way round.
      suspend(second.api, appId);
      assertThat(launch(api, appId).status()).isEqualTo(403);
    }
  }

  @Test
  void metrics_showTheRegistryCaches() {
    String appId = liveApp("metrics");
    launch(api, appId);
    launch(api, appId);

    Reply metrics = api.get("/metrics", Caller.bearer(METRICS_TOKEN));
    assertThat(metrics.status()).isEqualTo(200);
    String text = metrics.body();
    assertThat(text).contains("cache=\"registry_apps\"").contains("cache=\"registry_bundles\"")
        .contains("cache=\"registry_code\"");
    Matcher size = Pattern.compile("(?m)^cache_size\\{cache=\"registry_apps\"[^}]*\\} ([0-9.E+]+)$").matcher(text);
    assertThat(size.find()).as("a cache_size gauge of registry_apps in:%n%s", text).isTrue();
    assertThat(Double.parseDouble(size.group(1))).isGreaterThanOrEqualTo(1);
    Matcher hits = Pattern
        .compile("(?m)^cache_gets_total\\{cache=\"registry_apps\",result=\"hit\"[^}]*\\} ([0-9.E+]+)$")
        .matcher(text);
    assertThat(hits.find()).as("hits of registry_apps in:%n%s", text).isTrue();
    assertThat(Double.parseDouble(hits.group(1))).as("the second launch hit the cache").isGreaterThanOrEqualTo(1);
  }

  @Test
  void suspension_cancelsARunningCommand_withinOneSecond() {
    String appId = TestApps.appId(api, "spin");
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, admin, appId, "1.0.0", TestApps.bundleWithServer(appId, "1.0.0", SPINNING_SERVER,
        "hello", "spin"));
    String conversation = api.group(user, "spinning").getString("id");
    assertThat(api.post("/api/conversations/" + conversation + "/apps", user, new JsonObject().put("appId", appId))
        .status()).isEqualTo(201);
    assertThat(api.post("/api/conversations/" + conversation + "/commands", user,
        new JsonObject().put("text", "/hello x")).status()).isEqualTo(200);

    Future<Reply> running = api.postAsync("/api/conversations/" + conversation + "/commands", user,
        new JsonObject().put("text", "/spin"));
    TestApps.eventually("the command runs", Duration.ofSeconds(30),
        () -> running.isComplete() || p.platform().runtime().orElseThrow().info().busyContexts() > 0);
    assertThat(running.isComplete()).as("the spinning command ended before the suspension: %s", running.result())
        .isFalse();

    long suspendedAt = System.nanoTime();
    suspend(api, appId);
    Reply stopped = ApiClient.await(running);
    long millis = (System.nanoTime() - suspendedAt) / 1_000_000;

    assertThat(stopped.status()).as("%s", stopped).isEqualTo(409);
    assertThat(stopped.contentType()).isEqualTo("application/problem+json");
    assertThat(stopped.json().getString("detail")).contains("stopped");
    assertThat(millis).as("the answer came %s ms after the suspension", millis).isLessThan(1000);
  }

  // ---- helpers ----

  /** A new app of {@code dev} with 1.0.0 live. */
  private String liveApp(String name) {
    String appId = TestApps.appId(api, name);
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, admin, appId, "1.0.0");
    return appId;
  }

  private Reply launch(ApiClient node, String appId) {
    return node.post("/api/apps/" + appId + "/launch", user, new JsonObject());
  }

  private void suspend(ApiClient node, String appId) {
    Reply reply = node.post("/api/admin/apps/" + appId + "/suspend", admin, new JsonObject().put("reason", "testing"));
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
  }

  /** Another {@link Platform} on the fixture's database and Vert.x, with its own HTTP server. */
  private record SecondPlatform(Platform platform, HttpServer server, ApiClient api) implements AutoCloseable {

    static SecondPlatform start(TestPlatform first) {
      PlatformOptions options = new PlatformOptions()
          .setDatabase(new DatabaseOptions().setUrl(first.database().url()))
          .setPasswordCost(64, 1);
      TestPlatform.withOwnSearchIndex(options);
      Platform platform = ApiClient.await(Platform.start(first.vertx(), options));
      HttpServer server = ApiClient.await(first.vertx().createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
          .setPort(0)).requestHandler(platform.router()).listen());
      return new SecondPlatform(platform, server, new ApiClient(first.vertx(), "127.0.0.1", server.actualPort()));
    }

    @Override
    public void close() {
      api.close();
      ApiClient.await(server.close());
      ApiClient.await(platform.close());
    }
  }
}
