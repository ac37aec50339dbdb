package dev.parley.core;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Shared registry fixtures: bundles made in memory, and a developer who publishes them. */
public final class TestApps {

  /** A 1x1 PNG. */
  public static final byte[] ICON = java.util.Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  /** A server module whose {@code hello} command answers with the text it got. */
  public static final String SERVER_JS = """
      export async function hello(event, context) {
        console.log("hello from " + context.appId);
        return { text: "hello " + event.text };
      }
      export async function boom() {
        throw new Error("boom at " + Date.now());
      }
      """;

  private TestApps() {
  }

  /** A manifest with the commands {@code /hello} and {@code /boom}, asking for {@code permissions}. */
  public static JsonObject manifest(String appId, String version, String... permissions) {
    JsonArray asked = new JsonArray();
    for (String p : permissions) {
      asked.add(new JsonObject().put("name", p).put("reason", "because the test needs " + p));
    }
    return new JsonObject()
        .put("app_id", appId)
        .put("name", "Test app " + appId)
        .put("description", "an app made by a test")
        .put("version", new JsonObject().put("name", version).put("code", code(version)))
        .put("icons", new JsonArray().add(new JsonObject().put("src", "icon.png").put("sizes", "1x1")))
        .put("req_permissions", asked)
        .put("pages", new JsonArray().add("ui/index.html"))
        .put("commands", new JsonArray()
            .add(new JsonObject().put("name", "hello").put("description", "says hello").put("handler", "hello"))
            .add(new JsonObject().put("name", "boom").put("description", "fails").put("handler", "boom")));
  }

  /**
   * The release code of a version: it rises with the semantic version, as the platform requires
   * ({@code 1.2.3} is {@code 1002003}; parts up to 999).
   */
  public static long code(String version) {
    String[] parts = version.split("[-+]")[0].split("\\.");
    return Long.parseLong(parts[0]) * 1_000_000 + Long.parseLong(parts[1]) * 1_000 + Long.parseLong(parts[2]);
  }

