package dev.parley.core.attachments.content;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What an Ogg file holds, read page by page (RFC 3533): the codec of its first logical stream
 * (Opus, Vorbis, Theora), and the duration from the granule position of the last page (RFC 7845
 * section 4 for Opus: 48 kHz samples minus the pre-skip). Optionally hands every audio packet
 * after the headers to a sink.
 */
final class Ogg {

  /** The audio packets of the first stream, in order (headers excluded). */
  interface PacketSink {
    void packet(byte[] data);
  }

  /** The facts of one file; {@code codec} is {@code opus}, {@code vorbis}, {@code theora} or empty. */
  record Summary(String codec, int channels, long durationMs, long packets) {
  }

  /** Packets larger than this are not assembled (an Opus packet is at most about 60 KB). */
  private static final int MAX_PACKET = 1 << 20;

  private Ogg() {
  }

  static boolean looksLike(byte[] head) {
    return head.length >= 4 && head[0] == 'O' && head[1] == 'g' && head[2] == 'g' && head[3] == 'S';
  }

  /** Reads every page: the duration, and the audio packets for {@code sink}. */
  static Summary read(Path file, @Nullable PacketSink sink) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      return read(in, sink, false);
    }
  }

  /** Reads the first packet only: the codec (no duration). */
  static Summary readHeader(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      return read(in, null, true);
    }
  }

  private static Summary read(DataInputStream in, @Nullable PacketSink sink, boolean headerOnly) throws IOException {
    String codec = "";
    int channels = 1;
    int preSkip = 0;
    long sampleRate = 48_000;
    long lastGranule = -1;
    int serial = 0;
    boolean first = true;
    long packets = 0;
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    byte[] header = new byte[27];
    while (true) {
      try {
        in.readFully(header);
      } catch (EOFException e) {
        break;
      }
      if (header[0] != 'O' || header[1] != 'g' || header[2] != 'g' || header[3] != 'S') {
        break;
      }
      ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      long granule = h.getLong(6);
      int pageSerial = h.getInt(14);
      int segments = header[26] & 0xFF;
      byte[] lacing = new byte[segments];
      byte[][] segmentData = new byte[segments][];
      try {
        in.readFully(lacing);
        for (int s = 0; s < segments; s++) {
          segmentData[s] = new byte[lacing[s] & 0xFF];
          in.readFully(segmentData[s]);
        }
      } catch (EOFException e) {
        break; // a recording cut short: what came before still counts
      }
      if (first) {
        serial = pageSerial;
      }
      boolean ours = pageSerial == serial;
      for (int s = 0; s < segments; s++) {
        int len = lacing[s] & 0xFF;
        byte[] data = segmentData[s];
        if (!ours) {
          continue;
        }
        if (packet.size() + len <= MAX_PACKET) {
          packet.write(data);
        }
        if (len < 255) {
          byte[] p = packet.toByteArray();
          packet.reset();
          if (first) {
            first = false;
            if (startsWith(p, "OpusHead") && p.length >= 19) {
              codec = "opus";
              channels = p[9] & 0xFF;
              preSkip = ((p[11] & 0xFF) << 8) | (p[10] & 0xFF);
            } else if (p.length >= 16 && p[0] == 1 && startsWith(p, 1, "vorbis")) {
              codec = "vorbis";
              channels = p[11] & 0xFF;
              sampleRate = ByteBuffer.wrap(p, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            } else if (p.length >= 7 && (p[0] & 0xFF) == 0x80 && startsWith(p, 1, "theora")) {
              codec = "theora";
            }
            if (headerOnly) {
              return new Summary(codec, Math.max(1, channels), -1, 0);
            }
          } else if (!isHeader(codec, p)) {
            packets++;
            if (sink != null) {
              sink.packet(p);
            }
          }
        }
      }
      if (ours && granule != -1) {
        lastGranule = granule;
      }
    }
    long durationMs = -1;
    if (lastGranule >= 0 && sampleRate > 0 && !codec.equals("theora")) {
      long samples = codec.equals("opus") ? Math.max(0, lastGranule - preSkip) : lastGranule;
      durationMs = samples * 1000 / (codec.equals("opus") ? 48_000 : sampleRate);
    }
    return new Summary(codec, Math.max(1, channels), durationMs, packets);
  }

  /** Opus's comment header and Vorbis's comment and setup headers are not audio. */
  private static boolean isHeader(String codec, byte[] p) {
    return switch (codec) {
      case "opus" -> startsWith(p, "OpusTags");
      case "vorbis" -> p.length > 0 && (p[0] & 1) == 1;
      default -> false;
    };
  }

  private static boolean startsWith(byte[] b, String s) {
    return startsWith(b, 0, s);
  }

  private static boolean startsWith(byte[] b, int at, String s) {
    if (b.length < at + s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

}
