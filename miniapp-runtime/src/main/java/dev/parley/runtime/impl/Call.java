package dev.parley.runtime.impl;

import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppException.Reason;
import io.vertx.core.Promise;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One invocation (or one module load) and its accounting. Fields without {@code volatile} are
 * touched only by the thread running the call's sandbox, one segment at a time.
 */
final class Call<T> {

  /** Outcome marker set by the worker when the call finished normally. */
  static final Object FINISHED = new Object();

  final String handler;
  final String eventJson;
  final String contextJson;
  final CallContext context;
  final long startNanos;
  final long deadlineNanos;
  /** CPU time this call may use; warm-up calls get more than guest calls. */
  final long cpuLimitNanos;
  /** Bytes this call may allocate; warm-up calls get more than guest calls. */
  long allocLimitBytes = Long.MAX_VALUE;
  private final Promise<T> promise;
  private final io.vertx.core.Context caller;

  /** {@code null} while running; then {@link #FINISHED} or the {@link Kill} that ended it. */
  final AtomicReference<Object> outcome = new AtomicReference<>();
  private final AtomicBoolean completed = new AtomicBoolean();

  volatile long cpuNanos;
  volatile long allocatedBytes;
  volatile Sandbox sandbox;
  volatile long killRequestedAt;

  int hostCalls;
  int pendingHostCalls;
  String settled;

  private ByteArrayOutputStream console;
  int consoleBytes;
  boolean consoleTruncated;

  /** A request to end a call: why, and the sentence for the caller. */
  record Kill(Reason reason, String message) {
  }

  private final java.util.Set<Call<?>> registry;

  Call(String handler, String eventJson, String contextJson, CallContext context,
      long wallTimeNanos, long cpuLimitNanos, Promise<T> promise, io.vertx.core.Context caller,
      java.util.Set<Call<?>> registry) {
    this.registry = registry;
    this.cpuLimitNanos = cpuLimitNanos;
    this.handler = handler;
    this.eventJson = eventJson;
    this.contextJson = contextJson;
    this.context = context;
    this.startNanos = System.nanoTime();
    this.deadlineNanos = startNanos + wallTimeNanos;
    this.promise = promise;
    this.caller = caller;
    registry.add(this);
  }

  /** Whether the outcome has been decided (finished or killed). */
  boolean decided() {
    return outcome.get() != null;
  }

  /** The kill that ended the call, if it was killed. */
  Kill kill() {
    return outcome.get() instanceof Kill k ? k : null;
  }

  /** Marks the call finished by its worker; false if it was killed first. */
  boolean tryFinish() {
    return outcome.compareAndSet(null, FINISHED);
  }

  /** Requests a kill; false if the outcome was already decided. */
  boolean tryKill(Reason reason, String message) {
    if (outcome.compareAndSet(null, new Kill(reason, message))) {
      killRequestedAt = System.nanoTime();
      return true;
    }
    return false;
  }

  boolean isCompleted() {
    return completed.get();
  }

  boolean succeed(T value) {
    if (!completed.compareAndSet(false, true)) {
      return false;
    }
    registry.remove(this);
    if (caller != null) {
      caller.runOnContext(v -> promise.complete(value));
    } else {
      promise.complete(value);
    }
    return true;
  }

  boolean fail(MiniAppException e) {
    if (!completed.compareAndSet(false, true)) {
      return false;
    }
    registry.remove(this);
    if (caller != null) {
      caller.runOnContext(v -> promise.fail(e));
    } else {
      promise.fail(e);
    }
    return true;
  }

  /** Appends console output; returns false once the cap is passed. */
  boolean appendConsole(byte[] b, int off, int len, int cap) {
    consoleBytes += len;
    if (console == null) {
      console = new ByteArrayOutputStream(Math.min(256, cap));
    }
    int room = cap - console.size();
    if (room > 0) {
      console.write(b, off, Math.min(room, len));
    }
    if (consoleBytes > cap) {
      consoleTruncated = true;
      return false;
    }
    return true;
  }

  String consoleText() {
    return console == null ? "" : console.toString(StandardCharsets.UTF_8);
  }
}
