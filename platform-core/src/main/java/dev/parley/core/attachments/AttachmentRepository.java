package dev.parley.core.attachments;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The SQL of attachments, their blobs' rows and the references of messages to them. */
final class AttachmentRepository {

  private static final String COLUMNS = "a.id, a.uploader_id, a.state, a.name, a.declared_type, a.upload_length, "
      + "a.upload_offset, a.expected_sha256, a.kind, a.content_type, a.size, a.sha256, a.preview_sha256, "
      + "a.preview_type, a.inline_media, a.meta, a.problem, a.created_at, a.updated_at";

  private static final Statement INSERT = sql("INSERT INTO attachments (id, uploader_id, state, name, declared_type, "
      + "upload_length, upload_offset, expected_sha256, created_at, updated_at) VALUES (#{id}, #{uploaderId}, "
      + "'uploading', #{name}, #{declaredType}, #{length}, 0, #{expectedSha256}, #{now}, #{now})");
  private static final Statement FIND = sql("SELECT " + COLUMNS + " FROM attachments a WHERE a.id = #{id}");
  private static final Statement LOCK_ACCOUNT = sql("SELECT id FROM accounts WHERE id = #{id} FOR UPDATE");
  /** Bytes held for a person: what is stored, and what unfinished uploads reserve. */
  private static final Statement USAGE = sql("SELECT COALESCE(SUM(CASE WHEN state = 'ready' THEN size "
      + "ELSE upload_length END), 0) AS used, COALESCE(SUM(CASE WHEN state = 'ready' THEN 0 ELSE 1 END), 0) AS unfinished "
      + "FROM attachments WHERE uploader_id = #{id} AND state <> 'refused'");
  private static final Statement SET_OFFSET = sql("UPDATE attachments SET upload_offset = #{offset}, "
      + "updated_at = #{now} WHERE id = #{id} AND state = 'uploading'");
  private static final Statement START_PROCESSING = sql("UPDATE attachments SET state = 'processing', "
      + "updated_at = #{now} WHERE id = #{id} AND state = 'uploading' AND upload_offset = upload_length");
  private static final Statement REFUSE = sql("UPDATE attachments SET state = 'refused', problem = #{problem}, "
      + "updated_at = #{now} WHERE id = #{id} AND state IN ('uploading', 'processing')");
  private static final Statement READY = sql("UPDATE attachments SET state = 'ready', kind = #{kind}, "
      + "content_type = #{contentType}, size = #{size}, sha256 = #{sha256}, preview_sha256 = #{previewSha256}, "
      + "preview_type = #{previewType}, inline_media = #{inline}, meta = #{meta}, updated_at = #{now} "
      + "WHERE id = #{id} AND state = 'processing'");
  private static final Statement REFER = sql("UPDATE attachments SET sha256 = #{sha256}, "
      + "preview_sha256 = #{previewSha256} WHERE id = #{id} AND state = 'processing'");
  private static final Statement UNREFER = sql("UPDATE attachments SET sha256 = NULL, preview_sha256 = NULL "
      + "WHERE id = #{id} AND state <> 'ready'");
  private static final Statement DELETE = sql("DELETE FROM attachments WHERE id = #{id}");
  private static final Statement ADD_BLOB = sql("INSERT INTO attachment_blobs (sha256, size, created_at) "
      + "VALUES (#{sha256}, #{size}, #{now}) ON CONFLICT DO NOTHING");
  /** Locks a blob's row until the transaction ends: a deletion of it waits, or is waited for. */
  private static final Statement LOCK_BLOB = sql("UPDATE attachment_blobs SET size = size WHERE sha256 = #{sha256}");
  private static final Statement DELETE_UNUSED_BLOB = sql("DELETE FROM attachment_blobs WHERE sha256 = #{sha256} "
      + "AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = #{sha256} OR a.preview_sha256 = #{sha256})");
  /**
   * The one access check: the uploader, or a member of a conversation that holds a message with it
   * which is not deleted.
   */
  private static final Statement VISIBLE = sql("SELECT " + COLUMNS + " FROM attachments a WHERE a.id = #{id} "
      + "AND a.state = 'ready' AND (a.uploader_id = #{viewerId} OR EXISTS (SELECT 1 FROM message_attachments r "
      + "JOIN messages m ON m.id = r.message_id JOIN conversation_members cm ON cm.conversation_id = r.conversation_id "
      + "AND cm.account_id = #{viewerId} WHERE r.attachment_id = a.id AND m.deleted_at IS NULL))");
  private static final Statement EXPIRED = sql("SELECT " + COLUMNS + " FROM attachments a "
      + "WHERE a.state <> 'ready' AND a.updated_at < #{before} ORDER BY a.updated_at LIMIT 100");
  private static final Statement REFS_OF_MESSAGE = sql(
      "SELECT attachment_id FROM message_attachments WHERE message_id = #{messageId}");
  private static final Statement DELETE_REFS_OF_MESSAGE = sql(
      "DELETE FROM message_attachments WHERE message_id = #{messageId}");
  /** Deletes a ready attachment that no message refers to any longer. */
  private static final Statement DELETE_UNREFERENCED = sql("DELETE FROM attachments WHERE id = #{id} "
      + "AND state = 'ready' AND NOT EXISTS (SELECT 1 FROM message_attachments r WHERE r.attachment_id = #{id})");
  private static final String LIST_FROM = " FROM message_attachments r JOIN messages m ON m.id = r.message_id "
      + "JOIN attachments a ON a.id = r.attachment_id LEFT JOIN accounts s ON s.id = m.sender_id "
      + "WHERE r.conversation_id = #{conversationId} AND m.deleted_at IS NULL AND a.kind = ANY(#{kinds}) "
      + "AND (r.seq < #{seq} OR (r.seq = #{seq} AND r.attachment_id < #{after})) ";
  private static final Statement LIST = sql("SELECT " + COLUMNS + ", r.message_id, r.seq, m.created_at AS sent_at, "
      + "s.display_name" + LIST_FROM + "ORDER BY r.seq DESC, r.attachment_id DESC LIMIT #{limit}");

