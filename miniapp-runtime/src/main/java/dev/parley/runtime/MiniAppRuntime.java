package dev.parley.runtime;

import dev.parley.runtime.impl.SandboxRuntime;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Runs the server code of mini-apps in sandboxed JavaScript contexts.
 *
 * <p>One shared GraalJS engine; per app version a pool of contexts that is never shared with
 * another app or another version. Guest code runs on the runtime's own worker threads, never
 * on an event loop, under the {@link CallLimits} of its options. The only way out of a context
 * is the {@code parley} object, which forwards capability calls to the {@link HostInterface}.
 *
 * <p>Module-level state of {@code server.js} belongs to one pooled context: it survives between
 * the calls that context serves, like the memory of one worker of a server, and is lost when
 * the context is replaced (after an error, a limit hit, or
 * {@link RuntimeOptions#getMaxCallsPerContext()} calls). Apps must keep durable state in
 * storage.
 *
 * <p>Futures complete on the caller's Vert.x context when there is one, otherwise on a worker
 * thread of the runtime.
 */
public interface MiniAppRuntime {

  /**
   * Creates a runtime with the default options.
   *
   * @param vertx the Vert.x instance (its contexts receive the results)
   * @param host the host interface that performs every outside effect
   * @return the runtime
   */
  static MiniAppRuntime create(Vertx vertx, HostInterface host) {
    return create(vertx, host, new RuntimeOptions());
  }

  /**
   * Creates a runtime: builds the shared engine and starts the workers and the watchdog.
   * This blocks for the engine's warm-up (typically well under a second), so call it at
   * start-up or from a worker.
   *
   * @param vertx the Vert.x instance
   * @param host the host interface
   * @param options the options
   * @return the runtime
   */
  static MiniAppRuntime create(Vertx vertx, HostInterface host, RuntimeOptions options) {
    return new SandboxRuntime(vertx, host, new RuntimeOptions(options));
  }

  /**
   * Checks a bundle in a throwaway context under the call limits: {@code server.js} parses,
   * its top-level code runs, and every handler the manifest names is an exported function.
   *
   * @param bundle the bundle
   * @return a future that fails with {@link MiniAppException.Reason#SYNTAX_ERROR},
   *     {@link MiniAppException.Reason#MISSING_HANDLER} (listing every missing handler with its
   *     JSON pointer), {@link MiniAppException.Reason#GUEST_ERROR} or a limit
   */
  Future<Void> verify(Bundle bundle);

  /**
   * Loads an app version: verifies it as {@link #verify(Bundle)} does and keeps the verified
   * context as the first of its pool. Loading a version that is already loaded succeeds.
   *
   * @param bundle the bundle
   * @return the key to invoke it with
   */
  Future<AppVersion> load(Bundle bundle);

  /**
   * Invokes an exported handler of a loaded app version.
   *
   * @param app the app version
   * @param handler the exported function's name
   * @param event the event, handed to the guest as plain data
   * @param context the verified call context; its app id and version must match {@code app}
   * @return the handler's result, a JSON object (empty if the handler returned nothing), or a
   *     failure with a {@link MiniAppException}
   * @throws IllegalArgumentException if the context is for another app version
   */
  Future<JsonObject> invoke(AppVersion app, String handler, JsonObject event,
      CallContext context);

  /**
   * Unloads an app version: closes its idle contexts, cancels its running calls with
   * {@link MiniAppException.Reason#CANCELLED} and fails its queued calls.
   *
   * @param app the app version
   * @return a future completed when it is unloaded (also if it was not loaded)
   */
  Future<Void> unload(AppVersion app);

  /** Returns the app versions loaded. */
  Set<AppVersion> loaded();

  /** Returns a snapshot of the runtime's state (Truffle runtime in use, pools, health). */
  RuntimeInfo info();

  /**
   * Closes the runtime: cancels every call, closes every context and the engine, stops the
   * workers.
   *
   * @return a future completed when closed
   */
  Future<Void> close();
}
