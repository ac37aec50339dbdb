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
        .put("version", new JsonObject().put("name", version).put("code", 1))
        .put("icons", new JsonArray().add(new JsonObject().put("src", "icon.png").put("sizes", "1x1")))
        .put("req_permissions", asked)
        .put("pages", new JsonArray().add("ui/index.html"))
        .put("commands", new JsonArray()
            .add(new JsonObject().put("name", "hello").put("description", "says hello").put("handler", "hello"))
            .add(new JsonObject().put("name", "boom").put("description", "fails").put("handler", "boom")));
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
    Reply up = upload(api, dev, appId, bundle(appId, version, permissions));
    expect(up, 201);
    expect(api.post("/api/developer/apps/" + appId + "/versions/" + version + "/submit", dev, new JsonObject()), 200);
    Reply approved = api.post("/api/admin/apps/" + appId + "/versions/" + version + "/approve", admin, new JsonObject());
    expect(approved, 200);
    return approved.json();
  }

  private static void expect(Reply reply, int status) {
    if (reply.status() != status) {
      throw new AssertionError("expected " + status + ", got " + reply);
    }
  }
}
