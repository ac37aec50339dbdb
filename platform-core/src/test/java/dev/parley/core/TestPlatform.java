package dev.parley.core;

import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestDatabases.TestDatabase;
import dev.parley.core.accounts.ThrottleOptions;
import dev.parley.core.boot.Platform;
import dev.parley.core.boot.PlatformOptions;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.storage.DatabaseOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The platform-core test fixture: a {@link Platform} on a fresh database of one {@link Kind},
 * served by real HTTP servers on a free port of 127.0.0.1, and an {@link ApiClient} for it. Its own
 * {@link Vertx}; {@link #close()} stops everything and drops the database.
 *
 * <p>Passwords are hashed with a cheap Argon2id cost; the clock never reads the same millisecond
 * twice ({@link StrictClock}). Unless told otherwise an admin exists from
 * the bootstrap configuration: {@link #admin()}.
 */
public final class TestPlatform implements AutoCloseable {

  /** The bootstrap admin's username and password. */
  public static final String ADMIN_USERNAME = "admin";
  public static final String ADMIN_PASSWORD = "bootstrap-secret-1";

  private final Vertx vertx;
  private final TestDatabase database;
  private final boolean ownsDatabase;
  private final Platform platform;
  private final int port;
  private final ApiClient api;
  private final StrictClock clock;

  private TestPlatform(Vertx vertx, TestDatabase database, boolean ownsDatabase, Platform platform, int port,
      StrictClock clock) {
    this.clock = clock;
    this.vertx = vertx;
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.platform = platform;
    this.port = port;
    this.api = new ApiClient(vertx, "127.0.0.1", port);
  }

  /** The default fixture on a fresh database of {@code kind}. */
  public static TestPlatform start(Kind kind) {
    return builder(kind).start();
  }

  public static Builder builder(Kind kind) {
    return new Builder(kind);
  }

  /** Options of the fixture; defaults fit most tests. */
  /**
   * Gives a second node on the same embedded database an index of its own: Lucene's write lock is
   * per directory, and two running nodes on one H2 file exist only in tests (the second one catches
   * up from the database).
   */
  public static PlatformOptions withOwnSearchIndex(PlatformOptions options) {
    try {
      return options.setSearchIndexDir(java.nio.file.Files.createTempDirectory("parley-node-index").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static final class Builder {
    private final Kind kind;
    private TestDatabase database;
    private boolean bootstrapAdmin = true;
    private int httpInstances = 2;
    private Consumer<PlatformOptions> platformOptions = o -> {};
    private Consumer<HttpServerOptions> httpOptions = o -> {};
    private Vertx vertx;

    private Builder(Kind kind) {
      this.kind = kind;
    }

    /** Runs on this existing database instead of a fresh one; it is not dropped on close. */
    public Builder database(TestDatabase database) {
      this.database = database;
      return this;
    }

    /** Whether the configuration names a first admin (default true). */
    public Builder bootstrapAdmin(boolean bootstrapAdmin) {
      this.bootstrapAdmin = bootstrapAdmin;
      return this;
    }

    public Builder httpInstances(int httpInstances) {
      this.httpInstances = httpInstances;
      return this;
    }

    public Builder platformOptions(Consumer<PlatformOptions> platformOptions) {
      this.platformOptions = platformOptions;
      return this;
    }

    public Builder httpOptions(Consumer<HttpServerOptions> httpOptions) {
      this.httpOptions = httpOptions;
      return this;
    }

    /** Uses this Vert.x (for example one with metrics) instead of a new one; it is closed on close. */
    public Builder vertx(Vertx vertx) {
      this.vertx = vertx;
      return this;
    }

    public TestPlatform start() {
      boolean owns = database == null;
      TestDatabase db = owns ? TestDatabases.create(kind) : database;
      Vertx v = vertx != null ? vertx : Vertx.vertx();
      try {
        PlatformOptions options = new PlatformOptions()
            .setDatabase(new DatabaseOptions().setUrl(db.url()))
            .setPasswordCost(64, 1)
            // Every test user signs up from 127.0.0.1; the throttle's own tests lower this again.
            .setThrottle(new ThrottleOptions().setSignUpsPerAddress(1_000_000))
            // A bot's replies in a test follow each other within milliseconds; the pace's own test lowers this.
            .setBusinessPacing(new dev.parley.core.business.consent.PacingOptions().setPerConversationPerSecond(1000))
            // Tests send bursts from one account; the send limit's own test lowers this again.
            .setSafety(new dev.parley.core.safety.SafetyOptions().setSendsPerWindow(1_000_000));
        if (bootstrapAdmin) {
          options.setBootstrapAdmin(new JsonObject().put("username", ADMIN_USERNAME).put("displayName", "Admin")
              .put("password", ADMIN_PASSWORD));
        }
        platformOptions.accept(options);
        StrictClock clock = new StrictClock();
        Platform platform = ApiClient.await(Platform.start(v, options, clock, IdGenerator.secure()));
        HttpServerOptions http = new HttpServerOptions().setHost("127.0.0.1")
            // A negative port is a random port shared by every instance of this Vert.x.
            .setPort(-1);
        httpOptions.accept(http);
        java.util.concurrent.atomic.AtomicInteger bound = new java.util.concurrent.atomic.AtomicInteger();
        ApiClient.await(v.deployVerticle(() -> new VerticleBase() {
          private HttpServer server;

          @Override
          public Future<?> start() {
            server = vertx.createHttpServer(http)
                .requestHandler(dev.parley.core.common.web.RequestHeads.guard(platform.router()))
                .invalidRequestHandler(dev.parley.core.common.web.RequestHeads.invalidRequestHandler());
            return server.listen().onSuccess(s -> bound.set(s.actualPort()));
          }

          @Override
          public Future<?> stop() {
            return server.close();
          }
        }, new DeploymentOptions().setInstances(httpInstances)));
        return new TestPlatform(v, db, owns, platform, bound.get(), clock);
      } catch (RuntimeException | Error e) {
        v.close().await();
        if (owns) {
          db.close();
        }
        throw e;
      }
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public Platform platform() {
    return platform;
  }

  /** The platform's clock: tests of what falls due move it instead of waiting. */
  public StrictClock clock() {
    return clock;
  }

  public TestDatabase database() {
    return database;
  }

  public Kind kind() {
    return database.kind();
  }

  public int port() {
    return port;
  }

  public ApiClient api() {
    return api;
  }

  /** A new session of the bootstrap admin. */
  public TestUser admin() {
    return api.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
  }

  /** A new account with the developer role. */
  public TestUser developer(String name) {
    TestUser user = api.signUp(name);
    api.grant(admin(), user, "developer");
    return user;
  }

  /** Runs one SQL statement through the platform's own pool; rows as JSON (column names lower case). */
  public List<JsonObject> sql(String sql, Object... args) {
    List<JsonObject> out = new ArrayList<>();
    for (Row row : ApiClient.await(TestSql.query(platform.database(), sql, args))) {
      out.add(row.toJson());
    }
    return out;
  }

  /** The setup token of the first-admin link, if no admin exists. */
  public Optional<String> setupToken() {
    return platform.setupToken();
  }

  @Override
  public void close() {
    try {
      api.close();
      platform.close().recover(e -> Future.succeededFuture()).await();
      vertx.close().await();
    } finally {
      if (ownsDatabase) {
        database.close();
      }
    }
  }
}
