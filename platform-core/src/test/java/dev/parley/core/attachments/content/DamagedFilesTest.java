package dev.parley.core.attachments.content;

import static dev.parley.core.attachments.content.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.common.PlatformException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files of every format (bytes flipped, cut short, runs of 0xFF): the inspector answers or
 * refuses with words, the stripper writes or refuses, the preview maker answers; none of them
 * throws anything else (which would become a server error) or hangs.
 */
class DamagedFilesTest {

  @TempDir
  Path dir;

  private final ContentInspector inspector = new ContentInspector(ContentLimits.DEFAULTS);
  private final MetadataStripper stripper = new MetadataStripper();
  private final PreviewMaker maker = new PreviewMaker();

  @Test
  void damagedFiles_areAnsweredOrRefused_neverAServerError() {
    byte[][] originals = {Fixtures.jpeg(64, 48), Fixtures.withExif(Fixtures.jpeg(64, 48), 6), Fixtures.png(64, 48),
        Fixtures.resource("sample.gif"), Fixtures.resource("sample.webp"), Fixtures.resource("sample.mp4"),
        Fixtures.resource("sample.webm"), Fixtures.resource("voice.ogg"), Fixtures.resource("voice.webm"),
        Fixtures.resource("voice.m4a"), Fixtures.pdf(1), Fixtures.docx()};
    SplittableRandom random = new SplittableRandom(16);
    int accepted = 0;
    int refused = 0;
    for (byte[] original : originals) {
      for (int round = 0; round < 12; round++) {
        byte[] damaged = damage(original, random);
        Path file = write(dir, "f" + round, damaged);
        Inspection inspection;
        try {
          inspection = inspector.inspect(file, null, "file");
        } catch (PlatformException e) {
          assertThat(e.reason()).as("%s", e.getMessage()).isEqualTo(PlatformException.Reason.INVALID);
          refused++;
          continue;
        }
        accepted++;
        try {
          stripper.strip(file, inspection, dir.resolve("out"));
        } catch (PlatformException e) {
          assertThat(e.reason()).as("%s", e.getMessage()).isEqualTo(PlatformException.Reason.INVALID);
        }
        Preview preview = maker.make(file, inspection);
        assertThat(preview).isNotNull();
      }
    }
    assertThat(accepted).isPositive();
    assertThat(refused).isPositive();
  }

  private static byte[] damage(byte[] original, SplittableRandom random) {
    byte[] b = original.clone();
    switch (random.nextInt(3)) {
      case 0 -> {
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
          b[16 + random.nextInt(b.length - 16)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> b = Arrays.copyOf(b, 16 + random.nextInt(b.length - 16));
      default -> {
        int at = 16 + random.nextInt(b.length - 16);
        Arrays.fill(b, at, Math.min(b.length, at + 1 + random.nextInt(64)), (byte) 0xFF);
      }
    }
    return b;
  }
}
