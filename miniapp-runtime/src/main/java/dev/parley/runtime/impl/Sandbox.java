package dev.parley.runtime.impl;

import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppException.Reason;
import dev.parley.runtime.spi.HostCall;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * One polyglot context of one app version, with the shim's entry points. It serves one call
 * at a time; tasks for it (the call, host call completions) run one after the other on the
 * worker pool, so the context is never entered by two threads at once.
 */
final class Sandbox {

  final SandboxRuntime runtime;
  final AppPool pool;
  final ConsoleStream console = new ConsoleStream(this);
  Context context;
  private Value invokeFn;
  private Value deliverFn;
  List<String> exports = List.of();
  /** True while the shim and the module are evaluated: an error then is the module's top level. */
  boolean loading;

  /** The call being served; only touched by the thread running this sandbox's tasks. */
  Call<?> call;
  int callsServed;
  volatile boolean statementLimitHit;
  final AtomicBoolean discarded = new AtomicBoolean();

  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  Sandbox(SandboxRuntime runtime, AppPool pool) {
    this.runtime = runtime;
    this.pool = pool;
  }

  /** Builds the context, installs the shim and evaluates the module, inside {@code load}. */
  void open(Call<?> load) {
    loading = true;
    this.call = load;
    load.sandbox = this;
    context = runtime.newContext(console, pool.modules);
    ProxyExecutable hostCall = args -> onHostCall(args[0].asString(), args[1].asString());
    ProxyExecutable settle = args -> {
      onSettle(args[0].asString());
      return null;
    };
    runtime.inSegment(this, load, () -> {
      Value api = context.eval(runtime.shimSource())
          .execute(hostCall, settle, runtime.capabilitiesJson(), runtime.limits().getMaxResultBytes(),
              runtime.limits().getMaxHostCallBytes());
      invokeFn = api.getMember("invoke");
      deliverFn = api.getMember("deliver");
      Value namespace = context.eval(pool.source);
      exports = new JsonArray(api.getMember("bind").execute(namespace).asString()).stream()
          .map(String::valueOf).toList();
      return null;
    });
    loading = false;
    this.call = null;
  }

