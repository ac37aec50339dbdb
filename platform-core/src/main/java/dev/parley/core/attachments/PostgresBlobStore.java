package dev.parley.core.attachments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;

/**
 * Blobs as PostgreSQL large objects, which every node of a cluster shares: {@code
 * attachment_large_objects} maps a SHA-256 to its object. Written and read in chunks through the
 * server-side functions ({@code lo_create}, {@code lo_put}, {@code lo_get}, {@code lo_unlink}) on
 * the reactive client, so neither a whole file nor a thread is ever held. A put is one transaction:
 * a large object created by a put that fails, or that lost the race to another put of the same
 * content, is rolled back with it.
 */
public final class PostgresBlobStore implements BlobStore {

  /** Bytes per round trip: large enough to keep the pipe full, small enough to keep memory flat. */
  static final int CHUNK = 1024 * 1024;

  private final Vertx vertx;
  private final Pool pool;

  public PostgresBlobStore(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  @Override
  public Future<Void> put(String sha256, Path file) {
    return exists(sha256).compose(there -> there
        ? Future.<Void>succeededFuture()
        : vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true).setWrite(false))
            .compose(in -> pool.withTransaction(tx -> tx.query("SELECT lo_create(0)::bigint AS oid").execute()
                .compose(rows -> {
                  long oid = rows.iterator().next().getLong("oid");
                  return writeChunks(tx, in, oid, 0).compose(size -> tx.preparedQuery(
                      "INSERT INTO attachment_large_objects (sha256, oid, size) VALUES ($1, $2, $3) "
                          + "ON CONFLICT DO NOTHING")
                      .execute(Tuple.of(sha256, oid, size)).compose(r -> r.rowCount() == 1
                          ? Future.<Void>succeededFuture()
                          // Stored meanwhile by another put: this object goes with the rollback.
                          : Future.failedFuture(new AlreadyStored())));
                })).eventually(in::close))
            .recover(
                failure -> failure instanceof AlreadyStored ? Future.succeededFuture() : Future.failedFuture(failure))
            .compose(v -> vertx.fileSystem().delete(file.toString()).recover(e -> Future.succeededFuture())));
  }

  private static final class AlreadyStored extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AlreadyStored() {
      super("stored by another put", null, false, false);
    }
  }

  /** Appends the file's chunks from {@code position} on; answers the bytes written in all. */
  private Future<Long> writeChunks(SqlConnection tx, AsyncFile in, long oid, long position) {
    return in.read(Buffer.buffer(CHUNK), 0, position, CHUNK).compose(chunk -> chunk.length() == 0
        ? Future.succeededFuture(position)
        : tx.preparedQuery("SELECT lo_put($1::bigint::oid, $2, $3)").execute(Tuple.of(oid, position, chunk))
            .compose(r -> writeChunks(tx, in, oid, position + chunk.length())));
  }

  @Override
  public Future<Boolean> exists(String sha256) {
    return pool.preparedQuery("SELECT 1 FROM attachment_large_objects WHERE sha256 = $1").execute(Tuple.of(sha256))
        .map(rows -> rows.size() > 0);
  }

  @Override
  public Future<Long> size(String sha256) {
    return object(sha256).map(row -> row.getLong("size"));
  }

  private Future<Row> object(String sha256) {
    return pool.preparedQuery("SELECT oid, size FROM attachment_large_objects WHERE sha256 = $1")
        .execute(Tuple.of(sha256)).compose(rows -> rows.size() == 0
            ? Future.failedFuture(new java.io.FileNotFoundException("no large object for " + sha256))
            : Future.succeededFuture(rows.iterator().next()));
  }

  @Override
  public Future<Void> copyTo(String sha256, long offset, long length, WriteStream<Buffer> out) {
    return object(sha256).compose(row -> copyChunks(row.getLong("oid"), offset, offset + length, out))
        .compose(v -> out.end())
        .onFailure(e -> out.end());
  }

  /** One chunk at a time: the next is read once the last one was written (back-pressure). */
  private Future<Void> copyChunks(long oid, long from, long to, WriteStream<Buffer> out) {
    if (from >= to) {
      return Future.succeededFuture();
    }
    int n = (int) Math.min(CHUNK, to - from);
    return pool.preparedQuery("SELECT lo_get($1::bigint::oid, $2, $3) AS chunk").execute(Tuple.of(oid, from, n))
        .compose(rows -> {
          Buffer chunk = rows.iterator().next().getBuffer("chunk");
          if (chunk == null || chunk.length() == 0) {
            return Future.failedFuture(new IllegalStateException("large object " + oid + " ends before " + to));
          }
          return out.write(chunk).compose(v -> copyChunks(oid, from + chunk.length(), to, out));
        });
  }

  @Override
  public Future<Buffer> read(String sha256) {
    return object(sha256).compose(row -> {
      Buffer all = Buffer.buffer();
      return readChunks(row.getLong("oid"), 0, row.getLong("size"), all).map(all);
    });
  }

  private Future<Void> readChunks(long oid, long from, long to, Buffer into) {
    if (from >= to) {
      return Future.succeededFuture();
    }
    int n = (int) Math.min(CHUNK, to - from);
    return pool.preparedQuery("SELECT lo_get($1::bigint::oid, $2, $3) AS chunk").execute(Tuple.of(oid, from, n))
        .compose(rows -> {
          Buffer chunk = rows.iterator().next().getBuffer("chunk");
          into.appendBuffer(chunk);
          return readChunks(oid, from + chunk.length(), to, into);
        });
  }

  @Override
  public Future<Void> delete(String sha256) {
    return pool.withTransaction(tx -> tx.preparedQuery(
        "DELETE FROM attachment_large_objects WHERE sha256 = $1 RETURNING oid").execute(Tuple.of(sha256))
        .compose(rows -> rows.size() == 0
            ? Future.<Void>succeededFuture()
            : tx.preparedQuery("SELECT lo_unlink($1::bigint::oid)")
                .execute(Tuple.of(rows.iterator().next().getLong("oid")))
                .<Void>mapEmpty()));
  }
}
