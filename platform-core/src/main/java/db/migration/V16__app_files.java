package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Files in apps. Both databases: {@code app_files}, the attachments an app may read — those a user
 * handed to it through a {@code request_file} card button, and those it created itself with
 * {@code parley.files.create} — each for one conversation. PostgreSQL: the full-text index of
 * messages also covers the names of a message's attachments (from {@code extras}); the expression
 * must stay exactly {@code IndexedMessageRepository.VECTOR}. On H2 the Lucene index reads the
 * names itself.
 *
 * <p>A Java migration because the last part exists on PostgreSQL only.
 */
public class V16__app_files extends BaseJavaMigration {

  /** The attachment names of a message as words (non-letters and non-digits become spaces). */
  public static final String NAMES = "regexp_replace(COALESCE(jsonb_path_query_array(extras::jsonb, "
      + "'$.attachments[*].name')::text, ''), '[^[:alnum:]]+', ' ', 'g')";

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE app_files ("
          + " app_id          VARCHAR(32)  NOT NULL REFERENCES apps (id),"
          + " conversation_id VARCHAR(32)  NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
          + " attachment_id   VARCHAR(64)  NOT NULL,"
          + " origin          VARCHAR(16)  NOT NULL," // 'received' from a user, or 'created' by the app
          + " account_id      VARCHAR(32)  REFERENCES accounts (id)," // who sent it (received only)
          + " message_id      VARCHAR(32)," // the card whose button asked for it (received only)
          + " created_at      BIGINT       NOT NULL,"
          + " PRIMARY KEY (app_id, conversation_id, attachment_id))");
      st.execute("CREATE INDEX app_files_attachment ON app_files (attachment_id)");
      if (postgres) {
        st.execute("DROP INDEX messages_search");
        st.execute("CREATE INDEX messages_search ON messages USING GIN "
            + "((to_tsvector('english', body || ' ' || " + NAMES + ") || to_tsvector('simple', body || ' ' || "
            + NAMES + "))) WHERE kind IN ('text', 'card')");
      }
    }
  }
}
