package dev.parley.bench.runtime;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.CallLimits;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.runtime.RuntimeOptions;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Figures of the mini-app runtime, with the call limits on: warm call latency and throughput
 * through the pool, the cost of a fresh context, the first call of a newly loaded app version,
 * heap per idle pooled app version, and the watchdog's reaction to a runaway loop.
 */
public final class RuntimeBench {

  private static final byte[] ICON = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
  private static final String TRIVIAL =
      "export function hello(event, ctx) { return { hello: event.name, by: ctx.userId }; }";

  private RuntimeBench() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    MiniAppRuntime rt = MiniAppRuntime.create(vertx, HostInterface.none(), new RuntimeOptions());
    System.out.println("Truffle runtime: " + rt.info().truffleRuntime()
        + (rt.info().optimizing() ? " (optimizing JIT)" : " (interpreter only)"));
    System.out.println("limits on: " + new CallLimits().toJson().encode());

    // 1. warm call latency and throughput
    AppVersion app = await(rt.load(bundle("bench-trivial", 0, TRIVIAL)));
    CallContext ctx = CallContext.of(app, "user-1", "conv-1", "req", Set.of());
    JsonObject event = new JsonObject().put("name", "dana");
    for (int i = 0; i < 200_000; i++) {
      spin(rt.invoke(app, "hello", event, ctx));
    }
    int n = 100_000;
    long[] lat = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      spin(rt.invoke(app, "hello", event, ctx));
      lat[i] = System.nanoTime() - t;
    }
    Arrays.sort(lat);
    System.out.printf("warm call latency (trivial handler, one caller): p50 %.1f us, p99 %.1f us, p99.9 %.1f us%n",
        lat[n / 2] / 1e3, lat[(int) (n * 0.99)] / 1e3, lat[(int) (n * 0.999)] / 1e3);
    for (int inFlight : new int[] {1, 4}) {
      AtomicLong done = new AtomicLong();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      Future<?>[] slots = new Future<?>[inFlight];
      while (System.nanoTime() < end) {
        for (int s = 0; s < inFlight; s++) {
          if (slots[s] == null || slots[s].isComplete()) {
            if (slots[s] != null) {
              done.incrementAndGet();
            }
            slots[s] = rt.invoke(app, "hello", event, ctx);
          }
        }
        Thread.onSpinWait();
      }
      System.out.printf("warm call throughput (%d in flight): %,d calls/s%n", inFlight, done.get() / 3);
    }

    // 2. fresh context: every call on a new context (maxCallsPerContext = 1)
    MiniAppRuntime fresh = MiniAppRuntime.create(vertx, HostInterface.none(),
        new RuntimeOptions().setMaxCallsPerContext(1).setWarmUp(false));
    AppVersion fApp = await(fresh.load(bundle("bench-fresh", 0, TRIVIAL)));
    CallContext fCtx = CallContext.of(fApp, "user-1", "conv-1", "req", Set.of());
    for (int i = 0; i < 100; i++) {
      await(fresh.invoke(fApp, "hello", event, fCtx));
    }
    long[] fl = new long[300];
    for (int i = 0; i < fl.length; i++) {
      long t = System.nanoTime();
      await(fresh.invoke(fApp, "hello", event, fCtx));
      fl[i] = System.nanoTime() - t;
    }
    Arrays.sort(fl);
    System.out.printf("call on a fresh context (context + module + call): p50 %.2f ms, p99 %.2f ms%n",
        fl[fl.length / 2] / 1e6, fl[(int) (fl.length * 0.99)] / 1e6);
    await(fresh.close());

    // 3. first call of a newly loaded app version on the warm engine
    long[] first = new long[100];
    for (int i = 0; i < first.length; i++) {
      Bundle b = bundle("bench-new", i + 1, TRIVIAL + "\n// version " + i);
      long t = System.nanoTime();
      AppVersion v = await(rt.load(b));
      await(rt.invoke(v, "hello", event, CallContext.of(v, "u", "c", "r", Set.of())));
      first[i] = System.nanoTime() - t;
      await(rt.unload(v));
    }
    Arrays.sort(first);
    System.out.printf("first call of a newly loaded app version (load + call): p50 %.2f ms, p99 %.2f ms (target < 50 ms)%n",
        first[first.length / 2] / 1e6, first[(int) (first.length * 0.99)] / 1e6);

    // 4. watchdog reaction to a runaway loop (CPU limit 50 ms)
    MiniAppRuntime wd = MiniAppRuntime.create(vertx, HostInterface.none(), new RuntimeOptions()
        .setWarmUp(false).setLimits(new CallLimits().setCpuTimeMillis(50)
            .setStatementLimit(Long.MAX_VALUE / 4)));
    AppVersion loop = await(wd.load(bundle("bench-loop", 0,
        "export function spin() { let i = 0; for (;;) { i++; } }")));
    CallContext lCtx = CallContext.of(loop, "u", "c", "r", Set.of());
    long[] react = new long[20];
    for (int i = 0; i < react.length; i++) {
      long t = System.nanoTime();
      Throwable err = awaitFailure(wd.invoke(loop, "spin", event, lCtx));
      long elapsed = System.nanoTime() - t;
      if (!(err instanceof MiniAppException m) || m.reason() != MiniAppException.Reason.TIME_LIMIT) {
        throw new IllegalStateException("expected TIME_LIMIT, got " + err);
      }
      react[i] = elapsed - TimeUnit.MILLISECONDS.toNanos(50);
    }
    Arrays.sort(react);
    System.out.printf("watchdog reaction to a runaway loop (beyond the 50 ms CPU limit): p50 %.1f ms, max %.1f ms (target < 20 ms)%n",
        react[react.length / 2] / 1e6, react[react.length - 1] / 1e6);
    await(wd.close());

    // 5. heap per idle pooled app version: 1,000 versions, each with one warm context
    await(rt.unload(app));
    long before = usedHeapAfterGc();
    int versions = 1000;
    for (int i = 0; i < versions; i++) {
      AppVersion v = await(rt.load(bundle("bench-idle", 10_000 + i, TRIVIAL + "\n// idle " + i)));
      await(rt.invoke(v, "hello", event, CallContext.of(v, "u", "c", "r", Set.of())));
    }
    long after = usedHeapAfterGc();
    System.out.printf("heap per idle pooled app version: %.0f KiB (%d versions warm: %.0f MiB; target 1,000 in < 300 MB)%n",
        (after - before) / 1024.0 / versions, rt.info().loadedVersions(),
        (after - before) / 1024.0 / 1024.0);
    System.out.println("runtime after the run: " + rt.info());
    await(rt.close());
    await(vertx.close());
    System.exit(0);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void spin(Future<?> f) {
    while (!f.isComplete()) {
      Thread.onSpinWait();
    }
    if (f.failed()) {
      throw new IllegalStateException(f.cause());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  private static Throwable awaitFailure(Future<?> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  private static Bundle bundle(String id, int code, String js) throws IOException {
    String manifest = """
        {"app_id": "%s", "name": "Bench", "version": {"name": "1.0.%d", "code": %d},
         "icons": [{"src": "icon.png"}],
         "commands": [{"name": "go", "description": "d", "handler": "%s"}]}
        """.formatted(id, code, code + 1, js.contains("spin") ? "spin" : "hello");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      put(z, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
      put(z, "server.js", js.getBytes(StandardCharsets.UTF_8));
      put(z, "icon.png", ICON);
    }
    return BundleReader.create().read(out.toByteArray());
  }

  private static void put(ZipOutputStream z, String name, byte[] data) throws IOException {
    z.putNextEntry(new ZipEntry(name));
    z.write(data);
    z.closeEntry();
  }
}
