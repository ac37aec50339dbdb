package dev.parley.core.common.storage;

import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;

/**
 * The relational store behind the platform, through Vert.x's SQL client API: the reactive
 * PostgreSQL client for PostgreSQL, the Vert.x JDBC pool for the embedded H2 database. SQL is
 * written once, with named parameters, in the repositories ({@link Statement}).
 */
public final class Database {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);

  /** Which database the URL chose. */
  public enum Kind {
    H2, POSTGRESQL
  }

  private final Kind kind;
  private final Pool pool;
  private final String description;
  private final AutoCloseable dataSource;
  private final @Nullable DataSource jdbc;
  private final Vertx vertx;

  private Database(Vertx vertx, Kind kind, Pool pool, String description, AutoCloseable dataSource,
      @Nullable DataSource jdbc) {
    this.vertx = vertx;
    this.kind = kind;
    this.pool = pool;
    this.description = description;
    this.dataSource = dataSource;
    this.jdbc = jdbc;
  }

  /** Work on one JDBC connection, inside a transaction that {@link #blockingTransaction} opens and ends. */
  @FunctionalInterface
  public interface JdbcWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on one blocking hop (H2): one worker thread takes a plain
   * JDBC connection, turns auto-commit off, runs the work, commits (or rolls back when the work
   * throws) and gives the connection back. Every statement of the transaction is then an in-process
   * call, not a round trip through the worker pool each, and the transaction costs one commit.
   * The work must not block on anything but the database. PostgreSQL has no JDBC connection here:
   * there the reactive client pipelines a transaction's statements, so this fails.
   */
  public <T> Future<T> blockingTransaction(JdbcWork<T> work) {
    DataSource source = jdbc;
    if (source == null) {
      return Future.failedFuture(new IllegalStateException("blockingTransaction is for H2; on " + kind
          + " use the reactive pool (pool().withTransaction)"));
    }
    return vertx.executeBlocking(() -> {
      try (Connection connection = source.getConnection()) {
        connection.setAutoCommit(false);
        try {
          T result = work.run(connection);
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(connection, e);
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      }
    }, false);
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Opens the database, applies the schema migrations (off the event loop) and returns it ready.
   * Fails with a message that says what is wrong: an unreachable server, a database newer than
   * this build, a data directory in use by another process.
   */
  public static Future<Database> open(Vertx vertx, DatabaseOptions options) {
    Objects.requireNonNull(vertx, "vertx");
    DatabaseUrl url = DatabaseUrl.parse(options.getUrl());
    return vertx.executeBlocking(() -> {
      long t0 = System.nanoTime();
      Migrations.apply(url);
      LOG.info("database schema ready url={} ms={}", url.redacted(), (System.nanoTime() - t0) / 1_000_000);
      return url;
    }, false).map(u -> create(vertx, u, options));
  }

  private static Database create(Vertx vertx, DatabaseUrl url, DatabaseOptions options) {
    PoolOptions poolOptions = new PoolOptions().setMaxSize(options.getMaxPoolSize()).setName("parley-db");
    if (url.kind() == Kind.POSTGRESQL) {
      PgConnectOptions connect = url.pgConnectOptions().setCachePreparedStatements(true);
      Pool pool = PgBuilder.pool().with(poolOptions).connectingTo(connect).using(vertx).build();
      return new Database(vertx, Kind.POSTGRESQL, pool, url.redacted(), null, null);
    }
    JdbcConnectionPool h2 = JdbcConnectionPool.create(url.jdbcUrl(), url.user(), url.password());
    // The Vert.x pool keeps up to maxPoolSize of these; as many again serve blockingTransaction,
    // so that a busy Vert.x pool never leaves a group commit waiting for a connection.
    h2.setMaxConnections(2 * options.getMaxPoolSize());
    Pool pool = JDBCPool.pool(vertx, AutoCommitRestoring.wrap(h2), poolOptions);
    return new Database(vertx, Kind.H2, pool, url.redacted(), h2::dispose, h2);
  }

  /** Which database a URL names (H2 or PostgreSQL), without opening it; fails on a malformed URL. */
  public static Kind kindOf(String url) {
    return DatabaseUrl.parse(url).kind();
  }

  public Kind kind() {
    return kind;
  }

  public Pool pool() {
    return pool;
  }

  /** The URL without credentials, for logs. */
  public String description() {
    return description;
  }

  /** True when the database answers a trivial query. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  public Future<Void> close() {
    return pool.close().eventually(() -> {
      if (dataSource != null) {
        try {
          dataSource.close();
        } catch (Exception e) {
          return Future.failedFuture(e);
        }
      }
      return Future.succeededFuture();
    });
  }

  /** Whether {@code failure} is a unique-constraint violation, on either database. */
  public static boolean isUniqueViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
        return true;
      }
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code failure} is the fault of the data written, on either database: an integrity
   * constraint (SQLSTATE class 23: unique, foreign key, not null, check) or a data exception (class
   * 22: a value too long, say). Writing the same rows again fails the same way; writing the others
   * without them succeeds, unlike after a lost connection or a timeout.
   */
  public static boolean isDataFault(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String state = t instanceof PgException pg
          ? pg.getSqlState()
          : t instanceof SQLException sql ? sql.getSQLState() : null;
      if (state != null && (state.startsWith("23") || state.startsWith("22"))) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getNextException() != null && isDataFault(sql.getNextException())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code failure} is the database rolling a transaction back to break a deadlock or a
   * serialization conflict (SQLSTATE 40001 / 40P01, on either database): nothing was written, and
   * the same transaction run again may well succeed.
   */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String state = t instanceof PgException pg
          ? pg.getSqlState()
          : t instanceof SQLException sql ? sql.getSQLState() : null;
      if ("40001".equals(state) || "40P01".equals(state)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code failure} came from a database driver or pool: a SQL or PostgreSQL error, or a
   * pool that had no free connection in time. Such failures are classified at the HTTP edge.
   */
  public static boolean isDatabaseFailure(Throwable failure) {
    if (isPoolWaitTimeout(failure)) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PgException || t instanceof SQLException) {
        return true;
      }
    }
    return false;
  }

  /** Maps a raw database failure to the platform's failure type, keeping the cause for logs. */
  public static Throwable classify(Throwable failure) {
    if (failure instanceof PlatformException) {
      return failure;
    }
    if (isPoolWaitTimeout(failure)) {
      return PlatformException.unavailable("the database is busy: no connection became free within "
          + PoolOptions.DEFAULT_CONNECTION_TIMEOUT + " s; nothing was done, try again", failure);
    }
    return PlatformException.internal("database failure: " + failure.getMessage(), failure);
  }

  /**
   * The Vert.x pools' answer when no connection became free in time ("Timeout" from the pool of
   * the PostgreSQL client, "Timeout waiting for connection" from the JDBC one), before any statement
   * ran: an overloaded server, not a broken database.
   */
  static boolean isPoolWaitTimeout(Throwable failure) {
    return failure instanceof io.vertx.core.VertxException
        && ("Timeout".equals(failure.getMessage()) || "Timeout waiting for connection".equals(failure.getMessage()));
  }

}