  /** Queues a task for this sandbox; tasks run one at a time on the worker pool. */
  void post(Runnable task) {
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      runtime.workers().execute(this::drain);
    }
  }

  private void drain() {
    while (true) {
      Runnable t;
      while ((t = tasks.poll()) != null) {
        t.run();
      }
      scheduled.set(false);
      if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }

  /** Runs a call's handler. */
  void run(Call<JsonObject> c) {
    if (c.decided() || c.isCompleted()) {
      // ended while it waited (deadline, unload): the context is untouched
      c.fail(killed(c));
      pool.release(this);
      return;
    }
    this.call = c;
    c.sandbox = this;
    String r;
    try {
      r = runtime.inSegment(this, c, () -> {
        context.resetLimits();
        return invokeFn.execute(c.handler, c.eventJson, c.contextJson).asString();
      });
    } catch (RuntimeException | Error e) {
      runtime.failFrom(this, c, e);
      return;
    }
    afterSegment(c, r);
  }

  private void afterSegment(Call<JsonObject> c, String r) {
    if (c.decided()) {
      runtime.endKilled(this, c);
      return;
    }
    char kind = r.isEmpty() ? '?' : r.charAt(0);
    switch (kind) {
      case 'R', 'E', 'L' -> finishWith(c, r);
      case 'U' -> runtime.finishUnknownHandler(this, c);
      case 'P' -> {
        if (c.settled != null) {
          finishWith(c, c.settled);
        } else if (c.pendingHostCalls == 0) {
          runtime.finishFailure(this, c, MiniAppException.of(Reason.UNSETTLED_PROMISE,
              "the handler \"" + c.handler + "\" returned a promise that nothing can settle "
                  + "(no host call is pending and there are no timers)"));
        }
        // else: wait for host calls; the watchdog holds the wall-time deadline
      }
      default -> runtime.finishFailure(this, c,
          MiniAppException.internal("unexpected answer from the shim", null));
    }
  }

  /** Ends a call with the shim's outcome: {@code R} and the JSON, {@code E} and the error, or {@code L}. */
  private void finishWith(Call<JsonObject> c, String outcome) {
    switch (outcome.charAt(0)) {
      case 'R' -> runtime.finishResult(this, c, outcome.substring(1));
      // the shim stopped turning the result into JSON at the limit: it was never built whole
      case 'L' -> runtime.finishFailure(this, c, MiniAppException.of(Reason.OUTPUT_LIMIT, "the result is more than "
          + runtime.limits().getMaxResultBytes() + " characters as JSON"));
      default -> runtime.finishGuestError(this, c, outcome.substring(1));
    }
  }

  private Object onHostCall(String name, String argsJson) {
    @SuppressWarnings("unchecked")
    Call<JsonObject> c = (Call<JsonObject>) call;
    if (c == null || c.context == null) {
      return "parley calls are not available while the module loads";
    }
    if (!runtime.capabilities().contains(name)) {
      return "unknown capability \"" + name + "\"";
    }
    if (c.hostCalls >= runtime.limits().getMaxHostCalls()) {
      runtime.requestKill(c, Reason.HOST_CALL_LIMIT, "the call made more than "
          + runtime.limits().getMaxHostCalls() + " host calls");
      return "host call limit reached";
    }
    if (argsJson.length() > runtime.limits().getMaxHostCallBytes()) {
      return "the arguments of " + name + " are larger than "
          + runtime.limits().getMaxHostCallBytes() + " characters as JSON";
    }
    JsonObject args;
    try {
      args = new JsonObject(argsJson);
    } catch (RuntimeException e) {
      return "the arguments of " + name + " must be an object";
    }
    int id = ++c.hostCalls;
    c.pendingHostCalls++;
    Future<Object> f;
    try {
      f = runtime.host().call(new HostCall(name, args, c.context));
      if (f == null) {
        f = Future.failedFuture(new IllegalStateException("host returned null"));
      }
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> post(() -> deliver(c, id, ar)));
    return id;
  }

  private void onSettle(String outcome) {
    Call<?> c = call;
    if (c != null && c.settled == null) {
      c.settled = outcome;
    }
  }

  private void deliver(Call<JsonObject> c, int id, AsyncResult<Object> ar) {
    if (call != c || c.isCompleted() || discarded.get()) {
      return;
    }
    c.pendingHostCalls--;
    boolean ok = ar.succeeded();
    String payload;
    String code = "";
    if (ok) {
      try {
        payload = Json.encode(ar.result());
      } catch (RuntimeException e) {
        ok = false;
        payload = "the host answered with a value that is not JSON";
        code = "failed";
      }
    } else if (ar.cause() instanceof MiniAppException e
        && e.reason() == Reason.HOST_CALL_REFUSED) {
      payload = e.getMessage();
      code = "refused";
    } else {
      payload = "the host call failed";
      code = "failed";
    }
    boolean fOk = ok;
    String fPayload = payload;
    String fCode = code;
    try {
      runtime.inSegment(this, c, () -> {
        deliverFn.executeVoid(id, fOk, fPayload, fCode);
        return null;
      });
    } catch (RuntimeException | Error e) {
      runtime.failFrom(this, c, e);
      return;
    }
    afterSegment(c, "P");
  }

  void console(byte[] b, int off, int len) {
    Call<?> c = call;
    if (c == null || c.decided()) {
      return;
    }
    if (!c.appendConsole(b, off, len, runtime.limits().getMaxConsoleBytes())) {
      runtime.requestKill(c, Reason.OUTPUT_LIMIT, "the call wrote more than "
          + runtime.limits().getMaxConsoleBytes() + " bytes to the console");
    }
  }

  static MiniAppException killed(Call<?> c) {
    Call.Kill k = c.kill();
    return k != null
        ? MiniAppException.of(k.reason(), k.message())
        : MiniAppException.of(Reason.CANCELLED, "the call was cancelled");
  }

  /** Closes the context; cancels it if it is executing. Never throws. */
  void close() {
    Context ctx = context;
    if (ctx == null) {
      return;
    }
    try {
      ctx.close(true);
    } catch (RuntimeException e) {
      // already closed or cancelled
    }
  }

  List<String> missingHandlers(java.util.Map<String, String> handlersByPointer) {
    List<String> out = new ArrayList<>();
    handlersByPointer.forEach((ptr, name) -> {
      if (!exports.contains(name)) {
        out.add(ptr);
      }
    });
    return out;
  }
}
