package dev.parley.runtime;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated mini-app bundle, held in memory: its manifest, its files with their digests and
 * the digest of the whole. Immutable; contents are copied in and out. Made by
 * {@link BundleReader}.
 */
public final class Bundle {

  /** Path of the manifest inside a bundle. */
  public static final String MANIFEST = "manifest.json";
  /** Path of the server module inside a bundle. */
  public static final String SERVER_MODULE = "server.js";

  private final Manifest manifest;
  private final Map<String, BundleFile> files;
  private final Map<String, byte[]> contents;
  private final String sha256;

  /**
   * Creates a bundle. Meant for {@link BundleReader}; it does not validate.
   *
   * @param manifest the validated manifest
   * @param contents every file's content by path, in bundle order
   * @param files every file's size and digest by path, same keys
   * @param sha256 the digest of the bundle (see {@link #sha256()})
   */
  public Bundle(Manifest manifest, Map<String, byte[]> contents, Map<String, BundleFile> files,
      String sha256) {
    this.manifest = requireNonNull(manifest, "manifest");
    this.sha256 = requireNonNull(sha256, "sha256");
    Map<String, byte[]> c = new LinkedHashMap<>();
    contents.forEach((k, v) -> c.put(k, v.clone()));
    this.contents = Collections.unmodifiableMap(c);
    this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    if (!this.files.keySet().equals(this.contents.keySet())) {
      throw new IllegalArgumentException("files and contents must have the same paths");
    }
  }

  /** Returns the manifest. */
  public Manifest manifest() {
    return manifest;
  }

  /** Returns every file, in bundle order. */
  public List<BundleFile> files() {
    return List.copyOf(files.values());
  }

  /** Returns one file's size and digest. */
  public Optional<BundleFile> file(String path) {
    return Optional.ofNullable(files.get(requireNonNull(path, "path")));
  }

  /** Returns a copy of one file's content. */
  public Optional<byte[]> content(String path) {
    byte[] b = contents.get(requireNonNull(path, "path"));
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  /** Returns the text of {@code server.js}. */
  public String serverSource() {
    return new String(contents.get(SERVER_MODULE), StandardCharsets.UTF_8);
  }

  /**
   * Returns the SHA-256 of the bundle, lower-case hex: the digest of the sorted list of
   * {@code path NUL sha256 LF} lines, so that the same files give the same digest whether
   * they came as a zip or a folder, in any order.
   */
  public String sha256() {
    return sha256;
  }

  /** Returns the app version this bundle is. */
  public AppVersion appVersion() {
    return new AppVersion(manifest.appId(), manifest.version().name(), sha256);
  }

  /** Returns the total size of the files in bytes. */
  public long totalSize() {
    return files.values().stream().mapToLong(BundleFile::size).sum();
  }

  @Override
  public String toString() {
    return "Bundle[" + manifest.appId() + "@" + manifest.version().name() + ", " + files.size()
        + " files, sha256=" + sha256 + "]";
  }
}
