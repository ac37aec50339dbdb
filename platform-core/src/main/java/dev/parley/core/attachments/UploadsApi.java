package dev.parley.core.attachments;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.ProblemType;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * tus 1.0.0 at {@code /api/uploads} (core, creation, termination, checksum {@code sha256}). Mounted at
 * the root, before the API's body handler and its limit: a PATCH streams its body to the upload's
 * file with back-pressure, never held in memory, and is capped by the upload's own length (itself
 * capped per kind and by the quota at creation). A PATCH cut mid-way keeps what arrived (unless it
 * carried a checksum, which can then not be checked: the chunk is dropped, as tus says); HEAD gives
 * the offset to resume from.
 */
public final class UploadsApi implements RouteSet {

  public static final String TUS_VERSION = "1.0.0";
  static final String OFFSET_TYPE = "application/offset+octet-stream";
  /** The header that names the attachment once the last byte was checked and stored. */
  public static final String ATTACHMENT_ID = "Parley-Attachment-Id";
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
  private static final Pattern TYPE = Pattern
      .compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  /** The most of a refused body read and dropped to keep the connection; past it the connection closes. */
  private static final long MAX_DROPPED = 1024 * 1024;

  private final Uploads uploads;
  private final Authn authn;

  public UploadsApi(Uploads uploads, Authn authn) {
    this.uploads = uploads;
    this.authn = authn;
  }

  @Override
  public void mountRoot(Router root) {
    root.options("/api/uploads").handler(this::options);
    root.options("/api/uploads/:id").handler(this::options);
    for (String path : new String[] {"/api/uploads", "/api/uploads/:id"}) {
      // The body stays unread (and nothing of it lost) until the checks are done.
      root.route(path).handler(ctx -> {
        ctx.request().pause();
        ctx.response().putHeader("Tus-Resumable", TUS_VERSION).putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        ctx.next();
      });
    }
    root.post("/api/uploads").handler(authn::required).handler(this::tusVersion).handler(this::create)
        .failureHandler(UploadsApi::refused);
    root.head("/api/uploads/:id").handler(authn::required).handler(this::head).failureHandler(UploadsApi::refused);
    root.get("/api/uploads/:id").handler(authn::required).handler(Respond.json(ctx -> uploads
        .own(Authn.principal(ctx).accountId(), ctx.pathParam("id")).map(Attachment::statusJson)))
        .failureHandler(UploadsApi::refused);
    root.patch("/api/uploads/:id").handler(authn::required).handler(this::tusVersion).handler(this::patch)
        .failureHandler(UploadsApi::refused);
    // tus-js-client sends Tus-Resumable on DELETE; a plain fetch of the web client may not: both go.
    root.delete("/api/uploads/:id").handler(authn::required)
        .handler(Respond.json(ctx -> uploads.delete(Authn.principal(ctx).accountId(), ctx.pathParam("id"))))
        .failureHandler(UploadsApi::refused);
  }

  private void options(RoutingContext ctx) {
    ctx.response().setStatusCode(204).putHeader("Tus-Resumable", TUS_VERSION).putHeader("Tus-Version", TUS_VERSION)
        .putHeader("Tus-Extension", "creation,termination,checksum")
        .putHeader("Tus-Max-Size", Long.toString(uploads.options().maxAnyBytes()))
        .putHeader("Tus-Checksum-Algorithm", "sha256").end();
  }

  /** Every request but OPTIONS names the protocol version; another one is 412, as tus says. */
  private void tusVersion(RoutingContext ctx) {
    if (!TUS_VERSION.equals(ctx.request().getHeader("Tus-Resumable"))) {
      ctx.response().putHeader("Tus-Version", TUS_VERSION);
      ctx.fail(new Refusal(ProblemType.REQUEST_REFUSED, 412, "send Tus-Resumable: " + TUS_VERSION, "/Tus-Resumable"));
      return;
    }
    ctx.next();
  }

