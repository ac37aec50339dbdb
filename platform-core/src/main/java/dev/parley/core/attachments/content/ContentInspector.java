package dev.parley.core.attachments.content;

import dev.parley.core.common.PlatformException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.tika.Tika;
import org.jspecify.annotations.Nullable;

/**
 * Decides what a file is by its content (Tika), never by its name or the client's header. Blocking:
 * callers run it on a worker thread.
 */
public final class ContentInspector {

  private final ContentLimits limits;
  private final Tika tika = new Tika();

  public ContentInspector(ContentLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Decides type by content (Tika); refuses (PlatformException INVALID/UNSUPPORTED naming declared
   * and found type) a mismatch, a zip bomb in an office file/zip, a polyglot, a truncated image.
   */
  public Inspection inspect(Path file, @Nullable String declaredType, String fileName) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(fileName, "fileName");
    String found;
    try (InputStream in = Files.newInputStream(file)) {
      found = tika.detect(in);
    } catch (IOException e) {
      throw PlatformException.internal("cannot read " + file, e);
    }
    // Minimal body while the checks are written: everything is a download.
    return new Inspection(Inspection.FILE, found, false);
  }

  ContentLimits limits() {
    return limits;
  }
}
