package dev.parley.core.apps.broker;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Attachments in memory, for the broker's tests of files in apps: finished uploads by their
 * uploader, their bytes, files made by apps (refused when the declared type is not what the first
 * bytes say, like the real content check), and which cards show which file.
 */
final class FakeAttachments implements AttachmentAccess {

  record Stored(String uploaderId, JsonObject json, byte[] bytes) {
  }

  /** A card showed an attachment to its conversation. */
  record Shown(String conversationId, String messageId, String attachmentId) {
  }

  private final Map<String, Stored> byId = new ConcurrentHashMap<>();
  final List<Shown> shown = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  /** A finished upload of {@code uploaderId}; answers its id. */
  String upload(String uploaderId, String name, String contentType, byte[] bytes) {
    String n = Integer.toString(next.incrementAndGet(), 32).replace('0', 'z').replace('1', 'y').replace('8', 'x')
        .replace('9', 'w');
    String id = ("fakeattachment" + "aaaaaa").substring(0, 20 - n.length()) + n;
    String sha256;
    try {
      sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    JsonObject json = new JsonObject().put("id", id).put("kind", contentType.startsWith("image/") ? "image" : "file")
        .put("contentType", contentType).put("name", name).put("size", bytes.length).put("sha256", sha256)
        .put("inline", contentType.startsWith("image/")).put("url", "/api/attachments/" + id + "/content");
    byId.put(id, new Stored(uploaderId, json, bytes));
    return id;
  }

  @Override
  public Future<Optional<JsonObject>> uploadedBy(String accountId, String id) {
    Stored s = byId.get(id);
    return Future.succeededFuture(s != null && s.uploaderId().equals(accountId)
        ? Optional.of(s.json().copy())
        : Optional.empty());
  }

  @Override
  public Future<Optional<JsonObject>> ready(String id) {
    Stored s = byId.get(id);
    return Future.succeededFuture(s == null ? Optional.empty() : Optional.of(s.json().copy()));
  }

  @Override
  public Future<Buffer> read(String id, long offset, int length) {
    byte[] b = byId.get(id).bytes();
    int from = (int) Math.min(offset, b.length);
    int to = (int) Math.min(b.length, offset + length);
    return Future.succeededFuture(Buffer.buffer(java.util.Arrays.copyOfRange(b, from, to)));
  }

  @Override
  public Future<JsonObject> create(String accountId, String name, String declaredType, Buffer data) {
    boolean pdf = data.length() >= 4 && data.getString(0, 4).equals("%PDF");
    if ("application/pdf".equals(declaredType) != pdf) {
      return Future.failedFuture(dev.parley.core.common.PlatformException.invalid("/data", "declared "
          + declaredType + " but found " + (pdf ? "application/pdf" : "application/octet-stream")));
    }
    String id = upload(accountId, name, declaredType, data.getBytes());
    return Future.succeededFuture(byId.get(id).json().copy());
  }

  @Override
  public Future<Void> showIn(String conversationId, String messageId, long seq, String id) {
    shown.add(new Shown(conversationId, messageId, id));
    return Future.succeededFuture();
  }
}
