package dev.parley.core.attachments.content;

import static dev.parley.core.attachments.content.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.Tag;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import dev.parley.core.common.PlatformException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is left of a photo's metadata after stripping: nothing that says where or with what. */
class MetadataStripperTest {

  @TempDir
  Path dir;

  private final MetadataStripper stripper = new MetadataStripper();

  private byte[] strip(byte[] in, String type) throws Exception {
    Path out = dir.resolve("out");
    String written = stripper.strip(write(dir, "in", in), new Inspection("image", type, true), out);
    assertThat(written).isEqualTo(type);
    return Files.readAllBytes(out);
  }

  /** Every tag metadata-extractor finds, as "directory: tag = value". */
  private static List<String> tags(byte[] image) throws Exception {
    Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(image), image.length);
    List<String> tags = new ArrayList<>();
    for (Directory d : metadata.getDirectories()) {
      for (Tag t : d.getTags()) {
        tags.add(d.getName() + ": " + t.getTagName() + " = " + t.getDescription());
      }
    }
    return tags;
  }

  private static void assertNothingPersonal(byte[] image) throws Exception {
    Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(image), image.length);
    assertThat(metadata.getDirectoriesOfType(GpsDirectory.class)).as("GPS").isEmpty();
    assertThat(metadata.getDirectoriesOfType(ExifSubIFDDirectory.class)).as("Exif sub-IFD (serial)").isEmpty();
    assertThat(metadata.getDirectoriesOfType(ExifIFD0Directory.class)).as("IFD0 (make, orientation)").isEmpty();
    String all = String.join("\n", tags(image));
    assertThat(all).doesNotContain("SN-123456", "Phone", "a secret", "taken at home", "secret place");
    assertThat(new String(image, StandardCharsets.ISO_8859_1)).doesNotContain("SN-123456", "a secret",
        "taken at home", "secret place");
  }

  @Test
  void jpegWithGpsAndATurn_isTurnedAndReencoded_withoutMetadata() throws Exception {
    byte[] photo = Fixtures.withExif(Fixtures.jpeg(200, 100), 6);
    assertThat(tags(photo)).anyMatch(t -> t.startsWith("GPS: GPS Latitude"))
        .anyMatch(t -> t.contains("SN-123456"));
    byte[] out = strip(photo, "image/jpeg");
    assertNothingPersonal(out);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(out));
    // orientation 6: turned a quarter clockwise, so the left (red) half is now on top
    assertThat(image.getWidth()).isEqualTo(100);
    assertThat(image.getHeight()).isEqualTo(200);
    assertThat(new Color(image.getRGB(50, 30)).getRed()).isGreaterThan(200);
    assertThat(new Color(image.getRGB(50, 170)).getBlue()).isGreaterThan(200);
  }

  @Test
  void jpegWithGpsAndNoTurn_isStrippedLosslessly() throws Exception {
    byte[] plain = Fixtures.jpeg(120, 80);
    byte[] photo = Fixtures.withExif(plain, 1);
    byte[] out = strip(photo, "image/jpeg");
    assertNothingPersonal(out);
    // nothing but the metadata went: the very bytes of the original encoder
    assertThat(out).isEqualTo(plain);
  }

  @Test
  void png_losesItsTextTimeAndExifChunks() throws Exception {
    byte[] plain = Fixtures.png(50, 40);
    byte[] png = Fixtures.pngWithMetadata(plain);
    assertThat(new String(png, StandardCharsets.ISO_8859_1)).contains("taken at home");
    byte[] out = strip(png, "image/png");
    assertThat(out).isEqualTo(plain);
    assertNothingPersonal(out);
  }

  @Test
  void webp_losesExifAndXmp_andStaysDecodable() throws Exception {
    byte[] webp = Fixtures.webpWithMetadata(Fixtures.resource("sample.webp"), 200, 150);
    assertThat(tags(webp)).anyMatch(t -> t.startsWith("GPS"));
    byte[] out = strip(webp, "image/webp");
    assertNothingPersonal(out);
    assertThat(out[12 + 8] & 0x0C).as("VP8X EXIF and XMP flags").isZero();
    assertThat(java.nio.ByteBuffer.wrap(out, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt())
        .isEqualTo(out.length - 8);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(out));
    assertThat(image.getWidth()).isEqualTo(200);
    // and the inspector still takes it
    Path stripped = write(dir, "s.webp", out);
    assertThat(new ContentInspector(ContentLimits.DEFAULTS).inspect(stripped, "image/webp", "s.webp").kind())
        .isEqualTo("image");
  }

  @Test
  void gif_losesItsComment_keepsTheLoop() throws Exception {
    byte[] original = Fixtures.resource("sample.gif");
    byte[] gif = Fixtures.gifWithComment(original, "made in my kitchen");
    byte[] out = strip(gif, "image/gif");
    String text = new String(out, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("kitchen");
    assertThat(text).contains("NETSCAPE2.0");
    assertThat(out).isEqualTo(original);
    assertThat(ImageIO.read(new ByteArrayInputStream(out)).getWidth()).isEqualTo(120);
  }

  @Test
  void mp4_losesThePlaceItWasTaken_andStillPlays() throws Exception {
    byte[] video = Fixtures.resource("sample-location.mp4");
    assertThat(new String(video, StandardCharsets.ISO_8859_1)).contains("+48.1375+011.5753", "taken at home");
    Path in = write(dir, "in.mp4", video);
    Path out = dir.resolve("out.mp4");
    assertThat(stripper.strip(in, new Inspection("video", "video/mp4", true), out)).isEqualTo("video/mp4");
    byte[] stripped = Files.readAllBytes(out);
    assertThat(stripped).hasSameSizeAs(video);
    assertThat(new String(stripped, StandardCharsets.ISO_8859_1)).doesNotContain("48.1375", "taken at home");
    // the same media: type, duration and a poster frame as before
    Inspection inspection = new ContentInspector(ContentLimits.DEFAULTS).inspect(out, "video/mp4", "out.mp4");
    assertThat(inspection.kind()).isEqualTo("video");
    Preview preview = new PreviewMaker().make(out, inspection);
    assertThat(preview.durationMs()).isBetween(1900L, 2100L);
    assertThat(preview.thumbnail()).isNotNull();
  }

  @Test
  void otherFiles_areCopiedAsTheyAre() throws Exception {
    byte[] pdf = Fixtures.pdf(1);
    Path out = dir.resolve("o.pdf");
    assertThat(stripper.strip(write(dir, "i.pdf", pdf), new Inspection("file", "application/pdf", false), out))
        .isEqualTo("application/pdf");
    assertThat(Files.readAllBytes(out)).isEqualTo(pdf);
  }

  @Test
  void aHugeTurnedJpeg_isRefusedBeforeDecoding() {
    MetadataStripper small = new MetadataStripper(new ContentLimits(10, 1 << 20, 100, 3, 10_000, 1024));
    Path in = write(dir, "big.jpg", Fixtures.withExif(Fixtures.jpeg(200, 100), 6));
    assertThatThrownBy(() -> small.strip(in, new Inspection("image", "image/jpeg", true), dir.resolve("o")))
        .isInstanceOf(PlatformException.class).hasMessageContaining("200 × 100 pixels");
  }
}
