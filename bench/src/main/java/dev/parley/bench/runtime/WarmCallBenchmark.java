package dev.parley.bench.runtime;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.runtime.RuntimeOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm calls of a trivial handler through the pool, with the default limits on: one caller
 * that spins on the answer (latency, calls per second), and one that keeps four calls in
 * flight.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
public class WarmCallBenchmark extends JitBenchmark {

  private RuntimeState state;
  private MiniAppRuntime runtime;
  private AppVersion app;
  private CallContext context;
  private final JsonObject event = new JsonObject().put("name", "dana");

  /** Starts a runtime with the default options and loads the trivial app. */
  @Setup(Level.Trial)
  public void setUp() {
    state = new RuntimeState(new RuntimeOptions());
    runtime = state.runtime;
    app = Bundles.await(runtime.load(Bundles.bundle("bench-trivial", 0, Bundles.TRIVIAL)));
    context = Bundles.context(app);
  }

  /** Closes the runtime. */
  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println("runtime after the trial: " + runtime.info());
    state.close();
  }

  /** One warm call, latency percentiles. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public JsonObject latency() {
    return Bundles.spin(runtime.invoke(app, "hello", event, context));
  }

  /** One warm call at a time, calls per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public JsonObject throughput() {
    return Bundles.spin(runtime.invoke(app, "hello", event, context));
  }

  /** Four warm calls in flight, calls per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(4)
  public int throughputFourInFlight() {
    Future<JsonObject> a = runtime.invoke(app, "hello", event, context);
    Future<JsonObject> b = runtime.invoke(app, "hello", event, context);
    Future<JsonObject> c = runtime.invoke(app, "hello", event, context);
    Future<JsonObject> d = runtime.invoke(app, "hello", event, context);
    return Bundles.spin(a).size() + Bundles.spin(b).size() + Bundles.spin(c).size()
        + Bundles.spin(d).size();
  }
}
