package dev.parley.server;

import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.DatabaseOptions;
import dev.parley.core.search.MessageSearch;
import dev.parley.core.search.MessageSearches;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./parley reindex [flags]}: rebuilds the message search index of the configured database
 * (the settings of {@code start}) and prints progress and the count. On the embedded database the
 * server must be stopped: the database file and the index each belong to one process, and a
 * running server makes this fail with a message saying so, without touching anything.
 */
final class Reindex {

  private Reindex() {
  }

  static int run(List<String> args) {
    ConfigLoader.Loaded loaded;
    try {
      loaded = ConfigLoader.load(args, System.getenv());
    } catch (ConfigLoader.ConfigException e) {
      System.err.println("parley: invalid configuration: " + e.getMessage());
      return 2;
    }
    if (loaded.help()) {
      System.out.println("Usage: ./parley reindex [--flag value ...]   (the settings of ./parley start; "
          + "stop the server first on the embedded database)");
      return 0;
    }
    ServerOptions options = loaded.options();
    Vertx vertx = Vertx.vertx();
    try {
      Database db = Database.open(vertx, new DatabaseOptions().setUrl(options.effectiveDatabaseUrl()))
          .await(2, TimeUnit.MINUTES);
      try {
        MessageSearch search = MessageSearches.openForRebuild(vertx, db, Optional.empty(), Clock.systemUTC())
            .await(30, TimeUnit.MINUTES);
        try {
          long t0 = System.nanoTime();
          long[] lastPrinted = {0};
          long count = search.rebuild(n -> {
            if (n - lastPrinted[0] >= 50_000) {
              lastPrinted[0] = n;
              System.out.printf(Locale.ROOT, "parley: reindex: %,d messages indexed (%.0f s)%n", n,
                  (System.nanoTime() - t0) / 1e9);
            }
          }).await(6, TimeUnit.HOURS);
          System.out.printf(Locale.ROOT, "parley: reindex done: the message search index of %s holds %,d messages "
              + "(%.1f s)%n", db.description(), count, (System.nanoTime() - t0) / 1e9);
          return 0;
        } finally {
          search.close().await(1, TimeUnit.MINUTES);
        }
      } finally {
        db.close().await(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      System.err.println("parley: cannot reindex: " + Main.describe(cause));
      return 1;
    } finally {
      vertx.close();
    }
  }
}
