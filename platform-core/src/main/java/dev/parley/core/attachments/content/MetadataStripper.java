package dev.parley.core.attachments.content;

import dev.parley.core.common.PlatformException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;

/**
 * Removes EXIF, XMP, IPTC and comments from images, with their orientation applied, so that nobody
 * else sees where a photo was taken or with which camera. Blocking.
 *
 * <ul>
 * <li>JPEG: without a turn, the APPn segments but JFIF (APP0), ICC colour profiles (APP2) and
 * Adobe's colour transform (APP14) are dropped, and COM, losslessly; with an EXIF orientation
 * other than 1 the picture is decoded, turned and re-encoded (quality 0.9) without metadata.
 * <li>PNG: the text chunks (tEXt, zTXt, iTXt), eXIf and tIME are dropped; an eXIf orientation is
 * applied by re-encoding.
 * <li>WebP: the EXIF and XMP chunks are dropped, the RIFF size and the VP8X flags fixed.
 * <li>GIF: comment, plain-text and application extensions are dropped, except the NETSCAPE2.0 /
 * ANIMEXTS1.0 loop count.
 * <li>MP4, M4A, MOV: the {@code udta}, {@code meta} and {@code uuid} boxes (a phone's location,
 * XMP) at the top, in {@code moov} and in its tracks become {@code free} boxes of zeros.
 * <li>Anything else is copied as it is.
 * </ul>
 */
public final class MetadataStripper {

  /** The JPEG re-encoding quality when a turn forces decoding. */
  static final float JPEG_QUALITY = 0.9f;

  private static final Set<String> ISO_MEDIA = Set.of("video/mp4", "audio/mp4", "video/quicktime");

  private static final Set<String> PNG_DROPPED = Set.of("tEXt", "zTXt", "iTXt", "eXIf", "tIME");

  private final ContentLimits limits;

  /** A stripper with the {@link ContentLimits#DEFAULTS default limits}. */
  public MetadataStripper() {
    this(ContentLimits.DEFAULTS);
  }

  /** A stripper that refuses to decode an image over the pixel cap of {@code limits}. */
  public MetadataStripper(ContentLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Writes `out` without EXIF/XMP/IPTC/comments, orientation applied; returns the type written. */
  public String strip(Path in, Inspection inspection, Path out) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(inspection, "inspection");
    Objects.requireNonNull(out, "out");
    String type = inspection.contentType();
    try {
      byte[] stripped = switch (type) {
        case "image/jpeg" -> jpeg(Files.readAllBytes(in));
        case "image/png" -> png(Files.readAllBytes(in));
        case "image/webp" -> webp(Files.readAllBytes(in));
        case "image/gif" -> gif(Files.readAllBytes(in));
        default -> null;
      };
      if (stripped == null) {
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        // not HEIC/AVIF: their top-level meta box is the picture's own structure
        if (ISO_MEDIA.contains(type) && IsoMedia.looksLike(head(out))) {
          blankIsoMetadata(out);
        }
      } else {
        Files.write(out, stripped);
      }
      return type;
    } catch (Images.TooManyPixels e) {
      throw PlatformException.invalid("/filetype", "the image (" + type + ") is " + e.width + " × " + e.height
          + " pixels, more than the " + limits.maxImagePixels() + " pixels allowed");
    } catch (MalformedImage e) {
      throw PlatformException.invalid("/filetype", "the image (" + type + ") is damaged: " + e.getMessage());
    } catch (IOException e) {
      throw PlatformException.internal("cannot strip the metadata of " + in, e);
    } catch (PlatformException e) {
      throw e;
    } catch (RuntimeException e) {
      // a reader tripped over structures no honest encoder writes: refused, never a server error
      throw PlatformException.invalid("/filetype", "the image (" + type + ") is damaged and cannot be rewritten");
    }
  }