  private void create(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String lengthHeader = request.getHeader("Upload-Length");
    if (lengthHeader == null || !DIGITS.matcher(lengthHeader).matches()) {
      ctx.fail(PlatformException.invalid("/Upload-Length",
          "Upload-Length must be the file's size in bytes (deferred lengths are not supported)"));
      return;
    }
    long length = Long.parseLong(lengthHeader);
    Map<String, String> meta;
    try {
      meta = metadata(request.getHeader("Upload-Metadata"));
    } catch (IllegalArgumentException e) {
      ctx.fail(PlatformException.invalid("/Upload-Metadata", e.getMessage()));
      return;
    }
    String name = cleanName(meta.getOrDefault("filename", "file"));
    String type = meta.get("filetype");
    if (type != null && !TYPE.matcher(type.split(";")[0].strip()).matches()) {
      ctx.fail(PlatformException.invalid("/Upload-Metadata", "filetype must be a media type such as image/jpeg"));
      return;
    }
    String sha = meta.get("sha256");
    if (sha != null && !SHA256.matcher(sha).matches()) {
      ctx.fail(PlatformException.invalid("/Upload-Metadata",
          "sha256 must be the base64 of the file's SHA-256 in 64 lower-case hex digits"));
      return;
    }
    String declared = type == null ? null : type.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
    uploads.create(Authn.principal(ctx).accountId(), length, name, declared, sha).onComplete(created -> {
      if (created.failed()) {
        ctx.fail(created.cause());
        return;
      }
      dropRest(ctx);
      ctx.response().setStatusCode(201).putHeader(HttpHeaders.LOCATION, "/api/uploads/" + created.result().id())
          .putHeader("Upload-Offset", "0").end();
    });
  }

