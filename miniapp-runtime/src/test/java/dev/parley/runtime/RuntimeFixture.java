package dev.parley.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.Assertions;

/** Starts a runtime for a test class and offers helpers to load and call apps. */
public final class RuntimeFixture implements AutoCloseable {

  public final Vertx vertx = Vertx.vertx();
  public final FakeHost host = new FakeHost();
  public final MiniAppRuntime runtime;
  private int counter;

  public RuntimeFixture(RuntimeOptions options) {
    runtime = MiniAppRuntime.create(vertx, host, options);
  }

  /** Options for tests: defaults with shorter time limits. */
  public static RuntimeOptions testOptions() {
    return new RuntimeOptions().setLimits(new CallLimits()
        .setCpuTimeMillis(500).setWallTimeMillis(3000).setStatementLimit(2_000_000));
  }

  /** Loads a fresh app (unique id) whose module is {@code js}, exporting {@code handlers}. */
  public AppVersion load(String js, String... handlers) {
    String id = "app-" + (++counter) + "-" + Long.toHexString(System.nanoTime());
    return await(runtime.load(TestBundles.bundle(id, "1.0.0", js, handlers)));
  }

  public CallContext ctx(AppVersion app) {
    return CallContext.of(app, "user-1", "conv-1", "req-" + (++counter), Set.of("cards.post"));
  }

  public Future<JsonObject> call(AppVersion app, String handler) {
    return call(app, handler, new JsonObject());
  }

  public Future<JsonObject> call(AppVersion app, String handler, JsonObject event) {
    return runtime.invoke(app, handler, event, ctx(app));
  }

  /** Awaits a future, returning its value or throwing its failure. */
  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("no answer within 60 s", e);
    }
  }

  /** Awaits a failure and returns it as a MiniAppException. */
  public static MiniAppException failure(Future<?> f) {
    Throwable t = Assertions.catchThrowable(() -> await(f));
    Assertions.assertThat(t).isInstanceOf(MiniAppException.class);
    return (MiniAppException) t;
  }

  @Override
  public void close() {
    await(runtime.close());
    await(vertx.close());
  }
}
