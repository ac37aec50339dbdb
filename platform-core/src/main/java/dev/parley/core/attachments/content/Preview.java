package dev.parley.core.attachments.content;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the messenger shows before (or instead of) the file itself. Every part is optional; when
 * there is no thumbnail, {@code failure} says why in words the sender can read.
 *
 * @param thumbnail     a small image (about 320 px on its longest side), or null
 * @param thumbnailType the media type of {@code thumbnail} (e.g. {@code image/jpeg}), or null
 * @param width         the width of the original image, page or video, in pixels
 * @param height        the height of the original image, page or video, in pixels
 * @param placeholder   a BlurHash string shown while the thumbnail loads
 * @param durationMs    the length of a video or voice message
 * @param pageCount     the number of pages of a PDF
 * @param waveform      64 bars of 0..100 for a voice message
 * @param failure       why there is no (full) preview, in words; null when there is nothing to say
 */
public record Preview(byte @Nullable [] thumbnail, @Nullable String thumbnailType, @Nullable Integer width,
    @Nullable Integer height, @Nullable String placeholder, @Nullable Long durationMs, @Nullable Integer pageCount,
    @Nullable List<Integer> waveform, @Nullable String failure) {

  public Preview {
    waveform = waveform == null ? null : List.copyOf(waveform);
  }

  /** A preview that only says why there is none. */
  public static Preview failed(String failure) {
    return new Preview(null, null, null, null, null, null, null, null, failure);
  }
}
