package dev.parley.core.attachments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Blobs as files under {@code <dir>/ab/cd/<sha256>}: a new blob is moved into place atomically
 * (copied to a temporary name beside it first when the source is on another file system), so a
 * reader never sees half a file. File work runs on worker threads or through Vert.x's async files.
 */
public final class FileBlobStore implements BlobStore {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Vertx vertx;
  private final Path dir;

  public FileBlobStore(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  /** The file of a blob. */
  Path path(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
    return dir.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  @Override
  public Future<Void> put(String sha256, Path file) {
    return vertx.executeBlocking(() -> {
      Path target = path(sha256);
      if (Files.exists(target)) {
        Files.deleteIfExists(file);
        return null;
      }
      Files.createDirectories(target.getParent());
      try {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Path temp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
        try {
          Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(temp);
        }
        Files.deleteIfExists(file);
      }
      return null;
    }, false);
  }

  @Override
  public Future<Boolean> exists(String sha256) {
    return vertx.fileSystem().exists(path(sha256).toString());
  }

  @Override
  public Future<Long> size(String sha256) {
    return vertx.fileSystem().props(path(sha256).toString()).map(p -> p.size());
  }

  @Override
  public Future<Void> copyTo(String sha256, long offset, long length, WriteStream<Buffer> out) {
    return vertx.fileSystem().open(path(sha256).toString(), new OpenOptions().setRead(true).setWrite(false))
        .compose(file -> file.setReadPos(offset).setReadLength(length).pipeTo(out));
  }

  @Override
  public Future<Buffer> read(String sha256) {
    return vertx.fileSystem().readFile(path(sha256).toString());
  }

  @Override
  public Future<Void> delete(String sha256) {
    return vertx.executeBlocking(() -> {
      Files.deleteIfExists(path(sha256));
      return null;
    }, false);
  }

  /** Deletes a temporary file quietly (a refused or expired upload). */
  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(FileBlobStore.class).warn("cannot delete {}", file, e);
    }
  }
}
