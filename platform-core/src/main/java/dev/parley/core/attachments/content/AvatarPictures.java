package dev.parley.core.attachments.content;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Profile pictures: an uploaded JPEG, PNG, GIF or WebP (recognised by its bytes, never by what the
 * client claims), its size checked against the pixel cap before decoding, turned upright (EXIF
 * orientation), cropped to a square and re-encoded as two JPEGs. Re-encoding keeps no metadata of
 * the upload (no EXIF, GPS, comments or ICC profile).
 */
public final class AvatarPictures {

  /** The side of the small picture (lists, messages). */
  public static final int SMALL = 64;
  /** The side of the large picture (a profile). */
  public static final int LARGE = 512;
  /** Pictures larger than this are refused before a pixel is decoded (a decompression bomb). */
  static final long MAX_PIXELS = 40_000_000L;
  private static final float QUALITY = 0.85f;

  /** The two square JPEGs. */
  public record Square(byte[] small, byte[] large) {
  }

  /** A picture refused: not an image of a supported type, damaged, too large, or a crop outside it. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    Refused(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }

    /** The request field the refusal is about ({@code file} or {@code crop}). */
    public String field() {
      return field;
    }
  }

  private AvatarPictures() {
  }

  /** The type the bytes have, or null when they are not one of the four picture types. */
  static @Nullable String sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
      return "image/jpeg";
    }
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return "image/gif";
    }
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
        && b[10] == 'B' && b[11] == 'P') {
      return "image/webp";
    }
    return null;
  }

  /**
   * The square of the upright picture at ({@code x}, {@code y}) with side {@code side}, in the
   * upright picture's pixels; {@code side} 0 takes the largest centred square. Blocking: call it
   * off the event loop.
   */
  public static Square make(byte[] bytes, int x, int y, int side) throws Refused {
    String type = sniff(bytes);
    if (type == null) {
      throw new Refused("file", "the file is not a JPEG, PNG, GIF or WebP picture");
    }
    Images.Decoded decoded;
    try {
      decoded = Images.decode(bytes, type, MAX_PIXELS, 0);
    } catch (Images.TooManyPixels e) {
      throw new Refused("file", "the picture has too many pixels (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new Refused("file", "the picture cannot be read (damaged or truncated)");
    }
    BufferedImage upright = Images.orient(decoded.image(), Images.orientation(bytes));
    int w = upright.getWidth();
    int h = upright.getHeight();
    int s = side == 0 ? Math.min(w, h) : side;
    int left = side == 0 ? (w - s) / 2 : x;
    int top = side == 0 ? (h - s) / 2 : y;
    if (s < 1 || left < 0 || top < 0 || left + s > w || top + s > h) {
      throw new Refused("crop", "the crop square must lie inside the " + w + " × " + h + " picture");
    }
    BufferedImage square = upright.getSubimage(left, top, s, s);
    try {
      return new Square(Images.jpeg(Images.fit(square, SMALL), QUALITY), Images.jpeg(Images.fit(square, LARGE),
          QUALITY));
    } catch (IOException e) {
      throw new Refused("file", "the picture cannot be re-encoded");
    }
  }
}
