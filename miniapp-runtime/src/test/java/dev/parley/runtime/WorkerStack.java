package dev.parley.runtime;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a fuzz target's body on a thread with the stack of a worker thread (the JVM's default of 1 MiB), not
 * the 8 MiB of a test's main thread, so that input that overflows a worker's stack fails the test here too.
 */
final class WorkerStack {

  /** The default thread stack size of the JVM on 64-bit Linux. */
  static final long STACK_BYTES = 1 << 20;

  private WorkerStack() {
  }

  /** Runs {@code body} on a fresh thread with a worker's stack and rethrows whatever it threw. */
  static void run(Runnable body) {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        body.run();
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "fuzz-worker", STACK_BYTES);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Throwable t = thrown.get();
    if (t instanceof RuntimeException r) {
      throw r;
    } else if (t instanceof Error e) {
      throw e;
    } else if (t != null) {
      throw new IllegalStateException(t);
    }
  }
}
