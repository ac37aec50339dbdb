package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.runtime.MiniAppException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleReaderTest {

  private static final String JS = "export function pay() { return {}; }";

  private static Map<String, byte[]> files() {
    return TestBundles.files("splitpay", "1.0.0", JS, "pay");
  }

  private static MiniAppException error(BundleReader reader, byte[] zip) {
    MiniAppException e = catchThrowableOfType(MiniAppException.class, () -> reader.read(zip));
    assertThat(e).as("an error").isNotNull();
    return e;
  }

  private static MiniAppException error(byte[] zip) {
    return error(BundleReader.create(), zip);
  }

  /** One entry of a zip written with Commons Compress, to control what java.util.zip cannot. */
  record Entry(String name, byte[] data, int unixMode) {
    Entry(String name, byte[] data) {
      this(name, data, 0);
    }
  }

  private static byte[] rawZip(String encoding, List<Entry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
      z.setEncoding(encoding);
      z.setUseLanguageEncodingFlag(false);
      z.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
      for (Entry e : entries) {
        ZipArchiveEntry ze = new ZipArchiveEntry(e.name());
        if (e.unixMode() != 0) {
          ze.setUnixMode(e.unixMode());
        }
        z.putArchiveEntry(ze);
        z.write(e.data());
        z.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  private static List<Entry> validEntries() {
    return files().entrySet().stream().map(e -> new Entry(e.getKey(), e.getValue())).toList();
  }

  @Test
  void read_validZip_hasManifestFilesAndDigests() {
    Bundle b = BundleReader.create().read(TestBundles.zip(files()));
    assertThat(b.manifest().appId()).isEqualTo("splitpay");
    assertThat(b.files()).extracting(BundleFile::path)
        .containsExactly("manifest.json", "server.js", "icon.png");
    assertThat(b.file("server.js")).get().extracting(BundleFile::size).isEqualTo((long) JS.length());
    assertThat(b.file("server.js").orElseThrow().sha256()).hasSize(64);
    assertThat(b.sha256()).hasSize(64);
    assertThat(b.serverSource()).isEqualTo(JS);
    assertThat(b.appVersion()).isEqualTo(new AppVersion("splitpay", "1.0.0", b.sha256()));
  }

  @Test
  void readFolder_givesTheSameDigestAsTheZip(@TempDir Path dir) throws IOException {
    for (Map.Entry<String, byte[]> e : files().entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
    }
    Files.createDirectories(dir.resolve("ui"));
    Files.writeString(dir.resolve("ui/index.html"), "<p>hi</p>");
    Map<String, byte[]> withUi = new LinkedHashMap<>(files());
    withUi.put("ui/index.html", "<p>hi</p>".getBytes(StandardCharsets.UTF_8));
    assertThat(BundleReader.create().readFolder(dir).sha256())
        .isEqualTo(BundleReader.create().read(TestBundles.zip(withUi)).sha256());
  }

  @Test
  void readFolder_rejectsSymlink(@TempDir Path dir) throws IOException {
    for (Map.Entry<String, byte[]> e : files().entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
    }
    Files.createSymbolicLink(dir.resolve("passwd"), Path.of("/etc/passwd"));
    MiniAppException e = catchThrowableOfType(MiniAppException.class,
        () -> BundleReader.create().readFolder(dir));
    assertThat(e.reason()).isEqualTo(Reason.SYMLINK);
    assertThat(e.file()).contains("passwd");
    assertThat(e.getMessage()).isEqualTo("\"passwd\" is a symbolic link; bundles may hold only files and folders");
  }

  @Test
  void read_rejectsArchiveTooLarge() {
    MiniAppException e = error(BundleReader.create(new BundleOptions().setMaxArchiveBytes(100)),
        TestBundles.zip(files()));
    assertThat(e.reason()).isEqualTo(Reason.ARCHIVE_TOO_LARGE);
    assertThat(e.file()).contains("(archive)");
    assertThat(e.getMessage()).matches("the archive is \\d+ bytes; the limit is 100 bytes");
  }

  @Test
  void read_rejectsEntryTooLarge() {
    Map<String, byte[]> f = files();
    f.put("ui/big.bin", new byte[2000]);
    MiniAppException e = error(BundleReader.create(new BundleOptions().setMaxEntryBytes(1024)),
        TestBundles.zip(f));
    assertThat(e.reason()).isEqualTo(Reason.ENTRY_TOO_LARGE);
    assertThat(e.file()).contains("ui/big.bin");
    assertThat(e.getMessage()).isEqualTo("\"ui/big.bin\" is larger than 1024 bytes, the limit for a file");
  }

  @Test
  void read_rejectsTotalTooLarge() {
    Map<String, byte[]> f = files();
    f.put("ui/a.txt", "a".repeat(600).getBytes(StandardCharsets.UTF_8));
    f.put("ui/b.txt", "b".repeat(600).getBytes(StandardCharsets.UTF_8));
    MiniAppException e = error(BundleReader.create(new BundleOptions().setMaxTotalBytes(1500)),
        TestBundles.zip(f));
    assertThat(e.reason()).isEqualTo(Reason.TOTAL_TOO_LARGE);
    assertThat(e.file()).contains("ui/b.txt");
    assertThat(e.getMessage()).isEqualTo(
        "the files of the bundle are larger than 1500 bytes in total (reached at \"ui/b.txt\")");
  }

  @Test
  void read_rejectsZipBombByCompressionRatio() {
    Map<String, byte[]> f = files();
    f.put("ui/zeros.bin", new byte[4 << 20]);
    MiniAppException e = error(TestBundles.zip(f));
    assertThat(e.reason()).isEqualTo(Reason.COMPRESSION_RATIO);
    assertThat(e.file()).contains("ui/zeros.bin");
    assertThat(e.getMessage()).isEqualTo(
        "\"ui/zeros.bin\" inflates more than 100 times its compressed size (a zip bomb?)");
  }

  @Test
  void read_rejectsTooManyEntries() {
    Map<String, byte[]> f = files();
    for (int i = 0; i < 10; i++) {
      f.put("ui/f" + i + ".txt", new byte[] {1});
    }
    MiniAppException e = error(BundleReader.create(new BundleOptions().setMaxEntries(5)),
        TestBundles.zip(f));
    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ENTRIES);
    assertThat(e.getMessage()).isEqualTo("the archive has 13 entries; the limit is 5");
  }

  @Test
  void read_rejectsAbsolutePath() {
    Map<String, byte[]> f = files();
    f.put("/etc/cron.d/x", new byte[] {1});
    MiniAppException e = error(TestBundles.zip(f));
    assertThat(e.reason()).isEqualTo(Reason.ABSOLUTE_PATH);
    assertThat(e.file()).contains("/etc/cron.d/x");
    assertThat(e.getMessage()).isEqualTo(
        "\"/etc/cron.d/x\" is an absolute path; entries must be relative to the bundle root");
  }

  @Test
  void read_rejectsPathTraversal() {
    Map<String, byte[]> f = files();
    f.put("ui/../../evil.js", new byte[] {1});
    MiniAppException e = error(TestBundles.zip(f));
    assertThat(e.reason()).isEqualTo(Reason.PATH_TRAVERSAL);
    assertThat(e.getMessage()).isEqualTo(
        "\"ui/../../evil.js\" contains '..'; entries must stay inside the bundle");
  }

  @Test
  void read_rejectsBackslashes() {
    Map<String, byte[]> f = files();
    f.put("ui\\x.js", new byte[] {1});
    MiniAppException e = error(TestBundles.zip(f));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_PATH);
    assertThat(e.getMessage()).isEqualTo("\"ui\\x.js\" contains a backslash; use '/' between folders");
  }

  @Test
  void read_rejectsSymlink() throws IOException {
    List<Entry> entries = new java.util.ArrayList<>(validEntries());
    entries.add(new Entry("ui/link", "/etc/passwd".getBytes(StandardCharsets.UTF_8), 0120777));
    MiniAppException e = error(rawZip("UTF-8", entries));
    assertThat(e.reason()).isEqualTo(Reason.SYMLINK);
    assertThat(e.file()).contains("ui/link");
    assertThat(e.getMessage()).isEqualTo(
        "\"ui/link\" is a symbolic link; bundles may hold only files and folders");
  }

  @Test
  void read_rejectsDuplicateEntry() throws IOException {
    List<Entry> entries = new java.util.ArrayList<>(validEntries());
    entries.add(new Entry("server.js", "export function pay() { return {evil: 1}; }".getBytes(StandardCharsets.UTF_8)));
    MiniAppException e = error(rawZip("UTF-8", entries));
    assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_ENTRY);
    assertThat(e.file()).contains("server.js");
    assertThat(e.getMessage()).isEqualTo("\"server.js\" appears more than once in the archive");
  }

  @Test
  void read_rejectsNonUtf8Name() throws IOException {
    List<Entry> entries = new java.util.ArrayList<>(validEntries());
    entries.add(new Entry("ui/caf\u00e9.txt", new byte[] {1}));
    MiniAppException e = error(rawZip("ISO-8859-1", entries));
    assertThat(e.reason()).isEqualTo(Reason.NON_UTF8_NAME);
    assertThat(e.getMessage()).isEqualTo(
        "an entry name is not valid UTF-8 (\"ui/caf\u00e9.txt\"); save the archive with UTF-8 names");
  }

  @Test
  void read_rejectsGarbage() {
    MiniAppException e = error("this is not a zip".getBytes(StandardCharsets.UTF_8));
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED_ARCHIVE);
    assertThat(e.getMessage()).startsWith("the archive cannot be read as a zip file: ");
  }

  @Test
  void read_rejectsMissingManifestServerAndIcon() {
    Map<String, byte[]> f = files();
    f.remove("manifest.json");
    assertThat(error(TestBundles.zip(f)).getMessage()).isEqualTo("the bundle has no manifest.json at its root");
    f = files();
    f.remove("server.js");
    MiniAppException e = error(TestBundles.zip(f));
    assertThat(e.reason()).isEqualTo(Reason.MISSING_FILE);
    assertThat(e.file()).contains("server.js");
    assertThat(e.getMessage())
        .isEqualTo("server.js: the bundle has no server.js at its root (the app's server module)");
    f = files();
    f.remove("icon.png");
    e = error(TestBundles.zip(f));
    assertThat(e.reason()).isEqualTo(Reason.MISSING_FILE);
    assertThat(e.file()).contains("icon.png");
    assertThat(e.getMessage()).isEqualTo("/icons/0/src: \"icon.png\" is not in the bundle");
  }

  @Test
  void read_reportsManifestProblemsAtUpload() {
    Map<String, byte[]> f = files();
    f.put("manifest.json", TestBundles.manifest("My App", "1.0", "pay").getBytes(StandardCharsets.UTF_8));
    MiniAppException e = error(TestBundles.zip(f));
    assertThat(e.reason()).isEqualTo(Reason.MANIFEST_INVALID);
    assertThat(e.getMessage()).isEqualTo(
        """
            manifest.json has 2 problems:
              /app_id: "My App" is not a DNS label (lower-case letters, digits and '-', 1-63 characters, starting with a letter)
              /version/name: "1.0" is not a semantic version (MAJOR.MINOR.PATCH such as 1.4.0, optionally followed by -pre.release and +build)""");
  }

  @Test
  void options_roundTripThroughJson() {
    BundleOptions o = new BundleOptions().setMaxEntries(7).setMaxCompressionRatio(50);
    BundleOptions back = new BundleOptions(o.toJson());
    assertThat(back.toJson()).isEqualTo(o.toJson());
    assertThat(new BundleOptions(o).getMaxEntries()).isEqualTo(7);
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> o.setMaxEntries(0)))
        .hasMessage("maxEntries must be > 0, got 0");
  }
}
