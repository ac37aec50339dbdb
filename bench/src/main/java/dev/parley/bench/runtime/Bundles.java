package dev.parley.bench.runtime;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.CallContext;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Bundles and helpers shared by the runtime benchmarks. */
final class Bundles {

  /** The trivial handler of the warm-call figures. */
  static final String TRIVIAL = "export function hello(event, ctx) { return { hello: event.name, by: ctx.userId }; }";
  /** A runaway loop, for the watchdog figure. */
  static final String RUNAWAY = "export function hello() { let i = 0; for (;;) { i++; } }";

  private static final byte[] ICON = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  private Bundles() {
  }

  /** A bundle of app {@code id}, version {@code 1.0.<code>}, whose handler is {@code hello}. */
  static Bundle bundle(String id, int code, String js) {
    String manifest = """
        {"app_id": "%s", "name": "Bench", "version": {"name": "1.0.%d", "code": %d},
         "icons": [{"src": "icon.png"}],
         "commands": [{"name": "go", "description": "d", "handler": "hello"}]}
        """.formatted(id, code, code + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      put(z, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
      put(z, "server.js", js.getBytes(StandardCharsets.UTF_8));
      put(z, "icon.png", ICON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return BundleReader.create().read(out.toByteArray());
  }

  static CallContext context(AppVersion app) {
    return CallContext.of(app, "user-1", "conv-1", "req", Set.of());
  }

  /** Waits for a future by spinning: the caller keeps its core, as an event loop would. */
  static <T> T spin(Future<T> f) {
    while (!f.isComplete()) {
      Thread.onSpinWait();
    }
    if (f.failed()) {
      throw new IllegalStateException(f.cause());
    }
    return f.result();
  }

  /** Waits for a future, blocking. */
  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for a future that must fail, and returns its failure. */
  static Throwable awaitFailure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      throw new IllegalStateException("the call succeeded");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(ZipOutputStream z, String name, byte[] data) throws IOException {
    z.putNextEntry(new ZipEntry(name));
    z.write(data);
    z.closeEntry();
  }
}
