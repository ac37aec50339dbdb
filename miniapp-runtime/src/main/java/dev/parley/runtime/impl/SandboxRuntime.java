package dev.parley.runtime.impl;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.runtime.AppVersion;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.CallLimits;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppException.Reason;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.runtime.Problem;
import dev.parley.runtime.RuntimeInfo;
import dev.parley.runtime.RuntimeOptions;
import dev.parley.runtime.spi.ConsoleOutput;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.io.FileSystem;
import org.graalvm.polyglot.io.IOAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GraalJS implementation of {@link MiniAppRuntime}: one shared engine, a pool of contexts
 * per app version, a worker pool, and a watchdog that enforces the per-call limits the
 * community edition does not enforce itself.
 */
public final class SandboxRuntime implements MiniAppRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxRuntime.class);
  private static final String MODULE_NAME = Bundle.SERVER_MODULE;

  private final Vertx vertx;
  private final HostInterface host;
  private final RuntimeOptions options;
  private final CallLimits limits;
  private final Set<String> capabilities;
  private final String capabilitiesJson;
  private final Engine engine;
  private final ResourceLimits resourceLimits;
  private final Source shimSource;
  private final WorkerPool workers;
  private final ExecutorService reaper;
  private final Thread watchdog;
  private final Map<AppVersion, AppPool> pools = new ConcurrentHashMap<>();
  private final Cache<String, Source> sources = Caffeine.newBuilder().maximumSize(4096).build();
  private final Set<Call<?>> inflight = ConcurrentHashMap.newKeySet();
  private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
      .getThreadMXBean();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicInteger abandoned = new AtomicInteger();
  private final long cpuLimitNanos;
  private final long wallLimitNanos;
  private final long abandonAfterNanos;
  private long lastGcCount;
  private volatile boolean closed;

  /**
   * Creates the runtime; see {@link MiniAppRuntime#create(Vertx, HostInterface, RuntimeOptions)}.
   *
   * @param vertx the Vert.x instance
   * @param host the host interface
   * @param options the options, not copied
   */
  public SandboxRuntime(Vertx vertx, HostInterface host, RuntimeOptions options) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.host = requireNonNull(host, "host");
    this.options = requireNonNull(options, "options");
    this.limits = options.getLimits();
    this.capabilities = Set.copyOf(requireNonNull(host.capabilities(), "capabilities"));
    for (String c : capabilities) {
      if (!c.matches("[a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9]*)*") || c.equals("call")) {
        throw new IllegalArgumentException("invalid capability name: " + c);
      }
    }
    this.capabilitiesJson = new JsonArray(new ArrayList<>(new TreeSet<>(capabilities))).encode();
    this.cpuLimitNanos = TimeUnit.MILLISECONDS.toNanos(limits.getCpuTimeMillis());
    this.wallLimitNanos = TimeUnit.MILLISECONDS.toNanos(limits.getWallTimeMillis());
    // a stopped call may need a while to unwind a deep stack (Truffle materializes its frames)
    this.abandonAfterNanos = TimeUnit.MILLISECONDS.toNanos(
        Math.max(options.getKillGraceMillis() * 3, 2000));
    threads.setThreadAllocatedMemoryEnabled(true);
    threads.setThreadCpuTimeEnabled(true);
    this.engine = Engine.newBuilder("js")
        .sandbox(SandboxPolicy.CONSTRAINED)
        .out(OutputStream.nullOutputStream())
        .err(OutputStream.nullOutputStream())
        .logHandler(new Slf4jHandler())
        .option("engine.WarnInterpreterOnly", "false")
        .option("js.load", "false")
        .option("js.print", "false")
        .option("js.graal-builtin", "false")
        .option("js.esm-eval-returns-exports", "true")
        .build();
    this.resourceLimits = ResourceLimits.newBuilder()
        .statementLimit(limits.getStatementLimit(), null)
        .onLimit(event -> {
          if (Thread.currentThread() instanceof Worker w && w.current != null) {
            w.current.sandbox().statementLimitHit = true;
          }
        })
        .build();
    this.shimSource = Source.newBuilder("js", resource("shim.js"), "parley-shim.js")
        .cached(true).buildLiteral();
    // the guard must be on before any guest code runs: without it, code that recurses inside
    // catch cannot be stopped (see GuestGuard)
    org.graalvm.polyglot.Instrument guard = engine.getInstruments().get(GuestGuard.ID);
    if (guard == null || guard.lookup(GuestGuard.Handle.class) == null) {
      engine.close();
      throw new IllegalStateException("the Truffle instrument " + GuestGuard.ID
          + " was not found; is miniapp-runtime's META-INF/services on the class path?");
    }
    this.workers = new WorkerPool(options.getWorkerThreads(), options.getWorkerStackBytes(),
        TimeUnit.MICROSECONDS.toNanos(options.getWorkerSpinMicros()), limits.getMaxCallDepth());
    AtomicInteger reaperNames = new AtomicInteger();
    this.reaper = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "parley-miniapp-reaper-" + reaperNames.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.watchdog = new Thread(this::watch, "parley-miniapp-watchdog");
    watchdog.setDaemon(true);
    watchdog.setPriority(Thread.MAX_PRIORITY);
    watchdog.start();
    LOG.info("mini-app runtime started: Truffle runtime {} ({}), {} workers",
        engine.getImplementationName(), optimizing() ? "optimizing JIT" : "interpreter only",
        options.getWorkerThreads());
    if (options.isWarmUp()) {
      warmUp();
    }
  }

  // ---------------------------------------------------------------- API

  @Override
  public Future<Void> verify(Bundle bundle) {
    requireNonNull(bundle, "bundle");
    return loadInto(bundle, false).mapEmpty();
  }

  @Override
  public Future<AppVersion> load(Bundle bundle) {
    requireNonNull(bundle, "bundle");
    AppVersion av = bundle.appVersion();
    if (pools.containsKey(av)) {
      return Future.succeededFuture(av);
    }
    return loadInto(bundle, true);
  }

  private Future<AppVersion> loadInto(Bundle bundle, boolean keep) {
    if (closed) {
      return Future.failedFuture(MiniAppException.of(Reason.CANCELLED, "the runtime is closed"));
    }
    AppVersion av = bundle.appVersion();
    Promise<AppVersion> promise = Promise.promise();
    Call<AppVersion> load = new Call<>(null, null, null, null, wallLimitNanos, cpuLimitNanos,
        promise,
        Vertx.currentContext(), inflight);
    load.allocLimitBytes = limits.getMaxAllocatedBytes();
    workers.execute(() -> {
      AppPool pool = new AppPool(this, av, sourceFor(bundle), modulesOf(bundle));
      Sandbox s = new Sandbox(this, pool);
      try {
        s.open(load);
        List<String> missing = s.missingHandlers(bundle.manifest().handlersByPointer());
        if (!missing.isEmpty()) {
          Map<String, String> byPointer = bundle.manifest().handlersByPointer();
          List<Problem> problems = missing.stream().map(ptr -> new Problem(ptr, "\""
              + byPointer.get(ptr) + "\" is not a function exported by server.js (it exports "
              + (s.exports.isEmpty() ? "no function" : String.join(", ", s.exports)) + ")"))
              .toList();
          throw MiniAppException.ofProblems(Reason.MISSING_HANDLER, MODULE_NAME, problems);
        }
      } catch (RuntimeException | Error e) {
        failFrom(s, load, e);
        return;
      }
      if (!load.tryFinish()) {
        endKilled(s, load);
        return;
      }
      if (keep) {
        AppPool existing = pools.putIfAbsent(av, pool);
        if (!(existing != null ? existing : pool).adopt(s)) {
          closeLater(s);
        }
      } else {
        closeLater(s);
      }
      load.succeed(av);
    });
    return promise.future();
  }

  /** Opens a context for a pool in the background, under the call limits, and adopts it. */
  void openReplacement(AppPool pool) {
    Call<Void> open = new Call<>(null, null, null, null, wallLimitNanos, cpuLimitNanos,
        Promise.promise(), null, inflight);
    open.allocLimitBytes = limits.getMaxAllocatedBytes();
    try {
      workers.execute(() -> {
        Sandbox s = new Sandbox(this, pool);
        try {
          s.open(open);
        } catch (RuntimeException | Error e) {
          pool.replacementFailed();
          failFrom(s, open, e);
          return;
        }
        if (!open.tryFinish()) {
          pool.replacementFailed();
          endKilled(s, open);
          return;
        }
        open.succeed(null);
        if (!pool.adoptReplacement(s)) {
          closeLater(s);
        }
      });
    } catch (IllegalStateException closed) {
      pool.replacementFailed();
      open.fail(MiniAppException.of(Reason.CANCELLED, "the runtime is closed"));
    }
  }

  @Override
  public Future<JsonObject> invoke(AppVersion app, String handler, JsonObject event,
      CallContext context) {
    return invoke(app, handler, event, context, cpuLimitNanos, wallLimitNanos);
  }

  private Future<JsonObject> invoke(AppVersion app, String handler, JsonObject event,
      CallContext context, long cpuLimit, long wallLimit) {
    requireNonNull(app, "app");
    requireNonNull(handler, "handler");
    requireNonNull(event, "event");
    requireNonNull(context, "context");
    if (!context.appId().equals(app.appId()) || !context.version().equals(app.version())) {
      throw new IllegalArgumentException("the call context is for " + context.appId() + "@"
          + context.version() + ", not " + app);
    }
    if (closed) {
      return Future.failedFuture(MiniAppException.of(Reason.CANCELLED, "the runtime is closed"));
    }
    AppPool pool = pools.get(app);
    if (pool == null) {
      return Future.failedFuture(MiniAppException.of(Reason.UNKNOWN_APP, app + " is not loaded"));
    }
    Promise<JsonObject> promise = Promise.promise();
    Call<JsonObject> call = new Call<>(handler, event.encode(), context.toJson().encode(),
        context, wallLimit, cpuLimit, promise, Vertx.currentContext(), inflight);
    call.allocLimitBytes = cpuLimit == cpuLimitNanos ? limits.getMaxAllocatedBytes() : 1L << 30;
    pool.submit(call);
    return promise.future();
  }

  @Override
  public Future<Void> unload(AppVersion app) {
    requireNonNull(app, "app");
    AppPool pool = pools.remove(app);
    if (pool == null) {
      return Future.succeededFuture();
    }
    List<Sandbox> contexts = pool.unload();
    for (Call<?> c : inflight) {
      Sandbox s = c.sandbox;
      if (s != null && s.pool == pool) {
        requestKill(c, Reason.CANCELLED, app + " was unloaded");
      }
    }
    contexts.forEach(this::closeLater);
    return Future.succeededFuture();
  }

  @Override
  public Set<AppVersion> loaded() {
    return Set.copyOf(pools.keySet());
  }

  @Override
  public RuntimeInfo info() {
    int pooled = 0;
    int idle = 0;
    int quarantined = 0;
    for (AppPool p : pools.values()) {
      pooled += p.size();
      idle += p.idleCount();
      quarantined += p.quarantined() ? 1 : 0;
    }
    return new RuntimeInfo(engine.getImplementationName(), optimizing(), pools.size(), pooled,
        pooled - idle, workers.workers().size(), workers.abandonedRunning(), abandoned.get(), quarantined,
        completed.sum(), failed.sum());
  }

  @Override
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    for (AppVersion av : List.copyOf(pools.keySet())) {
      unload(av);
    }
    for (Call<?> c : inflight) {
      requestKill(c, Reason.CANCELLED, "the runtime is closed");
    }
    Promise<Void> done = Promise.promise();
    Thread closer = new Thread(() -> {
      try {
        workers.stop();
        LockSupport.unpark(watchdog);
        engine.close(true);
      } catch (RuntimeException e) {
        LOG.debug("closing the engine", e);
      } finally {
        reaper.shutdown();
        done.complete();
      }
    }, "parley-miniapp-close");
    closer.setDaemon(true);
    closer.start();
    return done.future();
  }

  // ---------------------------------------------------------------- internals used by pools

  RuntimeOptions options() {
    return options;
  }

  CallLimits limits() {
    return limits;
  }

  HostInterface host() {
    return host;
  }

  Set<String> capabilities() {
    return capabilities;
  }

  String capabilitiesJson() {
    return capabilitiesJson;
  }

  Source shimSource() {
    return shimSource;
  }

  WorkerPool workers() {
    return workers;
  }

  boolean optimizing() {
    return !"Interpreted".equalsIgnoreCase(engine.getImplementationName());
  }

  Context newContext(ConsoleStream console, Map<String, byte[]> modules) {
    return Context.newBuilder("js")
        .engine(engine)
        .sandbox(SandboxPolicy.CONSTRAINED)
        .allowHostAccess(HostAccess.CONSTRAINED)
        .allowHostClassLookup(name -> false)
        .allowHostClassLoading(false)
        // the bundle's own modules, read-only and in memory: nothing of the host's disk
        .allowIO(IOAccess.newBuilder()
            .fileSystem(FileSystem.newReadOnlyFileSystem(new BundleFileSystem(modules)))
            .build())
        .allowCreateThread(false)
        .allowCreateProcess(false)
        .allowNativeAccess(false)
        .allowPolyglotAccess(PolyglotAccess.NONE)
        .allowEnvironmentAccess(EnvironmentAccess.NONE)
        .in(InputStream.nullInputStream())
        .out(console)
        .err(console)
        .resourceLimits(resourceLimits)
        .build();
  }

  /** The bundle's files that may be modules (.js, .mjs), for its sandboxes' file system. */
  private static Map<String, byte[]> modulesOf(Bundle bundle) {
    Map<String, byte[]> m = new java.util.HashMap<>();
    for (dev.parley.runtime.BundleFile f : bundle.files()) {
      if (ModuleGraph.isModulePath(f.path())) {
        m.put(f.path(), bundle.content(f.path()).orElseThrow());
      }
    }
    return Map.copyOf(m);
  }

  private Source sourceFor(Bundle bundle) {
    return sources.get(bundle.sha256(), d -> Source.newBuilder("js", bundle.serverSource(),
        MODULE_NAME).mimeType("application/javascript+module").cached(true).buildLiteral());
  }

  /** Runs guest code for a call on the current worker, accounting its CPU and allocation. */
  <T> T inSegment(Sandbox s, Call<?> c, Supplier<T> body) {
    Worker w = (Worker) Thread.currentThread();
    Worker.Segment seg = new Worker.Segment(c, s, threads.getCurrentThreadCpuTime(),
        threads.getCurrentThreadAllocatedBytes());
    w.depth = 0;
    w.current = seg;
    try {
      return body.get();
    } finally {
      w.current = null;
      c.cpuNanos += threads.getCurrentThreadCpuTime() - seg.cpuStart();
      c.allocatedBytes += threads.getCurrentThreadAllocatedBytes() - seg.allocStart();
    }
  }

  void finishResult(Sandbox s, Call<JsonObject> c, String json) {
    if (json.length() > limits.getMaxResultBytes()) {
      finishFailure(s, c, MiniAppException.of(Reason.OUTPUT_LIMIT, "the result is "
          + json.length() + " characters as JSON; the limit is " + limits.getMaxResultBytes()));
      return;
    }
    JsonObject result;
    try {
      result = new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      finishFailure(s, c, MiniAppException.of(Reason.INVALID_RESULT,
          "the result of \"" + c.handler + "\" is not a JSON object"));
      return;
    }
    if (!c.tryFinish()) {
      endKilled(s, c);
      return;
    }
    emitConsole(c);
    s.call = null;
    completed.increment();
    s.pool.release(s);
    c.succeed(result);
  }

  void finishGuestError(Sandbox s, Call<JsonObject> c, String described) {
    JsonObject d;
    try {
      d = new JsonObject(described);
    } catch (RuntimeException e) {
      d = new JsonObject().put("name", "Error").put("message", "unreadable error");
    }
    String message = d.getString("name", "Error") + ": " + d.getString("message", "");
    Reason reason = d.getBoolean("refused", false) ? Reason.HOST_CALL_REFUSED : Reason.GUEST_ERROR;
    finishFailure(s, c, MiniAppException.guest(reason, message,
        appFrames(d.getString("stack", ""))));
  }

  void finishUnknownHandler(Sandbox s, Call<JsonObject> c) {
    if (!c.tryFinish()) {
      endKilled(s, c);
      return;
    }
    s.call = null;
    failed.increment();
    s.pool.release(s);
    c.fail(MiniAppException.of(Reason.UNKNOWN_HANDLER,
        "server.js exports no function \"" + c.handler + "\""));
  }

  void finishFailure(Sandbox s, Call<?> c, MiniAppException e) {
    if (!c.tryFinish()) {
      endKilled(s, c);
      return;
    }
    emitConsole(c);
    s.call = null;
    failed.increment();
    s.pool.discard(s);
    c.fail(e);
  }

  void endKilled(Sandbox s, Call<?> c) {
    emitConsole(c);
    s.call = null;
    // the pool first, so that a caller who sees the failure sees the pool without the context
    s.pool.discard(s);
    if (c.fail(Sandbox.killed(c))) {
      failed.increment();
    }
  }

  /** Classifies a failure of guest code and ends the call; the context is discarded. */
  void failFrom(Sandbox s, Call<?> c, Throwable t) {
    if (c.kill() != null) {
      endKilled(s, c);
      return;
    }
    finishFailure(s, c, classify(s, t));
  }

  private MiniAppException classify(Sandbox s, Throwable t) {
    if (t instanceof MiniAppException m) {
      return m;
    }
    if (t instanceof OutOfMemoryError) {
      return MiniAppException.of(Reason.MEMORY_LIMIT, "the heap ran out while the call ran");
    }
    if (t instanceof PolyglotException pe) {
      if (pe.isSyntaxError()) {
        // the parser's message starts with its own "file:line:column" and ends with the source
        // line and a caret: the position is given once, from the source section
        SourceSection at = pe.getSourceLocation();
        String file = at == null ? MODULE_NAME : bundlePath(at.getSource(), MODULE_NAME);
        String message = firstLine(String.valueOf(pe.getMessage()))
            .replaceFirst("^(SyntaxError: )?\\S+:\\d+(:\\d+)?:? ", "SyntaxError: ");
        return MiniAppException.at(Reason.SYNTAX_ERROR, file,
            at == null ? 0 : at.getStartLine(), at == null ? 0 : at.getStartColumn(), message);
      }
      if (pe.isResourceExhausted()) {
        String msg = String.valueOf(pe.getMessage());
        if (s.statementLimitHit || msg.contains("Statement count limit")) {
          return MiniAppException.of(Reason.STATEMENT_LIMIT,
              "the call executed more than " + limits.getStatementLimit() + " statements");
        }
        return MiniAppException.of(Reason.MEMORY_LIMIT,
            "the heap ran out while the call allocated (" + msg + ")");
      }
      if (pe.isInterrupted() || pe.isCancelled()) {
        return MiniAppException.of(Reason.CANCELLED, "the call was cancelled");
      }
      if (pe.isGuestException() && !pe.isInternalError()) {
        if (s.loading) {
          // thrown by the module's top-level code: the upload names the file and line
          for (PolyglotException.StackFrame f : pe.getPolyglotStackTrace()) {
            SourceSection at = f.getSourceLocation();
            String file = f.isGuestFrame() && at != null ? bundlePath(at.getSource(), null) : null;
            if (file != null) {
              return MiniAppException.at(Reason.GUEST_ERROR, file, at.getStartLine(),
                  at.getStartColumn(), "the module's top-level code threw "
                      + String.valueOf(pe.getMessage()));
            }
          }
        }
        return MiniAppException.guest(Reason.GUEST_ERROR, String.valueOf(pe.getMessage()),
            polyglotFrames(pe));
      }
      LOG.warn("internal error while running guest code", pe);
      return MiniAppException.of(Reason.INTERNAL, "the runtime failed while running the call");
    }
    LOG.warn("internal error while running guest code", t);
    return MiniAppException.of(Reason.INTERNAL, "the runtime failed while running the call");
  }

  private static String polyglotFrames(PolyglotException pe) {
    StringBuilder sb = new StringBuilder();
    for (PolyglotException.StackFrame f : pe.getPolyglotStackTrace()) {
      SourceSection at = f.getSourceLocation();
      String file = f.isGuestFrame() && at != null ? bundlePath(at.getSource(), null) : null;
      if (file != null) {
        sb.append("    at ").append(f.getRootName() == null ? "<module>" : f.getRootName())
            .append(" (").append(file).append(':').append(at.getStartLine()).append(':')
            .append(at.getStartColumn()).append(")\n");
      }
    }
    return sb.toString().stripTrailing();
  }

  /**
   * The bundle path of a guest source: server.js (evaluated from memory) or a module the
   * sandbox's file system loaded ({@code /lib/a.js}); {@code otherwise} for the shim and the rest.
   */
  private static String bundlePath(org.graalvm.polyglot.Source src, String otherwise) {
    if (src.getPath() != null && src.getPath().startsWith("/")) {
      return src.getPath().substring(1);
    }
    return MODULE_NAME.equals(src.getName()) ? MODULE_NAME : otherwise;
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  /** The guest's stack lines inside the app's own modules (not the shim's). */
  private static String appFrames(String stack) {
    StringBuilder sb = new StringBuilder();
    for (String line : stack.split("\n")) {
      if (line.trim().startsWith("at ") && !line.contains("parley-shim")
          && (line.contains(".js:") || line.contains(".mjs:"))) {
        sb.append(line.stripTrailing()).append('\n');
      }
    }
    return sb.toString().stripTrailing();
  }

  private void emitConsole(Call<?> c) {
    if (c.consoleBytes == 0 || c.context == null) {
      return;
    }
    try {
      host.console(new ConsoleOutput(c.context, c.consoleText(), c.consoleTruncated));
    } catch (RuntimeException e) {
      LOG.warn("the host failed to take console output", e);
    }
  }

  /** Ends a call from outside its worker: a limit, a deadline, an unload. */
  void requestKill(Call<?> c, Reason reason, String message) {
    if (!c.tryKill(reason, message)) {
      return;
    }
    Sandbox s = c.sandbox;
    if (s == null) {
      // still waiting for a context: its turn will find it decided
      if (c.fail(Sandbox.killed(c))) {
        failed.increment();
      }
      return;
    }
    Worker.Segment seg = runningSegment(s);
    if (seg == null) {
      // waiting for host calls: nothing runs, end it now
      if (c.fail(Sandbox.killed(c))) {
        failed.increment();
      }
      s.pool.discard(s);
      return;
    }
    // guest code stops at its next function entry; loops without calls take the interrupt
    seg.stop = true;
    Context ctx = s.context;
    reaper.execute(() -> {
      if (ctx == null) {
        return;
      }
      try {
        ctx.interrupt(Duration.ofMillis(options.getKillGraceMillis()));
      } catch (TimeoutException e) {
        LOG.warn("a call of {} ignored its interrupt; cancelling its context", s.pool.app);
        s.close();
      } catch (RuntimeException e) {
        // closed meanwhile
      }
    });
  }

  private Worker.Segment runningSegment(Sandbox s) {
    for (Worker w : workers.workers()) {
      Worker.Segment seg = w.current;
      if (seg != null && seg.sandbox() == s) {
        return seg;
      }
    }
    return null;
  }

  void closeLater(Sandbox s) {
    try {
      reaper.execute(s::close);
    } catch (RuntimeException e) {
      s.close();
    }
  }

  // ---------------------------------------------------------------- watchdog

  private void watch() {
    long interval = TimeUnit.MICROSECONDS.toNanos(options.getWatchdogIntervalMicros());
    while (!closed) {
      try {
        tick(System.nanoTime());
      } catch (Throwable t) {
        LOG.error("the mini-app watchdog failed a round", t);
      }
      LockSupport.parkNanos(inflight.isEmpty() ? Math.max(interval, 5_000_000L) : interval);
    }
  }

  private void tick(long now) {
    for (Worker w : workers.workers()) {
      Worker.Segment seg = w.current;
      if (seg == null) {
        continue;
      }
      Call<?> c = seg.call();
      if (c.decided()) {
        if (c.kill() != null && !seg.stop) {
          // a later segment of a call that was already ended (a host call's answer)
          seg.stop = true;
        }
        long asked = c.killRequestedAt;
        if (c.kill() != null && asked != 0 && now - asked > abandonAfterNanos
            && w.current == seg) {
          abandon(w, seg);
        }
        continue;
      }
      // memory first: when the watchdog was late and both are over, allocation is the cause
      long allocNow = threads.getThreadAllocatedBytes(w.threadId());
      if (allocNow >= 0
          && c.allocatedBytes + (allocNow - seg.allocStart()) > c.allocLimitBytes) {
        requestKill(c, Reason.MEMORY_LIMIT, "the call allocated more than "
            + limits.getMaxAllocatedBytes() + " bytes");
        continue;
      }
      long cpuNow = threads.getThreadCpuTime(w.threadId());
      if (cpuNow >= 0 && c.cpuNanos + (cpuNow - seg.cpuStart()) > c.cpuLimitNanos) {
        requestKill(c, Reason.TIME_LIMIT, "the call used more than "
            + TimeUnit.NANOSECONDS.toMillis(c.cpuLimitNanos) + " ms of CPU time");
      }
    }
    for (Call<?> c : inflight) {
      if (!c.decided() && now - c.deadlineNanos > 0) {
        requestKill(c, Reason.TIME_LIMIT, "the call took longer than "
            + limits.getWallTimeMillis() + " ms");
      }
    }
    heapGuard();
  }

  private void abandon(Worker w, Worker.Segment seg) {
    workers.abandon(w);
    abandoned.incrementAndGet();
    // the pool first, so that a caller who sees the failure sees the version out of service
    Sandbox s = seg.sandbox();
    s.pool.quarantine();
    s.pool.discard(s);
    Call<?> c = seg.call();
    if (c.fail(Sandbox.killed(c))) {
      failed.increment();
    }
  }

  private void heapGuard() {
    long count = 0;
    for (GarbageCollectorMXBean gc : collectors) {
      count += Math.max(0, gc.getCollectionCount());
    }
    if (count == lastGcCount) {
      return;
    }
    lastGcCount = count;
    long used = memory.getHeapMemoryUsage().getUsed();
    long max = Runtime.getRuntime().maxMemory();
    if (used < options.getHeapGuardRatio() * max) {
      return;
    }
    Call<?> top = null;
    long topAlloc = -1;
    for (Worker w : workers.workers()) {
      Worker.Segment seg = w.current;
      if (seg == null || seg.call().decided()) {
        continue;
      }
      long alloc = seg.call().allocatedBytes
          + (threads.getThreadAllocatedBytes(w.threadId()) - seg.allocStart());
      if (alloc > topAlloc) {
        topAlloc = alloc;
        top = seg.call();
      }
    }
    // a call that allocated little is not the cause; the heap may still hold a context that
    // was just cancelled and not yet collected
    if (top != null && topAlloc >= Math.max(1L << 20, max / 100)) {
      LOG.warn("heap {}% full after a collection; cancelling the call that allocates most",
          used * 100 / max);
      requestKill(top, Reason.MEMORY_LIMIT, "the server's memory was nearly full ("
          + (used * 100 / max) + "% after a collection) while this call allocated "
          + topAlloc + " bytes");
    }
  }

  // ---------------------------------------------------------------- warm-up

  private void warmUp() {
    AppVersion av = new AppVersion("parley-warmup", "0.0.0", "warmup");
    Source source = Source.newBuilder("js", resource("warmup.mjs"), "warmup.mjs")
        .mimeType("application/javascript+module").buildLiteral();
    AppPool pool = new AppPool(this, av, source, Map.of());
    pools.put(av, pool);
    try {
      CallContext ctx = CallContext.withoutConversation(av, "warmup", "warmup", Set.of());
      for (int i = 0; i < 5; i++) {
        invoke(av, "warm", new JsonObject().put("i", i), ctx, TimeUnit.SECONDS.toNanos(30),
            TimeUnit.SECONDS.toNanos(60))
            .toCompletionStage()
            .toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("the mini-app runtime's warm-up failed", e);
    } finally {
      unload(av);
    }
  }

  private static String resource(String name) {
    try (InputStream in = SandboxRuntime.class.getResourceAsStream(
        "/dev/parley/runtime/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Routes the engine's own log to SLF4J. */
  private static final class Slf4jHandler extends Handler {
    private static final Logger ENGINE = LoggerFactory.getLogger("dev.parley.runtime.engine");

    @Override
    public void publish(LogRecord r) {
      ENGINE.info("{}: {}", r.getLoggerName(), r.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  }
}
