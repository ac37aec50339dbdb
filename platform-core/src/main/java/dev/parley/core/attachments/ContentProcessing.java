package dev.parley.core.attachments;

import dev.parley.core.attachments.content.ContentInspector;
import dev.parley.core.attachments.content.Inspection;
import dev.parley.core.attachments.content.MetadataStripper;
import dev.parley.core.attachments.content.Preview;
import dev.parley.core.attachments.content.PreviewMaker;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.ProblemType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What happens to an upload's file once its last byte landed, on a worker thread: the whole-file
 * checksum, the type found by content against the one declared, the cap of the kind found, metadata
 * stripped from images (the stored bytes are the stripped ones, and the attachment's SHA-256 is
 * theirs), and the preview. Throws a {@link Refusal} for a file that is refused; leaves files only
 * in the {@link Processed} it answers.
 */
final class ContentProcessing {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContentProcessing.class);

  private final ContentInspector inspector;
  private final MetadataStripper stripper;
  private final PreviewMaker previews;
  private final AttachmentOptions options;

  ContentProcessing(ContentInspector inspector, MetadataStripper stripper, PreviewMaker previews,
      AttachmentOptions options) {
    this.inspector = inspector;
    this.stripper = stripper;
    this.previews = previews;
    this.options = options;
  }

  /** The file to store, its facts, and its thumbnail's file if there is one. */
  record Processed(Path file, String sha256, long size, String kind, String contentType, boolean inline,
      @Nullable Path thumbnail, @Nullable String thumbnailSha256, @Nullable String thumbnailType, JsonObject meta) {
  }

  Processed process(Attachment upload, Path part) throws IOException {
    if (upload.expectedSha256() != null) {
      String found = Digests.sha256Hex(part);
      if (!found.equals(upload.expectedSha256())) {
        throw new Refusal(ProblemType.CHECKSUM_MISMATCH, "the file's SHA-256 is " + found
            + ", not " + upload.expectedSha256() + " as declared in Upload-Metadata sha256; nothing was stored",
            "/sha256");
      }
    }
    Inspection inspection;
    try {
      inspection = inspector.inspect(part, upload.declaredType(), upload.name());
    } catch (PlatformException e) {
      throw contentRefused(e);
    }
    long cap = options.maxBytes(inspection.kind());
    if (upload.length() > cap) {
      throw new Refusal(ProblemType.PAYLOAD_TOO_LARGE, "the file is " + inspection.kind() + " ("
          + inspection.contentType() + "), and " + inspection.kind() + " files may be at most " + cap + " bytes", null);
    }
    Path stored = part;
    String contentType = inspection.contentType();
    if (Inspection.IMAGE.equals(inspection.kind())) {
      Path stripped = part.resolveSibling(part.getFileName() + ".stripped");
      try {
        contentType = stripper.strip(part, inspection, stripped);
      } catch (PlatformException e) {
        Files.deleteIfExists(stripped);
        throw contentRefused(e);
      }
      stored = stripped;
    }
    String sha256 = Digests.sha256Hex(stored);
    long size = Files.size(stored);
    Preview preview;
    try {
      preview = previews.make(stored, inspection);
    } catch (RuntimeException e) { // never fails an upload: it sends without a preview, saying why
      LOG.warn("preview failed id={} type={}", upload.id(), contentType, e);
      preview = Preview.failed("the preview could not be made");
    }
    JsonObject meta = new JsonObject();
    putIfSet(meta, "width", preview.width());
    putIfSet(meta, "height", preview.height());
    putIfSet(meta, "durationMs", preview.durationMs());
    putIfSet(meta, "pageCount", preview.pageCount());
    putIfSet(meta, "placeholder", preview.placeholder());
    if (preview.waveform() != null) {
      meta.put("waveform", new JsonArray(new java.util.ArrayList<>(preview.waveform())));
    }
    Path thumbnail = null;
    String thumbnailSha = null;
    byte[] thumb = preview.thumbnail();
    if (thumb != null && thumb.length > 0) {
      thumbnail = part.resolveSibling(part.getFileName() + ".thumb");
      Files.write(thumbnail, thumb);
      thumbnailSha = Digests.sha256Hex(thumb);
    } else {
      putIfSet(meta, "previewFailure", preview.failure() != null ? preview.failure() : "no preview for this type");
    }
    return new Processed(stored, sha256, size, inspection.kind(), contentType, inspection.inline(), thumbnail,
        thumbnailSha, thumbnail == null ? null : preview.thumbnailType(), meta);
  }

  private static Refusal contentRefused(PlatformException e) {
    if (e.reason() == PlatformException.Reason.INTERNAL || e.reason() == PlatformException.Reason.UNAVAILABLE) {
      throw e;
    }
    if (e.reason() == PlatformException.Reason.TOO_LARGE) {
      return new Refusal(ProblemType.PAYLOAD_TOO_LARGE, String.valueOf(e.getMessage()), null);
    }
    return new Refusal(ProblemType.CONTENT_REFUSED, String.valueOf(e.getMessage()), "/filetype");
  }

  private static void putIfSet(JsonObject json, String key, @Nullable Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
