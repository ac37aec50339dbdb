package dev.parley.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The one exception type of the mini-app runtime. Every failure, from a hostile zip to a
 * runaway handler, reaches the caller as this exception with a {@link Reason}; never as a raw
 * polyglot exception or a host stack trace.
 *
 * <p>Expected, frequent failures (guest errors, limits) carry no Java stack trace.
 */
public final class MiniAppException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why something failed. */
  public enum Reason {
    // ---- reading a bundle
    /** The archive is larger than {@link BundleOptions#getMaxArchiveBytes()}. */
    ARCHIVE_TOO_LARGE,
    /** One entry inflates to more than {@link BundleOptions#getMaxEntryBytes()}. */
    ENTRY_TOO_LARGE,
    /** All entries together inflate to more than {@link BundleOptions#getMaxTotalBytes()}. */
    TOTAL_TOO_LARGE,
    /** An entry inflates more than {@link BundleOptions#getMaxCompressionRatio()} times (zip bomb). */
    COMPRESSION_RATIO,
    /** More entries than {@link BundleOptions#getMaxEntries()}. */
    TOO_MANY_ENTRIES,
    /** An entry name is an absolute path. */
    ABSOLUTE_PATH,
    /** An entry name contains a {@code ..} segment. */
    PATH_TRAVERSAL,
    /** An entry name is not a plain relative path (backslash, control character, empty segment). */
    INVALID_PATH,
    /** An entry is a symbolic link. */
    SYMLINK,
    /** Two entries have the same name. */
    DUPLICATE_ENTRY,
    /** An entry name is not valid UTF-8. */
    NON_UTF8_NAME,
    /** The archive cannot be read as a zip (corrupt, encrypted, unsupported method). */
    MALFORMED_ARCHIVE,
    /** {@code manifest.json} is not valid JSON or does not follow the schema; see {@link #problems()}. */
    MANIFEST_INVALID,
    /** A file the manifest needs is not in the bundle. */
    MISSING_FILE,
    /**
     * An import of {@code server.js} or of a module it imports is refused: outside the bundle, an
     * absolute path, a URL, a {@code node:} module, a package name, or a file the bundle lacks.
     */
    IMPORT_REFUSED,
    // ---- loading an app version
    /** {@code server.js} does not parse. */
    SYNTAX_ERROR,
    /** A handler named by the manifest is not a function exported by {@code server.js}. */
    MISSING_HANDLER,
    // ---- invoking a handler
    /** The guest threw, or its promise rejected; the message and stack are the guest's own. */
    GUEST_ERROR,
    /** The call used more CPU time or wall time than allowed. */
    TIME_LIMIT,
    /** The call executed more statements than allowed. */
    STATEMENT_LIMIT,
    /** The call allocated more than its budget, or the heap ran short while it allocated. */
    MEMORY_LIMIT,
    /** Console output or the result was larger than allowed. */
    OUTPUT_LIMIT,
    /** The call made more host calls than allowed. */
    HOST_CALL_LIMIT,
    /** The host refused a capability call and the guest did not catch the refusal. */
    HOST_CALL_REFUSED,
    /** The handler returned a promise that nothing can settle any more. */
    UNSETTLED_PROMISE,
    /** The handler's result is not a JSON object. */
    INVALID_RESULT,
    /** The call was cancelled (the app version was unloaded or the runtime closed). */
    CANCELLED,
    /** The app version is not loaded. */
    UNKNOWN_APP,
    /** {@code server.js} exports no function of that name. */
    UNKNOWN_HANDLER,
    /** Too many calls are waiting for this app version. */
    OVERLOADED,
    /** The app version's code could not be stopped and it was taken out of service. */
    QUARANTINED,
    /** A fault of the runtime itself. */
    INTERNAL
  }

  private final Reason reason;
  private final String file;
  private final List<Problem> problems;
  private final String guestStack;

  private MiniAppException(Reason reason, String message, String file, List<Problem> problems,
      String guestStack, Throwable cause, boolean withStackTrace) {
    super(message, cause, false, withStackTrace);
    this.reason = requireNonNull(reason, "reason");
    this.file = file;
    this.problems = List.copyOf(problems);
    this.guestStack = guestStack;
  }

  /**
   * Creates an exception with a reason and a message.
   *
   * @param reason why it failed
   * @param message a sentence for the developer
   * @return the exception, without a Java stack trace
   */
  public static MiniAppException of(Reason reason, String message) {
    return new MiniAppException(reason, requireNonNull(message, "message"), null, List.of(), null,
        null, false);
  }

  /**
   * Creates a bundle error about one file.
   *
   * @param reason why it failed
   * @param file the entry or file concerned
   * @param message a sentence for the developer
   * @return the exception
   */
  public static MiniAppException ofFile(Reason reason, String file, String message) {
    requireNonNull(file, "file");
    return new MiniAppException(reason, requireNonNull(message, "message"), file,
        List.of(new Problem(file, message)), null, null, false);
  }

  /**
   * Creates an error at a place in a bundle file: a syntax error, an error while a module loads.
   *
   * @param reason why it failed
   * @param file the bundle file
   * @param line 1-based line, 0 when unknown
   * @param column 1-based column, 0 when unknown
   * @param message a sentence for the developer, without the position
   * @return the exception; its message is {@code file:line:column: message}
   */
  public static MiniAppException at(Reason reason, String file, int line, int column,
      String message) {
    Problem p = new Problem(requireNonNull(file, "file"), requireNonNull(message, "message"), line,
        column);
    return new MiniAppException(reason, p.toString(), file, List.of(p), null, null, false);
  }

  /**
   * Creates an exception listing every problem found.
   *
   * @param reason why it failed (such as {@link Reason#MANIFEST_INVALID})
   * @param file the file concerned (such as {@code manifest.json})
   * @param problems every problem, each with its path
   * @return the exception; its message lists the problems
   */
  public static MiniAppException ofProblems(Reason reason, String file, List<Problem> problems) {
    requireNonNull(file, "file");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    StringBuilder sb = new StringBuilder(reason == Reason.MANIFEST_INVALID ? file : "the bundle")
        .append(" has ").append(problems.size())
        .append(problems.size() == 1 ? " problem:" : " problems:");
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    return new MiniAppException(reason, sb.toString(), file, problems, null, null, false);
  }

  /**
   * Creates a guest error: the guest's own message and its stack limited to the app's code.
   *
   * @param reason {@link Reason#GUEST_ERROR} or {@link Reason#HOST_CALL_REFUSED}
   * @param message the guest's error, such as {@code TypeError: x is not a function}
   * @param guestStack the stack frames inside the app's own code; may be empty
   * @return the exception
   */
  public static MiniAppException guest(Reason reason, String message, String guestStack) {
    return new MiniAppException(reason, requireNonNull(message, "message"), null, List.of(),
        guestStack == null || guestStack.isEmpty() ? null : guestStack, null, false);
  }

  /**
   * The failure a {@link dev.parley.runtime.spi.HostInterface} returns to refuse a capability
   * call. The guest sees a {@code ParleyError} with {@code code == "refused"} and this message.
   *
   * @param message why the call was refused, safe to show to the app
   * @return the exception
   */
  public static MiniAppException refused(String message) {
    return of(Reason.HOST_CALL_REFUSED, message);
  }

  /**
   * Creates an internal error keeping its cause for the logs.
   *
   * @param message what failed
   * @param cause the cause
   * @return the exception, with a stack trace
   */
  public static MiniAppException internal(String message, Throwable cause) {
    return new MiniAppException(Reason.INTERNAL, requireNonNull(message, "message"), null,
        List.of(), null, cause, true);
  }

  /** Returns why it failed. */
  public Reason reason() {
    return reason;
  }

  /** Returns the bundle file concerned, if any. */
  public Optional<String> file() {
    return Optional.ofNullable(file);
  }

  /** Returns every problem found (manifest and bundle errors); empty for run-time failures. */
  public List<Problem> problems() {
    return problems;
  }

  /** Returns the guest's stack inside the app's own code, for guest errors. */
  public Optional<String> guestStack() {
    return Optional.ofNullable(guestStack);
  }

  @Override
  public String toString() {
    return "MiniAppException[" + reason + "]: " + getMessage();
  }
}
