package dev.parley.core.common.storage;

import static dev.parley.core.ApiClient.await;
import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestDatabases.TestDatabase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Named parameters through SQL Client Templates on both databases: the same statement text serves H2 and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(Kind.class)
class StatementTest {

  @Parameter
  Kind kind;

  private Vertx vertx;
  private TestDatabase testDb;
  private Database db;

  @BeforeEach
  void setUp() {
    testDb = TestDatabases.create(kind);
    vertx = Vertx.vertx();
    db = await(Database.open(vertx, new DatabaseOptions().setUrl(testDb.url()).setMaxPoolSize(4)));
    await(
        sql("CREATE TABLE statement_test (id VARCHAR(20) PRIMARY KEY, n BIGINT, note VARCHAR(50))").execute(db.pool()));
  }

  @AfterEach
  void tearDown() {
    if (vertx != null) {
      await(vertx.close());
    }
    if (testDb != null) {
      testDb.close();
    }
  }

  @Test
  void namedParameters_repeatedAndNull_onBothDatabases() {
    Statement insert = sql("INSERT INTO statement_test (id, n, note) VALUES (#{id}, #{n}, #{note})");
    assertThat(await(insert.update(db.pool(), params("id", "a", "n", 1L, "note", null)))).isEqualTo(1);
    await(insert.batch(db.pool(),
        List.of(params("id", "b", "n", 2L, "note", "x"), params("id", "c", "n", 3L, "note", "y"))));

    Statement between = sql("SELECT id FROM statement_test WHERE n >= #{low} AND n <= #{low} + 1 ORDER BY id");
    assertThat(await(between.list(db.pool(), params("low", 2L), row -> row.getString("id")))).containsExactly("b", "c");

    Statement byNote = sql("SELECT id FROM statement_test WHERE note IS NULL OR note = #{note} ORDER BY id");
    assertThat(await(byNote.list(db.pool(), params("note", "y"), row -> row.getString("id")))).containsExactly("a",
        "c");

    Statement one = sql("SELECT n FROM statement_test WHERE id = #{id}");
    assertThat(await(one.first(db.pool(), params("id", "c"), row -> row.getLong("n")))).contains(3L);
    assertThat(await(one.first(db.pool(), params("id", "zz"), row -> row.getLong("n")))).isEqualTo(Optional.empty());

    Long total = await(db.pool()
        .withTransaction(tx -> sql("UPDATE statement_test SET n = n + #{by}").update(tx, params("by", 10L))
            .compose(
                count -> sql("SELECT SUM(n) AS s FROM statement_test").first(tx, params(), row -> row.getLong("s")))))
        .orElseThrow();
    assertThat(total).isEqualTo(36L);
  }
}
