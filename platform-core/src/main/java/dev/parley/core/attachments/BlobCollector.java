package dev.parley.core.attachments;

import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import org.jspecify.annotations.Nullable;

/**
 * Removes blobs that nothing refers to any more. Each blob goes in a transaction of its own that
 * deletes its row only when no attachment refers to it (content or thumbnail) and removes the bytes
 * before committing: a concurrent upload of the same content waits on that row, then writes the
 * row and the bytes again, so it never refers to bytes that are gone.
 */
final class BlobCollector {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlobCollector.class);

  private final Database db;
  private final BlobStore store;
  private final AttachmentRepository repo = new AttachmentRepository();

  BlobCollector(Database db, BlobStore store) {
    this.db = db;
    this.store = store;
  }

  /** Removes each of these blobs (nulls are skipped) that nothing refers to. Never fails. */
  Future<Void> collect(@Nullable String... sha256s) {
    Future<Void> chain = Future.succeededFuture();
    for (String sha : sha256s) {
      if (sha == null) {
        continue;
      }
      chain = chain.compose(v -> db.pool().withTransaction(tx -> repo.deleteUnusedBlob(tx, sha)
          .compose(unused -> unused ? store.delete(sha) : Future.<Void>succeededFuture()))
          .recover(e -> {
            // Still referenced after all (a foreign key), or the store failed: the blob stays.
            LOG.debug("blob {} stays", sha, e);
            return Future.succeededFuture();
          }));
    }
    return chain;
  }

  /** Deletes a ready attachment that no message refers to, then its blobs; false when a message does. */
  Future<Boolean> deleteIfUnreferenced(Attachment a) {
    return repo.deleteUnreferenced(db.pool(), a.id()).compose(deleted -> deleted
        ? collect(a.sha256(), a.previewSha256()).map(true)
        : Future.succeededFuture(false));
  }
}
