package dev.parley.runtime.impl;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded pool of platform threads that run guest code. A worker that runs out of tasks
 * spins briefly before it parks, and a new task wakes a parked worker only when no worker is
 * spinning: back-to-back calls are handed to the spinning worker without a system call.
 * (A {@code LinkedTransferQueue} hands a task to a <em>parked</em> taker first, so with two
 * workers every call paid for waking one while the other spun for nothing.)
 */
final class WorkerPool {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  /** Parked workers, the most recently parked first (its caches are the warmest). */
  private final ConcurrentLinkedDeque<Worker> parked = new ConcurrentLinkedDeque<>();
  private final AtomicInteger spinning = new AtomicInteger();
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  /** Workers given up whose threads still run (guest code that ignored its interrupt). */
  private final Set<Worker> abandoned = ConcurrentHashMap.newKeySet();
  private final ThreadGroup group = new ThreadGroup("parley-miniapp");
  private final AtomicInteger names = new AtomicInteger();
  private final long stackSize;
  private final long spinNanos;
  private final int maxDepth;
  private volatile boolean stopped;

  WorkerPool(int threads, long stackSize, long spinNanos, int maxDepth) {
    this.stackSize = stackSize;
    this.spinNanos = spinNanos;
    this.maxDepth = maxDepth;
    for (int i = 0; i < threads; i++) {
      start();
    }
  }

  private void start() {
    Worker[] self = new Worker[1];
    Worker w = new Worker(group, () -> {
      try {
        loop(self[0]);
      } finally {
        // a given-up thread whose guest code finally returned: it no longer costs anything
        if (abandoned.remove(self[0])) {
          LOG.warn("{}, given up earlier, has ended", self[0].getName());
        }
      }
    }, "parley-miniapp-worker-" + names.incrementAndGet(), stackSize, maxDepth);
    self[0] = w;
    workers.add(w);
    w.start();
  }

  void execute(Runnable task) {
    if (stopped) {
      throw new IllegalStateException("the runtime is closed");
    }
    queue.offer(task);
    // a spinning worker takes it (or wakes another, see loop); else wake a parked one
    if (spinning.get() == 0) {
      wakeOne();
    }
  }

  private void wakeOne() {
    Worker w = parked.pollFirst();
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  List<Worker> workers() {
    return workers;
  }

  /**
   * Gives up a worker whose guest code cannot be stopped, and starts a replacement at once, so the
   * pool keeps its size. The given-up thread leaves when its task returns (see {@link #start()}).
   */
  void abandon(Worker w) {
    w.abandoned = true;
    if (workers.remove(w)) {
      if (w.isAlive()) {
        abandoned.add(w);
      }
      LOG.error("guest code on {} could not be stopped; the thread is given up and replaced",
          w.getName());
      if (!stopped) {
        start();
      }
    }
  }

  /** Workers given up whose threads are still running. */
  int abandonedRunning() {
    abandoned.removeIf(w -> !w.isAlive());
    return abandoned.size();
  }

  /** Stops the workers once the queued tasks have run. */
  void stop() {
    stopped = true;
    for (Worker w : workers) {
      LockSupport.unpark(w);
    }
  }

  private void loop(Worker self) {
    while (!self.abandoned) {
      // cancelling a context interrupts its threads; a flag left over must not disturb parking
      Thread.interrupted();
      Runnable task = queue.poll();
      if (task == null) {
        task = spin();
      }
      if (task == null) {
        if (stopped) {
          return;
        }
        task = park(self);
        if (task == null) {
          continue;
        }
      }
      if (spinning.get() == 0 && !queue.isEmpty()) {
        // more work than this worker: someone who offered it may have counted on a spinner
        wakeOne();
      }
      try {
        task.run();
      } catch (Throwable t) {
        LOG.error("a task of the mini-app runtime failed", t);
      }
    }
  }

  private Runnable spin() {
    if (spinNanos == 0) {
      return null;
    }
    spinning.incrementAndGet();
    try {
      long end = System.nanoTime() + spinNanos;
      do {
        Thread.onSpinWait();
        Runnable r = queue.poll();
        if (r != null) {
          return r;
        }
      } while (System.nanoTime() - end < 0);
      return null;
    } finally {
      spinning.decrementAndGet();
    }
  }

  private Runnable park(Worker self) {
    parked.addFirst(self);
    // a task offered after the last poll, by someone who saw no spinner and no parked worker
    Runnable r = queue.poll();
    if (r == null && !stopped) {
      LockSupport.park(this);
      r = queue.poll();
    }
    parked.remove(self);
    return r;
  }
}
