package dev.parley.core.attachments.content;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Walks the blocks of a JPEG, PNG, GIF or WebP file to where its format says it ends. What lies
 * beyond that end is how polyglots hide a second file (a zip, an HTML page) behind a valid image;
 * an image that stops before its end is truncated.
 */
final class ImageStructure {

  /** Where the image ends by its own structure, or {@link #TRUNCATED} when the bytes stop before. */
  static final long TRUNCATED = -1;

  private ImageStructure() {
  }

  /** The offset just past the image's end marker; {@link #TRUNCATED} if the data stops first; -2 if not walkable. */
  static long end(String contentType, byte[] b) {
    return switch (contentType) {
      case "image/jpeg" -> jpegEnd(b);
      case "image/png" -> pngEnd(b);
      case "image/gif" -> gifEnd(b);
      case "image/webp" -> webpEnd(b);
      default -> -2;
    };
  }

  /**
   * SOI, marker segments with their lengths, entropy-coded data after each SOS (where 0xFF is
   * followed by 0x00 or a restart marker), up to EOI. An EXIF thumbnail's own EOI lies inside APP1
   * and is skipped with it.
   */
  static long jpegEnd(byte[] b) {
    int n = b.length;
    if (n < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      return TRUNCATED;
    }
    int i = 2;
    while (true) {
      // markers may be padded with any number of 0xFF
      if (i >= n) {
        return TRUNCATED;
      }
      if ((b[i] & 0xFF) != 0xFF) {
        return TRUNCATED; // garbage where a marker must be: treat as broken
      }
      while (i < n && (b[i] & 0xFF) == 0xFF) {
        i++;
      }
      if (i >= n) {
        return TRUNCATED;
      }
      int marker = b[i++] & 0xFF;
      if (marker == 0xD9) {
        return i;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // standalone markers
      }
      if (i + 2 > n) {
        return TRUNCATED;
      }
      int length = ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
      if (length < 2 || i + length > n) {
        return TRUNCATED;
      }
      i += length;
      if (marker == 0xDA) {
        // entropy-coded data up to the next real marker
        while (true) {
          if (i + 1 >= n) {
            return TRUNCATED;
          }
          if ((b[i] & 0xFF) == 0xFF) {
            int next = b[i + 1] & 0xFF;
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
              i += next == 0xFF ? 1 : 2;
              continue;
            }
            break;
          }
          i++;
        }
      }
    }
  }

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /** The signature, then chunks (length, type, data, CRC) up to IEND. */
  static long pngEnd(byte[] b) {
    if (b.length < 8 || !startsWith(b, PNG_SIGNATURE)) {
      return TRUNCATED;
    }
    long i = 8;
    while (i + 12 <= b.length) {
      long length = ByteBuffer.wrap(b, (int) i, 4).getInt() & 0xFFFFFFFFL;
      String type = new String(b, (int) i + 4, 4, StandardCharsets.ISO_8859_1);
      long next = i + 12 + length;
      if (next > b.length) {
        return TRUNCATED;
      }
      if (type.equals("IEND")) {
        return next;
      }
      i = next;
    }
    return TRUNCATED;
  }

  /** Header, screen descriptor, colour table, then extensions and images of sub-blocks up to the trailer 0x3B. */
  static long gifEnd(byte[] b) {
    int n = b.length;
    if (n < 13) {
      return TRUNCATED;
    }
    int i = 13;
    int flags = b[10] & 0xFF;
    if ((flags & 0x80) != 0) {
      i += 3 * (1 << ((flags & 0x07) + 1));
    }
    while (i < n) {
      int block = b[i++] & 0xFF;
      if (block == 0x3B) {
        return i;
      } else if (block == 0x21) {
        if (i >= n) {
          return TRUNCATED;
        }
        i++; // label
        i = skipSubBlocks(b, i);
      } else if (block == 0x2C) {
        if (i + 9 > n) {
          return TRUNCATED;
        }
        int local = b[i + 8] & 0xFF;
        i += 9;
        if ((local & 0x80) != 0) {
          i += 3 * (1 << ((local & 0x07) + 1));
        }
        i++; // LZW minimum code size
        i = skipSubBlocks(b, i);
      } else {
        return TRUNCATED; // not a GIF block: broken
      }
      if (i < 0) {
        return TRUNCATED;
      }
    }
    return TRUNCATED;
  }

  /** The offset after a chain of GIF sub-blocks (each a length byte and its data, ended by 0), or -1. */
  static int skipSubBlocks(byte[] b, int i) {
    while (i < b.length) {
      int size = b[i++] & 0xFF;
      if (size == 0) {
        return i;
      }
      i += size;
    }
    return -1;
  }

  /** RIFF's own size field says where the file ends. */
  static long webpEnd(byte[] b) {
    if (b.length < 12) {
      return TRUNCATED;
    }
    long size = ByteBuffer.wrap(b, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    long end = 8 + size;
    return end > b.length ? TRUNCATED : end;
  }

  static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
