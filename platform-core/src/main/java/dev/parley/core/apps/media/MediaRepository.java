package dev.parley.core.apps.media;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.time.Instant;
import java.util.Optional;

/** The SQL of uploaded media: blobs by content digest, and one row per upload. */
final class MediaRepository {

  private static final Statement INSERT_BLOB = Statement.sql("INSERT INTO media_blobs (sha256, content_type, size, "
      + "bytes, created_at) SELECT #{sha256}, #{contentType}, #{size}, #{bytes}, #{createdAt} "
      + "WHERE NOT EXISTS (SELECT 1 FROM media_blobs WHERE sha256 = #{stored})");
  private static final Statement INSERT = Statement.sql("INSERT INTO media (id, app_id, conversation_id, sha256, name, "
      + "uploaded_by, created_at) VALUES (#{id}, #{appId}, #{conversationId}, #{sha256}, #{name}, #{uploadedBy}, "
      + "#{createdAt})");
  private static final Statement FIND = Statement.sql("SELECT m.id, m.app_id, m.conversation_id, m.sha256, m.name, "
      + "m.uploaded_by, m.created_at, b.content_type, b.size FROM media m JOIN media_blobs b ON b.sha256 = m.sha256 "
      + "WHERE m.id = #{id} AND m.app_id = #{appId}");
  private static final Statement BYTES = Statement.sql("SELECT bytes FROM media_blobs WHERE sha256 = #{sha256}");

  private static final RowMapper<MediaItem> ITEM = r -> new MediaItem(r.getString("id"), r.getString("app_id"),
      r.getString("conversation_id"), r.getString("sha256"), r.getString("name"), r.getString("content_type"),
      r.getLong("size"), r.getString("uploaded_by"), Instant.ofEpochMilli(r.getLong("created_at")));
  /** A blob's bytes: a Buffer from PostgreSQL, a byte array from H2. */
  private static final RowMapper<Buffer> CONTENT = r -> {
    Object value = r.getValue("bytes");
    return value instanceof Buffer b ? b : Buffer.buffer((byte[]) value);
  };

  private MediaRepository() {
  }

  /** Writes the blob unless its digest is stored already, then the upload's row. */
  static Future<Void> insert(SqlClient tx, MediaItem item, Buffer body) {
    long now = item.createdAt().toEpochMilli();
    return INSERT_BLOB.update(tx, params("sha256", item.sha256(), "stored", item.sha256(),
        "contentType", item.contentType(), "size", item.size(), "bytes", body, "createdAt", now))
        .compose(r -> INSERT.update(tx, params("id", item.id(), "appId", item.appId(), "conversationId",
            item.conversationId(), "sha256", item.sha256(), "name", item.name(), "uploadedBy", item.uploadedBy(),
            "createdAt", now)))
        .mapEmpty();
  }

  static Future<Optional<MediaItem>> find(SqlClient client, String appId, String id) {
    return FIND.first(client, params("id", id, "appId", appId), ITEM);
  }

  static Future<Optional<Buffer>> content(SqlClient client, String sha256) {
    return BYTES.first(client, params("sha256", sha256), CONTENT);
  }
}
