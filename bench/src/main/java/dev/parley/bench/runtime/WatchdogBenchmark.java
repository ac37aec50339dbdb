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
 *
 * <p>With the CPU limit, the benchmark also measures what a loaded machine cannot distort: the
 * CPU time the runtime's workers spent on the call beyond the limit (detection delay and
 * unwinding, in CPU time), written to {@value #CPU_OVERSHOOT_FILE} for {@link RuntimeBench}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class WatchdogBenchmark extends JitBenchmark {

  /** The limit of the runaway call. */
  public static final long LIMIT_MILLIS = 50;
  /** Where the CPU overshoot of the measured iterations goes (JSON). */
  public static final String CPU_OVERSHOOT_FILE = "bench/target/jmh-watchdog-cpu-overshoot.json";

  private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
      .getThreadMXBean();
  private long[] workerIds;
  private boolean measuring;
  private final java.util.List<Long> overshoot = new java.util.ArrayList<>();

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
    workerIds = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("parley-miniapp-worker-"))
        .mapToLong(Thread::threadId).toArray();
  }

  /** Notes whether the iteration is measured. */
  @Setup(Level.Iteration)
  public void iteration(org.openjdk.jmh.infra.IterationParams params) {
    measuring = params.getType() == org.openjdk.jmh.runner.IterationType.MEASUREMENT;
  }

  /** Closes the runtime; writes the CPU overshoot. */
  @TearDown(Level.Trial)
  public void tearDown() throws java.io.IOException {
    System.out.println("runtime after the trial: " + runtime.info());
    state.close();
    if (limit.equals("cpu") && !overshoot.isEmpty()) {
      long[] o = overshoot.stream().mapToLong(Long::longValue).sorted().toArray();
      JsonObject json = new JsonObject().put("n", o.length)
          .put("p50Micros", o[o.length / 2] / 1000)
          .put("p99Micros", o[Math.min(o.length - 1, (int) (o.length * 0.99))] / 1000)
          .put("maxMicros", o[o.length - 1] / 1000);
      java.nio.file.Files.writeString(java.nio.file.Path.of(CPU_OVERSHOOT_FILE), json.encode());
    }
  }

  private long workerCpu() {
    long sum = 0;
    for (long id : workerIds) {
      sum += Math.max(0, threads.getThreadCpuTime(id));
    }
    return sum;
  }

  /** A runaway call, from its start to its TIME_LIMIT failure. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Throwable runaway() {
    long cpu = measuring && limit.equals("cpu") ? workerCpu() : 0;
    Throwable t = Bundles.awaitFailure(runtime.invoke(app, "hello", event, context));
    if (cpu != 0) {
      overshoot.add(workerCpu() - cpu - TimeUnit.MILLISECONDS.toNanos(LIMIT_MILLIS));
    }
    if (!(t instanceof MiniAppException m) || m.reason() != MiniAppException.Reason.TIME_LIMIT) {
      throw new IllegalStateException("expected TIME_LIMIT", t);
    }
    return t;
  }
}
