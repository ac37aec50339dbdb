package dev.parley.server.browser;

import static java.util.Objects.requireNonNull;

import dev.parley.core.ApiClient;
import dev.parley.core.TestApps;
import dev.parley.core.TestDatabases;
import dev.parley.core.TestUser;
import dev.parley.core.boot.Platform;
import dev.parley.core.boot.PlatformOptions;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.storage.DatabaseOptions;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browser tests' fixture, registered on a static field: it starts a server once per test
 * class (unless Chromium is missing: then {@link TestBrowsers} skips every test, or fails it on CI,
 * so that the report still counts them) and an {@link ApiClient} for it, and closes both after
 * the class. The browsers themselves are per test: {@link #browsers()} on an instance field.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BrowserServer server = BrowserServer.parley().withAdmin();
 * @RegisterExtension
 * final TestBrowsers browsers = server.browsers();
 * }</pre>
 */
final class BrowserServer implements BeforeAllCallback, AfterAllCallback {

  /** The bootstrap admin of {@link #withAdmin()}. */
  static final String ROOT = "root";
  static final String ROOT_PASSWORD = "console-secret-1";

  /** Starts what serves the pages on a Vert.x, with the admin to bootstrap (or none). */
  private interface Starter {
    Future<Running> start(Vertx vertx, JsonObject bootstrapAdmin) throws Exception;
  }

  /** What a {@link Starter} started: its port, its platform and how to stop it. */
  private record Running(int port, Platform platform, ParleyServer parley, Stop stop) {
  }

  private interface Stop {
    void run() throws Exception;
  }

  private final Starter starter;
  private final Chromium chromium = Chromium.find();
  private JsonObject bootstrapAdmin;
  private String baseHost = "127.0.0.1";

  private Vertx vertx;
  private Running running;
  private ApiClient api;
  private TestUser admin;
  private TestUser developer;

  private BrowserServer(Starter starter) {
    this.starter = starter;
  }

  /** The whole server, as {@code main} starts it, on a fresh temporary data directory. */
  static BrowserServer parley() {
    return parley(options -> {});
  }

  /** The whole server, with {@code tweak} applied to its options first (test-only options, say). */
  static BrowserServer parley(Consumer<ServerOptions> tweak) {
    return new BrowserServer((vertx, bootstrapAdmin) -> {
      Path dataDir = Files.createTempDirectory("parley-browser-test-");
      ServerOptions options = new ServerOptions()
          .setHost("127.0.0.1")
          .setPort(0)
          .setDataDir(dataDir.toString());
      // Every test user signs up from 127.0.0.1.
      options.getThrottle().setSignUpsPerAddress(1_000_000);
      options.getSafety().setSendsPerWindow(1_000_000); // tests send bursts from one account
      options.setSampleBusinesses(false); // on for the tests of the sample businesses only (their tweak)
      if (bootstrapAdmin != null) {
        options.setBootstrapAdmin(bootstrapAdmin);
      }
      tweak.accept(options);
      return ParleyServer.start(vertx, options)
          .onFailure(e -> Chromium.deleteTree(dataDir))
          .map(s -> new Running(s.port(), s.platform(), s, () -> {
            try {
              await(s.close());
            } finally {
              Chromium.deleteTree(dataDir);
            }
          }));
    });
  }

  /**
   * The platform alone on a fresh H2 database, with no web clients but the routes that {@code routes}
   * adds to its router (pages that play the messenger, for example).
   */
  static BrowserServer platform(Consumer<Router> routes) {
    requireNonNull(routes, "routes");
    return new BrowserServer((vertx, bootstrapAdmin) -> {
      TestDatabases.TestDatabase database = TestDatabases.create(TestDatabases.Kind.H2);
      PlatformOptions options = new PlatformOptions().setDatabase(new DatabaseOptions().setUrl(database.url()))
          .setPasswordCost(64, 1)
          .setThrottle(new dev.parley.core.accounts.ThrottleOptions().setSignUpsPerAddress(1_000_000));
      if (bootstrapAdmin != null) {
        options.setBootstrapAdmin(bootstrapAdmin);
      }
      return Platform.start(vertx, options, Clock.systemUTC(), IdGenerator.secure())
          .compose(platform -> {
            Router router = platform.router();
            routes.accept(router);
            return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .map(http -> new Running(http.actualPort(), platform, null, () -> {
                  try {
                    await(http.close());
                    await(platform.close());
                  } finally {
                    database.close();
                  }
                }));
          })
          .onFailure(e -> database.close());
    });
  }

  /** Bootstraps the admin {@link #ROOT} with {@link #ROOT_PASSWORD}. */
  BrowserServer withAdmin() {
    this.bootstrapAdmin = new JsonObject().put("username", ROOT).put("password", ROOT_PASSWORD);
    return this;
  }

  /**
   * The host browsers open pages on (default {@code 127.0.0.1}). With {@code localhost} the
   * messenger is {@code localhost} and apps are {@code <id>.apps.localhost}, which Chromium resolves
   * to the loopback address.
   */
  BrowserServer baseHost(String baseHost) {
    this.baseHost = requireNonNull(baseHost, "baseHost");
    return this;
  }

  /** The per-test browsers on this server, for an instance field with {@code @RegisterExtension}. */
  TestBrowsers browsers() {
    return new TestBrowsers(chromium, this::baseUrl);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Class<?> testClass = context.getRequiredTestClass();
    if (!chromium.available()) {
      System.err
          .println(testClass.getSimpleName() + ": no Chromium, the browser tests will be skipped (or fail on CI)");
      return; // each test skips (or fails on CI) in TestBrowsers.beforeEach, so that the report counts them
    }
    BrowserArtifacts.clear(testClass);
    vertx = Vertx.vertx();
    running = await(starter.start(vertx, bootstrapAdmin), 180); // a loaded machine starts slowly
    api = new ApiClient(vertx, "127.0.0.1", running.port());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (api != null) {
        api.close();
      }
      if (running != null) {
        running.stop().run();
      }
    } finally {
      if (vertx != null) {
        await(vertx.close());
      }
    }
  }

  /** The port the server listens on (127.0.0.1). */
  int port() {
    return running.port();
  }

  /** Where browsers open pages: {@code http://<baseHost>:<port>}. */
  String baseUrl() {
    return "http://" + baseHost + ":" + running.port();
  }

  ApiClient api() {
    return api;
  }

  Platform platform() {
    return running.platform();
  }

  /** The whole server; only for {@link #parley()}. */
  ParleyServer parleyServer() {
    if (running.parley() == null) {
      throw new IllegalStateException("not a ParleyServer: BrowserServer.platform(...)");
    }
    return running.parley();
  }

  /** The bootstrap admin ({@link #withAdmin()}), signed in once per class. */
  TestUser admin() {
    if (admin == null) {
      admin = api.signIn(ROOT, ROOT_PASSWORD);
    }
    return admin;
  }

  /** A developer {@code dev} made by {@link #admin()}, once per class. */
  TestUser developer() {
    if (developer == null) {
      developer = TestApps.developer(api, admin(), "dev");
    }
    return developer;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return await(future, 30);
  }

  private static <T> T await(Future<T> future, int seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
