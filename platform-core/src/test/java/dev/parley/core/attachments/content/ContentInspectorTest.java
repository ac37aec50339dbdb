package dev.parley.core.attachments.content;

import static dev.parley.core.attachments.content.Fixtures.ascii;
import static dev.parley.core.attachments.content.Fixtures.concat;
import static dev.parley.core.attachments.content.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.common.PlatformException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the inspector finds in every format it knows, and every refusal. */
class ContentInspectorTest {

  @TempDir
  Path dir;

  private final ContentInspector inspector = new ContentInspector(ContentLimits.DEFAULTS);

  private Inspection inspect(byte[] bytes, String declared, String name) {
    return inspector.inspect(write(dir, name, bytes), declared, name);
  }

  private void refused(byte[] bytes, String declared, String name, String... words) {
    assertThatThrownBy(() -> inspect(bytes, declared, name)).isInstanceOfSatisfying(PlatformException.class, e -> {
      assertThat(e.reason()).isEqualTo(PlatformException.Reason.INVALID);
      assertThat(e.field()).contains("/filetype");
      assertThat(e.getMessage()).contains(words);
    });
  }

  // ---- formats ----------------------------------------------------------------------------------

  @Test
  void images_areInlineImages() {
    assertThat(inspect(Fixtures.jpeg(64, 48), "image/jpeg", "a.jpg"))
        .isEqualTo(new Inspection("image", "image/jpeg", true));
    assertThat(inspect(Fixtures.png(64, 48), "image/png", "a.png"))
        .isEqualTo(new Inspection("image", "image/png", true));
    assertThat(inspect(Fixtures.resource("sample.gif"), "image/gif", "a.gif"))
        .isEqualTo(new Inspection("image", "image/gif", true));
    assertThat(inspect(Fixtures.resource("sample.webp"), "image/webp", "a.webp"))
        .isEqualTo(new Inspection("image", "image/webp", true));
  }

  @Test
  void heic_isAFile_forWantOfADecoder() {
    assertThat(inspect(Fixtures.heic(), "image/heic", "IMG_0001.HEIC"))
        .isEqualTo(new Inspection("file", "image/heic", false));
  }

  @Test
  void video_mp4AndWebm_areInlineVideos() {
    assertThat(inspect(Fixtures.resource("sample.mp4"), "video/mp4", "clip.mp4"))
        .isEqualTo(new Inspection("video", "video/mp4", true));
    assertThat(inspect(Fixtures.resource("sample.webm"), "video/webm", "clip.webm"))
        .isEqualTo(new Inspection("video", "video/webm", true));
  }

  @Test
  void voice_oggOpus_webmAudio_andM4a_areVoice_decidedByTheTracks() {
    assertThat(inspect(Fixtures.resource("voice.ogg"), "audio/ogg; codecs=opus", "voice.ogg"))
        .isEqualTo(new Inspection("voice", "audio/ogg", true));
    // a recorder's WebM with one audio track is audio, whatever the name says
    assertThat(inspect(Fixtures.resource("voice.webm"), "audio/webm;codecs=opus", "voice.webm"))
        .isEqualTo(new Inspection("voice", "audio/webm", true));
    assertThat(inspect(Fixtures.resource("voice.webm"), "video/webm", "voice.webm"))
        .isEqualTo(new Inspection("voice", "audio/webm", true));
    assertThat(inspect(Fixtures.resource("voice.m4a"), "audio/x-m4a", "voice.m4a"))
        .isEqualTo(new Inspection("voice", "audio/mp4", true));
  }

  @Test
  void documents_areFiles() {
    assertThat(inspect(Fixtures.pdf(2), "application/pdf", "statement.pdf"))
        .isEqualTo(new Inspection("file", "application/pdf", false));
    assertThat(inspect(Fixtures.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "letter.docx")).isEqualTo(new Inspection("file",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false));
    // the entries decide, not the name
    assertThat(inspect(Fixtures.docx(), "application/zip", "letter.zip").contentType())
        .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assertThat(inspect(Fixtures.zip("a.txt", ascii("hello")), "application/x-zip-compressed", "a.zip"))
        .isEqualTo(new Inspection("file", "application/zip", false));
    assertThat(inspect(ascii("hello, world\n"), "text/plain", "a.txt"))
        .isEqualTo(new Inspection("file", "text/plain", false));
    assertThat(inspect(ascii("a,b\n1,2\n"), "text/csv", "a.csv").kind()).isEqualTo("file");
  }

