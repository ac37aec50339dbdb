package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Message search. Both databases: {@code messages.edited_at}, so a search index can tell which
 * messages changed since it last saw them. H2 (searched through a Lucene index beside it): indexes
 * for reading messages created or edited since a time. PostgreSQL (searched by its own full-text
 * search): a GIN index over the English stems and the plain words of searchable messages; the
 * expression must stay exactly {@code IndexedMessageRepository.VECTOR}.
 *
 * <p>A Java migration because the last part exists on PostgreSQL only.
 */
public class V9__message_search extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    try (Statement st = c.createStatement()) {
      st.execute("ALTER TABLE messages ADD COLUMN edited_at BIGINT");
      if (postgres) {
        st.execute("CREATE INDEX messages_search ON messages USING GIN "
            + "((to_tsvector('english', body) || to_tsvector('simple', body))) WHERE kind IN ('text', 'card')");
      } else {
        st.execute("CREATE INDEX messages_by_created_at ON messages (created_at, id)");
        st.execute("CREATE INDEX messages_by_edited_at ON messages (edited_at)");
      }
    }
  }
}
