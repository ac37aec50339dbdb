package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.runtime.MiniAppException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Fuzzes the bundle reader, which takes hostile zips from developers: any bytes either give a bundle or a
 * {@link MiniAppException} with a bundle reason naming the file concerned; never another exception, an
 * {@code INTERNAL} failure or a run past the caps. {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/parley/runtime/BundleReaderFuzzTestInputs}; docs/fuzzing.md says how to fuzz
 * for real.
 */
class BundleReaderFuzzTest {

  /** Small caps, so that a fuzzer reaches them within its input sizes. */
  private static final BundleReader READER = BundleReader.create(new BundleOptions().setMaxArchiveBytes(64 << 10)
      .setMaxEntryBytes(16 << 10).setMaxTotalBytes(32 << 10).setRatioThresholdBytes(1 << 10).setMaxEntries(16));

  /** The archive's bytes as they came (seeded with real and hostile zips). */
  @FuzzTest(maxDuration = "60s")
  void readBytes(byte[] zip) {
    WorkerStack.run(() -> check(zip));
  }

  /**
   * An archive built from the fuzzer's choices of entry names (raw bytes), contents, methods, Unix modes
   * (symbolic links, directories) and declared sizes, so that the fuzzer spends its time on entries rather
   * than on zip checksums.
   */
  @FuzzTest(maxDuration = "60s")
  void readBuilt(FuzzedDataProvider data) {
    byte[] zip = build(data);
    WorkerStack.run(() -> check(zip));
  }

  private static void check(byte[] zip) {
    Bundle bundle;
    try {
      bundle = READER.read(zip);
    } catch (MiniAppException e) {
      assertThat(e.reason()).isIn(Reason.ARCHIVE_TOO_LARGE, Reason.ENTRY_TOO_LARGE, Reason.TOTAL_TOO_LARGE,
          Reason.COMPRESSION_RATIO, Reason.TOO_MANY_ENTRIES, Reason.ABSOLUTE_PATH, Reason.PATH_TRAVERSAL,
          Reason.INVALID_PATH, Reason.SYMLINK, Reason.DUPLICATE_ENTRY, Reason.NON_UTF8_NAME,
          Reason.MALFORMED_ARCHIVE, Reason.MANIFEST_INVALID, Reason.MISSING_FILE);
      assertThat(e.file()).isPresent();
      assertThat(e.problems()).isNotEmpty();
      return;
    }
    // Whatever was accepted stays inside the caps and holds what the manifest names.
    assertThat(bundle.file(Bundle.MANIFEST)).isPresent();
    assertThat(bundle.file(Bundle.SERVER_MODULE)).isPresent();
    assertThat(bundle.files().size()).isLessThanOrEqualTo(16);
    assertThat(bundle.totalSize()).isLessThanOrEqualTo(32 << 10);
    bundle.files().forEach(f -> assertThat(f.path()).doesNotStartWith("/").doesNotContain("..", "\\"));
  }

  private static byte[] build(FuzzedDataProvider data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      int entries = data.consumeInt(0, 20);
      for (int i = 0; i < entries && data.remainingBytes() > 0; i++) {
        String name = switch (data.consumeInt(0, 3)) {
          case 0 -> Bundle.MANIFEST;
          case 1 -> Bundle.SERVER_MODULE;
          default -> new String(data.consumeBytes(data.consumeInt(0, 300)), StandardCharsets.ISO_8859_1);
        };
        byte[] content = data.consumeBoolean()
            ? data.consumeBytes(data.consumeInt(0, 4096))
            : new byte[data.consumeInt(0, 40_000)];
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(data.consumeBoolean() ? ZipArchiveEntry.STORED : ZipArchiveEntry.DEFLATED);
        if (data.consumeBoolean()) {
          entry.setUnixMode(data.consumeInt());
        }
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        entry.setSize(content.length);
        zip.putArchiveEntry(entry);
        zip.write(content);
        zip.closeArchiveEntry();
      }
    } catch (IOException | RuntimeException e) {
      // A choice the writer refuses (such as a name it cannot encode): use what was written so far.
    }
    byte[] zip = bytes.toByteArray();
    // Then corrupt a few bytes (declared sizes, offsets, flags): the reader never trusts headers.
    int corruptions = data.consumeInt(0, 4);
    for (int i = 0; i < corruptions && zip.length > 0; i++) {
      zip[data.consumeInt(0, zip.length - 1)] = data.consumeByte();
    }
    return zip;
  }
}
