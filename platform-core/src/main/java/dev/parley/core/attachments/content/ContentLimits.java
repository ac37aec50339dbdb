package dev.parley.core.attachments.content;

/**
 * The caps that keep a hostile file from exhausting memory or time while it is inspected or
 * previewed.
 *
 * @param maxZipEntries          most entries a zip (an office document, a plain zip) may hold, nested zips counted
 * @param maxUncompressedBytes   most bytes all entries of a zip may inflate to, nested zips counted
 * @param maxCompressionRatio    most an entry (or the whole archive) may inflate relative to its compressed size
 * @param maxZipDepth            how deep zips may nest inside zips
 * @param maxImagePixels         most pixels (width times height) an image or a rendered page may have before it is decoded
 * @param maxTrailingBytes       most bytes an image may carry after its end marker (some cameras pad a little)
 */
public record ContentLimits(int maxZipEntries, long maxUncompressedBytes, int maxCompressionRatio, int maxZipDepth,
    long maxImagePixels, int maxTrailingBytes) {

  /** 10 000 entries, 1 GiB inflated, ratio 100, depth 3, 50 megapixels, 1 KiB after an image's end. */
  public static final ContentLimits DEFAULTS = new ContentLimits(10_000, 1L << 30, 100, 3, 50_000_000L, 1024);

  public ContentLimits {
    if (maxZipEntries < 1 || maxUncompressedBytes < 1 || maxCompressionRatio < 1 || maxZipDepth < 0
        || maxImagePixels < 1 || maxTrailingBytes < 0) {
      throw new IllegalArgumentException("content limits must be positive");
    }
  }

  /** The defaults ({@link #DEFAULTS}). */
  public static ContentLimits defaults() {
    return DEFAULTS;
  }
}