  private void head(RoutingContext ctx) {
    uploads.own(Authn.principal(ctx).accountId(), ctx.pathParam("id")).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      Attachment a = found.result();
      HttpServerResponse response = ctx.response();
      if (Attachment.REFUSED.equals(a.state())) {
        response.setStatusCode(410).end();
        return;
      }
      response.putHeader("Upload-Offset", Long.toString(a.offset()))
          .putHeader("Upload-Length", Long.toString(a.length()));
      if (a.ready()) {
        response.putHeader(ATTACHMENT_ID, a.id());
      }
      response.setStatusCode(200).end();
    });
  }

  private void patch(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType == null
        || !OFFSET_TYPE.equals(contentType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT))) {
      ctx.fail(new Refusal(ProblemType.UNSUPPORTED_MEDIA_TYPE, "a PATCH of tus takes " + OFFSET_TYPE, null));
      return;
    }
    String offsetHeader = request.getHeader("Upload-Offset");
    if (offsetHeader == null || !DIGITS.matcher(offsetHeader).matches()) {
      ctx.fail(PlatformException.invalid("/Upload-Offset", "Upload-Offset must be the offset in bytes"));
      return;
    }
    long offset = Long.parseLong(offsetHeader);
    byte[] checksum;
    try {
      checksum = checksum(request.getHeader("Upload-Checksum"));
    } catch (IllegalArgumentException e) {
      ctx.fail(PlatformException.invalid("/Upload-Checksum", e.getMessage()));
      return;
    }
    String id = ctx.pathParam("id");
    uploads.own(Authn.principal(ctx).accountId(), id).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      Attachment upload = found.result();
      if (!Attachment.UPLOADING.equals(upload.state())) {
        ctx.fail(PlatformException.of(PlatformException.Reason.CONFLICT, "the upload is " + upload.state()
            + ", it takes no more bytes"));
        return;
      }
      if (offset != upload.offset()) {
        ctx.response().putHeader("Upload-Offset", Long.toString(upload.offset()));
        ctx.fail(PlatformException.of(PlatformException.Reason.CONFLICT, "Upload-Offset is " + offset
            + " but the upload holds " + upload.offset() + " bytes; send from there (HEAD tells the offset)"));
        return;
      }
      if (!uploads.claim(id)) {
        ctx.fail(PlatformException.of(PlatformException.Reason.CONFLICT,
            "another PATCH of this upload is running; wait for it, then HEAD for the offset"));
        return;
      }
      String file = uploads.partFile(id).toString();
      // The earlier chunks may have landed on another node of a cluster (no sticky routing needed).
      uploads.localPart(upload).compose(v -> ctx.vertx().fileSystem().truncate(file, offset))
          .compose(v -> ctx.vertx().fileSystem().open(file, new OpenOptions().setWrite(true).setCreate(true)))
          .onComplete(opened -> {
            if (opened.failed()) {
              uploads.release(id);
              ctx.fail(opened.cause());
              return;
            }
            new Chunk(ctx, upload, opened.result(), checksum).start();
          });
    });
  }

  /** One PATCH body streaming into the upload's file. */
  private final class Chunk {
    private final RoutingContext ctx;
    private final Attachment upload;
    private final AsyncFile file;
    private final byte @Nullable [] checksum;
    private final @Nullable MessageDigest digest;
    private final AtomicBoolean over = new AtomicBoolean();
    private long received;

    Chunk(RoutingContext ctx, Attachment upload, AsyncFile file, byte @Nullable [] checksum) {
      this.ctx = ctx;
      this.upload = upload;
      this.file = file;
      this.checksum = checksum;
      this.digest = checksum == null ? null : Digests.sha256();
    }

    void start() {
      HttpServerRequest request = ctx.request();
      file.setWritePos(upload.offset());
      file.exceptionHandler(e -> end(false, e));
      request.handler(buffer -> {
        if (over.get()) {
          return;
        }
        if (upload.offset() + received + buffer.length() > upload.length()) {
          end(false, new Refusal(ProblemType.PAYLOAD_TOO_LARGE, "the chunk goes past Upload-Length "
              + upload.length() + "; nothing of it was kept", "/Upload-Offset"));
          return;
        }
        received += buffer.length();
        if (digest != null) {
          digest.update(buffer.getBytes());
        }
        file.write(buffer);
        if (file.writeQueueFull()) {
          request.pause();
          file.drainHandler(v -> request.resume());
        }
      });
      request.exceptionHandler(e -> end(false, null)); // the connection dropped: keep what arrived
      request.endHandler(v -> end(true, null));
      request.resume();
    }

    /** Once: closes the file, records the new offset (or drops the chunk), answers when it can. */
    private void end(boolean complete, @Nullable Throwable refusal) {
      if (!over.compareAndSet(false, true)) {
        return;
      }
      String id = upload.id();
      boolean checksumBad = complete && checksum != null && !MessageDigest.isEqual(checksum, digest.digest());
      // Without a checksum a cut chunk is kept; with one it cannot be checked, so it is dropped.
      boolean keep = refusal == null && !checksumBad && (complete || checksum == null);
      long newOffset = keep ? upload.offset() + received : upload.offset();
      Future<Void> closed = file.close().recover(e -> Future.succeededFuture());
      closed.compose(v -> keep
          ? uploads.shareChunk(id, upload.offset(), newOffset, upload.length())
              .compose(x -> uploads.advance(id, newOffset))
          : ctx.vertx().fileSystem().truncate(uploads.partFile(id).toString(), upload.offset()))
          .onComplete(recorded -> {
            if (refusal != null || checksumBad || !complete || recorded.failed()) {
              uploads.release(id);
              if (ctx.response().closed() || ctx.response().ended()) {
                return;
              }
              ctx.response().putHeader("Upload-Offset", Long.toString(newOffset));
              ctx.fail(refusal != null
                  ? refusal
                  : checksumBad
                      ? new Refusal(ProblemType.UPLOAD_CHECKSUM_MISMATCH, "the chunk's SHA-256 is not "
                          + "the Upload-Checksum sent with it; it was dropped, send it again", "/Upload-Checksum")
                      : recorded.failed()
                          ? recorded.cause()
                          : PlatformException.of(PlatformException.Reason.CONFLICT, "the chunk ended early"));
              return;
            }
            if (newOffset < upload.length()) {
              uploads.release(id);
              ctx.response().setStatusCode(204).putHeader("Upload-Offset", Long.toString(newOffset)).end();
              return;
            }
            Attachment full = new Attachment(id, upload.uploaderId(), upload.state(), upload.name(),
                upload.declaredType(), upload.length(), newOffset, upload.expectedSha256(), null, null, null, null,
                null, null, false, new io.vertx.core.json.JsonObject(), null, upload.createdAt(), upload.updatedAt());
            uploads.finish(full).onComplete(done -> {
              uploads.release(id);
              if (done.failed()) {
                ctx.response().putHeader("Upload-Offset", Long.toString(newOffset));
                ctx.fail(done.cause());
                return;
              }
              ctx.response().setStatusCode(204).putHeader("Upload-Offset", Long.toString(newOffset))
                  .putHeader(ATTACHMENT_ID, id).end();
            });
          });
    }
  }

  /** tus metadata: {@code key base64,key base64}; values decode as UTF-8. */
  static Map<String, String> metadata(@Nullable String header) {
    Map<String, String> out = new HashMap<>();
    if (header == null || header.isBlank()) {
      return out;
    }
    if (header.length() > 4096) {
      throw new IllegalArgumentException("Upload-Metadata is longer than 4096 characters");
    }
    for (String pair : header.split(",")) {
      String[] kv = pair.strip().split(" ", 2);
      if (kv[0].isEmpty()) {
        throw new IllegalArgumentException("Upload-Metadata must be key base64 pairs separated by commas");
      }
      try {
        out.put(kv[0],
            kv.length < 2 ? "" : new String(Base64.getDecoder().decode(kv[1].strip()), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the value of " + kv[0].replaceAll("[^\\x20-\\x7e]", "?")
            + " in Upload-Metadata is not base64");
      }
    }
    return out;
  }

  private static byte @Nullable [] checksum(@Nullable String header) {
    if (header == null) {
      return null;
    }
    String[] parts = header.strip().split(" ", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("sha256")) {
      throw new IllegalArgumentException("Upload-Checksum must be \"sha256 <base64 of the chunk's digest>\"");
    }
    byte[] digest = Base64.getDecoder().decode(parts[1].strip());
    if (digest.length != 32) {
      throw new IllegalArgumentException("Upload-Checksum must carry a 32-byte SHA-256");
    }
    return digest;
  }

  /** A file name people can read back: no path, no control characters, at most 255 characters. */
  static String cleanName(String name) {
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
    if (base.isEmpty() || base.equals(".") || base.equals("..")) {
      return "file";
    }
    return base.length() > 255 ? base.substring(0, 255) : base;
  }

  /** Failures of these routes: a {@link Refusal} answers its own problem type; others go to the edge. */
  static void refused(RoutingContext ctx) {
    dropRest(ctx);
    if (ctx.failure() instanceof Refusal r && !ctx.response().ended() && !ctx.response().headWritten()) {
      ctx.response().setStatusCode(r.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("X-Content-Type-Options", "nosniff")
          .end(r.problem().encode());
      return;
    }
    ctx.next();
  }

  /** After an early answer: the rest of the body is dropped, up to a bound; past it the connection closes. */
  private static void dropRest(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded()) {
      return;
    }
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null || !DIGITS.matcher(declared).matches() || Long.parseLong(declared) > MAX_DROPPED) {
      if (!ctx.response().headWritten()) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      }
    }
    long[] dropped = {0};
    try {
      request.handler(chunk -> {
        dropped[0] += chunk.length();
        if (dropped[0] > MAX_DROPPED) {
          request.connection().close();
        }
      });
      request.exceptionHandler(e -> {});
      request.endHandler(v -> {});
      request.resume();
    } catch (IllegalStateException e) {
      // the body was read already
    }
  }

  /** The whole chunk, for tests and tools: its tus checksum header value. */
  static String checksumHeader(Buffer chunk) {
    return "sha256 " + Base64.getEncoder().encodeToString(Digests.sha256().digest(chunk.getBytes()));
  }
}
