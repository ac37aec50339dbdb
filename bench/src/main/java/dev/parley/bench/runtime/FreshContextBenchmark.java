package dev.parley.bench.runtime;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.CallContext;
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
 * The cost of a fresh context: every call gets a new one ({@code maxCallsPerContext = 1}), so
 * a call is context creation, the shim, the module's evaluation and the handler.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
public class FreshContextBenchmark extends JitBenchmark {

  private RuntimeState state;
  private MiniAppRuntime runtime;
  private AppVersion app;
  private CallContext context;
  private final JsonObject event = new JsonObject().put("name", "dana");

  /** Starts a runtime whose contexts serve one call each. */
  @Setup(Level.Trial)
  public void setUp() {
    state = new RuntimeState(new RuntimeOptions().setMaxCallsPerContext(1));
    runtime = state.runtime;
    app = Bundles.await(runtime.load(Bundles.bundle("bench-fresh", 0, Bundles.TRIVIAL)));
    context = Bundles.context(app);
  }

  /** Closes the runtime. */
  @TearDown(Level.Trial)
  public void tearDown() {
    state.close();
  }

  /** A call on a context of its own. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public JsonObject freshContext() {
    return Bundles.await(runtime.invoke(app, "hello", event, context));
  }
}
