package dev.parley.core.apps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestApps.RawEntry;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.runtime.BundleOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile and wrong bundle uploads, on both databases. Each is refused with a 4xx problem that
 * names what is wrong; none leaves anything behind (no version, no audit entry, no stored zip);
 * and the server goes on accepting uploads. The platform runs with small caps (256 KiB archives,
 * 1 MiB inflated) so that the limits are cheap to reach.
 */
class BundleUploadBadInputTest extends PlatformTestBase {

  private static final int MAX_ARCHIVE = 256 << 10;
  private static final int MAX_TOTAL = 1 << 20;

  private TestUser admin;
  private TestUser dev;
  private String appId;
  private final AtomicInteger minor = new AtomicInteger(1);

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setBundles(new BundleOptions()
        .setMaxArchiveBytes(MAX_ARCHIVE).setMaxTotalBytes(MAX_TOTAL)));
  }

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dev");
    appId = TestApps.appId(api, "target");
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, admin, appId, "1.0.0");
  }

  // ---- size and zip bombs ----

  @Test
  void archiveOverTheCap_is413NamingTheLimit() {
    Map<String, byte[]> files = TestApps.files(appId, next());
    files.put("noise.bin", random(MAX_ARCHIVE + 1024)); // incompressible: the zip is over the cap
    JsonObject problem = refused(() -> upload(TestApps.zip(files)), 413, "ARCHIVE_TOO_LARGE");
    assertThat(problem.getString("detail")).contains(Integer.toString(MAX_ARCHIVE));
  }

  @Test
  void archiveFarOverTheCap_isRefusedByTheBodyLimit_with413NamingTheLimit() {
    Reply reply = upload(random(4 * MAX_ARCHIVE));
    assertThat(reply.status()).as("%s", reply).isEqualTo(413);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("detail")).as("the limit is named").contains(Integer.toString(MAX_ARCHIVE));
    stillServing();
  }

  @Test
  void zipBomb_byCompressionRatio_isRefused() {
    Map<String, byte[]> files = TestApps.files(appId, next());
    files.put("data/zeros.bin", new byte[2 << 20]); // 2 MiB of zeros deflate ~1000 times
    JsonObject problem = refused(() -> upload(TestApps.zip(files)), 400, "COMPRESSION_RATIO");
    assertThat(problem.getString("file")).isEqualTo("data/zeros.bin");
    assertThat(problem.getString("detail")).contains("100 times");
  }

  @Test
  void zipBomb_byTotalInflatedSize_isRefused() {
    Map<String, byte[]> files = TestApps.files(appId, next());
    Random random = new Random(7);
    for (int i = 0; i < 12; i++) {
      byte[] lowEntropy = new byte[100 << 10]; // one bit per byte: deflates ~8 times, under the ratio cap
      for (int j = 0; j < lowEntropy.length; j++) {
        lowEntropy[j] = (byte) (random.nextBoolean() ? 'a' : 'b');
      }
      files.put("data/part" + i + ".txt", lowEntropy);
    }
    byte[] zip = TestApps.zip(files);
    assertThat(zip.length).as("the archive itself is under its cap").isLessThan(MAX_ARCHIVE);
    JsonObject problem = refused(() -> upload(zip), 413, "TOTAL_TOO_LARGE");
    assertThat(problem.getString("detail")).contains(Integer.toString(MAX_TOTAL));
  }

  // ---- hostile entries ----

  @Test
  void pathTraversalEntry_isRefused() {
    Map<String, byte[]> files = TestApps.files(appId, next());
    files.put("../x", "escaped".getBytes(StandardCharsets.UTF_8));
    JsonObject problem = refused(() -> upload(TestApps.zip(files)), 400, "PATH_TRAVERSAL");
    assertThat(problem.getString("file")).isEqualTo("../x");
  }

  @Test
  void absolutePathEntry_isRefused() {
    Map<String, byte[]> files = TestApps.files(appId, next());
    files.put("/etc/cron.d/x", "* * * * * root id".getBytes(StandardCharsets.UTF_8));
    JsonObject problem = refused(() -> upload(TestApps.zip(files)), 400, "ABSOLUTE_PATH");
    assertThat(problem.getString("file")).isEqualTo("/etc/cron.d/x");
  }

  @Test
  void symlinkEntry_isRefused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : TestApps.files(appId, next()).entrySet()) {
        z.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
        z.write(f.getValue());
        z.closeArchiveEntry();
      }
      ZipArchiveEntry link = new ZipArchiveEntry("ui/passwd");
      link.setUnixMode(0120777);
      z.putArchiveEntry(link);
      z.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
      z.closeArchiveEntry();
    }
    JsonObject problem = refused(() -> upload(out.toByteArray()), 400, "SYMLINK");
    assertThat(problem.getString("file")).isEqualTo("ui/passwd");
  }

  @Test
  void duplicateEntries_areRefused() {
    String version = next();
    List<RawEntry> entries = new java.util.ArrayList<>();
    TestApps.files(appId, version).forEach((name, data) -> entries.add(RawEntry.of(name, data)));
    entries.add(RawEntry.of("server.js", "export async function hello() { return { text: 'evil twin' }; }"
        .getBytes(StandardCharsets.UTF_8)));
    JsonObject problem = refused(() -> upload(TestApps.rawZip(entries)), 400, "DUPLICATE_ENTRY");
    assertThat(problem.getString("file")).isEqualTo("server.js");
  }

  @Test
  void handBuiltZip_withoutTricks_isAccepted() {
    // The hand-built writer itself makes valid archives: the refusals above are about their entries.
    String version = next();
    List<RawEntry> entries = new java.util.ArrayList<>();
    TestApps.files(appId, version).forEach((name, data) -> entries.add(RawEntry.of(name, data)));
    Reply reply = upload(TestApps.rawZip(entries));
    assertThat(reply.status()).as("%s", reply).isEqualTo(201);
  }

  // ---- the manifest ----

  @Test
  void manifestNotUtf8_isRefused() {
    Map<String, byte[]> files = TestApps.files(appId, next());
    // "Café" written in Latin-1: the byte 0xE9 alone is not UTF-8
    String text = new String(files.get("manifest.json"), StandardCharsets.UTF_8)
        .replace("an app made by a test", "Caf\u00e9");
    files.put("manifest.json", text.getBytes(StandardCharsets.ISO_8859_1));
    JsonObject problem = refused(() -> upload(TestApps.zip(files)), 400, "MANIFEST_INVALID");
    assertThat(problem.getString("file")).isEqualTo("manifest.json");
    assertThat(problem.getString("detail")).contains("UTF-8");
  }

  @Test
  void manifestWithAnUnknownField_isRefused_namingIt() {
    String version = next();
    Map<String, byte[]> files = TestApps.files(appId, version);
    files.put("manifest.json", TestApps.manifest(appId, version).put("colour", "red").encode()
        .getBytes(StandardCharsets.UTF_8));
    JsonObject problem = refused(() -> upload(TestApps.zip(files)), 400, "MANIFEST_INVALID");
    assertThat(problem.getJsonArray("problems").encode()).contains("colour");
    assertThat(problem.getString("detail")).contains("colour");
  }

  @Test
  void manifestMissingARequiredField_isRefused_withItsPointer() {
    String version = next();
    Map<String, byte[]> files = TestApps.files(appId, version);
    JsonObject manifest = TestApps.manifest(appId, version);
    manifest.getJsonObject("version").remove("code");
    files.put("manifest.json", manifest.encode().getBytes(StandardCharsets.UTF_8));
    JsonObject problem = refused(() -> upload(TestApps.zip(files)), 400, "MANIFEST_INVALID");
    assertThat(problem.getString("field")).isEqualTo("/version");
    JsonObject first = problem.getJsonArray("problems").getJsonObject(0);
    assertThat(first.getString("path")).isEqualTo("/version");
    assertThat(first.getString("message")).contains("\"code\"");
  }

  @Test
  void manifestForAnotherApp_isRefused() {
    String other = TestApps.appId(api, "other");
    JsonObject problem = refused(() -> upload(TestApps.bundle(other, next())), 400, null);
    assertThat(problem.getString("field")).isEqualTo("/app_id");
    assertThat(problem.getString("detail")).contains(other).contains(appId);
  }

  // ---- the code ----

  @Test
  void serverJsSyntaxError_isRefused() {
    byte[] zip = TestApps.bundleWithServer(appId, next(), "export async function hello( {\n  return 1;\n}\n", "hello");
    JsonObject problem = refused(() -> upload(zip), 400, "SYNTAX_ERROR");
    assertThat(problem.getString("detail")).contains("server.js");
  }

  @Test
  void handlerNamedButNotExported_isRefused() {
    byte[] zip = TestApps.bundleWithServer(appId, next(), "export async function hello() { return {}; }\n",
        "hello", "vanished");
    JsonObject problem = refused(() -> upload(zip), 400, "MISSING_HANDLER");
    assertThat(problem.getString("detail")).contains("vanished");
    assertThat(problem.getJsonArray("problems").encode()).contains("vanished");
  }

  // ---- version numbers ----

  @Test
  void versionNotAboveTheLiveOne_is409() {
    JsonObject problem = refused(() -> upload(TestApps.bundle(appId, "0.9.0")), 409, null);
    assertThat(problem.getString("detail")).contains("0.9.0").contains("not above");
  }

  // Regression (issue 19, finding 15): version.code 3 then 1 was accepted.
  @Test
  void versionCodeNotAboveTheHighestEarlierCode_is400OnVersionCode() {
    String codes = TestApps.appId(api, "codes"); // its own app: the class's app keeps the codes TestApps gives
    TestApps.createApp(api, dev, codes);
    assertThat(TestApps.upload(api, dev, codes, withCode(codes, "1.0.0", 3)).status()).isEqualTo(201);

    for (long code : new long[] {1, 3}) {
      JsonObject problem = refused(() -> TestApps.upload(api, dev, codes, withCode(codes, "1.1.0", code)), 400, null);
      assertThat(problem.getString("field")).as("code %d", code).isEqualTo("/version/code");
      assertThat(problem.getString("detail")).contains("version.code " + code).contains("not above 3");
      assertThat(TestApps.versionNames(api, dev, codes)).containsExactly("1.0.0");
    }
    assertThat(TestApps.upload(api, dev, codes, withCode(codes, "1.1.0", 4)).status()).isEqualTo(201);
  }

  private static byte[] withCode(String app, String version, long code) {
    Map<String, byte[]> files = TestApps.files(app, version);
    JsonObject manifest = TestApps.manifest(app, version);
    manifest.getJsonObject("version").put("code", code);
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    return TestApps.zip(files);
  }

  @Test
  void sameVersionNumber_withOtherContent_is409() {
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    files.put("ui/index.html",
        "<!doctype html><p>changed behind the reviewer's back</p>".getBytes(StandardCharsets.UTF_8));
    JsonObject problem = refused(() -> upload(TestApps.zip(files)), 409, null);
    assertThat(problem.getString("detail")).contains("1.0.0").contains("other content");
  }

  // ---- the request itself ----

  @Test
  void emptyBody_isRefused() {
    JsonObject problem = refused(() -> upload(new byte[0]), 400, null);
    assertThat(problem.getString("field")).isEqualTo("/bundle");
    assertThat(problem.getString("detail")).contains("empty");
  }

  @Test
  void wrongContentType_isRefused() {
    JsonObject problem = refused(() -> api.request(HttpMethod.POST, versionsPath(), dev,
        Buffer.buffer(TestApps.bundle(appId, next())), "text/plain"), 400, null);
    assertThat(problem.getString("detail")).contains("application/zip");
  }

  @Test
  void multipartWithoutABundlePart_isRefused() {
    JsonObject problem = refused(() -> api.request(HttpMethod.POST, versionsPath(), dev,
        TestApps.multipart("file", TestApps.bundle(appId, next())), TestApps.MULTIPART_TYPE), 400, null);
    assertThat(problem.getString("field")).isEqualTo("/bundle");
    assertThat(problem.getString("detail")).contains("bundle");
  }

  @Test
  void brokenMultipart_isRefused() {
    Buffer garbage = Buffer.buffer("--not-the-boundary\r\nContent-Disposition: form-data; name=\"bundle\"\r\n\r\nxx");
    Reply reply = api.request(HttpMethod.POST, versionsPath(), dev, garbage, TestApps.MULTIPART_TYPE);
    assertThat(reply.status()).as("%s", reply).isBetween(400, 499);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    stillServing();
  }

  @Test
  void multipartUpload_works() {
    String version = next();
    Reply reply = api.request(HttpMethod.POST, versionsPath(), dev,
        TestApps.multipart("bundle", TestApps.bundle(appId, version)), TestApps.MULTIPART_TYPE);
    assertThat(reply.status()).as("%s", reply).isEqualTo(201);
    assertThat(reply.json().getString("version")).isEqualTo(version);
    assertThat(reply.json().getString("state")).isEqualTo("draft");
    assertThat(TestApps.versionNames(api, dev, appId)).contains(version);
  }

  @Test
  void garbageBytes_areRefusedAsMalformed() {
    byte[] garbage = "this is not a zip at all, just text pretending".getBytes(StandardCharsets.UTF_8);
    JsonObject problem = refused(() -> upload(garbage), 400, "MALFORMED_ARCHIVE");
    assertThat(problem.getString("detail")).contains("zip");
  }

  @Test
  void afterAllRefusals_aNormalUploadIsCreated() {
    upload(new byte[] {1, 2, 3});
    upload(TestApps.bundle(appId, "0.0.1"));
    String version = next();
    Reply reply = upload(TestApps.bundle(appId, version));
    assertThat(reply.status()).as("%s", reply).isEqualTo(201);
    assertThat(reply.json().getString("version")).isEqualTo(version);
  }

  /** The upload body of an anonymous caller is never read: the 401 comes while it is still being sent. */
  @Test
  void anonymousUpload_is401_beforeTheBodyIsRead() throws IOException {
    try (Socket socket = new Socket(api.host(), api.port())) {
      socket.setSoTimeout((int) ApiClient.TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + versionsPath() + " HTTP/1.1\r\nHost: " + api.host() + "\r\n"
          + "Content-Type: application/zip\r\nContent-Length: " + MAX_ARCHIVE + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[1024]); // and never the rest
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));

      String status = in.readLine();
      StringBuilder head = new StringBuilder();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        head.append(line.toLowerCase(java.util.Locale.ROOT)).append('\n');
      }
      assertThat(status).startsWith("HTTP/1.1 401");
      assertThat(head.toString()).contains("content-type: application/problem+json");
    }
    stillServing();
  }

  // ---- app ids ----

  @Test
  void takenAppId_is409() {
    JsonObject problem = refusedCreate(appId, 409);
    assertThat(problem.getString("detail")).contains(appId).contains("taken");
  }

  @Test
  void takenAppId_ofAnotherDeveloper_is409() {
    TestUser other = TestApps.developer(api, admin, "other");
    Reply reply = api.post("/api/developer/apps", other, newApp(appId));
    assertThat(reply.status()).as("%s", reply).isEqualTo(409);
    assertThat(TestApps.versionNames(api, dev, appId)).contains("1.0.0");
  }

  @Test
  void reservedAppId_isRefused() {
    JsonObject problem = refusedCreate("admin", 409);
    assertThat(problem.getString("detail")).contains("reserved");
  }

  @Test
  void malformedAppId_is400OnTheIdField() {
    for (String bad : List.of("Bad_Id", "ab", "9lives", "ends-", "a".repeat(33), "two--dashes")) {
      JsonObject problem = refusedCreate(bad, 400);
      assertThat(problem.getString("field")).as(bad).isEqualTo("/id");
    }
  }

  // ---- helpers ----

  private String versionsPath() {
    return "/api/developer/apps/" + appId + "/versions";
  }

  /** A version number above every earlier one. */
  private String next() {
    return "1." + minor.incrementAndGet() + ".0";
  }

  private Reply upload(byte[] zip) {
    return TestApps.upload(api, dev, appId, zip);
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static JsonObject newApp(String id) {
    return new JsonObject().put("id", id).put("name", "Name").put("description", "d").put("category", "tools");
  }

  /** What an upload may have left behind: versions, audit entries, stored zips. */
  private record Traces(List<String> versions, List<String> audit, long bundles, long apps) {
  }

  private Traces traces() {
    return new Traces(TestApps.versionNames(api, dev, appId),
        TestApps.audit(api, admin, appId).stream().map(e -> e.getString("id")).toList(),
        p.sql("SELECT COUNT(*) AS n FROM bundles").get(0).getLong("n"),
        p.sql("SELECT COUNT(*) AS n FROM apps").get(0).getLong("n"));
  }

  /**
   * Runs a request that must be refused with {@code status} (and the bundle {@code reason} unless
   * null) as a problem; checks that it left nothing behind and that uploads still work. Returns
   * the problem.
   */
  private JsonObject refused(Supplier<Reply> request, int status, String reason) {
    Traces before = traces();
    Reply reply = request.get();
    assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    assertThat(reply.contentType()).as("%s", reply).isEqualTo("application/problem+json");
    JsonObject problem = reply.json();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).isNotBlank();
    if (reason != null) {
      assertThat(problem.getString("reason")).as("%s", reply).isEqualTo(reason);
      assertThat(problem.getJsonArray("problems")).as("%s", reply).isNotEmpty();
    }
    assertThat(reply.body()).doesNotContain("Exception", "dev.parley", "\tat ");
    assertThat(traces()).as("a refused upload leaves nothing behind").isEqualTo(before);
    stillServing();
    return problem;
  }

  private JsonObject refusedCreate(String id, int status) {
    Traces before = traces();
    Reply reply = api.post("/api/developer/apps", dev, newApp(id));
    assertThat(reply.status()).as("%s: %s", id, reply).isEqualTo(status);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    assertThat(traces()).isEqualTo(before);
    return reply.json();
  }

  /** The upload path still works: the live version's own bytes again answer 200 with it. */
  private void stillServing() {
    Reply again = upload(TestApps.bundle(appId, "1.0.0"));
    assertThat(again.status()).as("an identical re-upload after a refusal: %s", again).isEqualTo(200);
    assertThat(again.json().getString("version")).isEqualTo("1.0.0");
  }
}
