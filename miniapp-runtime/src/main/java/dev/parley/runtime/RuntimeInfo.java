package dev.parley.runtime;

import static java.util.Objects.requireNonNull;

/**
 * A snapshot of a runtime's state, for logs, health checks and metrics.
 *
 * @param truffleRuntime the Truffle runtime in use, from {@code Engine#getImplementationName()}
 *     (for example {@code Interpreted}, or a GraalVM compiler name when the JIT is on)
 * @param optimizing whether guest code is compiled by the optimizing (JIT) runtime
 * @param loadedVersions app versions loaded
 * @param pooledContexts contexts alive (idle and busy)
 * @param busyContexts contexts serving a call
 * @param workerThreads worker threads in service
 * @param abandonedThreads worker threads given up because guest code on them could not be
 *     stopped, and still running: each burns a CPU until its guest code returns (a replacement
 *     took its place in the pool at once); those that have ended are not counted
 * @param abandonedThreadsTotal worker threads given up since the runtime started, ended or not
 * @param quarantinedVersions app versions taken out of service
 * @param callsCompleted calls that succeeded
 * @param callsFailed calls that failed
 */
public record RuntimeInfo(String truffleRuntime, boolean optimizing, int loadedVersions,
    int pooledContexts, int busyContexts, int workerThreads, int abandonedThreads,
    int abandonedThreadsTotal, int quarantinedVersions, long callsCompleted, long callsFailed) {

  /** Checks for nulls. */
  public RuntimeInfo {
    requireNonNull(truffleRuntime, "truffleRuntime");
  }

  /**
   * Returns whether the runtime is healthy: no given-up worker thread is still running. It is
   * healthy again once such a thread's guest code has returned.
   */
  public boolean healthy() {
    return abandonedThreads == 0;
  }
}