  /**
   * MP4, M4A, MOV: the user-data, {@code meta} and {@code uuid} (XMP) boxes at the top, in
   * {@code moov} and in its tracks (where a phone writes the place a video was taken) become
   * {@code free} boxes of zeros of the same size: players skip them and no sample offset moves.
   */
  private static void blankIsoMetadata(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (IsoMedia.Box box : IsoMedia.metadataBoxes(file)) {
        ch.write(ByteBuffer.wrap("free".getBytes(StandardCharsets.ISO_8859_1)), box.start() + 4);
        byte[] zeros = new byte[64 << 10];
        long at = box.start() + box.headerSize();
        long end = box.start() + box.size();
        while (at < end) {
          int n = (int) Math.min(zeros.length, end - at);
          ch.write(ByteBuffer.wrap(zeros, 0, n), at);
          at += n;
        }
      }
    }
  }

  private static byte[] head(Path file) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(16);
    }
  }

  /** The image's blocks do not add up: it cannot be rewritten safely. */
  private static final class MalformedImage extends IOException {
    MalformedImage(String message) {
      super(message);
    }
  }

  private byte[] jpeg(byte[] b) throws IOException, Images.TooManyPixels {
    int orientation = Images.orientation(b);
    if (orientation != 1) {
      Images.Decoded decoded = decodeFull(b, "image/jpeg");
      return Images.jpeg(Images.orient(decoded.image(), orientation), JPEG_QUALITY);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      throw new MalformedImage("no JPEG start marker");
    }
    out.write(b, 0, 2);
    int i = 2;
    while (i < b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        throw new MalformedImage("no marker at " + i);
      }
      int marker = b[i + 1 < b.length ? i + 1 : i] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        out.write(b, i, 2);
        i += 2;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        // the scans and everything up to the end: nothing but picture data from here
        out.write(b, i, (int) Math.max(0, Math.min(b.length, end(b)) - i));
        return out.toByteArray();
      }
      if (i + 4 > b.length) {
        throw new MalformedImage("a segment runs past the end");
      }
      int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
      if (length < 2 || i + 2 + length > b.length) {
        throw new MalformedImage("a segment runs past the end");
      }
      if (keepJpegSegment(marker, b, i + 4, length - 2)) {
        out.write(b, i, 2 + length);
      }
      i += 2 + length;
    }
    return out.toByteArray();
  }

  /**
   * The end of the picture data: past EOI, which ends the last scan. Metadata segments between
   * progressive scans are rare; the inspector already refused data after EOI.
   */
  private static long end(byte[] b) {
    long end = ImageStructure.jpegEnd(b);
    return end > 0 ? end : b.length;
  }

  private static boolean keepJpegSegment(int marker, byte[] b, int at, int length) {
    if (marker == 0xFE) {
      return false; // COM
    }
    if (marker >= 0xE0 && marker <= 0xEF) {
      return switch (marker) {
        case 0xE0 -> startsWith(b, at, length, "JFIF\0") || startsWith(b, at, length, "JFXX\0");
        case 0xE2 -> startsWith(b, at, length, "ICC_PROFILE\0");
        case 0xEE -> startsWith(b, at, length, "Adobe");
        default -> false; // EXIF and XMP (APP1), IPTC (APP13), makers' notes and the rest
      };
    }
    return true; // tables, frame headers and the like
  }

  private byte[] png(byte[] b) throws IOException, Images.TooManyPixels {
    int orientation = Images.orientation(b);
    if (orientation != 1) {
      Images.Decoded decoded = decodeFull(b, "image/png");
      return Images.png(Images.orient(decoded.image(), orientation));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    out.write(b, 0, Math.min(8, b.length));
    int i = 8;
    while (i + 12 <= b.length) {
      long length = ByteBuffer.wrap(b, i, 4).getInt() & 0xFFFFFFFFL;
      String type = new String(b, i + 4, 4, StandardCharsets.ISO_8859_1);
      long next = i + 12 + length;
      if (next > b.length) {
        throw new MalformedImage("a chunk runs past the end");
      }
      if (!PNG_DROPPED.contains(type)) {
        out.write(b, i, (int) (next - i));
      }
      i = (int) next;
      if (type.equals("IEND")) {
        break;
      }
    }
    return out.toByteArray();
  }

  private static byte[] webp(byte[] b) throws IOException {
    if (b.length < 12 || !startsWith(b, 0, 4, "RIFF") || !startsWith(b, 8, 4, "WEBP")) {
      throw new MalformedImage("no RIFF WEBP header");
    }
    ByteArrayOutputStream chunks = new ByteArrayOutputStream(b.length);
    int vp8xFlagsAt = -1;
    int i = 12;
    while (i + 8 <= b.length) {
      String type = new String(b, i, 4, StandardCharsets.ISO_8859_1);
      long size = ByteBuffer.wrap(b, i + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
      long next = i + 8 + size + (size & 1);
      if (i + 8 + size > b.length) {
        throw new MalformedImage("a chunk runs past the end");
      }
      next = Math.min(next, b.length);
      if (!type.equals("EXIF") && !type.equals("XMP ")) {
        if (type.equals("VP8X")) {
          vp8xFlagsAt = chunks.size() + 8;
        }
        chunks.write(b, i, (int) (next - i));
      }
      i = (int) next;
    }
    byte[] body = chunks.toByteArray();
    if (vp8xFlagsAt >= 0 && vp8xFlagsAt < body.length) {
      body[vp8xFlagsAt] &= (byte) ~(0x08 | 0x04); // the EXIF and XMP flags
    }
    ByteBuffer out = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4 + body.length)
        .put("WEBP".getBytes(StandardCharsets.ISO_8859_1)).put(body);
    return out.array();
  }

  private static byte[] gif(byte[] b) throws IOException {
    if (b.length < 13) {
      throw new MalformedImage("no GIF header");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    int i = 13;
    int flags = b[10] & 0xFF;
    if ((flags & 0x80) != 0) {
      i += 3 * (1 << ((flags & 0x07) + 1));
    }
    if (i > b.length) {
      throw new MalformedImage("the colour table runs past the end");
    }
    out.write(b, 0, i);
    while (i < b.length) {
      int start = i;
      int block = b[i++] & 0xFF;
      if (block == 0x3B) {
        out.write(0x3B);
        break;
      } else if (block == 0x21 && i < b.length) {
        int label = b[i++] & 0xFF;
        int end = ImageStructure.skipSubBlocks(b, i);
        if (end < 0) {
          throw new MalformedImage("an extension runs past the end");
        }
        boolean keep = switch (label) {
          case 0xF9 -> true; // graphic control: delays and transparency
          case 0xFF -> isLoopExtension(b, i);
          default -> false; // comments (0xFE), plain text (0x01)
        };
        if (keep) {
          out.write(b, start, end - start);
        }
        i = end;
      } else if (block == 0x2C && i + 9 <= b.length) {
        int local = b[i + 8] & 0xFF;
        i += 9;
        if ((local & 0x80) != 0) {
          i += 3 * (1 << ((local & 0x07) + 1));
        }
        i++; // LZW minimum code size
        int end = i <= b.length ? ImageStructure.skipSubBlocks(b, i) : -1;
        if (end < 0) {
          throw new MalformedImage("an image runs past the end");
        }
        out.write(b, start, end - start);
        i = end;
      } else {
        throw new MalformedImage("an unknown block at " + start);
      }
    }
    return out.toByteArray();
  }

  /** An application extension whose first sub-block (11 bytes) names the animation loop. */
  private static boolean isLoopExtension(byte[] b, int at) {
    return at + 12 <= b.length && (b[at] & 0xFF) == 11
        && (startsWith(b, at + 1, 11, "NETSCAPE2.0") || startsWith(b, at + 1, 11, "ANIMEXTS1.0"));
  }

  private Images.Decoded decodeFull(byte[] b, String type) throws IOException, Images.TooManyPixels {
    try {
      return Images.decode(b, type, limits.maxImagePixels(), 0);
    } catch (IOException e) {
      throw new MalformedImage("it cannot be decoded");
    }
  }

  private static boolean startsWith(byte[] b, int at, int length, String s) {
    if (length < s.length() || at + s.length() > b.length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
