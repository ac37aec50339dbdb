package dev.parley.core.storage;

import dev.parley.core.PlatformException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/** Applies the versioned schema migrations in {@code db/migration} with Flyway. Blocking. */
final class Migrations {

  private Migrations() {
  }

  static void apply(DatabaseUrl url) {
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
