package dev.parley.runtime;

import io.vertx.core.json.JsonObject;

/**
 * Limits applied to every call of a handler (and to loading a module). The community edition
 * of GraalVM refuses its own {@code sandbox.*} limits, so the runtime enforces these itself.
 */
public class CallLimits {

  /** Default CPU time of a call: 1 s. */
  public static final long DEFAULT_CPU_TIME_MILLIS = 1000;
  /** Default wall time of a call, host calls included: 10 s. */
  public static final long DEFAULT_WALL_TIME_MILLIS = 10_000;
  /** Default number of statements of a call: 10 million. */
  public static final long DEFAULT_STATEMENT_LIMIT = 10_000_000;
  /** Default bytes a call may allocate: 64 MiB. */
  public static final long DEFAULT_MAX_ALLOCATED_BYTES = 64L << 20;
  /** Default console output of a call: 16 KiB. */
  public static final int DEFAULT_MAX_CONSOLE_BYTES = 16 << 10;
  /** Default size of a result as JSON: 256 KiB. */
  public static final int DEFAULT_MAX_RESULT_BYTES = 256 << 10;
  /** Default number of host calls of a call: 64. */
  public static final int DEFAULT_MAX_HOST_CALLS = 64;
  /** Default size of the arguments of one host call as JSON: 64 KiB. */
  public static final int DEFAULT_MAX_HOST_CALL_BYTES = 64 << 10;
  /** Default depth of nested JavaScript function calls: 5,000. */
  public static final int DEFAULT_MAX_CALL_DEPTH = 5_000;

  private long cpuTimeMillis = DEFAULT_CPU_TIME_MILLIS;
  private long wallTimeMillis = DEFAULT_WALL_TIME_MILLIS;
  private long statementLimit = DEFAULT_STATEMENT_LIMIT;
  private long maxAllocatedBytes = DEFAULT_MAX_ALLOCATED_BYTES;
  private int maxConsoleBytes = DEFAULT_MAX_CONSOLE_BYTES;
  private int maxResultBytes = DEFAULT_MAX_RESULT_BYTES;
  private int maxHostCalls = DEFAULT_MAX_HOST_CALLS;
  private int maxHostCallBytes = DEFAULT_MAX_HOST_CALL_BYTES;
  private int maxCallDepth = DEFAULT_MAX_CALL_DEPTH;

  /** Creates limits with the defaults. */
  public CallLimits() {
  }

  /**
   * Copies limits.
   *
   * @param other the limits to copy
   */
  public CallLimits(CallLimits other) {
    this.cpuTimeMillis = other.cpuTimeMillis;
    this.wallTimeMillis = other.wallTimeMillis;
    this.statementLimit = other.statementLimit;
    this.maxAllocatedBytes = other.maxAllocatedBytes;
    this.maxConsoleBytes = other.maxConsoleBytes;
    this.maxResultBytes = other.maxResultBytes;
    this.maxHostCalls = other.maxHostCalls;
    this.maxHostCallBytes = other.maxHostCallBytes;
    this.maxCallDepth = other.maxCallDepth;
  }

  /**
   * Reads limits from JSON; missing keys keep their defaults.
   *
   * @param json the limits
   */
  public CallLimits(JsonObject json) {
    this();
    setCpuTimeMillis(json.getLong("cpuTimeMillis", cpuTimeMillis));
    setWallTimeMillis(json.getLong("wallTimeMillis", wallTimeMillis));
    setStatementLimit(json.getLong("statementLimit", statementLimit));
    setMaxAllocatedBytes(json.getLong("maxAllocatedBytes", maxAllocatedBytes));
    setMaxConsoleBytes(json.getInteger("maxConsoleBytes", maxConsoleBytes));
    setMaxResultBytes(json.getInteger("maxResultBytes", maxResultBytes));
    setMaxHostCalls(json.getInteger("maxHostCalls", maxHostCalls));
    setMaxHostCallBytes(json.getInteger("maxHostCallBytes", maxHostCallBytes));
    setMaxCallDepth(json.getInteger("maxCallDepth", maxCallDepth));
  }

  /** Returns the limits as JSON. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("cpuTimeMillis", cpuTimeMillis)
        .put("wallTimeMillis", wallTimeMillis)
        .put("statementLimit", statementLimit)
        .put("maxAllocatedBytes", maxAllocatedBytes)
        .put("maxConsoleBytes", maxConsoleBytes)
        .put("maxResultBytes", maxResultBytes)
        .put("maxHostCalls", maxHostCalls)
        .put("maxHostCallBytes", maxHostCallBytes)
        .put("maxCallDepth", maxCallDepth);
  }

  /** Returns the CPU time a call may use, in milliseconds. */
  public long getCpuTimeMillis() {
    return cpuTimeMillis;
  }

