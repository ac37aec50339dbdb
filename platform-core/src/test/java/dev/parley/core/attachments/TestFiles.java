package dev.parley.core.attachments;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;

/** Files for attachment tests, made in memory. */
final class TestFiles {

  /** Bytes that stand for a GPS latitude in {@link #jpegWithGps}: 48/1 51/1 2952/100. */
  static final byte[] GPS_RATIONALS = rationals();

  private TestFiles() {
  }

  static byte[] png(int width, int height) {
    return image("png", width, height);
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

  /** A JPEG whose EXIF holds a GPS position (an APP1 segment right after SOI). */
  static byte[] jpegWithGps(int width, int height) {
    byte[] jpeg = image("jpg", width, height);
    ByteBuffer tiff = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    // IFD0: one entry, GPSInfo (0x8825) -> the GPS IFD at 26
    tiff.putShort((short) 1).putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(26).putInt(0);
    // GPS IFD: LatitudeRef "N", Latitude -> 3 rationals at 56
    tiff.putShort((short) 2);
    tiff.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).put((byte) 0).put((byte) 0);
    tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(56);
    tiff.putInt(0);
    tiff.put(GPS_RATIONALS);
    byte[] tiffBytes = java.util.Arrays.copyOf(tiff.array(), tiff.position());
    byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
    int segmentLength = 2 + exifHeader.length + tiffBytes.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2); // SOI
    out.write(0xFF);
    out.write(0xE1);
    out.write(segmentLength >> 8);
    out.write(segmentLength & 0xFF);
    out.writeBytes(exifHeader);
    out.writeBytes(tiffBytes);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  private static byte[] rationals() {
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(48).putInt(1).putInt(51).putInt(1).putInt(2952).putInt(100);
    return b.array();
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer : for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  static byte[] text(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ("the quick brown fox jumps over the lazy dog\n".charAt(i % 44));
    }
    return b;
  }
}
