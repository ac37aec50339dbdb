package dev.parley.core.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.TestDatabases;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestDatabases.TestDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18, V20: rows written before consent scopes (the installer's and a member's personal
 * decisions, in {@code consents}) become the conversation's grants, by the installer, on both
 * databases; nothing else is granted, and the personal decisions stay as they were.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Kind.class)
class ConsentScopesMigrationTest {

  @Parameter
  Kind kind;

  private TestDatabase testDb;
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    testDb = TestDatabases.create(kind); // skips when PostgreSQL is unreachable
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (testDb != null) {
      testDb.close();
    }
  }

  @Test
  void theInstallersGrantsOfConversationPermissions_becomeTheConversationsGrants() throws Exception {
    DatabaseUrl url = DatabaseUrl.parse(testDb.url());
    // The schema as it was before V20 (V16 was the last one then; later numbers are other features').
    Flyway.configure(Migrations.class.getClassLoader()).dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration").target("16").load().migrate();
    try (Connection c = testDb.jdbc(); Statement st = c.createStatement()) {
      for (String who : List.of("ann", "bob")) {
        st.execute("INSERT INTO accounts (id, username, display_name, password_hash, created_at) VALUES ('acc" + who
            + "0000000000000000', '" + who + "', '" + who + "', 'x', 1)");
      }
      st.execute("INSERT INTO conversations (id, kind, title, created_by, created_at, updated_at) "
          + "VALUES ('conv0000000000000001', 'group', 'g', 'accann0000000000000000', 1, 1)");
      st.execute(
          "INSERT INTO apps (id, owner_id, name, description, category, status, signing_secret, created_at, updated_at) "
              + "VALUES ('poll', 'accann0000000000000000', 'Poll', 'd', 'other', 'active', 's', 1, 1)");
      st.execute("INSERT INTO conversation_apps (conversation_id, app_id, installed_by, installed_at) "
          + "VALUES ('conv0000000000000001', 'poll', 'accann0000000000000000', 5)");
      // Ann installed it and granted cards.post and her profile, revoked storage.conversation;
      // Bob granted members.read for himself only.
      st.execute("INSERT INTO consents (account_id, app_id, permission, granted, granted_at) VALUES "
          + "('accann0000000000000000', 'poll', 'cards.post', TRUE, 7), "
          + "('accann0000000000000000', 'poll', 'profile.read', TRUE, 7), "
          + "('accann0000000000000000', 'poll', 'storage.conversation', FALSE, 8), "
          + "('accbob0000000000000000', 'poll', 'members.read', TRUE, 9)");
    }

    Database db = Database.open(vertx, new DatabaseOptions().setUrl(testDb.url()).setMaxPoolSize(2))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    db.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    try (Connection c = testDb.jdbc();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT conversation_id, app_id, permission, granted_by, granted_at "
            + "FROM conversation_consents ORDER BY permission")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " "
            + rs.getLong(5));
      }
      assertThat(rows).containsExactly("conv0000000000000001 poll cards.post accann0000000000000000 7");
    }
    try (Connection c = testDb.jdbc();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM consents")) {
      rs.next();
      assertThat(rs.getInt(1)).as("personal decisions stay").isEqualTo(4);
    }
  }
}
