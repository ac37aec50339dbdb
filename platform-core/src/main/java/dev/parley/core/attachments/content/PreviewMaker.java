package dev.parley.core.attachments.content;

import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the previews the messenger shows: image thumbnails (about {@value #THUMBNAIL_SIDE} px on
 * the longest side, JPEG) with a BlurHash placeholder, the first page of a PDF with its page count,
 * a poster frame of H.264 video where JCodec decodes it, the duration and a 64-bar waveform of a
 * voice message. Blocking; never throws for a file it cannot preview.
 */
public final class PreviewMaker {

  /** The longest side of a thumbnail, in pixels. */
  public static final int THUMBNAIL_SIDE = 320;

  private static final Logger LOG = LoggerFactory.getLogger(PreviewMaker.class);

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
    String type = inspection.contentType();
    try {
      return switch (inspection.kind()) {
        case Inspection.IMAGE -> ImagePreview.make(file, type, limits);
        case Inspection.VIDEO -> VideoPreview.make(file, type, limits);
        case Inspection.VOICE -> VoicePreview.make(file, type);
        default -> type.equals("application/pdf")
            ? PdfPreview.make(file, limits)
            : type.equals("image/heic")
                ? Preview.failed("no HEIC decoder on the server: sent as a file")
                : Preview.failed("no preview for this type");
      };
    } catch (Exception | StackOverflowError e) {
      // decoders of hostile files fail in every way; the file still sends, with the reason shown
      LOG.debug("no preview of {} ({})", file, type, e);
      return Preview.failed("the preview could not be made: the " + type + " file could not be decoded");
    }
  }
}
