package dev.parley.cli;

import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.runtime.Problem;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An app folder on disk: its manifest, the zip an upload sends (everything but tests, dot files and
 * {@code node_modules}), and the registry's own checks of that zip, run here.
 */
final class AppFolder {

  /** One problem, where it is: a file, a JSON pointer into it (or none) and its line (0 when unknown). */
  record Finding(String file, String pointer, int line, int column, String message) {
    @Override
    public String toString() {
      return file + (line > 0 ? ":" + line : "") + (line > 0 && column > 0 ? ":" + column : "")
          + (pointer.isEmpty() ? "" : " " + pointer) + ": " + message;
    }
  }

  private final Path dir;
  private final TypeScript typeScript;

  AppFolder(Path dir, java.util.Map<String, String> env) {
    this.dir = dir.toAbsolutePath().normalize();
    this.typeScript = new TypeScript(env);
  }

  /** Whether the folder is a TypeScript app ({@code src/server.ts}), compiled before packaging. */
  boolean isTypeScript() {
    return TypeScript.isTypeScriptApp(dir);
  }

  Path dir() {
    return dir;
  }

  /** The manifest as JSON; a folder without one, or with one that is not JSON, is refused in words. */
  JsonObject manifest() {
    Path file = dir.resolve(Bundle.MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new CliFailure(ExitCodes.FAILED, dir + " has no manifest.json: run this in an app folder (or pass --dir),"
          + " or make one with: parley app init <app-id>");
    }
    try {
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new CliFailure(ExitCodes.FAILED, "manifest.json is not a JSON object: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String appId() {
    String id = manifest().getString("app_id");
    if (id == null) {
      throw new CliFailure(ExitCodes.FAILED, "manifest.json has no app_id");
    }
    return id;
  }

  String versionName() {
    JsonObject v = manifest().getJsonObject("version", new JsonObject());
    return v.getString("name", "?");
  }

  /** Whether a path (relative, with '/') belongs in the bundle. */
  static boolean packaged(String path) {
    for (String part : path.split("/")) {
      if (part.startsWith(".") || part.equals("node_modules")) {
        return false;
      }
    }
    return !(path.startsWith("test/") || path.startsWith("tests/") || path.endsWith(".zip")
        || path.equals("README.md") || path.equals("package.json") || path.equals("package-lock.json"));
  }

  /**
   * The bundle zip of the folder, in a fixed order (the same files give the same bytes). A
   * TypeScript app is compiled first: its server.js is esbuild's output, its sources stay out; a
   * compile error is a {@link CliFailure} listing each error's file:line:col.
   */
  byte[] zip() {
    try {
      return zip(isTypeScript() ? typeScript.compile(dir) : null);
    } catch (TypeScript.CompileFailure e) {
      StringBuilder text = new StringBuilder(e.getMessage()).append(':');
      e.findings().forEach(f -> text.append("\n  ").append(f));
      throw new CliFailure(ExitCodes.FAILED, text.toString());
    }
  }

  private byte[] zip(byte @org.jspecify.annotations.Nullable [] compiledServer) {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Path f : files) {
        String name = dir.relativize(f).toString().replace('\\', '/');
        if (!packaged(name) || (compiledServer != null
            && (TypeScript.sourceOnly(name) || name.equals(Bundle.SERVER_MODULE)))) {
          continue;
        }
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0);
        zip.putNextEntry(entry);
        zip.write(Files.readAllBytes(f));
        zip.closeEntry();
      }
      if (compiledServer != null) {
        ZipEntry entry = new ZipEntry(Bundle.SERVER_MODULE);
        entry.setTime(0);
        zip.putNextEntry(entry);
        zip.write(compiledServer);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The checks of an upload, in-process: the bundle reader (archive rules, the manifest's schema,
   * files it names) and, with {@code sandbox}, a load of {@code server.js} in a throwaway sandbox
   * (it parses, its top-level code runs, every handler the manifest names is exported). Answers the
   * problems; none when the bundle would be accepted (apart from the server's own checks of
   * version numbers and ids).
   */
  List<Finding> check(boolean sandbox) {
    Bundle bundle;
    try {
      bundle = BundleReader.create().read(zip(isTypeScript() ? typeScript.compile(dir) : null));
    } catch (TypeScript.CompileFailure e) {
      return e.findings();
    } catch (MiniAppException e) {
      return findings(e);
    }
    if (!sandbox) {
      return List.of();
    }
    Vertx vertx = Vertx.vertx();
    try {
      MiniAppRuntime runtime = MiniAppRuntime.create(vertx, HostInterface.none());
      try {
        runtime.verify(bundle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return List.of();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof MiniAppException refused) {
          return findings(refused);
        }
        return List.of(new Finding(Bundle.SERVER_MODULE, "", 0, 0, String.valueOf(e.getCause().getMessage())));
      } catch (TimeoutException e) {
        return List.of(new Finding(Bundle.SERVER_MODULE, "", 0, 0, "loading server.js took over 30 s"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliFailure(ExitCodes.FAILED, "interrupted");
      } finally {
        runtime.close();
      }
    } finally {
      vertx.close();
    }
  }

  /**
   * Each problem of a refusal with its file, pointer and line: a JSON pointer always points into
   * manifest.json (a missing handler too), any other path is a file of the bundle.
   */
  List<Finding> findings(MiniAppException e) {
    List<Finding> out = new ArrayList<>();
    JsonLines lines = manifestLines();
    if (e.problems().isEmpty()) {
      out.add(new Finding(e.file().orElse(e.reason().name()), "", 0, 0, e.getMessage()));
      return out;
    }
    for (Problem p : e.problems()) {
      if (p.path().isEmpty() || p.path().startsWith("/")) {
        int line = p.line() > 0 ? p.line() : lines.line(p.path()).orElse(0);
        out.add(new Finding(Bundle.MANIFEST, p.path(), line, p.column(), p.message()));
      } else {
        out.add(new Finding(p.path(), "", p.line(), p.column(), p.message()));
      }
    }
    return out;
  }

  private JsonLines manifestLines() {
    try {
      return new JsonLines(Files.readString(dir.resolve(Bundle.MANIFEST), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new JsonLines("");
    }
  }
}
