package dev.parley.runtime.impl;

/** A platform thread of the runtime that runs guest code; the watchdog reads its segment. */
final class Worker extends Thread {

  /** What the worker is running right now, or {@code null}. */
  volatile Segment current;
  /** Set when guest code on this thread could not be stopped and the thread was replaced. */
  volatile boolean abandoned;

  Worker(ThreadGroup group, Runnable body, String name, long stackSize) {
    super(group, body, name, stackSize);
    setDaemon(true);
  }

  /** Guest code running for one call on one worker, between entering and leaving a context. */
  record Segment(Call<?> call, Sandbox sandbox, long cpuStart, long allocStart) {}
}
