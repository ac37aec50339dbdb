package dev.parley.core.attachments.content;

import java.util.Objects;

/**
 * What {@link ContentInspector} found in a file.
 *
 * @param kind        how the messenger treats it: {@code image}, {@code video}, {@code voice} or {@code file}
 * @param contentType the media type found by the content (e.g. {@code image/jpeg}), never the declared one
 * @param inline      whether the messenger shows it in the page; else it is served as a download
 */
public record Inspection(String kind, String contentType, boolean inline) {

  /** A photo or picture the messenger shows. */
  public static final String IMAGE = "image";
  /** A video the messenger plays. */
  public static final String VIDEO = "video";
  /** A voice message the messenger plays with its waveform. */
  public static final String VOICE = "voice";
  /** Anything else: a download with its name, size and type. */
  public static final String FILE = "file";

  public Inspection {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(contentType, "contentType");
  }
}
