package dev.parley.core.links;

import dev.parley.core.common.net.FetchRefused;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Turns the image a page names into the platform's own small JPEG: decoded (after checking its
 * dimensions, so a decompression bomb is refused unread), scaled to fit {@link #MAX_SIDE} pixels,
 * drawn on white and encoded anew, so nothing the site sent reaches a browser as it was. Blocking
 * and CPU-bound: callers run it on a worker.
 */
final class PreviewImages {

  /** The media types fetched for a preview image (those the JDK decodes). */
  static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/bmp");
  static final int MAX_SIDE = 400;
  static final long MAX_PIXELS = 40_000_000L;

  private PreviewImages() {
  }

  /** The re-encoded JPEG; fails with {@link FetchRefused} when the bytes are not an image it can take. */
  static byte[] reencode(byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new FetchRefused("the image is in no format the server decodes");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels <= 0 || pixels > MAX_PIXELS) {
          throw new FetchRefused("the image is too large to decode (" + reader.getWidth(0) + "×"
              + reader.getHeight(0) + ")");
        }
        return jpeg(scaled(reader.read(0)));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof FetchRefused refused) {
        throw refused;
      }
      throw new FetchRefused("the image could not be decoded");
    }
  }

  private static BufferedImage scaled(BufferedImage source) {
    double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(source.getWidth(), source.getHeight()));
    int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setColor(java.awt.Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.8f);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
