package dev.parley.core.common.storage;

import dev.parley.core.common.storage.Database.Kind;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.util.Locale;

/** A parsed database URL: which database, and how Flyway (JDBC) and the pool reach it. */
record DatabaseUrl(Kind kind, String jdbcUrl, String user, String password, String redacted, String pgUri) {

  /**
   * The options H2 needs to speak the PostgreSQL dialect of our SQL, and WRITE_DELAY=0: by default
   * H2 writes commits to its file up to half a second later, so a crash lost messages whose send
   * had already been answered. OPTIMIZE_REUSE_RESULTS=0: H2's reuse of a statement's last result
   * has served stale rows under concurrent writes (h2database issues 3894, 4208, 4299).
   */
  static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
      + "LOCK_TIMEOUT=10000;WRITE_DELAY=0;OPTIMIZE_REUSE_RESULTS=0";

  static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("databaseUrl is empty");
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      String jdbc = url;
      for (String setting : H2_SETTINGS.substring(1).split(";")) {
        String key = setting.substring(0, setting.indexOf('=') + 1).toLowerCase(Locale.ROOT);
        if (!lower.contains(";" + key)) {
          jdbc += ";" + setting;
        }
      }
      return new DatabaseUrl(Kind.H2, jdbc, "sa", "", url, null);
    }
    String uri;
    if (lower.startsWith("jdbc:postgresql://")) {
      uri = "postgresql://" + url.substring("jdbc:postgresql://".length());
    } else if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
      uri = url;
    } else {
      throw new IllegalArgumentException(
          "databaseUrl must start with jdbc:h2:, postgresql:// or jdbc:postgresql://, got '"
              + redact(url) + "'");
    }
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("databaseUrl is not a valid PostgreSQL URL: " + e.getMessage());
    }
    String jdbc = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    return new DatabaseUrl(Kind.POSTGRESQL, jdbc, options.getUser(), options.getPassword(), redact(url), uri);
  }

  PgConnectOptions pgConnectOptions() {
    return PgConnectOptions.fromUri(pgUri);
  }

  private static String redact(String url) {
    try {
      URI u = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
      if (u.getUserInfo() != null && u.getUserInfo().contains(":")) {
        return url.replace(u.getUserInfo(), u.getUserInfo().substring(0, u.getUserInfo().indexOf(':')) + ":***");
      }
    } catch (IllegalArgumentException ignored) {
      // not a URI we can take apart; fall through
    }
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
