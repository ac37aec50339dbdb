package dev.parley.core.profiles;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Pictures for avatar tests: a JPEG carrying an EXIF segment with a marker that must not survive. */
final class Pictures {

  /** Text inside the EXIF segment of {@link #jpegWithExif}. */
  static final String MARKER = "GPS-SECRET-48N";

  private Pictures() {
  }

  static byte[] image(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(30, 120, 200));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.ORANGE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A JPEG with an APP1 "Exif" segment (right after SOI) holding {@link #MARKER}. */
  static byte[] jpegWithExif(int width, int height) {
    byte[] jpeg = image("jpg", width, height);
    byte[] payload = ("Exif\0\0" + MARKER).getBytes(StandardCharsets.US_ASCII);
    int length = 2 + payload.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(payload);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
