package dev.parley.runtime;

import static java.util.Objects.requireNonNull;

/**
 * One problem found in a manifest or a bundle: where it is and a sentence a developer
 * understands.
 *
 * @param path a JSON pointer into {@code manifest.json} (such as {@code /app_id}), or a file
 *     path inside the bundle; empty for the document as a whole
 * @param message what is wrong, in plain words
 * @param line the 1-based line in the file or document, 0 when unknown or meaningless
 * @param column the 1-based column on that line, 0 when unknown
 */
public record Problem(String path, String message, int line, int column) {

  /** Validates the components. */
  public Problem {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative");
    }
  }

  /**
   * A problem without a position in a text.
   *
   * @param path the JSON pointer or file
   * @param message what is wrong
   */
  public Problem(String path, String message) {
    this(path, message, 0, 0);
  }

  /**
   * Returns {@code path:line:column: message} (the position only when known), or just the message
   * when the path is empty and no position is known.
   */
  @Override
  public String toString() {
    String where = line == 0
        ? path
        : (path.isEmpty() ? "line " + line : path + ":" + line) + (column == 0 ? "" : ":" + column);
    return where.isEmpty() ? message : where + ": " + message;
  }
}
