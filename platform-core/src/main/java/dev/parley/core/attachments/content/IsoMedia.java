package dev.parley.core.attachments.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an ISO base media file (MP4, M4A, MOV, HEIC, AVIF) holds, read from its boxes: the brands
 * of {@code ftyp}, whether a track is video or sound ({@code hdlr}), the duration ({@code mvhd})
 * and the picture size ({@code tkhd}). Only the small {@code moov} box is read into memory.
 */
record IsoMedia(String majorBrand, Set<String> brands, boolean video, boolean audio, long durationMs, int width,
    int height, int rotation, boolean truncated) {

  /** Movie boxes larger than this are not parsed (their facts stay unknown). */
  private static final int MAX_MOOV = 32 << 20;

  /** Whether the file starts like an ISO base media file (a {@code ftyp} box first). */
  static boolean looksLike(byte[] head) {
    return head.length >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p';
  }

  static IsoMedia read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long pos = 0;
      String major = "";
      Set<String> brands = new LinkedHashSet<>();
      Facts facts = new Facts();
      boolean truncated = false;
      ByteBuffer header = ByteBuffer.allocate(16);
      while (pos + 8 <= size) {
        header.clear().limit(8);
        readFully(ch, header, pos);
        long boxSize = header.getInt(0) & 0xFFFFFFFFL;
        String type = fourCc(header.array(), 4);
        int headerSize = 8;
        if (boxSize == 1) {
          header.clear().limit(16);
          readFully(ch, header, pos);
          boxSize = header.getLong(8);
          headerSize = 16;
        } else if (boxSize == 0) {
          boxSize = size - pos;
        }
        if (boxSize < headerSize) {
          truncated = true;
          break;
        }
        if (pos + boxSize > size) {
          truncated = true;
        }
        long payload = Math.min(boxSize, size - pos) - headerSize;
        if (type.equals("ftyp") && payload >= 8 && payload <= 4096) {
          ByteBuffer b = ByteBuffer.allocate((int) payload);
          readFully(ch, b, pos + headerSize);
          major = fourCc(b.array(), 0);
          brands.add(major);
          for (int i = 8; i + 4 <= payload; i += 4) {
            brands.add(fourCc(b.array(), i));
          }
        } else if (type.equals("moov") && payload <= MAX_MOOV) {
          ByteBuffer b = ByteBuffer.allocate((int) payload);
          readFully(ch, b, pos + headerSize);
          facts.walk(b.array(), 0, (int) payload);
        }
        pos += boxSize;
      }
      return new IsoMedia(major, brands, facts.video, facts.audio, facts.durationMs, facts.width, facts.height,
          facts.rotation, truncated);
    }
  }

  /** A box to blank: where it starts, its header's length and its whole size. */
  record Box(long start, int headerSize, long size) {
  }

  /** Boxes that carry metadata, not media: user data (a phone's location), {@code meta} (Apple's keys), XMP. */
  private static final Set<String> METADATA_BOXES = Set.of("udta", "meta", "uuid");

  /**
   * The metadata boxes at the top level, in {@code moov} and in its tracks: what {@link
   * MetadataStripper} turns into {@code free} boxes of zeros (same size, so no sample offset moves).
   */
  static java.util.List<Box> metadataBoxes(Path file) throws IOException {
    java.util.List<Box> found = new java.util.ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long pos = 0;
      ByteBuffer header = ByteBuffer.allocate(16);
      while (pos + 8 <= size) {
        header.clear().limit(8);
        readFully(ch, header, pos);
        long boxSize = header.getInt(0) & 0xFFFFFFFFL;
        String type = fourCc(header.array(), 4);
        int headerSize = 8;
        if (boxSize == 1 && pos + 16 <= size) {
          header.clear().limit(16);
          readFully(ch, header, pos);
          boxSize = header.getLong(8);
          headerSize = 16;
        } else if (boxSize == 0) {
          boxSize = size - pos;
        }
        if (boxSize < headerSize || pos + boxSize > size) {
          break;
        }
        if (METADATA_BOXES.contains(type)) {
          found.add(new Box(pos, headerSize, boxSize));
        } else if (type.equals("moov") && boxSize - headerSize <= MAX_MOOV) {
          ByteBuffer b = ByteBuffer.allocate((int) (boxSize - headerSize));
          readFully(ch, b, pos + headerSize);
          children(b.array(), 0, b.capacity(), pos + headerSize, true, found);
        }
        pos += boxSize;
      }
    }
    return found;
  }

  private static void children(byte[] b, int from, int to, long base, boolean descendTracks,
      java.util.List<Box> found) {
    int pos = from;
    while (pos + 8 <= to) {
      long size = ByteBuffer.wrap(b, pos, 4).getInt() & 0xFFFFFFFFL;
      String type = fourCc(b, pos + 4);
      int header = 8;
      if (size == 1 && pos + 16 <= to) {
        size = ByteBuffer.wrap(b, pos + 8, 8).getLong();
        header = 16;
      } else if (size == 0) {
        size = (long) to - pos;
      }
      if (size < header || pos + size > to) {
        return;
      }
      if (METADATA_BOXES.contains(type)) {
        found.add(new Box(base + pos, header, size));
      } else if (descendTracks && type.equals("trak")) {
        children(b, pos + header, (int) (pos + size), base, false, found);
      }
      pos += (int) size;
    }
  }

  /** What the boxes inside {@code moov} say. */
  private static final class Facts {
    boolean video;
    boolean audio;
    long durationMs = -1;
    int width;
    int height;
    int rotation;
    private int trackWidth;
    private int trackHeight;
    private int trackRotation;

    void walk(byte[] b, int from, int to) {
      int pos = from;
      while (pos + 8 <= to) {
        long size = ByteBuffer.wrap(b, pos, 4).getInt() & 0xFFFFFFFFL;
        String type = fourCc(b, pos + 4);
        int header = 8;
        if (size == 1 && pos + 16 <= to) {
          size = ByteBuffer.wrap(b, pos + 8, 8).getLong();
          header = 16;
        } else if (size == 0) {
          size = (long) to - pos;
        }
        if (size < header || pos + size > to) {
          return;
        }
        int start = pos + header;
        int end = (int) (pos + size);
        switch (type) {
          case "trak", "mdia" -> walk(b, start, end);
          case "mvhd" -> movieHeader(b, start, end);
          case "tkhd" -> trackHeader(b, start, end);
          case "hdlr" -> handler(b, start, end);
          default -> {
            // other boxes say nothing we need
          }
        }
        pos = end;
      }
    }

    private void movieHeader(byte[] b, int start, int end) {
      ByteBuffer buf = ByteBuffer.wrap(b, start, end - start);
      int version = buf.get(start) & 0xFF;
      long timescale;
      long duration;
      if (version == 1 && end - start >= 32) {
        timescale = buf.getInt(start + 20) & 0xFFFFFFFFL;
        duration = buf.getLong(start + 24);
      } else if (end - start >= 20) {
        timescale = buf.getInt(start + 12) & 0xFFFFFFFFL;
        duration = buf.getInt(start + 16) & 0xFFFFFFFFL;
      } else {
        return;
      }
      if (timescale > 0 && duration >= 0 && duration != 0xFFFFFFFFL) {
        durationMs = duration * 1000 / timescale;
      }
    }

    private void trackHeader(byte[] b, int start, int end) {
      // width and height are the last 8 bytes, 16.16 fixed point
      if (end - start >= 84) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        trackWidth = buf.getInt(end - 8) >>> 16;
        trackHeight = buf.getInt(end - 4) >>> 16;
        // the display matrix {a b u; c d v; x y w} before them: a phone's portrait video is turned here
        int a = buf.getInt(end - 44);
        int b2 = buf.getInt(end - 40);
        int c = buf.getInt(end - 32);
        int d = buf.getInt(end - 28);
        trackRotation = a == 0 && d == 0 && b2 > 0 && c < 0
            ? 90
            : a < 0 && d < 0 && b2 == 0 && c == 0
                ? 180
                : a == 0 && d == 0 && b2 < 0 && c > 0
                    ? 270
                    : 0;
      }
    }

    private void handler(byte[] b, int start, int end) {
      if (end - start < 12) {
        return;
      }
      String handler = fourCc(b, start + 8);
      if (handler.equals("vide")) {
        video = true;
        if (width == 0) {
          width = trackWidth;
          height = trackHeight;
          rotation = trackRotation;
        }
      } else if (handler.equals("soun")) {
        audio = true;
      }
    }
  }

  private static String fourCc(byte[] b, int at) {
    return new String(b, at, 4, StandardCharsets.ISO_8859_1);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += n;
    }
  }
}