  /**
   * Sets the CPU time a call may use, measured on the threads that run it.
   *
   * @param v milliseconds, positive
   * @return this
   */
  public CallLimits setCpuTimeMillis(long v) {
    this.cpuTimeMillis = positive(v, "cpuTimeMillis");
    return this;
  }

  /** Returns the wall time a call may take, host calls included, in milliseconds. */
  public long getWallTimeMillis() {
    return wallTimeMillis;
  }

  /**
   * Sets the wall time a call may take, host calls included.
   *
   * @param v milliseconds, positive
   * @return this
   */
  public CallLimits setWallTimeMillis(long v) {
    this.wallTimeMillis = positive(v, "wallTimeMillis");
    return this;
  }

  /** Returns the number of statements a call may execute. */
  public long getStatementLimit() {
    return statementLimit;
  }

  /**
   * Sets the number of statements a call may execute (GraalVM's statement limit, reset for
   * every call).
   *
   * @param v statements, positive
   * @return this
   */
  public CallLimits setStatementLimit(long v) {
    this.statementLimit = positive(v, "statementLimit");
    return this;
  }

  /** Returns the bytes a call may allocate. */
  public long getMaxAllocatedBytes() {
    return maxAllocatedBytes;
  }

  /**
   * Sets the bytes a call may allocate, measured on the threads that run it.
   *
   * @param v bytes, positive
   * @return this
   */
  public CallLimits setMaxAllocatedBytes(long v) {
    this.maxAllocatedBytes = positive(v, "maxAllocatedBytes");
    return this;
  }

  /** Returns the console output a call may write, in bytes. */
  public int getMaxConsoleBytes() {
    return maxConsoleBytes;
  }

  /**
   * Sets the console output a call may write (stdout and stderr together).
   *
   * @param v bytes, positive
   * @return this
   */
  public CallLimits setMaxConsoleBytes(int v) {
    this.maxConsoleBytes = (int) positive(v, "maxConsoleBytes");
    return this;
  }

  /** Returns the size a result may have as JSON, in characters. */
  public int getMaxResultBytes() {
    return maxResultBytes;
  }

  /**
   * Sets the size a result may have as JSON.
   *
   * @param v characters, positive
   * @return this
   */
  public CallLimits setMaxResultBytes(int v) {
    this.maxResultBytes = (int) positive(v, "maxResultBytes");
    return this;
  }

  /** Returns the number of host calls a call may make. */
  public int getMaxHostCalls() {
    return maxHostCalls;
  }

  /**
   * Sets the number of host calls a call may make.
   *
   * @param v calls, positive
   * @return this
   */
  public CallLimits setMaxHostCalls(int v) {
    this.maxHostCalls = (int) positive(v, "maxHostCalls");
    return this;
  }

  /** Returns the size the arguments of one host call may have as JSON. */
  public int getMaxHostCallBytes() {
    return maxHostCallBytes;
  }

  /**
   * Sets the size the arguments of one host call may have as JSON.
   *
   * @param v characters, positive
   * @return this
   */
  public CallLimits setMaxHostCallBytes(int v) {
    this.maxHostCallBytes = (int) positive(v, "maxHostCallBytes");
    return this;
  }

  /** Returns the depth of nested JavaScript function calls a call may reach. */
  public int getMaxCallDepth() {
    return maxCallDepth;
  }

  /**
   * Sets the depth of nested JavaScript function calls a call may reach. Deeper calls throw the
   * same catchable {@code RangeError} as a real stack overflow, long before the worker's stack
   * is full, so that the runtime always has the stack it needs to stop the call. The worker
   * stack ({@link RuntimeOptions#setWorkerStackBytes(long)}) must hold this many frames: about
   * 2 KiB each in the interpreter.
   *
   * @param v frames, between 100 and 1,000,000
   * @return this
   */
  public CallLimits setMaxCallDepth(int v) {
    if (v < 100 || v > 1_000_000) {
      throw new IllegalArgumentException("maxCallDepth must be in [100, 1000000], got " + v);
    }
    this.maxCallDepth = v;
    return this;
  }

  static long positive(long v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }
    return v;
  }
}
