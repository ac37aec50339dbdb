package dev.parley.bench.runtime;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.runtime.RuntimeOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first call of a newly loaded app version on a warm engine: {@code load} (a context, the
 * module parsed and evaluated, its handlers checked) and the first call. Every version has
 * code of its own, so nothing is served from the source cache.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
public class FirstCallBenchmark extends JitBenchmark {

  private RuntimeState state;
  private MiniAppRuntime runtime;
  private final JsonObject event = new JsonObject().put("name", "dana");
  private int version;
  private Bundle next;
  private AppVersion loaded;

  /** Starts a runtime with the default options. */
  @Setup(Level.Trial)
  public void setUp() {
    state = new RuntimeState(new RuntimeOptions());
    runtime = state.runtime;
  }

  /** Builds the next version's bundle (not measured). */
  @Setup(Level.Invocation)
  public void nextVersion() {
    version++;
    next = Bundles.bundle("bench-new", version, Bundles.TRIVIAL + "\n// version " + version);
  }

  /** Unloads the version (not measured). */
  @TearDown(Level.Invocation)
  public void unload() {
    if (loaded != null) {
      Bundles.await(runtime.unload(loaded));
      loaded = null;
    }
  }

  /** Closes the runtime. */
  @TearDown(Level.Trial)
  public void tearDown() {
    state.close();
  }

  /** Loads a new version and calls it once. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public JsonObject loadAndFirstCall() {
    loaded = Bundles.await(runtime.load(next));
    return Bundles.await(runtime.invoke(loaded, "hello", event, Bundles.context(loaded)));
  }
}
