package dev.parley.core.attachments.content;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Decoding, orienting, scaling and encoding pictures with the JDK's Image I/O (plus TwelveMonkeys'
 * WebP reader). The size is read from the header and checked against the pixel cap before a
 * single pixel is decoded: a small file may declare a huge picture (a decompression bomb).
 */
final class Images {

  /** An image over the pixel cap, refused before decoding. */
  static final class TooManyPixels extends Exception {
    final int width;
    final int height;

    TooManyPixels(int width, int height) {
      super(width + " × " + height + " pixels", null, false, false);
      this.width = width;
      this.height = height;
    }
  }

  /** A decoded picture and the size of the original (before subsampling), orientation applied to both. */
  record Decoded(BufferedImage image, int width, int height) {
  }

  private Images() {
  }

  /** The width and height the header declares, or a failure when the format has no reader. */
  static int[] size(byte[] bytes, String contentType) throws IOException {
    ImageReader reader = reader(contentType);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      return new int[] {reader.getWidth(0), reader.getHeight(0)};
    } finally {
      reader.dispose();
    }
  }

  /**
   * Decodes the first frame, subsampled so that its longest side is at least {@code minSide} (0:
   * full size), after checking the pixel cap.
   */
  static Decoded decode(byte[] bytes, String contentType, long maxPixels, int minSide)
      throws IOException, TooManyPixels {
    ImageReader reader = reader(contentType);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
        throw new TooManyPixels(width, height);
      }
      ImageReadParam param = reader.getDefaultReadParam();
      if (minSide > 0) {
        int step = Math.max(1, Math.max(width, height) / (minSide * 2));
        if (step > 1) {
          param.setSourceSubsampling(step, step, 0, 0);
        }
      }
      BufferedImage image = reader.read(0, param);
      return new Decoded(image, width, height);
    } catch (RuntimeException e) {
      // decoders throw unchecked exceptions on damaged data
      throw new IOException("cannot decode: " + e, e);
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader reader(String contentType) throws IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(contentType);
    if (!readers.hasNext()) {
      ImageIO.scanForPlugins();
      readers = ImageIO.getImageReadersByMIMEType(contentType);
    }
    if (!readers.hasNext()) {
      throw new IOException("no decoder for " + contentType);
    }
    return readers.next();
  }

  /** The EXIF orientation (1..8; 1 when there is none). */
  static int orientation(byte[] bytes) {
    try {
      Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
      for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
        if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
          int o = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
          return o >= 1 && o <= 8 ? o : 1;
        }
      }
    } catch (ImageProcessingException | IOException | MetadataException | RuntimeException e) {
      // unreadable metadata: show the picture as it is stored
    }
    return 1;
  }

  /** Whether an orientation swaps width and height (5..8 turn by a quarter). */
  static boolean swapsSides(int orientation) {
    return orientation >= 5 && orientation <= 8;
  }

  /** The picture turned and mirrored as EXIF orientation {@code o} says it is to be shown. */
  static BufferedImage orient(BufferedImage src, int o) {
    if (o <= 1 || o > 8) {
      return src;
    }
    int w = src.getWidth();
    int h = src.getHeight();
    AffineTransform t = new AffineTransform();
    switch (o) {
      case 2 -> t.setTransform(-1, 0, 0, 1, w, 0); // mirror horizontally
      case 3 -> t.setTransform(-1, 0, 0, -1, w, h); // 180
      case 4 -> t.setTransform(1, 0, 0, -1, 0, h); // mirror vertically
      case 5 -> t.setTransform(0, 1, 1, 0, 0, 0); // transpose
      case 6 -> t.setTransform(0, 1, -1, 0, h, 0); // 90 clockwise
      case 7 -> t.setTransform(0, -1, -1, 0, h, w); // transverse
      case 8 -> t.setTransform(0, -1, 1, 0, 0, w); // 90 counter-clockwise
      default -> {
        return src;
      }
    }
    boolean swap = swapsSides(o);
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, opaqueOrArgb(src));
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(src, t, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The picture scaled so its longest side is at most {@code maxSide}, in halving steps for quality. */
  static BufferedImage fit(BufferedImage src, int maxSide) {
    BufferedImage current = src;
    int w = src.getWidth();
    int h = src.getHeight();
    double scale = Math.min(1.0, (double) maxSide / Math.max(w, h));
    int targetW = Math.max(1, (int) Math.round(w * scale));
    int targetH = Math.max(1, (int) Math.round(h * scale));
    while (true) {
      int nextW = Math.max(targetW, current.getWidth() / 2);
      int nextH = Math.max(targetH, current.getHeight() / 2);
      if (current.getWidth() > targetW * 2 && current.getHeight() > targetH * 2) {
        current = draw(current, nextW, nextH);
        continue;
      }
      if (current.getWidth() != targetW || current.getHeight() != targetH || current.getType() != opaqueOrArgb(src)) {
        current = draw(current, targetW, targetH);
      }
      return current;
    }
  }

  private static BufferedImage draw(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, opaqueOrArgb(src));
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static int opaqueOrArgb(BufferedImage src) {
    return src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
  }

  /** The picture on white (JPEG has no transparency), as RGB. */
  static BufferedImage opaque(BufferedImage src) {
    if (src.getType() == BufferedImage.TYPE_INT_RGB) {
      return src;
    }
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, src.getWidth(), src.getHeight());
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** A baseline JPEG of the picture at {@code quality} (0..1), with no metadata but the JFIF header. */
  static byte[] jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(opaque(image), null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** A PNG of the picture, with no metadata. */
  static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", bytes)) {
      throw new IOException("no PNG writer");
    }
    return bytes.toByteArray();
  }
}
