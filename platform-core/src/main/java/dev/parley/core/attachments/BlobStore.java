package dev.parley.core.attachments;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.nio.file.Path;

/**
 * Where the bytes of attachments live, addressed by their SHA-256 (lower-case hex). Putting the same
 * content twice stores it once. The callers (see {@code AttachmentRepository}) decide when a blob
 * may go: a store never counts references itself.
 */
public interface BlobStore {

  /**
   * Stores the file's bytes as {@code sha256} (which the caller computed), taking the file over: it
   * is moved or deleted. Storing content that is already there succeeds without writing it again.
   */
  Future<Void> put(String sha256, Path file);

  /** Whether the blob is stored. */
  Future<Boolean> exists(String sha256);

  /** Its size in bytes; fails when it is not stored. */
  Future<Long> size(String sha256);

  /**
   * Writes {@code length} bytes from {@code offset} to {@code out}, with back-pressure, and ends
   * {@code out}. The range must lie within the blob.
   */
  Future<Void> copyTo(String sha256, long offset, long length, WriteStream<Buffer> out);

  /** The whole blob in memory: for small ones (thumbnails, tests). */
  Future<Buffer> read(String sha256);

  /** Removes the blob; removing one that is not there succeeds. */
  Future<Void> delete(String sha256);
}
