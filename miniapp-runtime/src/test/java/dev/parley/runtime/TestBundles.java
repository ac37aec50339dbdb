package dev.parley.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Shared fixtures: manifests, zips and bundles made in memory. */
public final class TestBundles {

  /** A 1x1 PNG. */
  public static final byte[] ICON = java.util.Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  private TestBundles() {
  }

  /** A valid manifest with one command handled by {@code handler}. */
  public static String manifest(String appId, String version, String... handlers) {
    StringBuilder commands = new StringBuilder();
    for (int i = 0; i < handlers.length; i++) {
      if (i > 0) {
        commands.append(',');
      }
      commands.append("{\"name\":\"c").append(i).append("\",\"description\":\"d\",\"handler\":\"")
          .append(handlers[i]).append("\"}");
    }
    return """
        {
          "app_id": "%s",
          "name": "Test app",
          "version": {"name": "%s", "code": 1},
          "icons": [{"src": "icon.png", "sizes": "1x1"}],
          "req_permissions": [{"name": "cards.post", "reason": "to post"}],
          "commands": [%s]
        }
        """.formatted(appId, version, commands);
  }

  /** Files of a valid bundle with the given server module. */
  public static Map<String, byte[]> files(String appId, String version, String serverJs,
      String... handlers) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("manifest.json", manifest(appId, version, handlers).getBytes(StandardCharsets.UTF_8));
    files.put("server.js", serverJs.getBytes(StandardCharsets.UTF_8));
    files.put("icon.png", ICON);
    return files;
  }

  /** A validated bundle. */
  public static Bundle bundle(String appId, String version, String serverJs, String... handlers) {
    return BundleReader.create().read(zip(files(appId, version, serverJs, handlers)));
  }

  /** Zips files with java.util.zip (deflated). */
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
}
