package dev.parley.samples.business;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The bots' pictures (a receipt of a suspect charge, a product in a cart), drawn here as PNGs so
 * that the samples carry no third-party images; a real business uploads its own.
 */
final class Pictures {

  /** A drawn picture: its file name and PNG bytes. */
  record Picture(String name, byte[] png) {
  }

  private Pictures() {
  }

  /** A 480×270 tile in {@code rgb} with a big first line and a smaller second one. */
  static Picture tile(String name, int rgb, String big, String small) {
    BufferedImage image = new BufferedImage(480, 270, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(new Color(rgb));
      g.fillRect(0, 0, 480, 270);
      g.setColor(new Color(255, 255, 255, 60));
      g.fillRoundRect(24, 24, 432, 222, 24, 24);
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
      g.drawString(big, 48, 130);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 24));
      g.drawString(small, 48, 180);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Picture(name, out.toByteArray());
  }
}
