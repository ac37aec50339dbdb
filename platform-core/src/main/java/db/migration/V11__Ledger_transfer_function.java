package db.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Creates {@code ledger_transfer} on PostgreSQL (db/postgresql/ledger_transfer.sql): a transfer in
 * one round trip instead of about nine. The migrations are shared by H2 and PostgreSQL and H2 has
 * no PL/pgSQL, so on H2 this does nothing and the ledger uses its portable statements.
 */
public class V11__Ledger_transfer_function extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    if (!context.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
      return;
    }
    try (Statement statement = context.getConnection().createStatement()) {
      statement.execute(script("/db/postgresql/ledger_transfer.sql"));
    }
  }

  private static String script(String resource) throws IOException {
    try (InputStream in = V11__Ledger_transfer_function.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
