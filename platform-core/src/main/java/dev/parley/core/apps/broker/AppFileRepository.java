package dev.parley.core.apps.broker;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of {@code app_files}: which attachments an app may read and show in a conversation —
 * those a user sent it ({@code received}, with who sent it) and those it made ({@code created}).
 */
final class AppFileRepository {

  static final String RECEIVED = "received";
  static final String CREATED = "created";

  private static final Statement FIND = sql("SELECT origin, account_id FROM app_files WHERE app_id = #{app} "
      + "AND conversation_id = #{conversation} AND attachment_id = #{attachment}");
  private static final Statement INSERT = sql("INSERT INTO app_files (app_id, conversation_id, attachment_id, origin, "
      + "account_id, message_id, created_at) VALUES (#{app}, #{conversation}, #{attachment}, #{origin}, #{account}, "
      + "#{message}, #{at})");

  /** How the app came to hold a file: {@code received} from {@code accountId}, or {@code created}. */
  record Held(String origin, @Nullable String accountId) {
  }

  Future<Optional<Held>> find(SqlClient client, String appId, String conversationId, String attachmentId) {
    return FIND.first(client, params("app", appId, "conversation", conversationId, "attachment", attachmentId),
        row -> new Held(row.getString("origin"), row.getString("account_id")));
  }

  /** Records that the app holds the file here; a file it holds already stays as first recorded. */
  Future<Void> hold(SqlClient client, String appId, String conversationId, String attachmentId, String origin,
      @Nullable String accountId, @Nullable String messageId, long at) {
    return find(client, appId, conversationId, attachmentId).compose(found -> found.isPresent()
        ? Future.succeededFuture()
        : INSERT.update(client, params("app", appId, "conversation", conversationId, "attachment", attachmentId,
            "origin", origin, "account", accountId, "message", messageId, "at", at)).mapEmpty());
  }
}
