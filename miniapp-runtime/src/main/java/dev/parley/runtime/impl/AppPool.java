package dev.parley.runtime.impl;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppException.Reason;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.graalvm.polyglot.Source;

/** The contexts of one app version: idle ones (most recently used first) and waiting calls. */
final class AppPool {

  final AppVersion app;
  final Source source;
  /** The bundle's modules by bundle path, for the sandbox's read-only file system. */
  final java.util.Map<String, byte[]> modules;
  private final SandboxRuntime runtime;
  private final ArrayDeque<Sandbox> idle = new ArrayDeque<>();
  private final Set<Sandbox> all = new HashSet<>();
  private final ArrayDeque<Call<JsonObject>> waiting = new ArrayDeque<>();
  private int creating;
  private boolean replacing;
  private boolean unloaded;
  private volatile boolean quarantined;

  AppPool(SandboxRuntime runtime, AppVersion app, Source source,
      java.util.Map<String, byte[]> modules) {
    this.runtime = runtime;
    this.app = app;
    this.source = source;
    this.modules = modules;
  }

  /** Serves a call: on an idle context, a new one, or after the calls before it. */
  void submit(Call<JsonObject> call) {
    Sandbox s;
    synchronized (this) {
      if (unloaded) {
        call.fail(MiniAppException.of(Reason.UNKNOWN_APP, app + " is not loaded"));
        return;
      }
      if (quarantined) {
        call.fail(MiniAppException.of(Reason.QUARANTINED, app
            + " was taken out of service because its code could not be stopped"));
        return;
      }
      s = idle.pollFirst();
      if (s == null) {
        if (all.size() + creating < runtime.options().getMaxContextsPerVersion()) {
          creating++;
        } else if (waiting.size() >= runtime.options().getMaxQueuedCallsPerVersion()) {
          call.fail(MiniAppException.of(Reason.OVERLOADED, "too many calls are waiting for "
              + app));
          return;
        } else {
          waiting.add(call);
          return;
        }
      }
    }
    if (s != null) {
      Sandbox fs = s;
      s.post(() -> fs.run(call));
    } else {
      runtime.workers().execute(() -> createAndRun(call));
    }
  }

  /** Adds a context made by a load; false if the pool was unloaded meanwhile. */
  synchronized boolean adopt(Sandbox s) {
    if (unloaded) {
      return false;
    }
    all.add(s);
    idle.addFirst(s);
    return true;
  }

  private void createAndRun(Call<JsonObject> call) {
    Sandbox s = new Sandbox(runtime, this);
    try {
      s.open(call);
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        creating--;
      }
      runtime.failFrom(s, call, e);
      retryWaiting();
      return;
    }
    boolean discarded;
    synchronized (this) {
      creating--;
      if (unloaded) {
        runtime.closeLater(s);
        call.fail(MiniAppException.of(Reason.CANCELLED, app + " was unloaded"));
        return;
      }
      // the call may have been ended between the module's evaluation and the handler (its
      // context is then discarded, and closed): such a context must never join the pool
      discarded = s.discarded.get();
      if (!discarded) {
        all.add(s);
      }
    }
    s.post(() -> s.run(call));
    if (discarded) {
      retryWaiting();
    }
  }

  /** Takes back a context after a successful call. */
  void release(Sandbox s) {
    if (s.discarded.get()) {
      return;
    }
    int max = runtime.options().getMaxCallsPerContext();
    int served = ++s.callsServed;
    if (served >= max) {
      discard(s);
      return;
    }
    if (max >= 10 && served == max - Math.min(1000, max / 10)) {
      // open its successor now, so that no call waits for a context when this one retires
      startReplacement();
    }
    Call<JsonObject> next;
    synchronized (this) {
      if (unloaded || !all.contains(s) || s.discarded.get()) {
        runtime.closeLater(s);
        return;
      }
      next = waiting.poll();
      if (next == null) {
        idle.addFirst(s);
        return;
      }
    }
    Call<JsonObject> n = next;
    s.post(() -> s.run(n));
  }

  private void startReplacement() {
    synchronized (this) {
      if (replacing || unloaded || quarantined) {
        return;
      }
      replacing = true;
    }
    runtime.openReplacement(this);
  }

  /**
   * Takes a context opened ahead of a retiring one: it serves a waiting call, or waits at the
   * end of the idle list, behind the contexts still in service. False if it is not wanted.
   */
  boolean adoptReplacement(Sandbox s) {
    Call<JsonObject> next;
    synchronized (this) {
      replacing = false;
      if (unloaded || quarantined) {
        return false;
      }
      all.add(s);
      next = waiting.poll();
      if (next == null) {
        idle.addLast(s);
        return true;
      }
    }
    s.post(() -> s.run(next));
    return true;
  }

  /** Notes that a replacement could not be opened. */
  synchronized void replacementFailed() {
    replacing = false;
  }

  /** Drops a context after an error, a limit or its last call; closes it in the background. */
  void discard(Sandbox s) {
    if (!s.discarded.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      all.remove(s);
      idle.remove(s);
    }
    runtime.closeLater(s);
    retryWaiting();
  }

  private void retryWaiting() {
    Call<JsonObject> next;
    synchronized (this) {
      if (unloaded || quarantined || waiting.isEmpty()
          || all.size() + creating >= runtime.options().getMaxContextsPerVersion()) {
        return;
      }
      next = waiting.poll();
      creating++;
    }
    runtime.workers().execute(() -> createAndRun(next));
  }

  void quarantine() {
    quarantined = true;
    List<Call<JsonObject>> failed;
    synchronized (this) {
      failed = new ArrayList<>(waiting);
      waiting.clear();
    }
    failed.forEach(c -> c.fail(MiniAppException.of(Reason.QUARANTINED, app
        + " was taken out of service because its code could not be stopped")));
  }

  boolean quarantined() {
    return quarantined;
  }

  /** Unloads: fails waiting calls, closes idle contexts; busy ones are killed by the runtime. */
  List<Sandbox> unload() {
    List<Call<JsonObject>> failed;
    List<Sandbox> toClose;
    synchronized (this) {
      unloaded = true;
      failed = new ArrayList<>(waiting);
      waiting.clear();
      toClose = new ArrayList<>(all);
      all.clear();
      idle.clear();
    }
    failed.forEach(c -> c.fail(MiniAppException.of(Reason.CANCELLED, app + " was unloaded")));
    return toClose;
  }

  synchronized int size() {
    return all.size();
  }

  synchronized int idleCount() {
    return idle.size();
  }
}