  /** The files of a valid bundle. */
  public static Map<String, byte[]> files(String appId, String version, String... permissions) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("manifest.json", manifest(appId, version, permissions).encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    files.put("icon.png", ICON);
    files.put("ui/index.html", "<!doctype html><title>app</title><p>hello</p>".getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** A valid bundle's zip. */
  public static byte[] bundle(String appId, String version, String... permissions) {
    return zip(files(appId, version, permissions));
  }

  /** Zips files with java.util.zip (deflated), in the map's order. */
  public static byte[] zip(Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A fresh account with the developer role. */
  public static TestUser developer(ApiClient api, TestUser admin, String name) {
    TestUser dev = api.signUp(name);
    api.grant(admin, dev, "developer");
    return api.newSession(dev);
  }

  /** A unique app id. */
  public static String appId(ApiClient api, String name) {
    return api.uniqueName(name).replace('_', '-').replace('.', '-');
  }

  /** Creates an app owned by {@code dev}. */
  public static JsonObject createApp(ApiClient api, TestUser dev, String appId) {
    Reply reply = api.post("/api/developer/apps", dev, new JsonObject().put("id", appId).put("name", "App " + appId)
        .put("description", "made by a test").put("category", "tools"));
    if (reply.status() != 201) {
      throw new AssertionError("creating " + appId + ": " + reply);
    }
    return reply.json();
  }

  /** Uploads a zip as the raw body. */
  public static Reply upload(ApiClient api, Caller dev, String appId, byte[] zip) {
    return api.request(HttpMethod.POST, "/api/developer/apps/" + appId + "/versions", dev, Buffer.buffer(zip),
        "application/zip");
  }

  /** Uploads, submits and approves a version, which then goes live. */
  public static JsonObject publish(ApiClient api, TestUser dev, TestUser admin, String appId, String version,
      String... permissions) {
    return publish(api, dev, admin, appId, version, bundle(appId, version, permissions));
  }

  /** Uploads, submits and approves the bundle {@code zip} of {@code version}, which then goes live. */
  public static JsonObject publish(ApiClient api, TestUser dev, TestUser admin, String appId, String version,
      byte[] zip) {
    Reply up = upload(api, dev, appId, zip);
    expect(up, 201);
    expect(api.post("/api/developer/apps/" + appId + "/versions/" + version + "/submit", dev, new JsonObject()), 200);
    Reply approved = api.post("/api/admin/apps/" + appId + "/versions/" + version + "/approve", admin,
        new JsonObject());
    expect(approved, 200);
    return approved.json();
  }

  /** A valid bundle whose {@code server.js} is {@code serverJs}, with commands {@code handlers} (name = handler). */
  public static byte[] bundleWithServer(String appId, String version, String serverJs, String... handlers) {
    Map<String, byte[]> files = files(appId, version);
    JsonObject manifest = manifest(appId, version);
    JsonArray commands = new JsonArray();
    for (String h : handlers) {
      commands.add(new JsonObject().put("name", h).put("description", "runs " + h).put("handler", h));
    }
    manifest.put("commands", commands);
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", serverJs.getBytes(StandardCharsets.UTF_8));
    return zip(files);
  }

  /** One entry of a hand-built zip: its raw name bytes, content and unix mode (0 for none). */
  public record RawEntry(byte[] name, byte[] data, int unixMode) {
    public static RawEntry of(String name, byte[] data) {
      return new RawEntry(name.getBytes(StandardCharsets.UTF_8), data, 0);
    }
  }

  /**
   * A zip written byte by byte (entries stored, not deflated), for archives that zip libraries
   * refuse to write: duplicate names, raw name bytes, any unix mode (0120777 is a symbolic link).
   */
  public static byte[] rawZip(java.util.List<RawEntry> entries) {
    java.nio.ByteBuffer local = java.nio.ByteBuffer.allocate(1 << 22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.nio.ByteBuffer central = java.nio.ByteBuffer.allocate(1 << 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (RawEntry e : entries) {
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(e.data());
      int offset = local.position();
      local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800).putShort((short) 0) // stored, UTF-8 flag
          .putShort((short) 0).putShort((short) 0x21) // time, date
          .putInt((int) crc.getValue()).putInt(e.data().length).putInt(e.data().length)
          .putShort((short) e.name().length).putShort((short) 0).put(e.name()).put(e.data());
      int madeBy = e.unixMode() != 0 ? (3 << 8) | 20 : 20; // 3 = unix: the external attributes hold the mode
      central.putInt(0x02014b50).putShort((short) madeBy).putShort((short) 20).putShort((short) 0x0800)
          .putShort((short) 0).putShort((short) 0).putShort((short) 0x21)
          .putInt((int) crc.getValue()).putInt(e.data().length).putInt(e.data().length)
          .putShort((short) e.name().length).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putInt(e.unixMode() << 16).putInt(offset).put(e.name());
    }
    int centralOffset = local.position();
    int centralSize = central.position();
    local.put(central.flip());
    local.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
        .putShort((short) entries.size()).putInt(centralSize).putInt(centralOffset).putShort((short) 0);
    return java.util.Arrays.copyOf(local.array(), local.position());
  }

  /** A {@code multipart/form-data} body with one file part; {@link #MULTIPART_TYPE} is its content type. */
  public static Buffer multipart(String partName, byte[] content) {
    Buffer body = Buffer.buffer();
    body.appendString("--" + BOUNDARY + "\r\n")
        .appendString("Content-Disposition: form-data; name=\"" + partName + "\"; filename=\"bundle.zip\"\r\n")
        .appendString("Content-Type: application/zip\r\n\r\n")
        .appendBytes(content)
        .appendString("\r\n--" + BOUNDARY + "--\r\n");
    return body;
  }

  private static final String BOUNDARY = "parley-test-boundary-7MA4YWxkTrZu0gW";
  /** The content type of {@link #multipart} bodies. */
  public static final String MULTIPART_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

  /** Uploads a valid bundle of {@code version} as a draft; fails unless 201. */
  public static JsonObject draft(ApiClient api, Caller dev, String appId, String version) {
    Reply up = upload(api, dev, appId, bundle(appId, version));
    expect(up, 201);
    return up.json();
  }

  /** Uploads a valid bundle of {@code version} and submits it for review. */
  public static JsonObject inReview(ApiClient api, Caller dev, String appId, String version) {
    draft(api, dev, appId, version);
    Reply submitted = api.request(HttpMethod.POST, "/api/developer/apps/" + appId + "/versions/" + version + "/submit",
        dev, new JsonObject().toBuffer(), "application/json");
    expect(submitted, 200);
    return submitted.json();
  }

  /** The version numbers of an app, newest first, as {@code caller} reads them. */
  public static java.util.List<String> versionNames(ApiClient api, Caller caller, String appId) {
    Reply reply = api.get("/api/developer/apps/" + appId + "/versions", caller);
    expect(reply, 200);
    return reply.array().stream().map(v -> ((JsonObject) v).getString("version")).toList();
  }

  /** The audit entries of an app, newest first (at most 200), as an admin reads them. */
  public static java.util.List<JsonObject> audit(ApiClient api, Caller admin, String appId) {
    Reply reply = api.get("/api/admin/audit?limit=200&appId=" + appId, admin);
    expect(reply, 200);
    return reply.json().getJsonArray("entries").stream().map(e -> (JsonObject) e).toList();
  }

  /** The URL of one file of a version, from its detail. */
  public static String fileUrl(ApiClient api, Caller caller, String appId, String version, String path) {
    Reply detail = api.get("/api/developer/apps/" + appId + "/versions/" + version, caller);
    expect(detail, 200);
    return detail.json().getJsonArray("files").stream().map(f -> (JsonObject) f)
        .filter(f -> f.getString("path").equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no file " + path + " in " + detail)).getString("url");
  }

  /**
   * Waits until {@code condition} holds, checking every 50 ms, at most {@code timeout}; for state
   * that changes on its own (a scheduled release), never instead of awaiting a known event.
   */
  public static void eventually(String what, java.time.Duration timeout, java.util.function.BooleanSupplier condition) {
    org.awaitility.Awaitility.await(what).atMost(timeout).pollInterval(java.time.Duration.ofMillis(50))
        .pollDelay(java.time.Duration.ZERO).until(condition::getAsBoolean);
  }

  private static void expect(Reply reply, int status) {
    if (reply.status() != status) {
      throw new AssertionError("expected " + status + ", got " + reply);
    }
  }
}