  @Test
  void svgAndHtml_areNeverInline() {
    byte[] svg = ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
    assertThat(inspect(svg, "image/svg+xml", "logo.svg")).isEqualTo(new Inspection("file", "image/svg+xml", false));
    byte[] html = ascii("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");
    assertThat(inspect(html, "text/html", "page.html")).isEqualTo(new Inspection("file", "text/html", false));
  }

  @Test
  void declaredType_agreesAtTheLevelOfTheFamily() {
    byte[] jpeg = Fixtures.jpeg(32, 32);
    assertThat(inspect(jpeg, "image/jpg", "a.jpg").contentType()).isEqualTo("image/jpeg");
    assertThat(inspect(jpeg, "IMAGE/JPEG; charset=binary", "a.jpg").contentType()).isEqualTo("image/jpeg");
    assertThat(inspect(jpeg, "application/octet-stream", "a.bin").contentType()).isEqualTo("image/jpeg");
    assertThat(inspect(jpeg, null, "a").contentType()).isEqualTo("image/jpeg");
    assertThat(inspect(jpeg, "", "a").contentType()).isEqualTo("image/jpeg");
  }

  @Test
  void unrecognisedBytes_areAFile_unlessDeclaredAsAFormatWithASignature() {
    byte[] unknown = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 9};
    assertThat(inspect(unknown, "application/x-custom", "data.bin"))
        .isEqualTo(new Inspection("file", "application/octet-stream", false));
    assertThat(inspect(new byte[0], "text/plain", "empty.txt").kind()).isEqualTo("file");
    refused(unknown, "image/png", "a.png", "declared as image/png", "application/octet-stream");
    refused(unknown, "application/pdf", "a.pdf", "application/pdf");
    // the name alone never makes a type: random bytes named .mp4 are no video
    refused(unknown, "video/mp4", "clip.mp4", "declared as video/mp4", "application/octet-stream");
    assertThat(inspect(unknown, null, "clip.mp4")).isEqualTo(new Inspection("file", "application/octet-stream", false));
  }

  // ---- refusals ---------------------------------------------------------------------------------

  @Test
  void wrongTypeBehindARightName_isRefused_namingBoth() {
    byte[] page = ascii("<!DOCTYPE html><html><body>pay here</body></html>");
    refused(page, "image/jpeg", "photo.jpg", "image/jpeg", "text/html");
    byte[] exe = concat(ascii("MZ"), new byte[62], ascii("PE\0\0"), new byte[200]);
    refused(exe, "application/pdf", "invoice.pdf", "application/pdf", "but its content is");
  }

  @Test
  void declaredDifferentFromFound_isRefused_namingBoth() {
    refused(Fixtures.png(16, 16), "image/jpeg", "a.jpg", "declared as image/jpeg", "image/png");
    refused(Fixtures.resource("sample.mp4"), "image/gif", "a.gif", "image/gif", "video/mp4");
  }

  @Test
  void truncatedImages_areRefused() {
    byte[] jpeg = Fixtures.jpeg(200, 150);
    refused(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), "image/jpeg", "a.jpg", "image/jpeg", "truncated");
    byte[] png = Fixtures.png(200, 150);
    refused(Arrays.copyOf(png, png.length - 20), "image/png", "a.png", "image/png", "truncated");
    byte[] gif = Fixtures.resource("sample.gif");
    refused(Arrays.copyOf(gif, gif.length / 2), "image/gif", "a.gif", "truncated");
    byte[] webp = Fixtures.resource("sample.webp");
    refused(Arrays.copyOf(webp, webp.length - 100), "image/webp", "a.webp", "truncated");
  }

  @Test
  void damagedImageData_isRefused_whenTheDecoderFails() {
    byte[] png = Fixtures.png(200, 150);
    // keep the chunk structure, spoil the compressed pixels (the CRC is not what ImageIO trips on first)
    byte[] spoiled = png.clone();
    for (int i = 8 + 25 + 8 + 2; i < spoiled.length - 16; i++) {
      spoiled[i] = (byte) 0x5A;
    }
    refused(spoiled, "image/png", "a.png", "image/png", "cannot be decoded");
  }

  @Test
  void polyglot_imageWithAZipAfterItsEnd_isRefused() {
    byte[] hidden = Fixtures.zip("payload.html", ascii("<html>" + "x".repeat(5000) + "</html>"),
        "more.bin", new java.util.Random(1).ints(4000, 0, 256).collect(java.io.ByteArrayOutputStream::new,
            (o, i) -> o.write(i), (a, b) -> a.writeBytes(b.toByteArray())).toByteArray());
    refused(concat(Fixtures.jpeg(64, 64), hidden), "image/jpeg", "cat.jpg", "image/jpeg", "after its end");
    refused(concat(Fixtures.png(64, 64), hidden), "image/png", "cat.png", "image/png", "after its end");
    refused(concat(Fixtures.resource("sample.gif"), hidden), "image/gif", "cat.gif", "after its end");
    refused(concat(Fixtures.resource("sample.webp"), hidden), "image/webp", "cat.webp", "after its end");
  }

  @Test
  void polyglot_imageCarryingAScript_isRefused() {
    byte[] gif = Fixtures.gifWithComment(Fixtures.resource("sample.gif"), "<script>alert(document.cookie)</script>");
    refused(gif, "image/gif", "cat.gif", "image/gif", "script");
    byte[] png = concat(Fixtures.png(32, 32), ascii("<SCRIPT>alert(1)</SCRIPT>"));
    refused(png, "image/png", "cat.png", "script");
  }

  @Test
  void aFewBytesOfPaddingAfterAnImage_areTolerated() {
    assertThat(inspect(concat(Fixtures.jpeg(32, 32), new byte[4000]), "image/jpeg", "a.jpg").kind()).isEqualTo("image");
    assertThat(inspect(concat(Fixtures.jpeg(32, 32), ascii("camera trailer")), "image/jpeg", "a.jpg").kind())
        .isEqualTo("image");
  }

  @Test
  void hugeDeclaredDimensions_areRefusedFast_beforeDecoding() {
    long start = System.nanoTime();
    refused(Fixtures.pngDeclaring(60_000, 60_000), "image/png", "bomb.png", "60000 × 60000 pixels");
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(2_000);
  }

  @Test
  void zipBombInADocx_isRefused() {
    byte[] bomb = Fixtures.docx("word/media/image1.bin", Fixtures.zeros(64 << 20));
    assertThat(bomb.length).isLessThan(200_000);
    refused(bomb, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "cv.docx",
        "zip bomb", "inflates more than 100 times");
  }

  @Test
  void zipBomb_nestedZipsCount() {
    byte[] inner = Fixtures.zip("zeros.bin", Fixtures.zeros(8 << 20));
    byte[] middle = Fixtures.zip("a.zip", inner, "b.zip", inner, "c.zip", inner);
    byte[] outer = Fixtures.zip("1.zip", middle, "2.zip", middle);
    // the outer file is small; what comes out of it is 48 MiB, found as it inflates
    ContentLimits limits = new ContentLimits(10_000, 32L << 20, 100_000, 3, 50_000_000L, 1024);
    assertThatThrownBy(() -> new ContentInspector(limits).inspect(write(dir, "n.zip", outer), "application/zip",
        "n.zip")).hasMessageContaining("inflates to more than");
    ContentLimits shallow = new ContentLimits(10_000, 1L << 30, 100_000, 1, 50_000_000L, 1024);
    assertThatThrownBy(() -> new ContentInspector(shallow).inspect(write(dir, "d.zip", outer), "application/zip",
        "d.zip")).hasMessageContaining("nested deeper than 1");
  }

  @Test
  void zipWithTooManyEntries_isRefused() {
    Object[] entries = new Object[2 * 50];
    for (int i = 0; i < 50; i++) {
      entries[2 * i] = "f" + i + ".txt";
      entries[2 * i + 1] = ascii("x");
    }
    ContentLimits limits = new ContentLimits(20, 1L << 30, 100, 3, 50_000_000L, 1024);
    assertThatThrownBy(() -> new ContentInspector(limits).inspect(write(dir, "m.zip", Fixtures.zip(entries)), null,
        "m.zip")).hasMessageContaining("more than 20 entries");
  }

  @Test
  void anOrdinaryLargeDocx_passes() {
    byte[] random = new byte[3 << 20];
    new java.util.Random(7).nextBytes(random);
    byte[] docx = Fixtures.docx("word/media/photo.jpg", random, "word/styles.xml",
        ascii("<w:styles>" + "<w:style/>".repeat(20_000) + "</w:styles>"));
    assertThat(inspect(docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a.docx")
        .kind()).isEqualTo("file");
  }
}
