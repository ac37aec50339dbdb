package dev.parley.core.attachments;

import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.web.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The tus upload sessions: creation under the caps (per kind by the declared type, unfinished
 * uploads per person, quota), the offset as chunks land in {@code <dir>/<id>.part}, and the end:
 * {@link ContentProcessing} on a worker, then the attachment made ready. A refusal leaves no bytes:
 * the row stays {@code refused} (without a blob) until it expires, so the uploader can read why.
 *
 * <p>The end is in three steps so that no transaction is held while bytes are stored and no blob can
 * go missing: the row first refers to its blobs (their rows locked, so a concurrent deletion of the
 * same content waits or is waited for), then the bytes are stored, then the row turns {@code ready}.
 */
public final class Uploads {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Uploads.class);

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final AttachmentOptions options;
  private final BlobStore store;
  private final Path dir;
  private final ContentProcessing processing;
  private final AttachmentRepository repo = new AttachmentRepository();
  private final BlobCollector blobs;
  /** Uploads with a PATCH or their processing running on this node: one at a time each. */
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  /**
   * Chunks shared through PostgreSQL (attachments.store=postgres, what a cluster uses): the next PATCH
   * of an upload may reach another node, which rebuilds its part file from {@code upload_chunks}.
   */
  private final boolean sharedParts;

  Uploads(Vertx vertx, Database db, Clock clock, IdGenerator ids, AttachmentOptions options, BlobStore store,
      Path dir, ContentProcessing processing, BlobCollector blobs) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.options = options;
    this.store = store;
    this.dir = dir;
    this.processing = processing;
    this.blobs = blobs;
    this.sharedParts = AttachmentOptions.POSTGRES.equals(options.getStore());
  }

  AttachmentOptions options() {
    return options;
  }

  /** The file an upload's chunks are appended to. */
  Path partFile(String id) {
    if (!IdGenerator.isId(id)) {
      throw new IllegalArgumentException("not an id: " + id);
    }
    return dir.resolve(id + ".part");
  }

  /** The kind a declared type asks for: its cap applies until the content says otherwise. */
  static String declaredKind(@Nullable String type) {
    if (type == null) {
      return "file";
    }
    String t = type.toLowerCase(java.util.Locale.ROOT);
    return t.startsWith("image/")
        ? "image"
        : t.startsWith("video/") ? "video" : t.startsWith("audio/") ? "voice" : "file";
  }

  /** Starts an upload of {@code length} bytes (tus creation). */
  public Future<Attachment> create(String uploaderId, long length, String name, @Nullable String declaredType,
      @Nullable String expectedSha256) {
    String kind = declaredKind(declaredType);
    long cap = options.maxBytes(kind);
    if (length > cap) {
      return Future.failedFuture(new Refusal(ProblemType.PAYLOAD_TOO_LARGE,
          kind + " files may be at most " + cap + " bytes; this one is " + length, "/Upload-Length"));
    }
    String id = ids.newId();
    long now = clock.millis();
    return db.pool().withTransaction(tx -> repo.lockAccount(tx, uploaderId)
        .compose(v -> repo.usage(tx, uploaderId))
        .compose(usage -> {
          if (usage.unfinished() >= options.getMaxUnfinishedUploads()) {
            return Future.failedFuture(PlatformException.tooMany("you have " + usage.unfinished()
                + " unfinished uploads, the most at once; finish or cancel one first", 5));
          }
          if (usage.usedBytes() + length > options.getQuotaBytes()) {
            return Future.failedFuture(new Refusal(ProblemType.QUOTA_EXCEEDED, "your files take " + usage.usedBytes()
                + " of your " + options.getQuotaBytes() + " bytes; this upload of " + length
                + " bytes does not fit. Delete messages with files to make room", "/Upload-Length"));
          }
          return repo.insert(tx, id, uploaderId, name, declaredType, length, expectedSha256, now);
        }))
        .compose(v -> vertx.fileSystem().writeFile(partFile(id).toString(), io.vertx.core.buffer.Buffer.buffer()))
        .compose(v -> repo.find(db.pool(), id)).map(Optional::orElseThrow);
  }

  /**
   * A whole file sent in one request (the Business API's simple upload, issue 21): created, written
   * and finished like a tus upload whose one chunk was its last, through the same checks and storage.
   */
  public Future<Attachment> whole(String uploaderId, String name, @Nullable String declaredType,
      io.vertx.core.buffer.Buffer bytes) {
    return create(uploaderId, bytes.length(), name, declaredType, null).compose(upload -> {
      String id = upload.id();
      claim(id);
      return vertx.fileSystem().writeFile(partFile(id).toString(), bytes)
          .compose(v -> advance(id, bytes.length()))
          .compose(v -> repo.find(db.pool(), id)).map(Optional::orElseThrow)
          .compose(this::finish)
          .eventually(() -> {
            release(id);
            return Future.succeededFuture();
          });
    });
  }

  /** The caller's own upload; "not found" for anyone else's, so its existence does not leak. */
  public Future<Attachment> own(String uploaderId, String id) {
    if (!IdGenerator.isId(id)) {
      return Future.failedFuture(PlatformException.notFound("the upload"));
    }
    return repo.find(db.pool(), id).compose(found -> found.filter(a -> a.uploaderId().equals(uploaderId)).isPresent()
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(PlatformException.notFound("the upload")));
  }

  /** Takes the upload for one PATCH on this node; false when another is running. */
  boolean claim(String id) {
    return busy.add(id);
  }

  void release(String id) {
    busy.remove(id);
  }

  /** Records the bytes that landed (a chunk, or what arrived before the connection dropped). */
  Future<Void> advance(String id, long offset) {
    return repo.setOffset(db.pool(), id, offset, clock.millis()).compose(moved -> moved
        ? Future.succeededFuture()
        : Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT, "the upload is not open")));
  }

  /**
   * The last byte landed: checks and stores the file. Answers the ready attachment, or fails with the
   * refusal (after recording it on the row and deleting every byte of it).
   */
  Future<Attachment> finish(Attachment upload) {
    String id = upload.id();
    Path part = partFile(id);
    return repo.startProcessing(db.pool(), id, clock.millis()).compose(started -> {
      if (!started) {
        return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
            "the upload is already being processed"));
      }
      return vertx.executeBlocking(() -> processing.process(upload, part), false)
          .compose(done -> store(id, done).eventually(() -> cleanup(id)))
          .recover(failure -> refuse(id, failure).transform(x -> Future.failedFuture(failure)));
    });
  }

  private Future<Attachment> store(String id, ContentProcessing.Processed done) {
    long now = clock.millis();
    // 1. The row refers to its blobs: from now on no deletion removes them.
    Future<Void> referenced = db.pool().withTransaction(tx -> repo.holdBlob(tx, done.sha256(), done.size(), now)
        .compose(v -> done.thumbnailSha256() == null
            ? Future.<Void>succeededFuture()
            : repo.holdBlob(tx, done.thumbnailSha256(), thumbnailSize(done), now))
        .compose(v -> repo.refer(tx, id, done.sha256(), done.thumbnailSha256())));
    // 2. The bytes, 3. ready.
    return referenced
        .compose(v -> store.put(done.sha256(), done.file()))
        .compose(v -> done.thumbnail() == null
            ? Future.<Void>succeededFuture()
            : store.put(done.thumbnailSha256(), done.thumbnail()))
        .compose(v -> repo.ready(db.pool(), id, done.kind(), done.contentType(), done.size(), done.sha256(),
            done.thumbnailSha256(), done.thumbnailType(), done.inline(), done.meta(), clock.millis()))
        .compose(v -> repo.find(db.pool(), id)).map(Optional::orElseThrow);
  }

  private static long thumbnailSize(ContentProcessing.Processed done) {
    try {
      return done.thumbnail() == null ? 0 : Files.size(done.thumbnail());
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /** Records why the upload was refused and removes its bytes and blob references. */
  private Future<Void> refuse(String id, Throwable failure) {
    JsonObject problem = failure instanceof Refusal r
        ? r.problem()
        : new JsonObject().put("type", ProblemType.INTERNAL.uri()).put("status", 500)
            .put("detail", "the file could not be processed");
    if (!(failure instanceof Refusal)) {
      LOG.warn("upload processing failed id={}", id, failure);
    }
    return repo.find(db.pool(), id).compose(found -> repo.refuse(db.pool(), id, problem, clock.millis())
        .compose(v -> found.map(a -> repo.unrefer(db.pool(), id)
            .compose(x -> blobs.collect(a.sha256(), a.previewSha256())))
            .orElse(Future.succeededFuture())))
        .eventually(() -> cleanup(id))
        .recover(e -> {
          LOG.warn("recording the refusal of upload id={} failed", id, e);
          return Future.succeededFuture();
        });
  }

  /**
   * Makes this node's part file hold at least the upload's first {@code offset} bytes: as it is when
   * the earlier chunks landed here; rebuilt from the shared chunks when they landed on another node.
   */
  Future<Void> localPart(Attachment upload) {
    String part = partFile(upload.id()).toString();
    return vertx.fileSystem().exists(part)
        .compose(exists -> exists ? vertx.fileSystem().props(part).map(p -> p.size()) : Future.succeededFuture(-1L))
        .compose(size -> {
          if (size >= upload.offset()) {
            return Future.succeededFuture();
          }
          if (!sharedParts && upload.offset() > 0) {
            return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT, "the upload's first "
                + upload.offset() + " bytes are not on this node; send the upload to the node that started it"));
          }
          return sharedParts ? rebuild(upload, part) : vertx.fileSystem().writeFile(part, Buffer.buffer());
        });
  }

  private Future<Void> rebuild(Attachment upload, String part) {
    return db.pool().preparedQuery("SELECT start_offset, bytes FROM upload_chunks WHERE upload_id = $1"
        + " AND start_offset < $2 ORDER BY start_offset").execute(Tuple.of(upload.id(), upload.offset()))
        .compose(rows -> {
          Buffer bytes = Buffer.buffer();
          for (Row row : rows) {
            if (row.getLong(0) == bytes.length()) {
              bytes.appendBuffer(row.getBuffer(1));
            }
          }
          if (bytes.length() < upload.offset()) {
            return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT, "the upload's bytes "
                + "from " + bytes.length() + " on are lost; cancel it and upload the file again"));
          }
          return vertx.fileSystem().writeFile(part, bytes);
        });
  }

  /**
   * With shared parts, keeps the chunk {@code [from, to)} that just landed where any node finds it
   * (not the last one: the node that received it finishes the upload from its own file).
   */
  Future<Void> shareChunk(String id, long from, long to, long length) {
    if (!sharedParts || to <= from || to >= length) {
      return Future.succeededFuture();
    }
    String part = partFile(id).toString();
    return vertx.fileSystem().open(part, new io.vertx.core.file.OpenOptions().setRead(true).setWrite(false))
        .compose(file -> file.read(Buffer.buffer((int) (to - from)), 0, from, (int) (to - from))
            .eventually(file::close))
        .compose(chunk -> db.pool().withTransaction(tx -> tx
            .preparedQuery("DELETE FROM upload_chunks WHERE upload_id = $1 AND start_offset >= $2")
            .execute(Tuple.of(id, from))
            .compose(v -> tx.preparedQuery("INSERT INTO upload_chunks (upload_id, start_offset, bytes)"
                + " VALUES ($1, $2, $3)").execute(Tuple.of(id, from, chunk)))))
        .mapEmpty();
  }

  /**
   * Deletes the upload's temporary files (the part, the stripped copy, the thumbnail) and its shared
   * chunks; completes after both, so the answer to the last chunk comes after the chunks are gone.
   */
  Future<Void> cleanup(String id) {
    Path part = partFile(id);
    Future<Void> chunks = !sharedParts
        ? Future.succeededFuture()
        : db.pool().preparedQuery("DELETE FROM upload_chunks WHERE upload_id = $1").execute(Tuple.of(id))
            .<Void>mapEmpty()
            .recover(e -> {
              LOG.warn("deleting the shared chunks of upload id={} failed", id, e);
              return Future.succeededFuture();
            });
    return chunks.compose(v -> vertx.executeBlocking(() -> {
      for (String suffix : new String[] {"", ".stripped", ".thumb"}) {
        FileBlobStore.deleteQuietly(part.resolveSibling(part.getFileName() + suffix));
      }
      return null;
    }, false));
  }

  /** tus termination: cancels an unfinished upload, or deletes an attachment that no message holds. */
  public Future<Void> delete(String uploaderId, String id) {
    return own(uploaderId, id).compose(a -> {
      if (busy.contains(id) || Attachment.PROCESSING.equals(a.state())) {
        return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
            "the upload is being written or processed; try again in a moment"));
      }
      Future<Boolean> deleted = a.ready()
          ? blobs.deleteIfUnreferenced(a)
          : repo.delete(db.pool(), id);
      return deleted.compose(gone -> gone
          ? cleanup(id)
          : Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
              "the attachment is in a message; delete the message to delete it")));
    });
  }

  /** Removes unfinished uploads and refusals older than the expiry, with their files: one round. */
  Future<Integer> expire() {
    long before = clock.millis() - options.getUploadExpiryMillis();
    return repo.expired(db.pool(), before).compose(stale -> {
      Future<Void> chain = Future.succeededFuture();
      for (Attachment a : stale) {
        if (busy.contains(a.id())) {
          continue;
        }
        chain = chain.compose(v -> repo.delete(db.pool(), a.id())
            .compose(x -> blobs.collect(a.sha256(), a.previewSha256()))
            .compose(x -> cleanup(a.id()))
            .recover(e -> {
              LOG.warn("expiring upload id={} failed", a.id(), e);
              return Future.succeededFuture();
            }));
      }
      return chain.map(stale.size());
    });
  }
}
