package dev.parley.runtime.impl;

import static java.util.Objects.requireNonNull;

import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleFile;
import dev.parley.runtime.BundleOptions;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.Manifest;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppException.Reason;
import dev.parley.runtime.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads bundles as hostile input. Sizes in zip headers are never trusted: every entry is
 * inflated through a counter that stops at the caps. Entry names come from the central
 * directory's raw bytes (Unicode extra fields are ignored), so what is checked is what is used.
 */
public final class DefaultBundleReader implements BundleReader {

  /** The file name used in errors about the archive as a whole. */
  public static final String ARCHIVE = "(archive)";

  private final BundleOptions options;

  /**
   * Creates a reader.
   *
   * @param options the caps, not copied
   */
  public DefaultBundleReader(BundleOptions options) {
    this.options = requireNonNull(options, "options");
  }

  @Override
  public Bundle read(byte[] zip) {
    requireNonNull(zip, "zip");
    if (zip.length > options.getMaxArchiveBytes()) {
      throw MiniAppException.ofFile(Reason.ARCHIVE_TOO_LARGE, ARCHIVE, "the archive is "
          + zip.length + " bytes; the limit is " + options.getMaxArchiveBytes() + " bytes");
    }
    Map<String, byte[]> contents = new LinkedHashMap<>();
    try (ZipFile zf = ZipFile.builder()
        .setSeekableByteChannel(new SeekableInMemoryByteChannel(zip))
        .setUseUnicodeExtraFields(false)
        .get()) {
      List<ZipArchiveEntry> entries = Collections.list(zf.getEntriesInPhysicalOrder());
      if (entries.size() > options.getMaxEntries()) {
        throw MiniAppException.ofFile(Reason.TOO_MANY_ENTRIES, ARCHIVE, "the archive has "
            + entries.size() + " entries; the limit is " + options.getMaxEntries());
      }
      Set<String> seen = new HashSet<>();
      long total = 0;
      for (ZipArchiveEntry entry : entries) {
        String name = decodeName(entry.getRawName(), entry.getName());
        checkPath(name);
        if (entry.isUnixSymlink()) {
          throw MiniAppException.ofFile(Reason.SYMLINK, name,
              "\"" + name + "\" is a symbolic link; bundles may hold only files and folders");
        }
        if (!seen.add(name)) {
          throw MiniAppException.ofFile(Reason.DUPLICATE_ENTRY, name,
              "\"" + name + "\" appears more than once in the archive");
        }
        if (entry.isDirectory()) {
          continue;
        }
        if (!zf.canReadEntryData(entry)) {
          throw MiniAppException.ofFile(Reason.MALFORMED_ARCHIVE, name, "\"" + name
              + "\" is encrypted or uses an unsupported compression method");
        }
        byte[] data;
        try (InputStream in = zf.getInputStream(entry)) {
          data = readBounded(name, in, total);
        }
        total += data.length;
        contents.put(name, data);
      }
    } catch (IOException e) {
      throw MiniAppException.ofFile(Reason.MALFORMED_ARCHIVE, ARCHIVE,
          "the archive cannot be read as a zip file: " + e.getMessage());
    }
    return build(contents);
  }

