package dev.parley.core.attachments.content;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.jspecify.annotations.Nullable;

/**
 * Which media types are the same thing under another name, which the messenger shows inline, and
 * which kind of attachment each is.
 */
final class MediaTypes {

  /** The types the messenger shows in the page; everything else is a download. */
  static final Set<String> INLINE = Set.of("image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4",
      "video/webm", "audio/ogg", "audio/webm", "audio/mp4");

  /** A declared type that says nothing: any content agrees with it. */
  private static final Set<String> UNSPECIFIC = Set.of("", "application/octet-stream", "binary/octet-stream",
      "application/unknown", "application/x-unknown", "application/binary", "application/force-download");

  /** Each name on the left is a member of the family on the right (containers of one format share one family). */
  private static final Map<String, String> FAMILY = Map.ofEntries(
      Map.entry("image/jpg", "image/jpeg"), Map.entry("image/pjpeg", "image/jpeg"),
      Map.entry("image/x-png", "image/png"), Map.entry("image/apng", "image/png"),
      Map.entry("image/heif", "image/heic"), Map.entry("image/heic-sequence", "image/heic"),
      Map.entry("image/heif-sequence", "image/heic"),
      Map.entry("video/mp4", "iso-media"), Map.entry("audio/mp4", "iso-media"), Map.entry("audio/x-m4a", "iso-media"),
      Map.entry("audio/m4a", "iso-media"), Map.entry("video/x-m4v", "iso-media"),
      Map.entry("application/mp4", "iso-media"), Map.entry("video/quicktime", "iso-media"),
      Map.entry("audio/aac", "iso-media"), Map.entry("video/3gpp", "iso-media"), Map.entry("audio/3gpp", "iso-media"),
      Map.entry("video/webm", "matroska"), Map.entry("audio/webm", "matroska"),
      Map.entry("video/x-matroska", "matroska"), Map.entry("audio/x-matroska", "matroska"),
      Map.entry("application/x-matroska", "matroska"),
      Map.entry("audio/ogg", "ogg"), Map.entry("audio/opus", "ogg"), Map.entry("audio/vorbis", "ogg"),
      Map.entry("video/ogg", "ogg"), Map.entry("application/ogg", "ogg"), Map.entry("audio/x-ogg", "ogg"),
      Map.entry("application/zip", "zip"), Map.entry("application/x-zip-compressed", "zip"),
      Map.entry("application/x-zip", "zip"), Map.entry("application/x-tika-ooxml", "zip"),
      Map.entry("application/java-archive", "zip"), Map.entry("application/epub+zip", "zip"),
      Map.entry("application/x-tika-msoffice", "ole2"), Map.entry("application/msword", "ole2"),
      Map.entry("application/vnd.ms-excel", "ole2"), Map.entry("application/vnd.ms-powerpoint", "ole2"),
      Map.entry("application/vnd.ms-outlook", "ole2"), Map.entry("application/x-msi", "ole2"),
      Map.entry("application/x-pdf", "application/pdf"),
      Map.entry("audio/mpeg3", "audio/mpeg"), Map.entry("audio/mp3", "audio/mpeg"),
      Map.entry("audio/x-mpeg", "audio/mpeg"), Map.entry("audio/wave", "audio/wav"),
      Map.entry("audio/x-wav", "audio/wav"),
      Map.entry("audio/vnd.wave", "audio/wav"), Map.entry("application/x-rar-compressed", "application/x-rar"),
      Map.entry("application/vnd.rar", "application/x-rar"), Map.entry("application/gzip", "application/gzip"),
      Map.entry("application/x-gzip", "application/gzip"), Map.entry("image/svg+xml", "xml"),
      Map.entry("application/xml", "xml"), Map.entry("text/xml", "xml"));

  /** Declared types that a text file may honestly carry (Tika finds most text as text/plain). */
  private static final Set<String> TEXTUAL_APPLICATION = Set.of("application/json", "application/xml",
      "application/javascript", "application/x-javascript", "application/ecmascript", "application/x-yaml",
      "application/yaml", "application/toml", "application/sql", "application/x-sh", "application/x-csh",
      "application/x-python", "application/x-tex", "application/x-httpd-php", "application/rtf", "application/x-subrip",
      "application/csv", "application/x-ndjson", "application/ld+json", "application/x-ipynb+json");

