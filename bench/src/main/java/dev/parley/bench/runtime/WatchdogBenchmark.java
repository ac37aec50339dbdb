package dev.parley.bench.runtime;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.CallLimits;
import dev.parley.runtime.MiniAppException;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The watchdog's reaction to a runaway loop: a call that never ends, under a limit of
 * {@value #LIMIT_MILLIS} ms, either of wall time ({@code wall}: the deadline is exact, so the
 * time beyond it is the reaction) or of CPU time ({@code cpu}: the figure also holds the gap
 * between the worker's CPU time and the wall clock, small on a quiet machine). The reaction is
 * the measured time minus the limit. The statement limit is out of reach, so only the watchdog
 * can end the call.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class WatchdogBenchmark extends JitBenchmark {

  /** The limit of the runaway call. */
  public static final long LIMIT_MILLIS = 50;

  /** Which limit the runaway call exceeds. */
  @Param({"wall", "cpu"})
  public String limit;

  private RuntimeState state;
  private MiniAppRuntime runtime;
  private AppVersion app;
  private CallContext context;
  private final JsonObject event = new JsonObject();

  /** Starts a runtime whose calls have the limit under test. */
  @Setup(Level.Trial)
  public void setUp() {
    CallLimits limits = new CallLimits().setStatementLimit(Long.MAX_VALUE / 4);
    if (limit.equals("wall")) {
      limits.setWallTimeMillis(LIMIT_MILLIS).setCpuTimeMillis(60_000);
    } else {
      limits.setCpuTimeMillis(LIMIT_MILLIS);
    }
    state = new RuntimeState(new RuntimeOptions().setLimits(limits));
    runtime = state.runtime;
    // loading runs under the same limits: a cold engine may need more than 50 ms at first
    for (int attempt = 1; app == null; attempt++) {
      try {
        app = Bundles.await(runtime.load(Bundles.bundle("bench-loop", 0, Bundles.RUNAWAY)));
      } catch (IllegalStateException e) {
        if (attempt == 20) {
          throw e;
        }
      }
    }
    context = Bundles.context(app);
  }

  /** Closes the runtime. */
  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println("runtime after the trial: " + runtime.info());
    state.close();
  }

  /** A runaway call, from its start to its TIME_LIMIT failure. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Throwable runaway() {
    Throwable t = Bundles.awaitFailure(runtime.invoke(app, "hello", event, context));
    if (!(t instanceof MiniAppException m) || m.reason() != MiniAppException.Reason.TIME_LIMIT) {
      throw new IllegalStateException("expected TIME_LIMIT", t);
    }
    return t;
  }
}
