package dev.parley.core.attachments.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a Matroska or WebM file holds, read from its EBML elements: the document type, the tracks
 * (video or audio, codec, picture size, channels) and the duration. Browsers' MediaRecorder writes
 * WebM without a duration and with clusters of unknown size, so the duration falls back to the
 * last block's timestamp. Optionally hands the frames of the first audio track to a sink (the
 * voice waveform decodes them).
 */
final class Matroska {

  /** The frames of the first audio track, in order. */
  interface FrameSink {
    void frame(byte[] data);
  }

  /** One track entry. */
  record Track(long number, int type, String codec, int width, int height, int channels) {
  }

  /** The facts of one file. */
  record Summary(String docType, List<Track> tracks, long durationMs, boolean truncated) {

    boolean hasVideo() {
      return tracks.stream().anyMatch(t -> t.type() == VIDEO_TRACK);
    }

    boolean hasAudio() {
      return tracks.stream().anyMatch(t -> t.type() == AUDIO_TRACK);
    }

    @Nullable
    Track firstAudio() {
      return tracks.stream().filter(t -> t.type() == AUDIO_TRACK).findFirst().orElse(null);
    }

    @Nullable
    Track firstVideo() {
      return tracks.stream().filter(t -> t.type() == VIDEO_TRACK).findFirst().orElse(null);
    }
  }

  static final int VIDEO_TRACK = 1;
  static final int AUDIO_TRACK = 2;

  private static final long EBML = 0x1A45DFA3L;
  private static final long SEGMENT = 0x18538067L;
  private static final long INFO = 0x1549A966L;
  private static final long TRACKS = 0x1654AE6BL;
  private static final long TRACK_ENTRY = 0xAEL;
  private static final long VIDEO = 0xE0L;
  private static final long AUDIO = 0xE1L;
  private static final long CLUSTER = 0x1F43B675L;
  private static final long BLOCK_GROUP = 0xA0L;
  private static final long DOC_TYPE = 0x4282L;
  private static final long TIMESTAMP_SCALE = 0x2AD7B1L;
  private static final long DURATION = 0x4489L;
  private static final long TRACK_NUMBER = 0xD7L;
  private static final long TRACK_TYPE = 0x83L;
  private static final long CODEC_ID = 0x86L;
  private static final long PIXEL_WIDTH = 0xB0L;
  private static final long PIXEL_HEIGHT = 0xBAL;
  private static final long CHANNELS = 0x9FL;
  private static final long CLUSTER_TIMESTAMP = 0xE7L;
  private static final long SIMPLE_BLOCK = 0xA3L;
  private static final long BLOCK = 0xA1L;

  /** Frames larger than this are not handed to the sink (an audio frame is a few hundred bytes). */
  private static final int MAX_FRAME = 1 << 20;

  private Matroska() {
  }

  static boolean looksLike(byte[] head) {
    return head.length >= 4 && (head[0] & 0xFF) == 0x1A && (head[1] & 0xFF) == 0x45 && (head[2] & 0xFF) == 0xDF
        && (head[3] & 0xFF) == 0xA3;
  }

