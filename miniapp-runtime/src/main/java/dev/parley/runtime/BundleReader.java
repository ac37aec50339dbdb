package dev.parley.runtime;

import dev.parley.runtime.impl.DefaultBundleReader;
import java.nio.file.Path;

/**
 * Reads a mini-app bundle, a zip or (during development) a folder, as hostile input: caps on
 * sizes, entries and compression ratio, no absolute paths, {@code ..}, symbolic links,
 * duplicate names or non-UTF-8 names. Then validates the manifest against its schema, checks
 * that {@code server.js}, the icons and the pages exist, and computes digests.
 *
 * <p>Reading is CPU and memory bound: call it from a worker, never from an event loop. Whether
 * the handlers named by the manifest are exported by {@code server.js} needs the sandbox:
 * {@link MiniAppRuntime#verify(Bundle)} checks it.
 */
public interface BundleReader {

  /** Creates a reader with the default caps. */
  static BundleReader create() {
    return create(new BundleOptions());
  }

  /**
   * Creates a reader.
   *
   * @param options the caps
   * @return the reader
   */
  static BundleReader create(BundleOptions options) {
    return new DefaultBundleReader(new BundleOptions(options));
  }

  /**
   * Reads a zip archive.
   *
   * @param zip the archive's bytes
   * @return the validated bundle
   * @throws MiniAppException with a bundle reason and the file concerned
   */
  Bundle read(byte[] zip);

  /**
   * Reads a bundle folder, under the same caps as a zip.
   *
   * @param folder the folder holding {@code manifest.json}
   * @return the validated bundle
   * @throws MiniAppException with a bundle reason and the file concerned
   */
  Bundle readFolder(Path folder);
}
