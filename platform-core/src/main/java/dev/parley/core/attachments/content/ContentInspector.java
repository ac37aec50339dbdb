package dev.parley.core.attachments.content;

import dev.parley.core.common.PlatformException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.Tika;
import org.jspecify.annotations.Nullable;

/**
 * Decides what a file is by its content (Tika's magic, refined by reading the containers Tika only
 * knows by their outside: ISO media, Matroska/WebM, Ogg, zip), never by its name or the client's
 * header, and refuses what must not be sent. Blocking: callers run it on a worker thread.
 *
 * <p>Refusals are {@link PlatformException}s of reason INVALID on field {@code /filetype}, with
 * words naming the declared and the found type: a declared type the content does not agree with,
 * a zip bomb (in an office document or a zip), a polyglot (an image with a file hidden after its
 * end, or with script in it), a truncated or undecodable image, an image over the pixel cap.
 */
public final class ContentInspector {

  /** Markers of a script or a page hidden in a picture (long enough never to occur by chance). */
  private static final byte[][] SCRIPT_MARKERS = {bytes("<script"), bytes("<?php")};

  private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1",
      "msf1");
  private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");

  private final ContentLimits limits;
  private final Tika tika = new Tika();

  public ContentInspector(ContentLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Decides the type by the content and whether the messenger shows it inline; refuses (a
   * {@link PlatformException} of reason INVALID on {@code /filetype}, its message naming the
   * declared and the found type) a mismatch, a zip bomb in an office file or zip, a polyglot, a
   * truncated or undecodable image and an image over the pixel cap.
   *
   * @param file         the uploaded bytes
   * @param declaredType the type the client declared (parameters ignored), or null
   * @param fileName     the name the client gave: a hint for subtypes only, never the type
   */
  public Inspection inspect(Path file, @Nullable String declaredType, String fileName) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(fileName, "fileName");
    try {
      String declared = MediaTypes.base(declaredType);
      String found = detect(file, fileName);
      if (!MediaTypes.agree(declared, found)) {
        throw refuse("the file was declared as " + declared + " but its content is " + found);
      }
      String kind = MediaTypes.kind(found);
      if (kind.equals(Inspection.IMAGE)) {
        checkImage(file, found);
      }
      return new Inspection(kind, found, MediaTypes.inline(found));
    } catch (java.nio.file.FileSystemException e) {
      throw PlatformException.internal("cannot inspect " + file, e);
    } catch (IOException e) {
      // the file was readable: what failed is a reader running out of or choking on its format
      throw refuse("the file (declared as " + MediaTypes.base(declaredType) + ") is damaged and cannot be read");
    } catch (PlatformException e) {
      throw e;
    } catch (RuntimeException e) {
      // a reader tripped over structures no honest encoder writes: refused, never a server error
      throw refuse("the file (declared as " + MediaTypes.base(declaredType) + ") is damaged and cannot be read");
    }
  }

  /** The type by the content: Tika's magic, then what the container's insides say. */
  String detect(Path file, String fileName) throws IOException {
    String magicType;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      magicType = MediaTypes.base(tika.detect(in));
    }
    // The name may only name a subtype of what the bytes are (a .doc of an OLE2 file, a .csv of
    // text). Tika would also take the name alone when no magic matched: never here.
    String tikaType = magicType;
    if (!magicType.equals("application/octet-stream")) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        tikaType = MediaTypes.base(tika.detect(in, fileName));
      }
    }
    byte[] head = head(file, 16);
    if (IsoMedia.looksLike(head)) {
      return isoType(IsoMedia.read(file), tikaType);
    }
    if (Matroska.looksLike(head)) {
      Matroska.Summary info = Matroska.readTracks(file);
      boolean webm = info.docType().equals("webm");
      boolean audioOnly = info.hasAudio() && !info.hasVideo();
      return webm ? (audioOnly ? "audio/webm" : "video/webm") : (audioOnly ? "audio/x-matroska" : "video/x-matroska");
    }
    if (Ogg.looksLike(head)) {
      return switch (Ogg.readHeader(file).codec()) {
        case "opus", "vorbis" -> "audio/ogg";
        case "theora" -> "video/ogg";
        default -> "application/ogg";
      };
    }
    if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return zipType(file, tikaType);
    }
    if (tikaType.startsWith("application/x-tika-")) {
      return "application/octet-stream"; // Tika's internal names (e.g. an OLE2 file it could not name) mean nothing to clients
    }
    return tikaType;
  }

  private static String isoType(IsoMedia media, String tikaType) {
    Set<String> brands = media.brands();
    if (!media.video() && !media.audio()) {
      if (brands.stream().anyMatch(AVIF_BRANDS::contains)) {
        return "image/avif";
      }
      if (brands.stream().anyMatch(HEIF_BRANDS::contains)) {
        return "image/heic";
      }
    }
    if (media.majorBrand().equals("qt  ")) {
      return "video/quicktime";
    }
    if (media.video()) {
      return "video/mp4";
    }
    if (media.audio()) {
      return "audio/mp4";
    }
    return tikaType.startsWith("video/") || tikaType.startsWith("audio/") ? tikaType : "video/mp4";
  }

  private String zipType(Path file, String tikaType) throws IOException {
    Optional<String> inner;
    try {
      inner = ZipScan.scan(file, limits);
    } catch (ZipScan.Bomb bomb) {
      throw refuse("the file (" + describe(tikaType) + ") is refused: it " + bomb.getMessage()
          + " (a zip bomb)");
    } catch (java.util.zip.ZipException e) {
      throw refuse("the file (" + describe(tikaType) + ") is a damaged zip: " + e.getMessage());
    }
    String type = inner.orElse(tikaType);
    return type.equals("application/x-tika-ooxml") || type.startsWith("application/x-tika-")
        ? "application/zip"
        : type;
  }

  /** The polyglot, truncation, pixel-cap and decoding checks of a picture the messenger shows. */
  private void checkImage(Path file, String found) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    long end = ImageStructure.end(found, bytes);
    if (end == ImageStructure.TRUNCATED) {
      throw refuse("the image (" + found + ") is truncated or damaged: it stops before its end");
    }
    if (end >= 0 && bytes.length - end > limits.maxTrailingBytes() && !blank(bytes, (int) end)) {
      throw refuse("the image (" + found + ") carries " + (bytes.length - end)
          + " bytes after its end: a file hidden behind a picture is not accepted");
    }
    for (byte[] marker : SCRIPT_MARKERS) {
      if (indexOfIgnoreCase(bytes, marker) >= 0) {
        throw refuse("the image (" + found + ") contains a script ("
            + new String(marker, StandardCharsets.US_ASCII) + "…): not accepted");
      }
    }
    try {
      // decoding proves the picture is whole; subsampled, so a large photo stays cheap in memory
      Images.decode(bytes, found, limits.maxImagePixels(), 1024);
    } catch (Images.TooManyPixels e) {
      throw refuse("the image (" + found + ") is " + e.width + " × " + e.height + " pixels, more than the "
          + limits.maxImagePixels() + " pixels allowed");
    } catch (IOException e) {
      throw refuse("the image (" + found + ") cannot be decoded: it is damaged or truncated");
    }
  }

  private static boolean blank(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] != 0 && b[i] != (byte) 0xFF) {
        return false;
      }
    }
    return true;
  }

  private static int indexOfIgnoreCase(byte[] hay, byte[] needle) {
    outer : for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        byte h = hay[i + j];
        if (h >= 'A' && h <= 'Z') {
          h = (byte) (h + 32);
        }
        if (h != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String describe(String type) {
    return type.startsWith("application/x-tika-") ? "application/zip" : type;
  }

  private static PlatformException refuse(String message) {
    return PlatformException.invalid("/filetype", message);
  }

  private static byte[] head(Path file, int n) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    }
  }

  private static byte[] bytes(String s) {
    return s.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
  }
}
