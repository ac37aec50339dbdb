package dev.parley.bench.runtime;

import dev.parley.runtime.MiniAppRuntime;
import dev.parley.runtime.RuntimeOptions;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Vertx;

/** A Vert.x instance and a runtime, checked to run on the optimizing Truffle runtime. */
final class RuntimeState implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final MiniAppRuntime runtime;

  RuntimeState(RuntimeOptions options) {
    runtime = MiniAppRuntime.create(vertx, HostInterface.none(), options);
    if (!runtime.info().optimizing() && !Boolean.getBoolean("parley.bench.allowInterpreter")) {
      close();
      throw new IllegalStateException("the benchmark fork runs on the Truffle interpreter ("
          + runtime.info().truffleRuntime() + "): launch it through bench/runtime.sh");
    }
  }

  @Override
  public void close() {
    Bundles.await(runtime.close());
    Bundles.await(vertx.close());
  }
}
