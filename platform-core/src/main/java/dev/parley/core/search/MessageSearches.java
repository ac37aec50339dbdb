package dev.parley.core.search;

import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Opens the message search engine that fits the database. */
public final class MessageSearches {

  private MessageSearches() {
  }

  /**
   * PostgreSQL's own full-text search on PostgreSQL; on H2 a Lucene index in {@code indexDir}, or
   * when that is empty beside an H2 file database ({@code <file>.search}), or in memory for an
   * in-memory database (rebuilt from the database at each start). Opening the Lucene index catches
   * it up with the database.
   */
  public static Future<MessageSearch> open(Vertx vertx, Database db, Optional<Path> indexDir, Clock clock) {
    return open(vertx, db, indexDir, clock, true);
  }

  /**
   * As {@link #open}, but without catching up: for a {@link MessageSearch#rebuild()} right after,
   * which reads everything anyway ({@code ./parley reindex}).
   */
  public static Future<MessageSearch> openForRebuild(Vertx vertx, Database db, Optional<Path> indexDir, Clock clock) {
    return open(vertx, db, indexDir, clock, false);
  }

  private static Future<MessageSearch> open(Vertx vertx, Database db, Optional<Path> indexDir, Clock clock,
      boolean catchUp) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(db, "db");
    if (db.kind() == Database.Kind.POSTGRESQL) {
      return Future.succeededFuture(new PostgresMessageSearch(db, clock, Analysis.create()));
    }
    Optional<Path> dir = indexDir.isPresent() ? indexDir : besideH2File(db.description());
    return LuceneMessageSearch.open(vertx, db, dir, clock, catchUp).map(s -> s);
  }

  /** {@code jdbc:h2:file:/data/db/parley;...} → {@code /data/db/parley.search}; empty for in-memory and remote H2. */
  static Optional<Path> besideH2File(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    String rest;
    if (lower.startsWith("jdbc:h2:file:")) {
      rest = url.substring("jdbc:h2:file:".length());
    } else if (lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:")
        || lower.startsWith("jdbc:h2:zip:")) {
      return Optional.empty();
    } else if (lower.startsWith("jdbc:h2:")) {
      rest = url.substring("jdbc:h2:".length());
    } else {
      return Optional.empty();
    }
    int semicolon = rest.indexOf(';');
    String file = semicolon < 0 ? rest : rest.substring(0, semicolon);
    if (file.isBlank()) {
      return Optional.empty();
    }
    if (file.startsWith("~")) {
      file = System.getProperty("user.home") + file.substring(1);
    }
    return Optional.of(Path.of(file + ".search").toAbsolutePath().normalize());
  }
}