  /** Usage of one person: bytes held and unfinished uploads. */
  record Usage(long usedBytes, long unfinished) {
  }

  /** An item of a conversation's "Media and files". */
  record Listed(Attachment attachment, String messageId, long seq, String senderName, long sentAt) {
  }

  Future<Void> insert(SqlClient client, String id, String uploaderId, String name, @Nullable String declaredType,
      long length, @Nullable String expectedSha256, long now) {
    return INSERT.update(client, params("id", id, "uploaderId", uploaderId, "name", name, "declaredType", declaredType,
        "length", length, "expectedSha256", expectedSha256, "now", now)).mapEmpty();
  }

  Future<Optional<Attachment>> find(SqlClient client, String id) {
    return FIND.first(client, params("id", id), AttachmentRepository::attachment);
  }

  Future<Void> lockAccount(SqlClient client, String accountId) {
    return LOCK_ACCOUNT.list(client, params("id", accountId), row -> row.getString("id")).mapEmpty();
  }

  Future<Usage> usage(SqlClient client, String accountId) {
    return USAGE.first(client, params("id", accountId),
        row -> new Usage(number(row, "used"), number(row, "unfinished"))).map(u -> u.orElse(new Usage(0, 0)));
  }

  private static long number(Row row, String column) {
    Object v = row.getValue(column);
    return v instanceof Number n ? n.longValue() : 0;
  }

  Future<Boolean> setOffset(SqlClient client, String id, long offset, long now) {
    return SET_OFFSET.update(client, params("offset", offset, "now", now, "id", id)).map(n -> n == 1);
  }

  Future<Boolean> startProcessing(SqlClient client, String id, long now) {
    return START_PROCESSING.update(client, params("now", now, "id", id)).map(n -> n == 1);
  }

  Future<Void> refuse(SqlClient client, String id, JsonObject problem, long now) {
    return REFUSE.update(client, params("problem", problem.encode(), "now", now, "id", id)).mapEmpty();
  }

