package dev.parley.core.common.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL statement of a repository, written once with named parameters ({@code #{name}}) and run
 * through Vert.x SQL Client Templates, which give each database its own placeholders ({@code ?} for
 * H2 through JDBC, {@code $n} for the reactive PostgreSQL client). Runs on the pool or on a
 * transaction's connection alike, and on a plain JDBC connection inside
 * {@link Database#blockingTransaction} ({@code ?} placeholders bound by name). Failures are left
 * as the driver raised them, so that a repository's caller can still tell a unique violation or a
 * deadlock; the HTTP edge classifies what reaches it ({@link Database#classify}).
 *
 * <p>Use each name once per statement: a name used twice is one {@code $n} on PostgreSQL, which
 * refuses it (42P08) when the two places deduce different types; H2 never shows this.
 */
public record Statement(String template) {

  public Statement {
    Objects.requireNonNull(template, "template");
  }

  /** A statement with named parameters, e.g. {@code SELECT * FROM accounts WHERE id = #{id}}. */
  public static Statement sql(String template) {
    return new Statement(template);
  }

  /**
   * Parameters by name, given as name, value, name, value…; values may be null (a SQL NULL), which
   * {@code Map.of} would refuse.
   */
  public static Map<String, Object> params(Object... nameValues) {
    if (nameValues.length % 2 != 0) {
      throw new IllegalArgumentException("params take name, value pairs; got " + nameValues.length + " items");
    }
    Map<String, Object> map = new HashMap<>(nameValues.length);
    for (int i = 0; i < nameValues.length; i += 2) {
      map.put((String) nameValues[i], nameValues[i + 1]);
    }
    return map;
  }

  /** Runs the statement and answers its rows (or its update count, through {@link RowSet#rowCount()}). */
  public Future<RowSet<Row>> execute(SqlClient client, Map<String, Object> params) {
    return SqlTemplate.forQuery(client, template).execute(params);
  }

  /** Runs a statement without parameters. */
  public Future<RowSet<Row>> execute(SqlClient client) {
    return execute(client, Map.of());
  }

  /** Runs the statement and maps every row. */
  public <T> Future<List<T>> list(SqlClient client, Map<String, Object> params, RowMapper<T> mapper) {
    return SqlTemplate.forQuery(client, template).mapTo(mapper).execute(params).map(rows -> {
      List<T> out = new ArrayList<>(rows.size());
      rows.forEach(out::add);
      return out;
    });
  }

  /** Runs the statement and maps its first row, if any. */
  public <T> Future<Optional<T>> first(SqlClient client, Map<String, Object> params, RowMapper<T> mapper) {
    return SqlTemplate.forQuery(client, template).mapTo(mapper).execute(params).map(rows -> {
      var it = rows.iterator();
      return it.hasNext() ? Optional.of(it.next()) : Optional.<T>empty();
    });
  }

  /** Runs an insert, update or delete and answers how many rows it touched. */
  public Future<Integer> update(SqlClient client, Map<String, Object> params) {
    return execute(client, params).map(RowSet::rowCount);
  }

  /** Runs the statement once per parameter set, as one batch. */
  public Future<Void> batch(SqlClient client, List<Map<String, Object>> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    return SqlTemplate.forUpdate(client, template).executeBatch(batch).mapEmpty();
  }

  /**
   * Runs an update once per parameter set, as one batch, and answers each set's update count, in
   * order. The reactive PostgreSQL client answers one result per set; the JDBC pool (H2) one
   * result whose rows are the counts.
   */
  public Future<List<Integer>> batchCounts(SqlClient client, List<Map<String, Object>> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return SqlTemplate.forQuery(client, template).executeBatch(batch).map(first -> {
      List<Integer> counts = new ArrayList<>(batch.size());
      if (first.size() > 0) {
        first.forEach(row -> counts.add(row.getInteger(0)));
      } else {
        for (RowSet<Row> r = first; r != null; r = r.next()) {
          counts.add(r.rowCount());
        }
      }
      return counts;
    });
  }

  // ---- plain JDBC, for the work of Database#blockingTransaction ----

  /** Runs an insert, update or delete on a JDBC connection and answers how many rows it touched. */
  public int update(Connection connection, Map<String, Object> params) throws SQLException {
    JdbcForm form = JdbcForm.of(template);
    try (PreparedStatement ps = connection.prepareStatement(form.sql())) {
      form.bind(ps, params);
      return ps.executeUpdate();
    }
  }

  /**
   * Runs the statement once per parameter set as one JDBC batch and answers how many rows each run
   * touched, in the order of {@code batch}.
   */
  public int[] batch(Connection connection, List<Map<String, Object>> batch) throws SQLException {
    if (batch.isEmpty()) {
      return new int[0];
    }
    JdbcForm form = JdbcForm.of(template);
    try (PreparedStatement ps = connection.prepareStatement(form.sql())) {
      for (Map<String, Object> params : batch) {
        form.bind(ps, params);
        ps.addBatch();
      }
      return ps.executeBatch();
    }
  }

  /** A template in JDBC's form: {@code ?} placeholders, and the name each one binds. */
  private record JdbcForm(String sql, List<String> names) {

    private static final Pattern NAME = Pattern.compile("#\\{([A-Za-z0-9_]+)}");
    private static final Map<String, JdbcForm> FORMS = new ConcurrentHashMap<>();

    static JdbcForm of(String template) {
      return FORMS.computeIfAbsent(template, t -> {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(t);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
          names.add(m.group(1));
          m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        return new JdbcForm(sql.toString(), List.copyOf(names));
      });
    }

    void bind(PreparedStatement ps, Map<String, Object> params) throws SQLException {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        if (!params.containsKey(name)) {
          throw new IllegalArgumentException("no parameter '" + name + "' for: " + sql);
        }
        ps.setObject(i + 1, params.get(name));
      }
    }
  }
}
