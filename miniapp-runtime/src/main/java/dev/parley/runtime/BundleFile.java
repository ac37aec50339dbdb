package dev.parley.runtime;

import static java.util.Objects.requireNonNull;

/**
 * One file of a bundle.
 *
 * @param path the path inside the bundle, {@code /}-separated, relative
 * @param size the size in bytes
 * @param sha256 the SHA-256 of the content, lower-case hex
 */
public record BundleFile(String path, long size, String sha256) {
  /** Checks for nulls. */
  public BundleFile {
    requireNonNull(path, "path");
    requireNonNull(sha256, "sha256");
  }
}
