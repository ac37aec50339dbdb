package dev.parley.core.apps.pages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The machine's Node.js for tests that run JavaScript; they are skipped, saying why, without it. */
final class NodeJs {

  private NodeJs() {
  }

  /** {@code "node"} when {@code node --version} works; otherwise the calling test is skipped. */
  static String executableOrSkip() {
    try {
      Process v = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String version = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (v.waitFor(10, TimeUnit.SECONDS) && v.exitValue() == 0) {
        return "node";
      }
      Assumptions.abort("skipped: `node --version` failed: " + version);
    } catch (IOException e) {
      Assumptions.abort("skipped: Node.js is not installed (no `node` on PATH)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Assumptions.abort("skipped: interrupted while looking for Node.js");
    }
    return "node";
  }
}
