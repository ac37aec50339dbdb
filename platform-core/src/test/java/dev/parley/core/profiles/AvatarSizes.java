package dev.parley.core.profiles;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Reads the side of a stored avatar picture from a row of {@code avatars} (bytes as JSON base64). */
final class AvatarSizes {

  private AvatarSizes() {
  }

  static int side(JsonObject row, String column) {
    Object value = row.getValue(column);
    byte[] bytes = value instanceof String s
        ? (s.indexOf('_') >= 0 || s.indexOf('-') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s)
        : value instanceof io.vertx.core.buffer.Buffer b ? b.getBytes() : (byte[]) value;
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image.getWidth() != image.getHeight()) {
        throw new AssertionError("not square: " + image.getWidth() + " × " + image.getHeight());
      }
      return image.getWidth();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
