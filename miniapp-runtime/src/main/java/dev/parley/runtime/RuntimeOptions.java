package dev.parley.runtime;

import io.vertx.core.json.JsonObject;

/** Options of a {@link MiniAppRuntime}: its workers, pools, watchdog and the call limits. */
public class RuntimeOptions {

  /** Default number of worker threads: the number of processors, at least 2. */
  public static final int DEFAULT_WORKER_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  /**
   * Default stack size of a worker thread: 32 MiB, several times what
   * {@link CallLimits#DEFAULT_MAX_CALL_DEPTH} frames need (memory is only committed as a thread
   * goes deep).
   */
  public static final long DEFAULT_WORKER_STACK_BYTES = 32L << 20;
  /** Default number of contexts pooled per app version: 4. */
  public static final int DEFAULT_MAX_CONTEXTS_PER_VERSION = 4;
  /** Default number of calls a context serves before it is replaced: 10,000. */
  public static final int DEFAULT_MAX_CALLS_PER_CONTEXT = 10_000;
  /** Default number of calls that may wait for a context of one app version: 256. */
  public static final int DEFAULT_MAX_QUEUED_CALLS_PER_VERSION = 256;
  /** Default watchdog period: 1 ms. */
  public static final long DEFAULT_WATCHDOG_INTERVAL_MICROS = 1000;
  /** Default time given to an interrupted or cancelled call to stop: 250 ms. */
  public static final long DEFAULT_KILL_GRACE_MILLIS = 250;
  /** Default share of the maximum heap above which the heap guard cancels allocating calls. */
  public static final double DEFAULT_HEAP_GUARD_RATIO = 0.85;
  /** Default time an idle worker spins before it parks: 50 µs. */
  public static final long DEFAULT_WORKER_SPIN_MICROS = 50;

  private int workerThreads = DEFAULT_WORKER_THREADS;
  private long workerStackBytes = DEFAULT_WORKER_STACK_BYTES;
  private int maxContextsPerVersion = DEFAULT_MAX_CONTEXTS_PER_VERSION;
  private int maxCallsPerContext = DEFAULT_MAX_CALLS_PER_CONTEXT;
  private int maxQueuedCallsPerVersion = DEFAULT_MAX_QUEUED_CALLS_PER_VERSION;
  private long watchdogIntervalMicros = DEFAULT_WATCHDOG_INTERVAL_MICROS;
  private long killGraceMillis = DEFAULT_KILL_GRACE_MILLIS;
  private double heapGuardRatio = DEFAULT_HEAP_GUARD_RATIO;
  private long workerSpinMicros = DEFAULT_WORKER_SPIN_MICROS;
  private boolean warmUp = true;
  private CallLimits limits = new CallLimits();

  /** Creates options with the defaults. */
  public RuntimeOptions() {
  }

  /**
   * Copies options.
   *
   * @param other the options to copy
   */
  public RuntimeOptions(RuntimeOptions other) {
    this.workerThreads = other.workerThreads;
    this.workerStackBytes = other.workerStackBytes;
    this.maxContextsPerVersion = other.maxContextsPerVersion;
    this.maxCallsPerContext = other.maxCallsPerContext;
    this.maxQueuedCallsPerVersion = other.maxQueuedCallsPerVersion;
    this.watchdogIntervalMicros = other.watchdogIntervalMicros;
    this.killGraceMillis = other.killGraceMillis;
    this.heapGuardRatio = other.heapGuardRatio;
    this.workerSpinMicros = other.workerSpinMicros;
    this.warmUp = other.warmUp;
    this.limits = new CallLimits(other.limits);
  }

  /**
   * Reads options from JSON; missing keys keep their defaults. Limits are under
   * {@code limits}.
   *
   * @param json the options
   */
  public RuntimeOptions(JsonObject json) {
    this();
    setWorkerThreads(json.getInteger("workerThreads", workerThreads));
    setWorkerStackBytes(json.getLong("workerStackBytes", workerStackBytes));
    setMaxContextsPerVersion(json.getInteger("maxContextsPerVersion", maxContextsPerVersion));
    setMaxCallsPerContext(json.getInteger("maxCallsPerContext", maxCallsPerContext));
    setMaxQueuedCallsPerVersion(
        json.getInteger("maxQueuedCallsPerVersion", maxQueuedCallsPerVersion));
    setWatchdogIntervalMicros(json.getLong("watchdogIntervalMicros", watchdogIntervalMicros));
    setKillGraceMillis(json.getLong("killGraceMillis", killGraceMillis));
    setHeapGuardRatio(json.getDouble("heapGuardRatio", heapGuardRatio));
    setWorkerSpinMicros(json.getLong("workerSpinMicros", workerSpinMicros));
    setWarmUp(json.getBoolean("warmUp", warmUp));
    JsonObject l = json.getJsonObject("limits");
    if (l != null) {
      setLimits(new CallLimits(l));
    }
  }

  /** Returns the options as JSON. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("workerThreads", workerThreads)
        .put("workerStackBytes", workerStackBytes)
        .put("maxContextsPerVersion", maxContextsPerVersion)
        .put("maxCallsPerContext", maxCallsPerContext)
        .put("maxQueuedCallsPerVersion", maxQueuedCallsPerVersion)
        .put("watchdogIntervalMicros", watchdogIntervalMicros)
        .put("killGraceMillis", killGraceMillis)
        .put("heapGuardRatio", heapGuardRatio)
        .put("workerSpinMicros", workerSpinMicros)
        .put("warmUp", warmUp)
        .put("limits", limits.toJson());
  }

  /** Returns the number of worker threads that run guest code. */
  public int getWorkerThreads() {
    return workerThreads;
  }

