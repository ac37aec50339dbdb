package dev.parley.core.apps.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;

/**
 * The audio formats apps may upload, told by content with Apache Tika's magic detection (the
 * name a file came with is never consulted, so a PNG or text called {@code .mp3} is what it is).
 * Tika's names map to the ones the platform serves: Vorbis and Opus are {@code audio/ogg}, WAVE
 * is {@code audio/wav}. MP4 audio is recognised by its M4A/M4B brands; a plain MP4 may hold video
 * and is refused.
 */
final class AudioFormats {

  /** Tika's type → the type served. */
  private static final Map<String, String> ACCEPTED = Map.of(
      "audio/mpeg", "audio/mpeg",
      "audio/vorbis", "audio/ogg",
      "audio/opus", "audio/ogg",
      "audio/ogg", "audio/ogg",
      "audio/vnd.wave", "audio/wav",
      "audio/x-flac", "audio/flac",
      "audio/mp4", "audio/mp4");

  /** Named in refusals. */
  static final String ALLOWED = "MP3 (audio/mpeg), Ogg Vorbis or Opus (audio/ogg), WAV (audio/wav), FLAC (audio/flac), "
      + "MP4 audio (audio/mp4)";

  private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();

  private AudioFormats() {
  }

  /** The detected type of {@code bytes} as Tika names it, such as {@code image/png}. Blocking (CPU only). */
  static String detect(byte[] bytes) {
    try {
      String type = TYPES.detect(new ByteArrayInputStream(bytes), new Metadata()).getBaseType().toString();
      return type.equals("application/ogg") ? oggCodec(bytes).orElse(type) : type;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail to read
    }
  }

  /**
   * The codec of an Ogg stream by its first packet, which Tika does not always look at (opusenc's
   * files come back as plain {@code application/ogg}): the first page's 27-byte header and segment
   * table are followed by "OpusHead" or "\1vorbis".
   */
  static Optional<String> oggCodec(byte[] bytes) {
    if (bytes.length < 28 || bytes[0] != 'O' || bytes[1] != 'g' || bytes[2] != 'g' || bytes[3] != 'S') {
      return Optional.empty();
    }
    int packet = 27 + (bytes[26] & 0xff);
    if (startsWith(bytes, packet, "OpusHead".getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("audio/opus");
    }
    if (startsWith(bytes, packet, "\u0001vorbis".getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("audio/vorbis");
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
    return bytes.length >= offset + prefix.length
        && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
  }

  /** The served type of an accepted format, or empty when {@code detected} is not one. */
  static Optional<String> accepted(String detected) {
    return Optional.ofNullable(ACCEPTED.get(detected));
  }
}
