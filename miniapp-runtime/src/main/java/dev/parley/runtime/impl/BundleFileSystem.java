package dev.parley.runtime.impl;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The only file system a sandbox sees: the bundle's modules, read-only, in memory, under a
 * virtual root {@code /}. It never touches the host's disk: paths are names looked up in a map,
 * so {@code ..}, absolute paths, {@code file:} URLs and links can name nothing but the bundle's
 * own modules. Everything else is "no such file"; every write is refused.
 */
final class BundleFileSystem implements FileSystem {

  private static final Path ROOT = Path.of("/");
  private static final FileTime EPOCH = FileTime.fromMillis(0);

  /** Module contents by absolute virtual path ({@code /lib/a.js}). */
  private final Map<String, byte[]> files;

  /**
   * Creates the file system.
   *
   * @param modules module contents by bundle path ({@code lib/a.js}); not copied, never written
   */
  BundleFileSystem(Map<String, byte[]> modules) {
    Map<String, byte[]> m = new HashMap<>();
    modules.forEach((k, v) -> m.put("/" + k, v));
    this.files = m;
  }

  @Override
  public Path parsePath(URI uri) {
    if (!"file".equals(uri.getScheme())) {
      throw new UnsupportedOperationException("only the bundle's own files can be imported");
    }
    return Path.of(uri.getPath() == null ? "/" : uri.getPath());
  }

  @Override
  public Path parsePath(String path) {
    return Path.of(path);
  }

  @Override
  public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions)
      throws IOException {
    String p = key(path);
    if (!files.containsKey(p) && !isFolder(p)) {
      throw new NoSuchFileException(path.toString());
    }
    if (modes.contains(AccessMode.WRITE) || modes.contains(AccessMode.EXECUTE)) {
      throw new AccessDeniedException(path.toString(), null, "the bundle is read-only");
    }
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    throw new AccessDeniedException(dir.toString(), null, "the bundle is read-only");
  }

  @Override
  public void delete(Path path) throws IOException {
    throw new AccessDeniedException(path.toString(), null, "the bundle is read-only");
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
      FileAttribute<?>... attrs) throws IOException {
    for (OpenOption o : options) {
      if (o != StandardOpenOption.READ && o != LinkOption.NOFOLLOW_LINKS) {
        throw new AccessDeniedException(path.toString(), null, "the bundle is read-only");
      }
    }
    byte[] data = files.get(key(path));
    if (data == null) {
      throw new NoSuchFileException(path.toString());
    }
    return new SeekableInMemoryByteChannel(data.clone());
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir,
      DirectoryStream.Filter<? super Path> filter) throws IOException {
    throw new AccessDeniedException(dir.toString(), null, "folders of the bundle cannot be listed");
  }

  @Override
  public Path toAbsolutePath(Path path) {
    return path.isAbsolute() ? path : ROOT.resolve(path);
  }

  @Override
  public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
    Path p = toAbsolutePath(path).normalize();
    if (!files.containsKey(key(p)) && !isFolder(key(p))) {
      throw new NoSuchFileException(path.toString());
    }
    return p;
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    String p = key(path);
    byte[] data = files.get(p);
    boolean folder = data == null && isFolder(p);
    if (data == null && !folder) {
      throw new NoSuchFileException(path.toString());
    }
    Map<String, Object> a = new HashMap<>();
    a.put("isRegularFile", !folder);
    a.put("isDirectory", folder);
    a.put("isSymbolicLink", false);
    a.put("isOther", false);
    a.put("size", folder ? 0L : (long) data.length);
    a.put("lastModifiedTime", EPOCH);
    a.put("lastAccessTime", EPOCH);
    a.put("creationTime", EPOCH);
    a.put("fileKey", null);
    return a;
  }

  @Override
  public Path getTempDirectory() {
    throw new UnsupportedOperationException("the sandbox has no temporary folder");
  }

  /** The normalized absolute virtual path as a map key. */
  private String key(Path path) {
    return toAbsolutePath(path).normalize().toString();
  }

  private boolean isFolder(String p) {
    if (p.equals("/")) {
      return true;
    }
    String prefix = p + "/";
    return files.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }
}