  /** Reads the whole file: the duration (from the header, else the last block) and the frames for {@code sink}. */
  static Summary read(Path file, @Nullable FrameSink sink) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return new Walk(ch, sink, false).run();
    }
  }

  /** Reads up to the first cluster: the document type and the tracks (the duration only if the header has it). */
  static Summary readTracks(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return new Walk(ch, null, true).run();
    }
  }

  private static final class Walk {
    private final FileChannel ch;
    private final long size;
    private final @Nullable FrameSink sink;
    private final ByteBuffer small = ByteBuffer.allocate(8);
    private long pos;
    private String docType = "";
    private long timestampScale = 1_000_000;
    private double duration = -1;
    private final List<Track> tracks = new ArrayList<>();
    private long clusterTimestamp;
    private long lastTimestamp = -1;
    private boolean truncated;
    // the track entry being read
    private long number;
    private int type;
    private String codec = "";
    private int width;
    private int height;
    private int channels;
    private boolean inTrack;

    private final boolean tracksOnly;

    Walk(FileChannel ch, @Nullable FrameSink sink, boolean tracksOnly) throws IOException {
      this.tracksOnly = tracksOnly;
      this.ch = ch;
      this.size = ch.size();
      this.sink = sink;
    }

    Summary run() throws IOException {
      while (pos < size) {
        long id = readId();
        if (id < 0) {
          break;
        }
        long length = readSize();
        if (length == -2) {
          break;
        }
        if (id == TRACK_ENTRY || (inTrack && (id == TRACKS || id == CLUSTER))) {
          finishTrack();
          inTrack = id == TRACK_ENTRY;
        }
        if (id == CLUSTER && (tracksOnly || (duration >= 0 && sink == null))) {
          break; // the header said everything we need
        }
        if (isMaster(id)) {
          continue; // its children follow
        }
        if (length < 0) {
          break; // unknown size is for masters only
        }
        if (pos + length > size) {
          truncated = true;
          break;
        }
        leaf(id, length);
        pos += length;
      }
      finishTrack();
      long ms = duration >= 0
          ? (long) (duration * timestampScale / 1_000_000)
          : lastTimestamp >= 0 ? lastTimestamp * timestampScale / 1_000_000 : -1;
      return new Summary(docType, List.copyOf(tracks), ms, truncated);
    }

    private static boolean isMaster(long id) {
      return id == EBML || id == SEGMENT || id == INFO || id == TRACKS || id == TRACK_ENTRY || id == VIDEO
          || id == AUDIO || id == CLUSTER || id == BLOCK_GROUP;
    }

    private void finishTrack() {
      if (inTrack) {
        tracks.add(new Track(number, type, codec, width, height, channels == 0 ? 1 : channels));
        inTrack = false;
        number = 0;
        type = 0;
        codec = "";
        width = 0;
        height = 0;
        channels = 0;
      }
    }

    private void leaf(long id, long length) throws IOException {
      if (id == DOC_TYPE) {
        docType = string(length);
      } else if (id == TIMESTAMP_SCALE) {
        timestampScale = Math.max(1, unsigned(length));
      } else if (id == DURATION) {
        duration = length == 4 ? Float.intBitsToFloat((int) unsigned(4)) : Double.longBitsToDouble(unsigned(8));
      } else if (id == TRACK_NUMBER) {
        number = unsigned(length);
      } else if (id == TRACK_TYPE) {
        type = (int) unsigned(length);
      } else if (id == CODEC_ID) {
        codec = string(length);
      } else if (id == PIXEL_WIDTH) {
        width = (int) unsigned(length);
      } else if (id == PIXEL_HEIGHT) {
        height = (int) unsigned(length);
      } else if (id == CHANNELS) {
        channels = (int) unsigned(length);
      } else if (id == CLUSTER_TIMESTAMP) {
        clusterTimestamp = unsigned(length);
      } else if (id == SIMPLE_BLOCK || id == BLOCK) {
        block(length);
      }
    }

    /** A block: the track number (a vint), a signed 16-bit timestamp relative to the cluster, flags, the frame. */
    private void block(long length) throws IOException {
      if (length < 4) {
        return;
      }
      // the header first (track, time, flags); the frame only when the sink wants it
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(length, 12));
      read(b, pos);
      byte[] a = b.array();
      int first = a[0] & 0xFF;
      int vlen = Long.numberOfLeadingZeros(first) - 55;
      if (first == 0 || vlen > 8 || vlen + 3 > a.length) {
        return;
      }
      long track = first & (0xFF >> vlen);
      for (int i = 1; i < vlen; i++) {
        track = (track << 8) | (a[i] & 0xFF);
      }
      short relative = (short) (((a[vlen] & 0xFF) << 8) | (a[vlen + 1] & 0xFF));
      int flags = a[vlen + 2] & 0xFF;
      lastTimestamp = Math.max(lastTimestamp, clusterTimestamp + relative);
      Track audio = tracks.stream().filter(t -> t.type() == AUDIO_TRACK).findFirst().orElse(null);
      if (sink != null && audio != null && audio.number() == track && (flags & 0x06) == 0
          && length - vlen - 3 <= MAX_FRAME) {
        ByteBuffer frame = ByteBuffer.allocate((int) (length - vlen - 3));
        read(frame, pos + vlen + 3);
        sink.frame(frame.array());
      }
    }

    private long readId() throws IOException {
      int first = readByte();
      if (first <= 0) {
        return -1;
      }
      int len = Long.numberOfLeadingZeros(first) - 55;
      if (len > 4) {
        return -1;
      }
      long id = first;
      for (int i = 1; i < len; i++) {
        int b = readByte();
        if (b < 0) {
          return -1;
        }
        id = (id << 8) | b;
      }
      return id;
    }

    /** The size, -1 when unknown (all ones), -2 at a broken or missing size. */
    private long readSize() throws IOException {
      int first = readByte();
      if (first <= 0) {
        return -2;
      }
      int len = Long.numberOfLeadingZeros(first) - 55;
      long value = first & (0xFF >> len);
      boolean allOnes = value == (0xFF >> len);
      for (int i = 1; i < len; i++) {
        int b = readByte();
        if (b < 0) {
          return -2;
        }
        allOnes &= b == 0xFF;
        value = (value << 8) | b;
      }
      return allOnes ? -1 : value;
    }

    private int readByte() throws IOException {
      if (pos >= size) {
        return -1;
      }
      small.clear().limit(1);
      read(small, pos);
      pos++;
      return small.get(0) & 0xFF;
    }

    private long unsigned(long length) throws IOException {
      if (length > 8 || length < 1) {
        return 0;
      }
      small.clear().limit((int) length);
      read(small, pos);
      long v = 0;
      for (int i = 0; i < length; i++) {
        v = (v << 8) | (small.get(i) & 0xFF);
      }
      return v;
    }

    private String string(long length) throws IOException {
      if (length > 256) {
        return "";
      }
      ByteBuffer b = ByteBuffer.allocate((int) length);
      read(b, pos);
      return new String(b.array(), StandardCharsets.US_ASCII).replace("\0", "");
    }

    private void read(ByteBuffer b, long at) throws IOException {
      long p = at;
      while (b.hasRemaining()) {
        int n = ch.read(b, p);
        if (n < 0) {
          throw new IOException("unexpected end of file");
        }
        p += n;
      }
    }
  }
}