  Future<Boolean> ready(SqlClient client, String id, String kind, String contentType, long size, String sha256,
      @Nullable String previewSha256, @Nullable String previewType, boolean inline, JsonObject meta, long now) {
    return READY.update(client, params("kind", kind, "contentType", contentType, "size", size, "sha256", sha256,
        "previewSha256", previewSha256, "previewType", previewType, "inline", inline, "meta", meta.encode(),
        "now", now, "id", id)).map(n -> n == 1);
  }

  /** A processing upload refers to the blobs it is about to store (their rows must exist). */
  Future<Void> refer(SqlClient client, String id, String sha256, @Nullable String previewSha256) {
    return REFER.update(client, params("sha256", sha256, "previewSha256", previewSha256, "id", id))
        .compose(n -> n == 1
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException("upload " + id + " is no longer processing")));
  }

  Future<Void> unrefer(SqlClient client, String id) {
    return UNREFER.update(client, params("id", id)).mapEmpty();
  }

  Future<Boolean> delete(SqlClient client, String id) {
    return DELETE.update(client, params("id", id)).map(n -> n == 1);
  }

  /** Makes sure the blob has its row, and locks it until the transaction ends. */
  Future<Void> holdBlob(SqlClient client, String sha256, long size, long now) {
    return ADD_BLOB.update(client, params("sha256", sha256, "size", size, "now", now))
        .compose(n -> LOCK_BLOB.update(client, params("sha256", sha256))).mapEmpty();
  }

  /** Deletes the blob's row when nothing refers to it; true when it did (then its bytes may go). */
  Future<Boolean> deleteUnusedBlob(SqlClient client, String sha256) {
    return DELETE_UNUSED_BLOB.update(client, params("sha256", sha256)).map(n -> n == 1);
  }

  Future<Optional<Attachment>> visible(SqlClient client, String id, String viewerId) {
    return VISIBLE.first(client, params("id", id, "viewerId", viewerId), AttachmentRepository::attachment);
  }

  Future<List<Attachment>> expired(SqlClient client, long before) {
    return EXPIRED.list(client, params("before", before), AttachmentRepository::attachment);
  }

  Future<List<String>> refsOfMessage(SqlClient client, String messageId) {
    return REFS_OF_MESSAGE.list(client, params("messageId", messageId), row -> row.getString("attachment_id"));
  }

  Future<Void> deleteRefsOfMessage(SqlClient client, String messageId) {
    return DELETE_REFS_OF_MESSAGE.update(client, params("messageId", messageId)).mapEmpty();
  }

  Future<Boolean> deleteUnreferenced(SqlClient client, String id) {
    return DELETE_UNREFERENCED.update(client, params("id", id)).map(n -> n == 1);
  }

  Future<List<Listed>> list(SqlClient client, String conversationId, List<String> kinds, long beforeSeq,
      String beforeId, int limit) {
    return LIST.list(client, params("conversationId", conversationId, "kinds", kinds.toArray(String[]::new),
        "seq", beforeSeq, "after", beforeId, "limit", limit),
        row -> new Listed(attachment(row),
            row.getString("message_id"), row.getLong("seq"),
            Optional.ofNullable(row.getString("display_name")).orElse("someone"), row.getLong("sent_at")));
  }

  static Attachment attachment(Row row) {
    Boolean inline = row.getBoolean("inline_media");
    return new Attachment(row.getString("id"), row.getString("uploader_id"), row.getString("state"),
        row.getString("name"), row.getString("declared_type"), row.getLong("upload_length"),
        row.getLong("upload_offset"), row.getString("expected_sha256"), row.getString("kind"),
        row.getString("content_type"), row.getLong("size"), row.getString("sha256"), row.getString("preview_sha256"),
        row.getString("preview_type"), inline != null && inline,
        Optional.ofNullable(row.getString("meta")).map(JsonObject::new).orElseGet(JsonObject::new),
        Optional.ofNullable(row.getString("problem")).map(JsonObject::new).orElse(null),
        row.getLong("created_at"), row.getLong("updated_at"));
  }
}