  @Override
  public Bundle readFolder(Path folder) {
    requireNonNull(folder, "folder");
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw MiniAppException.ofFile(Reason.MISSING_FILE, folder.toString(),
          "\"" + folder + "\" is not a folder");
    }
    Map<String, byte[]> contents = new TreeMap<>();
    long[] total = {0};
    int[] count = {0};
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (!dir.equals(folder)) {
            visit(dir, attrs);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          String name = visit(file, attrs);
          if (!attrs.isRegularFile()) {
            throw MiniAppException.ofFile(Reason.INVALID_PATH, name,
                "\"" + name + "\" is not a regular file");
          }
          try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] data = readBounded(name, in, total[0]);
            total[0] += data.length;
            contents.put(name, data);
          }
          return FileVisitResult.CONTINUE;
        }

        private String visit(Path p, BasicFileAttributes attrs) {
          String name = relative(folder, p);
          if (name.indexOf('\uFFFD') >= 0) {
            throw MiniAppException.ofFile(Reason.NON_UTF8_NAME, name,
                "\"" + name + "\" is not a UTF-8 file name");
          }
          checkPath(attrs.isDirectory() ? name + "/" : name);
          if (attrs.isSymbolicLink()) {
            throw MiniAppException.ofFile(Reason.SYMLINK, name,
                "\"" + name + "\" is a symbolic link; bundles may hold only files and folders");
          }
          if (++count[0] > options.getMaxEntries()) {
            throw MiniAppException.ofFile(Reason.TOO_MANY_ENTRIES, name,
                "the folder has more than " + options.getMaxEntries() + " entries");
          }
          return name;
        }
      });
    } catch (IOException e) {
      throw MiniAppException.ofFile(Reason.MALFORMED_ARCHIVE, folder.toString(),
          "the folder cannot be read: " + e.getMessage());
    }
    return build(contents);
  }

  private static String relative(Path root, Path p) {
    Path rel = root.relativize(p);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (!sb.isEmpty()) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  private static String decodeName(byte[] raw, String fallback) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      String shown = new String(raw, StandardCharsets.ISO_8859_1);
      throw MiniAppException.ofFile(Reason.NON_UTF8_NAME, shown,
          "an entry name is not valid UTF-8 (\"" + shown + "\"); save the archive with UTF-8 names");
    }
  }

  /** Checks an entry name; directories end with '/'. */
  static void checkPath(String name) {
    if (name.isEmpty()) {
      throw MiniAppException.ofFile(Reason.INVALID_PATH, name, "an entry has an empty name");
    }
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
      throw MiniAppException.ofFile(Reason.ABSOLUTE_PATH, name,
          "\"" + name + "\" is an absolute path; entries must be relative to the bundle root");
    }
    if (name.indexOf('\\') >= 0) {
      throw MiniAppException.ofFile(Reason.INVALID_PATH, name,
          "\"" + name + "\" contains a backslash; use '/' between folders");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw MiniAppException.ofFile(Reason.INVALID_PATH, name,
            "\"" + name.replaceAll("\\p{Cntrl}", "?") + "\" contains a control character");
      }
    }
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    for (String segment : trimmed.split("/", -1)) {
      if (segment.equals("..")) {
        throw MiniAppException.ofFile(Reason.PATH_TRAVERSAL, name,
            "\"" + name + "\" contains '..'; entries must stay inside the bundle");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        throw MiniAppException.ofFile(Reason.INVALID_PATH, name,
            "\"" + name + "\" has an empty or '.' segment");
      }
    }
  }

  private byte[] readBounded(String name, InputStream in, long totalSoFar) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long read = 0;
    InputStreamStatistics stats = in instanceof InputStreamStatistics s ? s : null;
    int n;
    while ((n = in.read(buf)) > 0) {
      read += n;
      if (read > options.getMaxEntryBytes()) {
        throw MiniAppException.ofFile(Reason.ENTRY_TOO_LARGE, name, "\"" + name
            + "\" is larger than " + options.getMaxEntryBytes() + " bytes, the limit for a file");
      }
      if (totalSoFar + read > options.getMaxTotalBytes()) {
        throw MiniAppException.ofFile(Reason.TOTAL_TOO_LARGE, name,
            "the files of the bundle are larger than " + options.getMaxTotalBytes()
                + " bytes in total (reached at \"" + name + "\")");
      }
      if (stats != null && read >= options.getRatioThresholdBytes()) {
        long compressed = Math.max(1, stats.getCompressedCount());
        if (read / compressed > options.getMaxCompressionRatio()) {
          throw MiniAppException.ofFile(Reason.COMPRESSION_RATIO, name, "\"" + name
              + "\" inflates more than " + options.getMaxCompressionRatio()
              + " times its compressed size (a zip bomb?)");
        }
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static Bundle build(Map<String, byte[]> contents) {
    byte[] manifestBytes = contents.get(Bundle.MANIFEST);
    if (manifestBytes == null) {
      throw MiniAppException.ofFile(Reason.MISSING_FILE, Bundle.MANIFEST,
          "the bundle has no manifest.json at its root");
    }
    String text;
    try {
      text = strictUtf8(manifestBytes);
    } catch (CharacterCodingException e) {
      throw MiniAppException.ofProblems(Reason.MANIFEST_INVALID, Bundle.MANIFEST,
          List.of(new Problem("", "manifest.json is not UTF-8 text")));
    }
    Manifest manifest = ManifestParser.parse(text);

    List<Problem> missing = new ArrayList<>();
    List<String> missingFiles = new ArrayList<>();
    if (!contents.containsKey(Bundle.SERVER_MODULE)) {
      missing.add(new Problem(Bundle.SERVER_MODULE,
          "the bundle has no server.js at its root (the app's server module)"));
      missingFiles.add(Bundle.SERVER_MODULE);
    } else {
      try {
        strictUtf8(contents.get(Bundle.SERVER_MODULE));
      } catch (CharacterCodingException e) {
        missing.add(new Problem(Bundle.SERVER_MODULE, "server.js is not UTF-8 text"));
        missingFiles.add(Bundle.SERVER_MODULE);
      }
    }
    for (int i = 0; i < manifest.icons().size(); i++) {
      String src = manifest.icons().get(i).src();
      if (!contents.containsKey(src)) {
        missing.add(new Problem("/icons/" + i + "/src", "\"" + src + "\" is not in the bundle"));
        missingFiles.add(src);
      }
    }
    for (int i = 0; i < manifest.pages().size(); i++) {
      String page = manifest.pages().get(i);
      if (!contents.containsKey(page)) {
        missing.add(new Problem("/pages/" + i, "\"" + page + "\" is not in the bundle"));
        missingFiles.add(page);
      }
    }
    if (missing.size() == 1) {
      throw MiniAppException.ofFile(Reason.MISSING_FILE, missingFiles.get(0),
          missing.get(0).toString());
    } else if (!missing.isEmpty()) {
      throw MiniAppException.ofProblems(Reason.MISSING_FILE, missingFiles.get(0), missing);
    }

    // server.js and the modules it imports: every import relative and inside the bundle
    ModuleGraph.check(contents);

    Map<String, BundleFile> files = new LinkedHashMap<>();
    TreeMap<String, String> sorted = new TreeMap<>();
    contents.forEach((path, data) -> {
      String sha = sha256(data);
      files.put(path, new BundleFile(path, data.length, sha));
      sorted.put(path, sha);
    });
    StringBuilder index = new StringBuilder();
    sorted.forEach((path, sha) -> index.append(path).append('\0').append(sha).append('\n'));
    String digest = sha256(index.toString().getBytes(StandardCharsets.UTF_8));
    return new Bundle(manifest, contents, files, digest);
  }

  private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes)).toString();
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
