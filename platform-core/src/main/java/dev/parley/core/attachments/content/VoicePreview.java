package dev.parley.core.attachments.content;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The duration and waveform of a voice message. Opus (in Ogg or WebM, what browsers record) is
 * decoded with Concentus, a pure-Java port of libopus, and the waveform drawn from the decoded
 * loudness. Vorbis in Ogg gets bars from its packet sizes (a louder stretch needs more bits: a
 * rough likeness). AAC in MP4 gets its duration only.
 */
final class VoicePreview {

  /** The most samples one Opus packet decodes to per channel (120 ms at 48 kHz). */
  private static final int MAX_FRAME = 5760;

  private VoicePreview() {
  }

  static Preview make(Path file, String type) throws IOException {
    return switch (type) {
      case "audio/ogg" -> ogg(file);
      case "audio/webm" -> webm(file);
      case "audio/mp4" -> {
        IsoMedia media = IsoMedia.read(file);
        yield new Preview(null, null, null, null, null, media.durationMs() >= 0 ? media.durationMs() : null, null,
            null, "no waveform for MP4 audio on the server");
      }
      default -> Preview.failed("no preview for this type");
    };
  }

  private static Preview ogg(Path file) throws IOException {
    Ogg.Summary head = Ogg.readHeader(file);
    Waveform waveform = new Waveform();
    Ogg.Summary info;
    if (head.codec().equals("opus")) {
      OpusLevels levels = new OpusLevels(head.channels(), waveform);
      info = Ogg.read(file, levels::packet);
    } else {
      info = Ogg.read(file, p -> waveform.add(1, p.length));
    }
    return voice(info.durationMs(), waveform);
  }

  private static Preview webm(Path file) throws IOException {
    Matroska.Summary tracks = Matroska.readTracks(file);
    Matroska.Track audio = tracks.firstAudio();
    Waveform waveform = new Waveform();
    Matroska.Summary info;
    if (audio != null && audio.codec().equals("A_OPUS")) {
      OpusLevels levels = new OpusLevels(audio.channels(), waveform);
      info = Matroska.read(file, levels::packet);
    } else {
      info = Matroska.read(file, p -> waveform.add(1, p.length));
    }
    return voice(info.durationMs(), waveform);
  }

  private static Preview voice(long durationMs, Waveform waveform) {
    return new Preview(null, null, null, null, null, durationMs >= 0 ? durationMs : null, null,
        waveform.isEmpty() ? null : waveform.bars(), waveform.isEmpty() ? "no sound to draw a waveform from" : null);
  }

  /** Decodes Opus packets and measures each one's loudness (RMS). */
  private static final class OpusLevels {
    private final @Nullable OpusDecoder decoder;
    private final int channels;
    private final Waveform waveform;
    private final short[] pcm;

    OpusLevels(int channels, Waveform waveform) {
      this.channels = Math.max(1, Math.min(2, channels));
      this.waveform = waveform;
      this.pcm = new short[MAX_FRAME * this.channels];
      OpusDecoder d;
      try {
        d = new OpusDecoder(48_000, this.channels);
      } catch (OpusException e) {
        d = null;
      }
      this.decoder = d;
    }

    void packet(byte[] data) {
      if (decoder == null || data.length == 0) {
        return;
      }
      try {
        int samples = decoder.decode(data, 0, data.length, pcm, 0, MAX_FRAME, false);
        double sum = 0;
        int n = samples * channels;
        for (int i = 0; i < n; i++) {
          sum += (double) pcm[i] * pcm[i];
        }
        waveform.add(samples, n == 0 ? 0 : Math.sqrt(sum / n));
      } catch (OpusException | RuntimeException e) {
        // a damaged packet: a gap in the bars, not a failed preview
      }
    }
  }
}
