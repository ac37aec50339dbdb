package dev.parley.core;

import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Ad-hoc SQL for tests that look at or bend the stored state directly: written once with {@code ?}
 * placeholders, numbered for the reactive PostgreSQL client. Main code runs SQL only through its
 * repositories ({@code storage.Statement}, named parameters).
 */
public final class TestSql {

  private TestSql() {
  }

  /** Runs one statement on the pool. */
  public static Future<RowSet<Row>> query(Database db, String sql, Object... args) {
    return query(db, db.pool(), sql, args);
  }

  /** Runs one statement on {@code client} (the pool or a transaction's connection). */
  public static Future<RowSet<Row>> query(Database db, SqlClient client, String sql, Object... args) {
    String dialect = db.kind() == Database.Kind.POSTGRESQL ? toPostgresPlaceholders(sql) : sql;
    return client.preparedQuery(dialect).execute(Tuple.wrap(args));
  }

  /** {@code ?} → {@code $1, $2…} outside string literals. */
  public static String toPostgresPlaceholders(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 8);
    int n = 0;
    boolean quoted = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      }
      if (c == '?' && !quoted) {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
