package dev.parley.runtime;

import static java.util.Objects.requireNonNull;

/**
 * One problem found in a manifest or a bundle: where it is and a sentence a developer
 * understands.
 *
 * @param path a JSON pointer into {@code manifest.json} (such as {@code /app_id}), or a file
 *     path inside the bundle; empty for the document as a whole
 * @param message what is wrong, in plain words
 */
public record Problem(String path, String message) {

  /** Validates the components. */
  public Problem {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
  }

  /** Returns {@code path: message}, or just the message when the path is empty. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
