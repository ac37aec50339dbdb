package dev.parley.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the music page's JavaScript unit tests ({@code src/test/js/*.test.js}: the sync rules of
 * {@code samples/music/ui/sync.js}) with Node's test runner; skipped, saying why, without Node.js.
 */
class MusicPageTest {

  @Test
  void syncRules_passUnderNode() throws Exception {
    Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    Process process;
    try {
      process = new ProcessBuilder("node", "--test", "--test-reporter=tap", module.resolve("src/test/js").toString())
          .directory(module.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("skipped: Node.js is not installed (no `node` on PATH)");
      return;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("node --test finished").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
  }
}
