package dev.parley.core.attachments;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.apps.broker.AttachmentAccess;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The attachments as the apps' broker reaches them ({@link AttachmentAccess}): a user's finished
 * uploads, bytes by range from the blob store, files an app makes (through the very path of a tus
 * upload: quota, content check, metadata stripping, preview), and the reference of a card that
 * shows a file, so the members of its conversation may read it like any message's.
 */
public final class AppAttachmentAccess implements AttachmentAccess {

  /** A card refers to the file like a message does; once only, however often the card is updated. */
  private static final Statement REFER = sql("INSERT INTO message_attachments (message_id, attachment_id, "
      + "conversation_id, seq) SELECT #{messageId}, #{id}, #{conversationId}, #{seq} WHERE NOT EXISTS "
      + "(SELECT 1 FROM message_attachments WHERE message_id = #{messageId} AND attachment_id = #{id})");

  private final Vertx vertx;
  private final Database db;
  private final Attachments attachments;
  private final AttachmentRepository repo = new AttachmentRepository();

  public AppAttachmentAccess(Vertx vertx, Database db, Attachments attachments) {
    this.vertx = vertx;
    this.db = db;
    this.attachments = attachments;
  }

  @Override
  public Future<Optional<JsonObject>> uploadedBy(String accountId, String id) {
    return attachments.uploads().own(accountId, id)
        .map(a -> a.ready() ? Optional.of(a.toJson()) : Optional.<JsonObject>empty())
        .recover(e -> e instanceof PlatformException pe && pe.reason() == PlatformException.Reason.NOT_FOUND
            ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(e));
  }

  @Override
  public Future<Optional<JsonObject>> ready(String id) {
    if (!dev.parley.core.common.IdGenerator.isId(id)) {
      return Future.succeededFuture(Optional.empty());
    }
    return repo.find(db.pool(), id).map(found -> found.filter(Attachment::ready).map(Attachment::toJson));
  }

  @Override
  public Future<Buffer> read(String id, long offset, int length) {
    return repo.find(db.pool(), id).compose(found -> {
      Attachment a = found.filter(Attachment::ready).orElseThrow(() -> PlatformException.notFound("the attachment"));
      long size = a.size() == null ? 0 : a.size();
      long n = Math.max(0, Math.min(length, size - offset));
      Collected out = new Collected();
      return n == 0
          ? Future.succeededFuture(Buffer.buffer())
          : attachments.store().copyTo(a.sha256(), offset, n, out).map(v -> out.bytes);
    });
  }

  @Override
  public Future<JsonObject> create(String accountId, String name, String declaredType, Buffer data) {
    Uploads uploads = attachments.uploads();
    return uploads.create(accountId, data.length(), name, declaredType, null).compose(started -> {
      String id = started.id();
      if (!uploads.claim(id)) {
        return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT, "the upload is busy"));
      }
      return vertx.fileSystem().writeFile(uploads.partFile(id).toString(), data)
          .compose(v -> uploads.advance(id, data.length()))
          .compose(v -> repo.find(db.pool(), id)).map(Optional::orElseThrow)
          .compose(uploads::finish)
          .eventually(() -> {
            uploads.release(id);
            return Future.succeededFuture();
          });
    }).map(Attachment::toJson).recover(e -> Future.failedFuture(e instanceof Refusal r
        ? PlatformException.invalid("/data", r.getMessage())
        : e));
  }

  @Override
  public Future<Void> showIn(String conversationId, String messageId, long seq, String id) {
    return REFER.update(db.pool(), params("messageId", messageId, "id", id, "conversationId", conversationId,
        "seq", seq)).mapEmpty();
  }

  /** A write stream that keeps what is written, for a range small enough to hold ({@code files.read}). */
  private static final class Collected implements WriteStream<Buffer> {
    private final Buffer bytes = Buffer.buffer();

    @Override
    public WriteStream<Buffer> exceptionHandler(@Nullable Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      bytes.appendBuffer(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(@Nullable Handler<Void> handler) {
      return this;
    }
  }
}
