package dev.parley.core.attachments.content;

import static dev.parley.core.attachments.content.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbnails, placeholders, page counts, durations and waveforms of every kind. */
class PreviewMakerTest {

  @TempDir
  Path dir;

  private final PreviewMaker maker = new PreviewMaker();
  private final ContentInspector inspector = new ContentInspector(ContentLimits.DEFAULTS);

  private Preview preview(byte[] bytes, String name) {
    Path file = write(dir, name, bytes);
    return maker.make(file, inspector.inspect(file, null, name));
  }

  private static BufferedImage thumbnail(Preview p) throws Exception {
    assertThat(p.thumbnailType()).isEqualTo("image/jpeg");
    assertThat(p.thumbnail()).isNotNull();
    return ImageIO.read(new ByteArrayInputStream(p.thumbnail()));
  }

  @Test
  void jpeg_thumbnailOf320_originalSize_andBlurHash() throws Exception {
    Preview p = preview(Fixtures.jpeg(2000, 1500), "photo.jpg");
    assertThat(p.failure()).isNull();
    assertThat(p.width()).isEqualTo(2000);
    assertThat(p.height()).isEqualTo(1500);
    BufferedImage thumb = thumbnail(p);
    assertThat(thumb.getWidth()).isEqualTo(320);
    assertThat(thumb.getHeight()).isEqualTo(240);
    assertThat(p.thumbnail().length).isLessThan(60_000);
    // 4 × 3 components: 1 + 1 + 4 + 2 × 11 characters
    assertThat(p.placeholder()).hasSize(28);
  }

  @Test
  void turnedJpeg_previewIsTurned_andSaysTheShownSize() throws Exception {
    Preview p = preview(Fixtures.withExif(Fixtures.jpeg(400, 200), 6), "turned.jpg");
    assertThat(p.width()).isEqualTo(200);
    assertThat(p.height()).isEqualTo(400);
    BufferedImage thumb = thumbnail(p);
    assertThat(thumb.getWidth()).isEqualTo(160);
    assertThat(thumb.getHeight()).isEqualTo(320);
  }

  @Test
  void pngGifWebp_getThumbnails() throws Exception {
    assertThat(thumbnail(preview(Fixtures.png(640, 100), "a.png")).getWidth()).isEqualTo(320);
    Preview gif = preview(Fixtures.resource("sample.gif"), "a.gif");
    assertThat(gif.width()).isEqualTo(120);
    assertThat(thumbnail(gif).getWidth()).isEqualTo(120); // never enlarged
    Preview webp = preview(Fixtures.resource("sample.webp"), "a.webp");
    assertThat(webp.width()).isEqualTo(200);
    assertThat(thumbnail(webp).getWidth()).isEqualTo(200);
    assertThat(webp.placeholder()).isNotBlank();
  }

  @Test
  void pdf_firstPage_andPageCount() throws Exception {
    Preview p = preview(Fixtures.pdf(3), "statement.pdf");
    assertThat(p.failure()).isNull();
    assertThat(p.pageCount()).isEqualTo(3);
    assertThat(p.width()).isEqualTo(595); // A4 in points
    assertThat(p.height()).isEqualTo(842);
    BufferedImage thumb = thumbnail(p);
    assertThat(thumb.getHeight()).isEqualTo(320);
    assertThat(p.placeholder()).isNotBlank();
  }

  @Test
  void mp4_posterFrame_andDuration() throws Exception {
    Preview p = preview(Fixtures.resource("sample.mp4"), "clip.mp4");
    assertThat(p.durationMs()).isBetween(1900L, 2100L);
    assertThat(p.width()).isEqualTo(320);
    assertThat(p.height()).isEqualTo(240);
    assertThat(p.failure()).isNull();
    assertThat(thumbnail(p).getWidth()).isEqualTo(320);
  }

  @Test
  void mp4HeldUpright_isShownTurned() throws Exception {
    // the same 320 × 240 clip with a display matrix of a quarter turn
    Preview p = preview(Fixtures.resource("sample-rotated.mp4"), "upright.mp4");
    assertThat(p.width()).isEqualTo(240);
    assertThat(p.height()).isEqualTo(320);
    BufferedImage thumb = thumbnail(p);
    assertThat(thumb.getWidth()).isEqualTo(240);
    assertThat(thumb.getHeight()).isEqualTo(320);
  }

  @Test
  void webmVideo_durationAndSize_butTheBrowserDrawsTheFrame() {
    Preview p = preview(Fixtures.resource("sample.webm"), "clip.webm");
    assertThat(p.durationMs()).isBetween(1900L, 2100L);
    assertThat(p.width()).isEqualTo(320);
    assertThat(p.thumbnail()).isNull();
    assertThat(p.failure()).contains("browser shows the first frame");
  }

  @Test
  void oggOpusVoice_durationAndWaveform_fromTheDecodedSound() {
    // 3 s of a tone: quiet (0.1) for a second, loud (1.0), then middling (0.4)
    Preview p = preview(Fixtures.resource("voice.ogg"), "voice.ogg");
    assertThat(p.failure()).isNull();
    assertThat(p.durationMs()).isBetween(2950L, 3050L);
    List<Integer> bars = p.waveform();
    assertThat(bars).hasSize(64).allMatch(b -> b >= 0 && b <= 100);
    int quiet = bars.get(10);
    int loud = bars.get(32);
    int middle = bars.get(54);
    assertThat(loud).isGreaterThan(90);
    assertThat(quiet).isLessThan(middle).isLessThan(30);
    assertThat(middle).isBetween(25, 60);
  }

  @Test
  void webmVoice_durationAndWaveform() {
    Preview p = preview(Fixtures.resource("voice.webm"), "voice.webm");
    assertThat(p.durationMs()).isBetween(2900L, 3050L);
    assertThat(p.waveform()).hasSize(64).anyMatch(b -> b == 100);
  }

  @Test
  void m4aVoice_duration() {
    Preview p = preview(Fixtures.resource("voice.m4a"), "voice.m4a");
    assertThat(p.durationMs()).isBetween(1950L, 2100L);
    assertThat(p.waveform()).isNull();
  }

  @Test
  void otherFiles_sayWhyThereIsNoPreview() {
    assertThat(preview(Fixtures.zip("a.txt", Fixtures.ascii("hi")), "a.zip").failure())
        .isEqualTo("no preview for this type");
    assertThat(preview(Fixtures.heic(), "a.heic").failure()).contains("HEIC");
  }

  @Test
  void aBrokenFile_getsAFailureInWords_neverAnException() {
    Path file = write(dir, "broken.pdf", Fixtures.ascii("%PDF-1.7\nnot really a pdf"));
    Preview p = maker.make(file, new Inspection("file", "application/pdf", false));
    assertThat(p.thumbnail()).isNull();
    assertThat(p.failure()).isNotBlank();
  }

  @Test
  void hugeDeclaredDimensions_areNotDecoded() {
    PreviewMaker small = new PreviewMaker(new ContentLimits(10, 1 << 20, 100, 3, 100 * 100, 1024));
    Path file = write(dir, "big.png", Fixtures.png(200, 200));
    long start = System.nanoTime();
    Preview p = small.make(file, new Inspection("image", "image/png", true));
    assertThat(p.failure()).contains("200 × 200 pixels");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
  }
}
