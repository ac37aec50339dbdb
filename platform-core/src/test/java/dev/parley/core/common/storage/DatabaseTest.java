package dev.parley.core.common.storage;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestDatabases.TestDatabase;
import dev.parley.core.TestSql;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The store on both databases: migrations at open, one SQL for both, refusing a newer schema. */
@ParameterizedClass(name = "{0}")
@EnumSource(Kind.class)
class DatabaseTest {

  @Parameter
  Kind kind;

  private Vertx vertx;
  private TestDatabase testDb;

  @BeforeEach
  void setUp() {
    testDb = TestDatabases.create(kind); // skips when PostgreSQL is unreachable
    vertx = Vertx.vertx();
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

  private Database open() {
    return await(Database.open(vertx, new DatabaseOptions().setUrl(testDb.url()).setMaxPoolSize(4)));
  }

  private static List<String> strings(Iterable<Row> rows, String column) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(String.valueOf(r.getValue(column))));
    return out;
  }

  @Test
  void blockingTransaction_commitsItsWorkAsOne_orNothingWhenItThrows_onH2Only() {
    Database db = open();
    try {
      Statement insert = Statement.sql("INSERT INTO accounts (id, username, display_name, password_hash, created_at) "
          + "VALUES (#{id}, #{username}, 'N', 'x', 0)");
      if (kind == Kind.POSTGRESQL) { // no JDBC connection there: the reactive client pipelines instead
        assertThat(catchThrowable(() -> await(db.blockingTransaction(c -> 1))))
            .isInstanceOf(IllegalStateException.class);
        return;
      }
      int[] counts = await(db.blockingTransaction(c -> insert.batch(c, List.of(
          Statement.params("id", "a1", "username", "ann"), Statement.params("id", "b2", "username", "bob")))));
      assertThat(counts).containsExactly(1, 1);
      Throwable failed = catchThrowable(() -> await(db.blockingTransaction(c -> {
        insert.update(c, Statement.params("id", "c3", "username", "cy"));
        return insert.update(c, Statement.params("id", "d4", "username", "ann")); // username taken
      })));
      assertThat(Database.isUniqueViolation(failed)).isTrue();
      assertThat(strings(await(TestSql.query(db, "SELECT id FROM accounts ORDER BY id")), "id"))
          .containsExactly("a1", "b2"); // c3 went with the failed transaction
      // the connection went back in auto-commit mode: a plain statement after it is visible at once
      await(db.blockingTransaction(c -> insert.update(c, Statement.params("id", "e5", "username", "eve"))));
      assertThat(strings(await(TestSql.query(db, "SELECT id FROM accounts ORDER BY id")), "id"))
          .containsExactly("a1", "b2", "e5");
    } finally {
      await(db.close());
    }
  }

  @Test
  void open_appliesMigrationsToAnEmptyDatabase() {
    Database db = open();
    try {
      assertThat(db.kind().name()).isEqualTo(kind.name());
      assertThat(strings(await(TestSql.query(db,
          "SELECT version FROM flyway_schema_history WHERE success = ? AND version IS NOT NULL ORDER BY installed_rank",
          true)), "version")).containsExactly(java.util.stream.IntStream.rangeClosed(1, Migrations.LATEST_VERSION)
              .mapToObj(String::valueOf).toArray(String[]::new));
      for (String table : List.of("accounts", "account_roles", "sessions", "api_tokens", "conversations",
          "conversation_members", "messages", "apps", "bundles", "app_versions", "audit_log", "app_usage_daily",
          "app_logs", "platform_keys", "ledger_accounts", "transfers", "ledger_entries", "payment_requests",
          "red_packets", "red_packet_shares")) {
        assertThat(await(TestSql.query(db, "SELECT COUNT(*) AS n FROM " + table)).iterator().next().getLong("n"))
            .as(table).isZero();
      }
    } finally {
      await(db.close());
    }
  }

  @Test
  void open_again_keepsDataAndDoesNotMigrateTwice() {
    Database first = open();
    await(TestSql.query(first,
        "INSERT INTO accounts (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        "a1", "alice", "Alice", "$argon2id$x", 1L));
    await(first.close());

    Database second = open();
    try {
      assertThat(strings(await(TestSql.query(second, "SELECT username FROM accounts")), "username"))
          .containsExactly("alice");
      assertThat(
          await(TestSql.query(second, "SELECT COUNT(*) AS n FROM flyway_schema_history WHERE version IS NOT NULL"))
              .iterator().next().getLong("n"))
          .isEqualTo(Migrations.LATEST_VERSION);
    } finally {
      await(second.close());
    }
  }

  @Test
  void open_refusesDatabaseWrittenByNewerParley() {
    Database db = open();
    await(TestSql.query(db,
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
            + "installed_by, execution_time, success) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        99, "999", "from the future", "SQL", "V999__from_the_future.sql", 0, "a newer parley", 1, true));
    await(db.close());

    Throwable failure = catchThrowable(this::open);

    assertThat(failure).isInstanceOf(PlatformException.class);
    assertThat(((PlatformException) failure).reason()).isEqualTo(PlatformException.Reason.UNAVAILABLE);
    assertThat(failure.getMessage())
        .contains(
            "has schema version 999, newer than this Parley build knows (up to " + Migrations.LATEST_VERSION + ")")
        .contains("written by a newer Parley")
        .contains("point databaseUrl at another database")
        .doesNotContain("\n");
  }

  @Test
  void query_runsTheSameSqlWithPlaceholdersOnBothDatabases() {
    Database db = open();
    try {
      await(TestSql.query(db,
          "INSERT INTO accounts (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
          "a1", "bob", "What? Bob?", "h", 5L));
      // A '?' inside a string literal is text, not a placeholder.
      List<String> names = strings(await(TestSql.query(db,
          "SELECT display_name FROM accounts WHERE display_name LIKE '%?%' AND created_at > ? AND username = ?", 1L,
          "bob")),
          "display_name");
      assertThat(names).containsExactly("What? Bob?");
    } finally {
      await(db.close());
    }
  }

  @Test
  void isUniqueViolation_recognisesDuplicateKeysOfEitherDatabase() {
    Database db = open();
    try {
      String insert = "INSERT INTO accounts (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)";
      await(TestSql.query(db, insert, "a1", "carol", "Carol", "h", 1L));
      Throwable failure = catchThrowable(() -> await(TestSql.query(db, insert, "a2", "carol", "Carol", "h", 1L)));
      assertThat(failure).isNotNull();
      assertThat(Database.isUniqueViolation(failure)).as("%s", failure).isTrue();
      Throwable other = catchThrowable(() -> await(TestSql.query(db, "SELECT no_such_column FROM accounts")));
      assertThat(Database.isUniqueViolation(other)).isFalse();
    } finally {
      await(db.close());
    }
  }

  /**
   * Regression: vertx-jdbc-client 5.0.x switches a pooled JDBC connection to manual commit after
   * any transaction (vert-x3/vertx-jdbc-client#356). On H2 every later plain statement on that
   * connection then ran in a transaction nobody committed: invisible to other connections (a new
   * session cookie was "sign in first"), lost on a crash, or rolled back with someone else's
   * failed transaction.
   */
  @Test
  void statementAfterATransaction_isCommittedForOtherConnectionsAndSurvivesLaterRollbacks() {
    Database db = await(Database.open(vertx, new DatabaseOptions().setUrl(testDb.url()).setMaxPoolSize(1)));
    Database other = await(Database.open(vertx, new DatabaseOptions().setUrl(testDb.url()).setMaxPoolSize(1)));
    try {
      String insert = "INSERT INTO accounts (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)";
      await(db.pool().withTransaction(tx -> TestSql.query(db, tx, insert, "a1", "in_tx", "In Tx", "h", 1L)));
      await(TestSql.query(db, insert, "a2", "after_tx", "After Tx", "h", 2L));

      assertThat(strings(await(TestSql.query(other, "SELECT username FROM accounts ORDER BY username")), "username"))
          .containsExactly("after_tx", "in_tx");

      Throwable failed = catchThrowable(
          () -> await(db.pool().withTransaction(tx -> TestSql.query(db, tx, insert, "a3", "doomed", "Doomed", "h", 3L)
              .compose(r -> TestSql.query(db, tx, insert, "a4", "in_tx", "Duplicate", "h", 4L)))));
      assertThat(failed).isNotNull();
      assertThat(strings(await(TestSql.query(other, "SELECT username FROM accounts ORDER BY username")), "username"))
          .containsExactly("after_tx", "in_tx");
      await(TestSql.query(db, insert, "a5", "after_rollback", "After Rollback", "h", 5L));
      assertThat(strings(await(TestSql.query(other, "SELECT username FROM accounts ORDER BY username")), "username"))
          .containsExactly("after_rollback", "after_tx", "in_tx");
    } finally {
      await(other.close());
      await(db.close());
    }
  }

  @Test
  void ping_failsOnceClosed() {
    Database db = open();
    await(db.ping());
    await(db.close());
    assertThat(catchThrowable(() -> await(db.ping()))).isNotNull();
  }

  @Test
  void latestVersion_isTheNewestMigrationFile() throws Exception {
    java.net.URL dir = Database.class.getClassLoader().getResource("db/migration");
    assertThat(dir).isNotNull();
    int newest;
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(dir.toURI()))) {
      newest = files.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.(sql|class)")) // SQL and Java migrations
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
          .max().orElseThrow();
    }
    assertThat(Migrations.LATEST_VERSION).isEqualTo(newest);
  }

  @Test
  void postgresPlaceholders_areNumberedOutsideStringLiterals() {
    assertThat(TestSql.toPostgresPlaceholders("SELECT ? , '?' , ? WHERE x LIKE '\\' AND y = ?"))
        .isEqualTo("SELECT $1 , '?' , $2 WHERE x LIKE '\\' AND y = $3");
  }
}
