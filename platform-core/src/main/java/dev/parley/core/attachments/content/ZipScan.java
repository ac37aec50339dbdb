package dev.parley.core.attachments.content;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Inflates every entry of a zip (an office document, an EPUB, a plain zip) and its nested zips,
 * counting what comes out instead of believing the sizes the archive declares, and stops as soon
 * as the entries, the inflated bytes or the compression ratio pass the {@link ContentLimits}.
 * On the way it learns what the zip is: OOXML by its main part, ODF and EPUB by their
 * {@code mimetype} entry.
 */
final class ZipScan {

  /** Below this many inflated bytes the ratio is not judged: tiny entries compress absurdly well. */
  static final long RATIO_FLOOR = 1 << 20;

  /** A zip over a limit: {@code why} says which. */
  static final class Bomb extends Exception {
    Bomb(String why) {
      super(why, null, false, false);
    }
  }

  private final ContentLimits limits;
  private final long fileSize;
  private long entries;
  private long inflated;
  private String innerType = "";

  private ZipScan(ContentLimits limits, long fileSize) {
    this.limits = limits;
    this.fileSize = fileSize;
  }

  /**
   * Scans the zip at {@code file}; answers the specific type its entries reveal (e.g.
   * {@code application/vnd.openxmlformats-officedocument.wordprocessingml.document}), if any.
   */
  static Optional<String> scan(Path file, ContentLimits limits) throws IOException, Bomb {
    ZipScan scan = new ZipScan(limits, Files.size(file));
    try (Counter counted = new Counter(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      scan.walk(counted, 0);
    } catch (BombSignal e) {
      throw e.bomb;
    }
    return scan.innerType.isEmpty() ? Optional.empty() : Optional.of(scan.innerType);
  }

  /** Walks the zip read from {@code compressed}, whose count says how many of its bytes were consumed. */
  private void walk(Counter compressed, int depth) throws IOException, Bomb {
    ZipInputStream zip = new ZipInputStream(compressed);
    byte[] buffer = new byte[1 << 16];
    ZipEntry entry;
    while ((entry = nextEntry(zip)) != null) {
      if (++entries > limits.maxZipEntries()) {
        throw new Bomb("more than " + limits.maxZipEntries() + " entries");
      }
      if (depth == 0) {
        learn(entry.getName(), zip);
      }
      long entryStart = compressed.count();
      Counter entryBytes = new Counter(new BufferedInputStream(zip, 1 << 16));
      entryBytes.onRead = n -> {
        inflated += n;
        check(entryBytes.count(), compressed.count() - entryStart);
      };
      entryBytes.mark(4);
      byte[] head = entryBytes.readNBytes(4);
      entryBytes.reset();
      if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
        if (depth >= limits.maxZipDepth()) {
          throw new Bomb("zips nested deeper than " + limits.maxZipDepth());
        }
        walk(entryBytes, depth + 1);
      }
      // what a nested walk left (its central directory) and every other entry: inflate and count
      while (entryBytes.read(buffer) > 0) {
        // counted by entryBytes
      }
    }
  }

  private static @Nullable ZipEntry nextEntry(ZipInputStream zip) throws IOException {
    try {
      return zip.getNextEntry();
    } catch (IllegalArgumentException e) {
      throw new IOException("broken zip entry: " + e.getMessage(), e);
    }
  }

  private void check(long entryInflated, long entryCompressed) throws Bomb {
    if (inflated > limits.maxUncompressedBytes()) {
      throw new Bomb("inflates to more than " + limits.maxUncompressedBytes() + " bytes");
    }
    long ratio = limits.maxCompressionRatio();
    if (inflated > RATIO_FLOOR && inflated > ratio * fileSize) {
      throw new Bomb("inflates more than " + ratio + " times its size");
    }
    // the counted compressed bytes run ahead by the read buffers: a little slack
    if (entryInflated > RATIO_FLOOR && entryInflated > ratio * (entryCompressed + 1024)) {
      throw new Bomb("an entry inflates more than " + ratio + " times its size");
    }
  }

  private void learn(String name, ZipInputStream zip) throws IOException, Bomb {
    if (!innerType.isEmpty() && !innerType.equals(OOXML)) {
      return;
    }
    switch (name) {
      case "word/document.xml" -> innerType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      case "xl/workbook.xml" -> innerType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      case "ppt/presentation.xml" ->
        innerType = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
      case "[Content_Types].xml" -> innerType = OOXML;
      case "mimetype" -> {
        // ODF and EPUB: a stored first entry naming the type
        byte[] b = zip.readNBytes(100);
        inflated += b.length;
        String type = new String(b, StandardCharsets.US_ASCII).trim();
        if (type.matches("application/(vnd\\.oasis\\.opendocument\\.[a-z.-]+|epub\\+zip)")) {
          innerType = type;
        }
      }
      default -> {
        // other parts say nothing about the type
      }
    }
  }

  private static final String OOXML = "application/x-tika-ooxml";

  /** Reacts to every read before the bytes go further. */
  interface ReadListener {
    void read(int n) throws Bomb;
  }

  /** Counts the bytes read through it; the listener may stop the scan. */
  private static final class Counter extends FilterInputStream {
    private long count;
    private long mark;
    @Nullable
    ReadListener onRead;

    Counter(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      if (skipped > 0) {
        counted((int) skipped);
      }
      return skipped;
    }

    @Override
    public synchronized void mark(int limit) {
      super.mark(limit);
      mark = count;
    }

    @Override
    public synchronized void reset() throws IOException {
      super.reset();
      count = mark;
    }

    private void counted(int n) throws IOException {
      count += n;
      if (onRead != null) {
        try {
          onRead.read(n);
        } catch (Bomb e) {
          throw new BombSignal(e);
        }
      }
    }
  }

  /** Carries a {@link Bomb} through the JDK's stream methods, which only throw IOException. */
  static final class BombSignal extends IOException {
    final Bomb bomb;

    BombSignal(Bomb bomb) {
      super(bomb.getMessage());
      this.bomb = bomb;
    }
  }
}
