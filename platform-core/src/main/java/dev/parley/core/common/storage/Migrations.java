package dev.parley.core.common.storage;

import dev.parley.core.common.PlatformException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/** Applies the versioned schema migrations in {@code db/migration} with Flyway. Blocking. */
final class Migrations {

  private Migrations() {
  }

  /**
   * The highest migration version in {@code db/migration}. When the database is exactly at this
   * version, start-up skips Flyway (its class-path scan and validation cost over a second);
   * a test keeps this constant equal to the newest migration file.
   */
  static final int LATEST_VERSION = 28;

  static void apply(DatabaseUrl url) {
    if (isCurrent(url)) {
      return;
    }
    Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .ignoreMigrationPatterns("")
        .validateOnMigrate(true)
        .load();
    try {
      refuseNewerSchema(flyway, url);
      flyway.migrate();
    } catch (FlywayException e) {
      throw PlatformException.unavailable("cannot prepare the database at " + url.redacted() + ": " + firstLine(e), e);
    }
  }

  /** True when every migration up to {@link #LATEST_VERSION} succeeded and nothing newer is there. */
  static boolean isCurrent(DatabaseUrl url) {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
      java.util.Set<Integer> applied = new java.util.HashSet<>();
      while (rs.next()) {
        int version;
        try {
          version = Integer.parseInt(rs.getString(1));
        } catch (NumberFormatException e) {
          return false; // a version we do not number this way: let Flyway judge
        }
        if (!rs.getBoolean(2) || version > LATEST_VERSION) {
          return false; // failed or newer: Flyway reports it properly
        }
        applied.add(version);
      }
      return applied.size() == LATEST_VERSION;
    } catch (SQLException e) {
      return false; // no history table yet, or unreachable: Flyway says what is wrong
    }
  }

  private static void refuseNewerSchema(Flyway flyway, DatabaseUrl url) {
    MigrationInfo[] applied = flyway.info().applied();
    String known = flyway.info().all().length == 0 ? "none" : String.valueOf(lastKnown(flyway));
    for (MigrationInfo info : applied) {
      if (info.getState() == MigrationState.FUTURE_SUCCESS || info.getState() == MigrationState.FUTURE_FAILED) {
        throw PlatformException.unavailable("the database at " + url.redacted() + " has schema version "
            + info.getVersion() + ", newer than this Parley build knows (up to " + known
            + "): it was written by a newer Parley. Run that version, or point databaseUrl at another database.", null);
      }
    }
  }

  private static Object lastKnown(Flyway flyway) {
    Object last = "none";
    for (MigrationInfo info : flyway.info().all()) {
      if (info.getState() != MigrationState.FUTURE_SUCCESS && info.getState() != MigrationState.FUTURE_FAILED
          && info.getVersion() != null) {
        last = info.getVersion();
      }
    }
    return last;
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
