package dev.parley.runtime.spi;

import static java.util.Objects.requireNonNull;

import dev.parley.runtime.CallContext;

/**
 * What a call wrote to its console, capped by the call limits; for the developer's logs.
 *
 * @param context the call
 * @param text stdout and stderr, interleaved as written
 * @param truncated whether output was cut at the cap
 */
public record ConsoleOutput(CallContext context, String text, boolean truncated) {
  /** Checks for nulls. */
  public ConsoleOutput {
    requireNonNull(context, "context");
    requireNonNull(text, "text");
  }
}