  private static final MediaTypeRegistry REGISTRY = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();

  private MediaTypes() {
  }

  /** The lower-case type and subtype of a declared type, without its parameters; empty for null. */
  static String base(@Nullable String type) {
    if (type == null) {
      return "";
    }
    MediaType parsed = MediaType.parse(type.trim().toLowerCase(Locale.ROOT));
    return parsed == null ? type.trim().toLowerCase(Locale.ROOT) : parsed.getBaseType().toString();
  }

  /** Whether what the client declared agrees with what the content is. */
  static boolean agree(@Nullable String declared, String found) {
    String d = base(declared);
    String f = base(found);
    if (UNSPECIFIC.contains(d) || d.equals(f)) {
      return true;
    }
    if (family(d).equals(family(f))) {
      return true;
    }
    if (f.equals("application/octet-stream")) {
      // content nobody recognises: any declared type but one whose format has a signature (a PNG
      // without PNG's magic is no PNG); it is served as a download of unknown bytes anyway
      return !hasSignature(d);
    }
    if (isText(f) && (d.startsWith("text/") || TEXTUAL_APPLICATION.contains(d) || d.endsWith("+json")
        || d.endsWith("+xml"))) {
      return true;
    }
    // Tika knows specialisations: application/vnd.ms-excel is an OLE2 file, a docx is a zip
    MediaType dt = MediaType.parse(d);
    MediaType ft = MediaType.parse(f);
    if (dt == null || ft == null) {
      return false;
    }
    MediaType dn = REGISTRY.normalize(dt);
    MediaType fn = REGISTRY.normalize(ft);
    return dn.equals(fn) || (!isGeneric(fn) && REGISTRY.isSpecializationOf(dn, fn))
        || (!isGeneric(dn) && REGISTRY.isSpecializationOf(fn, dn))
        || (!family(container(dn)).isEmpty() && family(container(dn)).equals(family(container(fn))));
  }

  /** Whether content of the declared type always starts with a magic number Tika knows. */
  private static boolean hasSignature(String declared) {
    int slash = declared.indexOf('/');
    String top = slash < 0 ? declared : declared.substring(0, slash);
    return SIGNED_TOP_TYPES.contains(top) || SIGNED_FAMILIES.contains(family(declared));
  }

  private static final Set<String> SIGNED_TOP_TYPES = Set.of("image", "video", "audio");
  private static final Set<String> SIGNED_FAMILIES = Set.of("zip", "ole2", "application/pdf");

  /** Whether a found type is plain text (or a kind of it Tika names by the content). */
  static boolean isText(String found) {
    return found.startsWith("text/");
  }

  private static boolean isGeneric(MediaType t) {
    String s = t.toString();
    return s.equals("application/octet-stream") || s.equals("text/plain") || s.equals("application/xml");
  }

  /** The family a type belongs to: itself when it has no other names. */
  static String family(String type) {
    String base = base(type);
    return FAMILY.getOrDefault(base, base);
  }

  /** The nearest known container family of a type (a docx is a zip, a .doc is OLE2), as a type name. */
  private static String container(MediaType type) {
    MediaType t = type;
    while (t != null) {
      String s = t.toString();
      String fam = FAMILY.get(s);
      if (fam != null) {
        return s;
      }
      t = REGISTRY.getSupertype(t);
    }
    return "";
  }

  /** The kind of attachment a found type makes. */
  static String kind(String found) {
    return switch (found) {
      case "image/jpeg", "image/png", "image/gif", "image/webp" -> Inspection.IMAGE;
      case "video/mp4", "video/webm" -> Inspection.VIDEO;
      case "audio/ogg", "audio/webm", "audio/mp4" -> Inspection.VOICE;
      default -> Inspection.FILE;
    };
  }

  static boolean inline(String found) {
    return INLINE.contains(found);
  }
}
