package dev.parley.core.attachments.content;

import io.trbl.blurhash.BlurHash;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The thumbnail and placeholder of a picture (also of a PDF page and a video frame). */
final class ImagePreview {

  /** JPEG quality of thumbnails: about 10-30 KB at 320 px. */
  static final float THUMBNAIL_QUALITY = 0.8f;

  private ImagePreview() {
  }

  static Preview make(Path file, String type, ContentLimits limits) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int orientation = Images.orientation(bytes);
    Images.Decoded decoded;
    try {
      decoded = Images.decode(bytes, type, limits.maxImagePixels(), PreviewMaker.THUMBNAIL_SIDE);
    } catch (Images.TooManyPixels e) {
      return Preview.failed("the image is " + e.width + " × " + e.height + " pixels: too large to preview");
    }
    BufferedImage oriented = Images.orient(decoded.image(), orientation);
    boolean swap = Images.swapsSides(orientation);
    return of(oriented, swap ? decoded.height() : decoded.width(), swap ? decoded.width() : decoded.height(), null,
        null, null);
  }

  /** A preview of a picture whose original is {@code width} × {@code height}. */
  static Preview of(BufferedImage picture, int width, int height, @Nullable Long durationMs,
      @Nullable Integer pageCount, @Nullable String failure)
      throws IOException {
    BufferedImage thumb = Images.fit(picture, PreviewMaker.THUMBNAIL_SIDE);
    byte[] jpeg = Images.jpeg(thumb, THUMBNAIL_QUALITY);
    return new Preview(jpeg, "image/jpeg", width, height, placeholder(thumb), durationMs, pageCount, null, failure);
  }

  /** A BlurHash of 4 × 3 components (https://blurha.sh), computed on a 32 px copy: cheap and the same to the eye. */
  static String placeholder(BufferedImage thumb) {
    BufferedImage tiny = Images.opaque(Images.fit(thumb, 32));
    int w = tiny.getWidth();
    int h = tiny.getHeight();
    int xComponents = w >= h ? 4 : 3;
    int yComponents = w >= h ? 3 : 4;
    return BlurHash.encode(tiny, xComponents, yComponents);
  }
}
