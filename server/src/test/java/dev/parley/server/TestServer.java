package dev.parley.server;

import dev.parley.core.ApiClient;
import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestDatabases.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The server-module test fixture: a real {@link ParleyServer} started the way {@code Main} starts
 * it, on a free port of 127.0.0.1 with a temporary data directory, on the embedded H2 database of
 * that directory or on a fresh PostgreSQL database. It can be stopped and started again on the
 * same data; {@link #close()} removes everything.
 */
public final class TestServer implements AutoCloseable {

  private final Kind kind;
  private final Vertx vertx;
  private final Path dataDir;
  private final TestDatabase postgres;
  private final ServerOptions options;
  private ParleyServer server;
  private ApiClient api;
  private boolean started;

  private TestServer(Kind kind, Vertx vertx, Consumer<ServerOptions> customize) {
    this.kind = kind;
    this.vertx = vertx;
    try {
      this.dataDir = Files.createTempDirectory("parley-server-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.postgres = kind == Kind.POSTGRESQL ? TestDatabases.create(kind) : null;
    this.options = new ServerOptions().setPort(0).setHost("127.0.0.1").setDataDir(dataDir.toString())
        .setHttpInstances(2);
    // Every test user signs up from 127.0.0.1.
    options.getThrottle().setSignUpsPerAddress(1_000_000);
    options.getSafety().setSendsPerWindow(1_000_000); // tests send bursts from one account
    // The sample businesses' bots listen on a port of their own: on only where a test asks for them.
    options.setSampleBusinesses(false);
    if (postgres != null) {
      options.setDatabaseUrl(postgres.url());
    }
    customize.accept(options);
  }

  /** A server on a fresh database of {@code kind}, not yet started. */
  public static TestServer create(Kind kind, Consumer<ServerOptions> customize) {
    return new TestServer(kind, Vertx.vertx(), customize);
  }

  /** As {@link #create(Kind, Consumer)} with this Vert.x (closed with the fixture). */
  public static TestServer create(Kind kind, Vertx vertx, Consumer<ServerOptions> customize) {
    return new TestServer(kind, vertx, customize);
  }

  public static TestServer start(Kind kind, Consumer<ServerOptions> customize) {
    return create(kind, customize).start();
  }

  /**
   * Starts the server (again) on this fixture's data; fails the test if it does not start. A first
   * start that fails closes the fixture, so that its database and directory do not outlive the test.
   */
  public TestServer start() {
    return start(ApiClient.TIMEOUT);
  }

  /** As {@link #start()}, waiting up to {@code within} (a start on a busy machine can take over a minute). */
  public TestServer start(java.time.Duration within) {
    boolean first = server == null && api == null && !started;
    try {
      server = awaitWithin(tryStart(), within);
    } catch (RuntimeException | Error e) {
      if (first) {
        close();
      }
      throw e;
    }
    started = true;
    api = new ApiClient(vertx, "127.0.0.1", server.port());
    return this;
  }

  private static <T> T awaitWithin(Future<T> future, java.time.Duration within) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(within.toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the server did not start within " + within);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the server on this fixture's data; the future says why it could not. */
  public Future<ParleyServer> tryStart() {
    return ParleyServer.start(vertx, options);
  }

  /** Stops the server, keeping its data. */
  public TestServer stop() {
    if (api != null) {
      api.close();
      api = null;
    }
    if (server != null) {
      ApiClient.await(server.close());
      server = null;
    }
    return this;
  }

  public ParleyServer server() {
    return server;
  }

  public ApiClient api() {
    return api;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Kind kind() {
    return kind;
  }

  public Path dataDir() {
    return dataDir;
  }

  public ServerOptions options() {
    return options;
  }

  /** A JDBC connection to this server's database, for what the API cannot show (the server stopped, for H2). */
  public java.sql.Connection jdbc() throws java.sql.SQLException {
    if (postgres != null) {
      return postgres.jdbc();
    }
    return java.sql.DriverManager.getConnection(
        options.effectiveDatabaseUrl() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
        "sa", "");
  }

  @Override
  public void close() {
    try {
      stop();
      ApiClient.await(vertx.close());
    } finally {
      if (postgres != null) {
        postgres.close();
      }
      deleteTree(dataDir);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
