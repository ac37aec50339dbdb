package dev.parley.core.attachments;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** tus requests as a test client makes them. */
final class TusClient {

  private final ApiClient api;

  TusClient(ApiClient api) {
    this.api = api;
  }

  static Caller with(Caller caller, String... headers) {
    Map<String, String> all = new HashMap<>(caller.headers());
    for (int i = 0; i < headers.length; i += 2) {
      all.put(headers[i], headers[i + 1]);
    }
    return () -> all;
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(Digests.sha256().digest(bytes));
  }

  Reply create(Caller caller, long length, String name, String type, String sha256Hex) {
    String meta = "filename " + b64(name) + ",filetype " + b64(type)
        + (sha256Hex == null ? "" : ",sha256 " + b64(sha256Hex));
    return api.request(HttpMethod.POST, "/api/uploads", with(caller, "Tus-Resumable", "1.0.0",
        "Upload-Length", Long.toString(length), "Upload-Metadata", meta), null, null);
  }

  /** Creates an upload and answers its path. */
  String start(Caller caller, long length, String name, String type) {
    Reply created = create(caller, length, name, type, null);
    if (created.status() != 201) {
      throw new AssertionError("create: " + created);
    }
    return created.header("Location");
  }

  Reply patch(Caller caller, String path, long offset, byte[] chunk, String... extra) {
    String[] headers = new String[4 + extra.length];
    headers[0] = "Tus-Resumable";
    headers[1] = "1.0.0";
    headers[2] = "Upload-Offset";
    headers[3] = Long.toString(offset);
    System.arraycopy(extra, 0, headers, 4, extra.length);
    return api.request(HttpMethod.PATCH, path, with(caller, headers), Buffer.buffer(chunk),
        "application/offset+octet-stream");
  }

  Reply head(Caller caller, String path) {
    return api.request(HttpMethod.HEAD, path, with(caller, "Tus-Resumable", "1.0.0"), null, null);
  }

  /** Uploads the whole file in one PATCH; answers the last reply. */
  Reply upload(Caller caller, byte[] bytes, String name, String type) {
    String path = start(caller, bytes.length, name, type);
    return patch(caller, path, 0, bytes);
  }

  /** Uploads and answers the attachment id. */
  String attachment(Caller caller, byte[] bytes, String name, String type) {
    Reply done = upload(caller, bytes, name, type);
    if (done.status() != 204 || done.header("Parley-Attachment-Id") == null) {
      throw new AssertionError("upload: " + done);
    }
    return done.header("Parley-Attachment-Id");
  }
}
