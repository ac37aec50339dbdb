package dev.parley.cli;

/**
 * The exit codes of every command, for scripts (also in {@code parley app --help} and docs/guide.md).
 */
public final class ExitCodes {

  /** Done. */
  public static final int OK = 0;
  /** The server or the checks refused, or the command failed (the message says why). */
  public static final int FAILED = 1;
  /** The command line is wrong (unknown option, missing argument). */
  public static final int USAGE = 2;
  /** The server cannot be reached (down, wrong address). */
  public static final int UNREACHABLE = 3;
  /** Not signed in, or the stored token is unknown, expired or revoked: run {@code parley app login}. */
  public static final int NOT_SIGNED_IN = 4;

  private ExitCodes() {
  }
}
