package dev.parley.runtime.impl;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded pool of platform threads that run guest code. Idle workers spin briefly before
 * parking, which keeps the hand-off of a call well under the cost of waking a parked thread.
 */
final class WorkerPool {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
  private static final Runnable STOP = () -> {};

  private final LinkedTransferQueue<Runnable> queue = new LinkedTransferQueue<>();
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
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
    Worker w = new Worker(group, () -> loop(self[0]),
        "parley-miniapp-worker-" + names.incrementAndGet(), stackSize, maxDepth);
    self[0] = w;
    workers.add(w);
    w.start();
  }

  void execute(Runnable task) {
    if (stopped) {
      throw new IllegalStateException("the runtime is closed");
    }
    queue.offer(task);
  }

  List<Worker> workers() {
    return workers;
  }

  /** Gives up a worker whose guest code cannot be stopped, and starts a replacement. */
  void abandon(Worker w) {
    w.abandoned = true;
    if (workers.remove(w)) {
      LOG.error("guest code on {} could not be stopped; the thread is given up and replaced",
          w.getName());
      if (!stopped) {
        start();
      }
    }
  }

  void stop() {
    stopped = true;
    for (int i = 0; i < workers.size(); i++) {
      queue.offer(STOP);
    }
  }

  private void loop(Worker self) {
    while (!self.abandoned) {
      // cancelling a context interrupts its threads; a flag left over must not end the worker
      Thread.interrupted();
      Runnable task;
      try {
        task = next();
      } catch (InterruptedException e) {
        continue;
      }
      if (task == STOP) {
        return;
      }
      try {
        task.run();
      } catch (Throwable t) {
        LOG.error("a task of the mini-app runtime failed", t);
      }
    }
  }

  private Runnable next() throws InterruptedException {
    Runnable r = queue.poll();
    if (r != null || spinNanos == 0) {
      return r != null ? r : queue.take();
    }
    long end = System.nanoTime() + spinNanos;
    do {
      Thread.onSpinWait();
      r = queue.poll();
      if (r != null) {
        return r;
      }
    } while (System.nanoTime() < end);
    r = queue.poll(1, TimeUnit.MILLISECONDS);
    return r != null ? r : queue.take();
  }
}
