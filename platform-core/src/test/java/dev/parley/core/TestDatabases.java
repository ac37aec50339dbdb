package dev.parley.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the storage tests run on: the embedded H2 file store and PostgreSQL. Each test
 * fixture gets a fresh, empty database: an H2 file under a new temporary directory, or a new
 * PostgreSQL database {@code parley_test_<random>} on 127.0.0.1:5432 (user {@code postgres}, trust
 * authentication) that is dropped again on {@link TestDatabase#close()}.
 *
 * <p>Where PostgreSQL is unreachable its tests are skipped with one line saying so, except when
 * the environment variable {@code CI} is set: then they fail, so a CI run cannot pass without it.
 * The system properties {@code parley.test.pg.host} and {@code parley.test.pg.port} point the
 * tests at another server.
 */
public final class TestDatabases {

  /** The two databases Parley supports. */
  public enum Kind {
    H2, POSTGRESQL
  }

  private static final String PG_HOST = System.getProperty("parley.test.pg.host", "127.0.0.1");
  private static final int PG_PORT = Integer.getInteger("parley.test.pg.port", 5432);

  private TestDatabases() {
  }

  /** A fresh database of {@code kind}; H2 lives in a new temporary directory. */
  public static TestDatabase create(Kind kind) {
    try {
      return create(kind, Files.createTempDirectory("parley-h2-"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary directory", e);
    }
  }

  /**
   * A fresh database of {@code kind}. H2 is a file database under {@code dir}; for PostgreSQL
   * {@code dir} is not used. Skips (or, under CI, fails) when PostgreSQL is unreachable.
   */
  public static TestDatabase create(Kind kind, Path dir) {
    return switch (kind) {
      case H2 ->
        new TestDatabase(kind, "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db").resolve("parley"), null, dir);
      case POSTGRESQL -> {
        String name = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = admin(); Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
          unreachable(e);
        }
        yield new TestDatabase(kind, "postgresql://postgres@" + PG_HOST + ":" + PG_PORT + "/" + name, name, null);
      }
    };
  }

  /**
   * Whether tests can run on {@code kind}: false when PostgreSQL is unreachable. Under CI an
   * unreachable PostgreSQL fails the caller instead. For class-level set-up: start the fixture only
   * when available, and call {@link #assumeAvailable} before each test so each is reported skipped.
   */
  public static boolean available(Kind kind) {
    if (kind == Kind.H2) {
      return true;
    }
    String problem = postgresProblem();
    if (problem != null && ci()) {
      Assertions.fail(failMessage(problem));
    }
    return problem == null;
  }

  /** Skips the calling test, with one line saying why, when {@code kind} is unavailable (fails it under CI). */
  public static void assumeAvailable(Kind kind) {
    if (!available(kind)) {
      Assumptions.abort(skipMessage(postgresProblem()));
    }
  }

  private static String postgresProblem() {
    try (Connection ignored = admin()) {
      return null;
    } catch (SQLException e) {
      return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
  }

  /** The host and port of the PostgreSQL server the tests use. */
  public static String postgresAddress() {
    return PG_HOST + ":" + PG_PORT;
  }

  /** Whether the build runs under CI (the {@code CI} environment variable is set). */
  public static boolean ci() {
    return System.getenv("CI") != null;
  }

  private static Connection admin() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "60");
    return DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres", props);
  }

  private static void unreachable(SQLException e) {
    String cause = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    if (ci()) {
      Assertions.fail(failMessage(cause));
    }
    Assumptions.abort(skipMessage(cause));
  }

  private static String failMessage(String cause) {
    return "PostgreSQL at " + postgresAddress() + " is unreachable and CI is set, so the PostgreSQL tests fail: "
        + cause;
  }

  private static final java.util.concurrent.atomic.AtomicBoolean TOLD = new java.util.concurrent.atomic.AtomicBoolean();

  private static String skipMessage(String cause) {
    String message = "PostgreSQL at " + postgresAddress() + " is unreachable; skipping PostgreSQL tests (" + cause
        + ")";
    if (TOLD.compareAndSet(false, true)) {
      // Once per test JVM, on its own stderr: the build's console shows it (test output goes to files).
      @SuppressWarnings("resource")
      java.io.PrintStream console = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err),
          true,
          java.nio.charset.StandardCharsets.UTF_8);
      console.println("[WARNING] " + message);
    }
    return message;
  }

  /** One fresh database; {@link #close()} drops it (PostgreSQL) or deletes its files (H2). */
  public static final class TestDatabase implements AutoCloseable {
    private final Kind kind;
    private final String url;
    private final String pgName;
    private final Path h2Dir;

    private TestDatabase(Kind kind, String url, String pgName, Path h2Dir) {
      this.kind = kind;
      this.url = url;
      this.pgName = pgName;
      this.h2Dir = h2Dir;
    }

    public Kind kind() {
      return kind;
    }

    /** The URL to give {@code DatabaseOptions#setUrl} or {@code ServerOptions#setDatabaseUrl}. */
    public String url() {
      return url;
    }

    /** A plain JDBC connection to this database, for assertions on what is stored. */
    public Connection jdbc() throws SQLException {
      if (kind == Kind.H2) {
        // The same settings the platform adds (DatabaseUrl.H2_SETTINGS), so names resolve alike.
        return DriverManager.getConnection(url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
      }
      Properties props = new Properties();
      props.setProperty("user", "postgres");
      return DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + pgName, props);
    }

    @Override
    public void close() {
      if (kind == Kind.POSTGRESQL) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
          s.execute("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
        } catch (SQLException e) {
          throw new IllegalStateException("cannot drop the test database " + pgName, e);
        }
      } else if (h2Dir != null && Files.isDirectory(h2Dir)) {
        try (Stream<Path> files = Files.walk(h2Dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          throw new IllegalStateException("cannot delete " + h2Dir, e);
        }
      }
    }

    @Override
    public String toString() {
      return kind.name().toLowerCase(Locale.ROOT);
    }
  }
}