  /**
   * Sets the number of worker threads that run guest code. Guest code never runs on an event
   * loop.
   *
   * @param v threads, positive
   * @return this
   */
  public RuntimeOptions setWorkerThreads(int v) {
    this.workerThreads = (int) CallLimits.positive(v, "workerThreads");
    return this;
  }

  /** Returns the stack size of a worker thread in bytes. */
  public long getWorkerStackBytes() {
    return workerStackBytes;
  }

  /**
   * Sets the stack size of a worker thread.
   *
   * @param v bytes, at least 1 MiB
   * @return this
   */
  public RuntimeOptions setWorkerStackBytes(long v) {
    if (v < (1L << 20)) {
      throw new IllegalArgumentException("workerStackBytes must be >= 1 MiB, got " + v);
    }
    this.workerStackBytes = v;
    return this;
  }

  /** Returns the number of contexts pooled per app version. */
  public int getMaxContextsPerVersion() {
    return maxContextsPerVersion;
  }

  /**
   * Sets the number of contexts an app version may have at once (busy or idle).
   *
   * @param v contexts, positive
   * @return this
   */
  public RuntimeOptions setMaxContextsPerVersion(int v) {
    this.maxContextsPerVersion = (int) CallLimits.positive(v, "maxContextsPerVersion");
    return this;
  }

  /** Returns the number of calls a context serves before it is replaced. */
  public int getMaxCallsPerContext() {
    return maxCallsPerContext;
  }

  /**
   * Sets the number of calls a context serves before it is replaced (1 gives every call a
   * fresh context).
   *
   * @param v calls, positive
   * @return this
   */
  public RuntimeOptions setMaxCallsPerContext(int v) {
    this.maxCallsPerContext = (int) CallLimits.positive(v, "maxCallsPerContext");
    return this;
  }

  /** Returns the number of calls that may wait for a context of one app version. */
  public int getMaxQueuedCallsPerVersion() {
    return maxQueuedCallsPerVersion;
  }

  /**
   * Sets the number of calls that may wait for a context of one app version; more fail with
   * {@link MiniAppException.Reason#OVERLOADED}.
   *
   * @param v calls, positive
   * @return this
   */
  public RuntimeOptions setMaxQueuedCallsPerVersion(int v) {
    this.maxQueuedCallsPerVersion = (int) CallLimits.positive(v, "maxQueuedCallsPerVersion");
    return this;
  }

  /** Returns the watchdog's period in microseconds. */
  public long getWatchdogIntervalMicros() {
    return watchdogIntervalMicros;
  }

  /**
   * Sets the watchdog's period: how often running calls are checked against their limits.
   *
   * @param v microseconds, positive
   * @return this
   */
  public RuntimeOptions setWatchdogIntervalMicros(long v) {
    this.watchdogIntervalMicros = CallLimits.positive(v, "watchdogIntervalMicros");
    return this;
  }

  /** Returns the time given to an interrupted call to stop, in milliseconds. */
  public long getKillGraceMillis() {
    return killGraceMillis;
  }

  /**
   * Sets the time given to an interrupted call to stop before its context is cancelled. A call
   * still running {@code max(3 × this, 2 s)} after it was ended has its thread given up and its
   * app version quarantined.
   *
   * @param v milliseconds, positive
   * @return this
   */
  public RuntimeOptions setKillGraceMillis(long v) {
    this.killGraceMillis = CallLimits.positive(v, "killGraceMillis");
    return this;
  }

  /** Returns the share of the maximum heap above which allocating calls are cancelled. */
  public double getHeapGuardRatio() {
    return heapGuardRatio;
  }

  /**
   * Sets the share of the maximum heap (measured after a collection) above which the call
   * that allocates most is cancelled with {@link MiniAppException.Reason#MEMORY_LIMIT}.
   *
   * @param v between 0.1 and 1
   * @return this
   */
  public RuntimeOptions setHeapGuardRatio(double v) {
    if (!(v >= 0.1 && v <= 1.0)) {
      throw new IllegalArgumentException("heapGuardRatio must be in [0.1, 1], got " + v);
    }
    this.heapGuardRatio = v;
    return this;
  }

  /** Returns how long an idle worker spins before it parks, in microseconds. */
  public long getWorkerSpinMicros() {
    return workerSpinMicros;
  }

  /**
   * Sets how long an idle worker spins before it parks; spinning trades a little CPU for a
   * lower call latency. 0 parks at once.
   *
   * @param v microseconds, not negative
   * @return this
   */
  public RuntimeOptions setWorkerSpinMicros(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("workerSpinMicros must be >= 0, got " + v);
    }
    this.workerSpinMicros = v;
    return this;
  }

  /** Returns whether the engine is warmed up with trusted code at start. */
  public boolean isWarmUp() {
    return warmUp;
  }

  /**
   * Sets whether the engine runs trusted warm-up code at start, so that the language's
   * classes are initialized on a shallow stack and the first app call is faster.
   *
   * @param v whether to warm up
   * @return this
   */
  public RuntimeOptions setWarmUp(boolean v) {
    this.warmUp = v;
    return this;
  }

  /** Returns the limits of every call. */
  public CallLimits getLimits() {
    return limits;
  }

  /**
   * Sets the limits of every call.
   *
   * @param limits the limits
   * @return this
   */
  public RuntimeOptions setLimits(CallLimits limits) {
    this.limits = new CallLimits(java.util.Objects.requireNonNull(limits, "limits"));
    return this;
  }
}
