package dev.parley.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a TypeScript app's {@code src/server.ts} (and the modules it imports) into the bundle's
 * one {@code server.js} with esbuild: bundled as an ES module, with an inline source map so the
 * generated file still names the developer's {@code .ts} files. esbuild does not check types
 * ({@code npx tsc --noEmit} does, with the folder's tsconfig.json); it refuses syntax errors, each
 * with its {@code .ts} file, line and column.
 *
 * <p>Where esbuild comes from, first found wins: the environment variable {@code PARLEY_ESBUILD}
 * (a path to the binary; the tests use it), the app's own {@code node_modules/.bin/esbuild}, else
 * {@code npx --yes esbuild@VERSION} (Node 20+ is a prerequisite of the README anyway).
 */
final class TypeScript {

  /** The esbuild version fetched by npx: pinned, so the same sources give the same server.js. */
  static final String ESBUILD_VERSION = "0.25.10";

  /** The entry module of a TypeScript app, relative to its folder. */
  static final String ENTRY = "src/server.ts";

  /** What a TypeScript app keeps out of its bundle: its sources, declarations and compiler settings. */
  static boolean sourceOnly(String path) {
    return path.startsWith("src/") || path.startsWith("types/") || path.equals("tsconfig.json");
  }

  /** esbuild's "  src/server.ts:3:8:" under each "[ERROR] message" line. */
  private static final Pattern POSITION = Pattern.compile("^\\s+(\\S+?):(\\d+):(\\d+):\\s*$");
  private static final Pattern ERROR = Pattern.compile("^.*\\[ERROR]\\s*(.*)$");

  /** A failed compilation: each error where it is. */
  static final class CompileFailure extends RuntimeException {
    private final transient List<AppFolder.Finding> findings;

    CompileFailure(List<AppFolder.Finding> findings) {
      super(findings.size() + (findings.size() == 1 ? " TypeScript error" : " TypeScript errors"));
      this.findings = findings;
    }

    List<AppFolder.Finding> findings() {
      return findings;
    }
  }

  private final Map<String, String> env;

  TypeScript(Map<String, String> env) {
    this.env = env;
  }

  static boolean isTypeScriptApp(Path dir) {
    return Files.isRegularFile(dir.resolve(ENTRY));
  }

  /** Compiles the app in {@code dir}; answers the text of server.js, or throws {@link CompileFailure}. */
  byte[] compile(Path dir) {
    Path out = null;
    try {
      out = Files.createTempDirectory("parley-ts");
      Path serverJs = out.resolve("server.js");
      List<String> command = new ArrayList<>(esbuild(dir));
      command.addAll(List.of(ENTRY, "--bundle", "--format=esm", "--platform=neutral", "--target=es2022",
          "--sourcemap=inline", "--outfile=" + serverJs, "--log-level=error", "--color=false", "--log-limit=0"));
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new CliFailure(ExitCodes.FAILED, "esbuild took over 120 s: " + String.join(" ", command));
      }
      if (p.exitValue() != 0) {
        List<AppFolder.Finding> findings = parse(log);
        if (findings.isEmpty()) {
          throw new CliFailure(ExitCodes.FAILED, "esbuild failed (" + String.join(" ", command) + "):\n" + log.strip());
        }
        throw new CompileFailure(findings);
      }
      return Files.readAllBytes(serverJs);
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.FAILED, "cannot run esbuild to compile " + ENTRY + " (" + e.getMessage()
          + "): install Node 20+ (npx), or set PARLEY_ESBUILD to an esbuild binary");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCodes.FAILED, "interrupted");
    } finally {
      if (out != null) {
        deleteQuietly(out);
      }
    }
  }

  private List<String> esbuild(Path dir) {
    String configured = env.get("PARLEY_ESBUILD");
    if (configured != null && !configured.isBlank()) {
      return List.of(configured);
    }
    Path local = dir.resolve("node_modules/.bin/esbuild");
    if (Files.isExecutable(local)) {
      return List.of(local.toString());
    }
    return List.of("npx", "--yes", "esbuild@" + ESBUILD_VERSION);
  }

  /** esbuild's log: each "[ERROR] message" with the "file:line:col:" below it. */
  static List<AppFolder.Finding> parse(String log) {
    List<AppFolder.Finding> out = new ArrayList<>();
    String message = null;
    for (String line : log.lines().toList()) {
      Matcher error = ERROR.matcher(line);
      if (error.matches()) {
        if (message != null) {
          out.add(new AppFolder.Finding(ENTRY, "", 0, 0, message));
        }
        message = error.group(1).strip();
        continue;
      }
      Matcher at = POSITION.matcher(line);
      if (message != null && at.matches()) {
        out.add(new AppFolder.Finding(at.group(1), "", Integer.parseInt(at.group(2)),
            Integer.parseInt(at.group(3)) + 1, message)); // esbuild counts columns from 0
        message = null;
      }
    }
    if (message != null) {
      out.add(new AppFolder.Finding(ENTRY, "", 0, 0, message));
    }
    return out;
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary folder: the system cleans it
    }
  }
}
