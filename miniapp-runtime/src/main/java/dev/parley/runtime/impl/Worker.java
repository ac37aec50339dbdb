package dev.parley.runtime.impl;

/** A platform thread of the runtime that runs guest code; the watchdog reads its segment. */
final class Worker extends Thread {

  /** What the worker is running right now, or {@code null}. */
  volatile Segment current;
  /** Set when guest code on this thread could not be stopped and the thread was replaced. */
  volatile boolean abandoned;
  /** Depth of guest function calls on this thread; only this thread touches it. */
  int depth;
  /** The depth of guest function calls beyond which {@link GuestGuard} throws. */
  final int maxDepth;

  Worker(ThreadGroup group, Runnable body, String name, long stackSize, int maxDepth) {
    super(group, body, name, stackSize);
    this.maxDepth = maxDepth;
    setDaemon(true);
  }

  /** Guest code running for one call on one worker, between entering and leaving a context. */
  static final class Segment {
    final Call<?> call;
    final Sandbox sandbox;
    final long cpuStart;
    final long allocStart;
    /** Set by the runtime to end the call: guest code stops at its next function entry. */
    volatile boolean stop;

    Segment(Call<?> call, Sandbox sandbox, long cpuStart, long allocStart) {
      this.call = call;
      this.sandbox = sandbox;
      this.cpuStart = cpuStart;
      this.allocStart = allocStart;
    }

    Call<?> call() {
      return call;
    }

    Sandbox sandbox() {
      return sandbox;
    }

    long cpuStart() {
      return cpuStart;
    }

    long allocStart() {
      return allocStart;
    }
  }
}
