package dev.parley.core.attachments;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Attachments end to end on both databases: tus creation, chunks, resumption after a cut
 * connection, offsets and checksums, caps and quota, refusals that leave nothing, sending with
 * attachments, serving (ranges, ETags, headers) to members only, signed links, deletion.
 */
class AttachmentsApiTest extends PlatformTestBase {

  private TusClient tus;
  private WebClient web;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setAttachments(new AttachmentOptions().setMaxImageBytes(200_000)
        .setQuotaBytes(2_000_000).setLinkSeconds(1)));
  }

  @Override
  protected void setUp() {
    tus = new TusClient(api);
    web = WebClient.create(p.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(p.port()));
  }

  private HttpResponse<Buffer> raw(HttpMethod method, String path, Caller caller, String... headers) {
    HttpRequest<Buffer> request = web.request(method, path);
    caller.headers().forEach(request::putHeader);
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    return await(request.send());
  }

  private static String type(Reply reply) {
    return reply.json().getString("type");
  }

  // ---- tus ----

  @Test
  void options_advertiseTheProtocol() {
    Reply options = api.request(HttpMethod.OPTIONS, "/api/uploads", Caller.anonymous(), null, null);
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Tus-Version")).isEqualTo("1.0.0");
    assertThat(options.header("Tus-Extension")).isEqualTo("creation,termination,checksum");
    assertThat(options.header("Tus-Checksum-Algorithm")).isEqualTo("sha256");
    assertThat(Long.parseLong(options.header("Tus-Max-Size"))).isEqualTo(100L * 1024 * 1024 * 2);
  }

  @Test
  void upload_inChunks_withWrongOffset_badChecksum_andACutConnection_resumesToTheEnd() throws Exception {
    TestUser ann = api.signUp("Ann");
    byte[] file = TestFiles.text(3000);
    String path = tus.start(ann, file.length, "notes.txt", "text/plain");
    assertThat(path).startsWith("/api/uploads/");

    Reply first = tus.patch(ann, path, 0, Arrays.copyOfRange(file, 0, 1000));
    assertThat(first.status()).as("%s", first).isEqualTo(204);
    assertThat(first.header("Upload-Offset")).isEqualTo("1000");
    assertThat(tus.head(ann, path).header("Upload-Offset")).isEqualTo("1000");
    assertThat(tus.head(ann, path).header("Upload-Length")).isEqualTo("3000");

    Reply wrong = tus.patch(ann, path, 500, Arrays.copyOfRange(file, 500, 1000));
    assertThat(wrong.status()).isEqualTo(409);

    byte[] chunk = Arrays.copyOfRange(file, 1000, 1500);
    Reply bad = tus.patch(ann, path, 1000, chunk, "Upload-Checksum",
        UploadsApi.checksumHeader(Buffer.buffer(TestFiles.text(500))).replace("sha256 ", "sha256 A"));
    assertThat(bad.status()).as("a malformed checksum").isEqualTo(400);
    byte[] other = Arrays.copyOfRange(file, 0, 500);
    Reply mismatch = tus.patch(ann, path, 1000, chunk, "Upload-Checksum",
        UploadsApi.checksumHeader(Buffer.buffer(other)));
    assertThat(mismatch.status()).as("%s", mismatch).isEqualTo(460);
    assertThat(type(mismatch)).endsWith("/upload-checksum-mismatch");
    assertThat(tus.head(ann, path).header("Upload-Offset")).isEqualTo("1000");

    // A PATCH of 1000 bytes cut after 400: the 400 stay.
    try (Socket socket = new Socket("127.0.0.1", p.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + ann.cookieHeader()
          + "\r\nX-CSRF-Token: " + ann.csrfToken() + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 1000\r\n"
          + "Content-Type: application/offset+octet-stream\r\nContent-Length: 1000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(file, 1000, 400);
      out.flush();
      Thread.sleep(300);
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> "1400".equals(tus.head(ann, path).header("Upload-Offset")));

    Reply rest = tus.patch(ann, path, 1400, Arrays.copyOfRange(file, 1400, 3000), "Upload-Checksum",
        UploadsApi.checksumHeader(Buffer.buffer(Arrays.copyOfRange(file, 1400, 3000))));
    assertThat(rest.status()).as("%s", rest).isEqualTo(204);
    String id = rest.header("Parley-Attachment-Id");
    assertThat(path).endsWith(id);

    JsonObject status = api.get(path, ann).json();
    assertThat(status.getString("status")).isEqualTo("ready");
    JsonObject attachment = status.getJsonObject("attachment");
    assertThat(attachment.getString("sha256")).isEqualTo(TusClient.sha256Hex(file));
    assertThat(attachment.getString("name")).isEqualTo("notes.txt");
    assertThat(attachment.getLong("size")).isEqualTo(3000L);
    HttpResponse<Buffer> content = raw(HttpMethod.GET, "/api/attachments/" + id + "/content", ann);
    assertThat(content.body().getBytes()).isEqualTo(file);
    assertThat(api.get(path, api.signUp("Eve")).status()).as("another's upload").isEqualTo(404);
  }

  @Test
  void wholeFileChecksum_thatDoesNotMatch_isRefused_andLeavesNothing() {
    TestUser ann = api.signUp("Ann");
    byte[] file = TestFiles.text(2000);
    Reply created = tus.create(ann, file.length, "a.txt", "text/plain", TusClient.sha256Hex(TestFiles.text(10)));
    String path = created.header("Location");
    Reply done = tus.patch(ann, path, 0, file);
    assertThat(done.status()).as("%s", done).isEqualTo(422);
    assertThat(type(done)).endsWith("/checksum-mismatch");
    assertThat(api.get(path, ann).json().getString("status")).isEqualTo("refused");
    assertThat(api.get("/api/me/storage", ann).json().getLong("usedBytes")).isZero();
    assertThat(p.sql("SELECT sha256 FROM attachment_blobs WHERE sha256 = ?", TusClient.sha256Hex(file))).isEmpty();

    Reply good = tus.create(ann, file.length, "a.txt", "text/plain", TusClient.sha256Hex(file));
    assertThat(tus.patch(ann, good.header("Location"), 0, file).status()).isEqualTo(204);
  }

  @Test
  void caps_perKind_quota_andUnfinishedUploads_areEnforced() {
    TestUser ann = api.signUp("Ann");
    Reply big = tus.create(ann, 300_000, "big.png", "image/png", null);
    assertThat(big.status()).isEqualTo(413);
    assertThat(type(big)).endsWith("/payload-too-large");
    assertThat(tus.create(ann, 300_000, "big.bin", "application/octet-stream", null).status())
        .as("a file may be larger than an image").isEqualTo(201);

    Reply quota = tus.create(ann, 1_900_000, "huge.bin", "application/octet-stream", null);
    assertThat(quota.status()).isEqualTo(413);
    assertThat(type(quota)).endsWith("/quota-exceeded");

    for (int i = 0; i < 4; i++) {
      assertThat(tus.create(ann, 10, "f" + i, "text/plain", null).status()).isEqualTo(201);
    }
    Reply sixth = tus.create(ann, 10, "f6", "text/plain", null);
    assertThat(sixth.status()).isEqualTo(429);
    JsonObject storage = api.get("/api/me/storage", ann).json();
    assertThat(storage.getLong("usedBytes")).isEqualTo(300_040L);
    assertThat(storage.getLong("quotaBytes")).isEqualTo(2_000_000L);
    assertThat(storage.getJsonObject("maxBytes").getLong("image")).isEqualTo(200_000L);

    // A patch past Upload-Length is refused and keeps nothing of it.
    TestUser ben = api.signUp("Ben");
    String path = tus.start(ben, 10, "x.txt", "text/plain");
    assertThat(tus.patch(ben, path, 0, TestFiles.text(20)).status()).isEqualTo(413);
    assertThat(tus.head(ben, path).header("Upload-Offset")).isEqualTo("0");
    assertThat(api.request(HttpMethod.DELETE, path, TusClient.with(ben, "Tus-Resumable", "1.0.0"), null, null)
        .status()).isEqualTo(204);
    assertThat(tus.head(ben, path).status()).isEqualTo(404);
  }

  @Test
  void declaredType_thatTheContentBelies_isRefused_namingBoth() {
    TestUser ann = api.signUp("Ann");
    Reply done = tus.upload(ann, TestFiles.text(500), "photo.png", "image/png");
    assertThat(done.status()).as("%s", done).isEqualTo(415);
    assertThat(type(done)).endsWith("/content-refused");
    assertThat(done.json().getString("detail")).contains("image/png").contains("text/plain");
  }

  @Test
  void exifGps_isGoneFromTheServedImage() {
    TestUser ann = api.signUp("Ann");
    byte[] jpeg = TestFiles.jpegWithGps(64, 48);
    assertThat(TestFiles.contains(jpeg, TestFiles.GPS_RATIONALS)).isTrue();
    String id = tus.attachment(ann, jpeg, "meter.jpg", "image/jpeg");
    HttpResponse<Buffer> served = raw(HttpMethod.GET, "/api/attachments/" + id + "/content", ann);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(TestFiles.contains(served.body().getBytes(), TestFiles.GPS_RATIONALS)).isFalse();
    assertThat(TestFiles.contains(served.body().getBytes(), "Exif".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(served.getHeader("ETag")).isEqualTo("\"" + TusClient.sha256Hex(served.body().getBytes()) + "\"");
  }

  @Test
  void staleUnfinishedUploads_expire_withTheirFiles() {
    TestUser ann = api.signUp("Ann");
    String path = tus.start(ann, 1000, "slow.txt", "text/plain");
    assertThat(tus.patch(ann, path, 0, TestFiles.text(100)).status()).isEqualTo(204);
    String id = path.substring(path.lastIndexOf('/') + 1);
    Uploads uploads = p.platform().attachments().uploads();
    assertThat(Files.exists(uploads.partFile(id))).isTrue();
    assertThat(api.get("/api/me/storage", ann).json().getLong("usedBytes")).isEqualTo(1000L);

    p.sql("UPDATE attachments SET updated_at = 0 WHERE id = ?", id);
    assertThat(await(uploads.expire())).isGreaterThanOrEqualTo(1);
    assertThat(Files.exists(uploads.partFile(id))).isFalse();
    assertThat(tus.head(ann, path).status()).isEqualTo(404);
    assertThat(api.get("/api/me/storage", ann).json().getLong("usedBytes")).isZero();
  }

  // ---- sending and serving ----

  @Test
  void sentAttachments_serveToMembers_withRangesAndETags_notToOthers_andSignedLinksExpire() throws Exception {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    TestUser eve = api.signUp("Eve");
    String conversationId = api.direct(ann, ben).getString("id");
    byte[] png = TestFiles.png(400, 300);
    String image = tus.attachment(ann, png, "sky.png", "image/png");
    byte[] pdfLike = TestFiles.text(5000);
    String doc = tus.attachment(ann, pdfLike, "notes.txt", "text/plain");

    assertThat(raw(HttpMethod.GET, "/api/attachments/" + image + "/content", ben).statusCode())
        .as("not sent yet: only the uploader").isEqualTo(404);

    Reply sent = api.post("/api/conversations/" + conversationId + "/messages", ann, new JsonObject()
        .put("clientId", "c1").put("text", "").put("attachmentIds", new JsonArray().add(image).add(doc)));
    assertThat(sent.status()).as("%s", sent).isEqualTo(201);
    JsonArray attachments = sent.json().getJsonArray("attachments");
    assertThat(attachments).hasSize(2);
    assertThat(attachments.getJsonObject(0).getString("id")).isEqualTo(image);
    assertThat(attachments.getJsonObject(0).getString("url")).isEqualTo("/api/attachments/" + image + "/content");

    HttpResponse<Buffer> whole = raw(HttpMethod.GET, "/api/attachments/" + doc + "/content", ben);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body().getBytes()).isEqualTo(pdfLike);
    String etag = whole.getHeader("ETag");
    assertThat(etag).isEqualTo("\"" + TusClient.sha256Hex(pdfLike) + "\"");
    assertThat(whole.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(whole.getHeader("Content-Security-Policy")).isEqualTo("default-src 'none'; sandbox");
    assertThat(whole.getHeader("Content-Disposition")).isEqualTo("attachment; filename*=UTF-8''notes.txt");
    assertThat(whole.getHeader("Cache-Control")).startsWith("private");

    HttpResponse<Buffer> part = raw(HttpMethod.GET, "/api/attachments/" + doc + "/content", ben, "Range",
        "bytes=100-199");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.getHeader("Content-Range")).isEqualTo("bytes 100-199/5000");
    assertThat(part.body().getBytes()).isEqualTo(Arrays.copyOfRange(pdfLike, 100, 200));
    assertThat(raw(HttpMethod.GET, "/api/attachments/" + doc + "/content", ben, "Range", "bytes=-10").body()
        .getBytes()).isEqualTo(Arrays.copyOfRange(pdfLike, 4990, 5000));
    HttpResponse<Buffer> outside = raw(HttpMethod.GET, "/api/attachments/" + doc + "/content", ben, "Range",
        "bytes=6000-");
    assertThat(outside.statusCode()).isEqualTo(416);
    assertThat(outside.getHeader("Content-Range")).isEqualTo("bytes */5000");
    assertThat(raw(HttpMethod.GET, "/api/attachments/" + doc + "/content", ben, "If-None-Match", etag)
        .statusCode()).isEqualTo(304);

    assertThat(raw(HttpMethod.GET, "/api/attachments/" + image + "/content", ben).body().length())
        .isGreaterThan(0);
    JsonObject metadata = api.get("/api/attachments/" + image, ben).json();
    assertThat(metadata.getString("id")).isEqualTo(image);
    if (metadata.getString("previewUrl") != null) {
      HttpResponse<Buffer> preview = raw(HttpMethod.GET, metadata.getString("previewUrl"), ben);
      assertThat(preview.statusCode()).isEqualTo(200);
      assertThat(preview.getHeader("Content-Type")).startsWith("image/");
    } else {
      assertThat(metadata.getString("previewFailure")).isNotBlank();
    }

    // A copied link does not work for a non-member; a signed one does, until it expires.
    assertThat(raw(HttpMethod.GET, "/api/attachments/" + doc + "/content", eve).statusCode()).isEqualTo(404);
    assertThat(api.get("/api/attachments/" + doc, eve).status()).isEqualTo(404);
    assertThat(api.post("/api/attachments/" + doc + "/link", eve, new JsonObject()).status()).isEqualTo(404);
    JsonObject link = api.post("/api/attachments/" + doc + "/link", ben, new JsonObject()).json();
    HttpResponse<Buffer> signed = raw(HttpMethod.GET, link.getString("url"), Caller.anonymous());
    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(signed.body().getBytes()).isEqualTo(pdfLike);
    assertThat(raw(HttpMethod.GET, link.getString("url").replace("sig=", "sig=x"), Caller.anonymous()).statusCode())
        .isEqualTo(404);
    Thread.sleep(2100);
    assertThat(raw(HttpMethod.GET, link.getString("url"), Caller.anonymous()).statusCode()).isEqualTo(404);

    // Media and files.
    JsonObject media = api.get("/api/conversations/" + conversationId + "/attachments?kinds=image", ben).json();
    JsonObject all = api.get("/api/conversations/" + conversationId + "/attachments?limit=1", ben).json();
    assertThat(all.getJsonArray("items")).hasSize(1);
    assertThat(all.getString("next")).isNotNull();
    JsonObject second = api.get("/api/conversations/" + conversationId + "/attachments?limit=1&before="
        + all.getString("next"), ben).json();
    assertThat(second.getJsonArray("items")).hasSize(1);
    assertThat(second.getValue("next")).isNull();
    assertThat(api.get("/api/conversations/" + conversationId + "/attachments", eve).status()).isEqualTo(404);
    JsonObject item = second.getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("senderName")).isEqualTo(ann.displayName());
    assertThat(media.getJsonArray("items").size() + all.getJsonArray("items").size()).isGreaterThan(0);

    // Someone else's attachment they cannot see is refused at send.
    String annsOther = tus.attachment(ann, TestFiles.text(10), "x.txt", "text/plain");
    Reply stolen = api.post("/api/conversations/" + conversationId + "/messages", ben, new JsonObject()
        .put("clientId", "c2").put("attachmentIds", new JsonArray().add(annsOther)));
    assertThat(stolen.status()).isEqualTo(400);
    assertThat(stolen.json().getString("field")).isEqualTo("/attachmentIds/0");
    // ... but one already visible to them may be forwarded.
    String group = api.group(ben, "Team", eve).getString("id");
    Reply forwarded = api.post("/api/conversations/" + group + "/messages", ben, new JsonObject()
        .put("clientId", "c3").put("attachmentIds", new JsonArray().add(doc)));
    assertThat(forwarded.status()).as("%s", forwarded).isEqualTo(201);
    assertThat(raw(HttpMethod.GET, "/api/attachments/" + doc + "/content", eve).statusCode()).isEqualTo(200);
  }

  @Test
  void deletingTheLastMessage_deletesTheBlob_andFreesTheQuota() {
    TestUser ann = api.signUp("Ann");
    TestUser ben = api.signUp("Ben");
    String conversationId = api.direct(ann, ben).getString("id");
    byte[] file = TestFiles.text(7777);
    String id = tus.attachment(ann, file, "d.txt", "text/plain");
    String sha = TusClient.sha256Hex(file);
    JsonObject message = api.post("/api/conversations/" + conversationId + "/messages", ann, new JsonObject()
        .put("clientId", "d1").put("text", "here").put("attachmentIds", new JsonArray().add(id))).json();
    assertThat(api.get("/api/me/storage", ann).json().getLong("usedBytes")).isEqualTo(7777L);
    BlobStore store = p.platform().attachments().store();
    assertThat(await(store.exists(sha))).isTrue();

    // As message deletion does: the tombstone, then the event.
    p.sql("UPDATE messages SET deleted_at = 1, extras = NULL WHERE id = ?", message.getString("id"));
    assertThat(raw(HttpMethod.GET, "/api/attachments/" + id + "/content", ben).statusCode()).isEqualTo(404);
    p.vertx().eventBus().publish(Attachments.MESSAGES_DELETED, new JsonObject().put("conversationId", conversationId)
        .put("messageId", message.getString("id")).put("attachmentIds", new JsonArray().add(id)));
    await().atMost(Duration.ofSeconds(10)).until(() -> !await(store.exists(sha)));
    assertThat(api.get("/api/me/storage", ann).json().getLong("usedBytes")).isZero();
    assertThat(raw(HttpMethod.GET, "/api/attachments/" + id + "/content", ann).statusCode()).isEqualTo(404);
  }

  @Test
  void postgresLargeObjects_roundTrip() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(kind == TestDatabases.Kind.POSTGRESQL, "PostgreSQL only");
    PostgresBlobStore store = new PostgresBlobStore(p.vertx(), p.platform().database().pool());
    byte[] bytes = new byte[3 * PostgresBlobStore.CHUNK + 12345];
    new java.util.Random(7).nextBytes(bytes);
    String sha = TusClient.sha256Hex(bytes);
    java.nio.file.Path file = Files.createTempFile("blob", ".bin");
    Files.write(file, bytes);
    await(store.put(sha, file));
    assertThat(Files.exists(file)).as("taken over").isFalse();
    java.nio.file.Path again = Files.createTempFile("blob", ".bin");
    Files.write(again, bytes);
    await(store.put(sha, again)); // the same content: stored once
    assertThat(p.sql("SELECT oid FROM attachment_large_objects WHERE sha256 = ?", sha)).hasSize(1);
    assertThat(await(store.size(sha))).isEqualTo((long) bytes.length);
    assertThat(await(store.read(sha)).getBytes()).isEqualTo(bytes);
    Buffer range = Buffer.buffer();
    await(store.copyTo(sha, PostgresBlobStore.CHUNK - 10, 20 + PostgresBlobStore.CHUNK, new BufferStream(range)));
    assertThat(range.getBytes()).isEqualTo(Arrays.copyOfRange(bytes, PostgresBlobStore.CHUNK - 10,
        2 * PostgresBlobStore.CHUNK + 10));
    await(store.delete(sha));
    assertThat(await(store.exists(sha))).isFalse();
    assertThat(p.sql("SELECT count(*) AS n FROM pg_largeobject_metadata")).isNotNull();
  }

  /** A write stream into a buffer. */
  private static final class BufferStream implements io.vertx.core.streams.WriteStream<Buffer> {
    private final Buffer into;

    BufferStream(Buffer into) {
      this.into = into;
    }

    @Override
    public io.vertx.core.streams.WriteStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
      return this;
    }

    @Override
    public io.vertx.core.Future<Void> write(Buffer data) {
      into.appendBuffer(data);
      return io.vertx.core.Future.succeededFuture();
    }

    @Override
    public io.vertx.core.Future<Void> end() {
      return io.vertx.core.Future.succeededFuture();
    }

    @Override
    public io.vertx.core.streams.WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public io.vertx.core.streams.WriteStream<Buffer> drainHandler(io.vertx.core.Handler<Void> handler) {
      return this;
    }
  }

  @SuppressWarnings("unused")
  private static MultiMap none() {
    return MultiMap.caseInsensitiveMultiMap();
  }
}
