package dev.parley.runtime.impl;

import java.io.OutputStream;

/**
 * The stdout and stderr of one context: writes go to the current call's capped buffer; past
 * the cap the call is ended with OUTPUT_LIMIT and further output is dropped.
 */
final class ConsoleStream extends OutputStream {

  private final Sandbox sandbox;

  ConsoleStream(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    sandbox.console(b, off, len);
  }
}
