package dev.parley.runtime.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

  // Regression: a task offered while the only spinning worker was taking another one must
  // still wake a parked worker, or it waits behind a call that may run for a second.
  @Test
  void execute_runsATaskOnAnotherWorkerWhileOneIsBusy() throws InterruptedException {
    WorkerPool pool = new WorkerPool(2, 1 << 20, TimeUnit.MICROSECONDS.toNanos(50), 100);
    try {
      for (int i = 0; i < 500; i++) {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        pool.execute(() -> awaitQuietly(release));
        pool.execute(second::countDown);
        assertThat(second.await(10, TimeUnit.SECONDS)).as("round %d", i).isTrue();
        release.countDown();
      }
    } finally {
      pool.stop();
    }
  }

  @Test
  void execute_wakesParkedWorkers() throws InterruptedException {
    WorkerPool pool = new WorkerPool(3, 1 << 20, 0, 100);
    try {
      for (int i = 0; i < 200; i++) {
        CountDownLatch done = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        for (int t = 0; t < 3; t++) {
          pool.execute(() -> {
            done.countDown();
            awaitQuietly(release);
          });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).as("round %d", i).isTrue();
        release.countDown();
      }
    } finally {
      pool.stop();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
