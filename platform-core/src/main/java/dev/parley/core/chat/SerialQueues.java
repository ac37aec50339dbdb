package dev.parley.core.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one after another per key. Sends to one conversation commit and
 * publish in sequence order; different conversations run concurrently.
 */
final class SerialQueues {

  private final Map<String, Future<?>> tails = new HashMap<>();

  synchronized <T> Future<T> submit(String key, Supplier<Future<T>> task) {
    Future<?> tail = tails.get(key);
    Promise<T> done = Promise.promise();
    Future<T> mine = done.future();
    tails.put(key, mine);
    Runnable run = () -> {
      Future<T> f;
      try {
        f = task.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(done);
    };
    if (tail == null) {
      run.run();
    } else {
      tail.onComplete(ignored -> run.run());
    }
    mine.onComplete(ignored -> {
      synchronized (this) {
        tails.remove(key, mine);
      }
    });
    return mine;
  }
}
