package dev.parley.core.apps.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the SDK's JavaScript unit tests ({@code src/test/js/*.test.js}, Node's test runner, fake
 * windows) in the Maven build; skipped with a line saying why when Node.js is missing.
 */
class ParleySdkTest {

  @Test
  void sdkUnitTests_passUnderNode() throws Exception {
    String node = NodeJs.executableOrSkip();
    Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    Path tests = module.resolve("src/test/js");
    assertThat(tests.resolve("parley-sdk.test.js")).exists();
    Process process = new ProcessBuilder(node, "--test", "--test-reporter=tap", tests.toString())
        .directory(module.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("node --test finished").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
  }

  @Test
  void sdkTypes_nameEveryExportOfTheModule() throws Exception {
    String js = new String(ParleySdkTest.class.getResourceAsStream("parley-sdk.js").readAllBytes(),
        StandardCharsets.UTF_8);
    String types = new String(ParleySdkTest.class.getResourceAsStream("parley-sdk.d.ts").readAllBytes(),
        StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("export (?:const|function|class) (\\w+)").matcher(js);
    int exports = 0;
    while (m.find()) {
      exports++;
      assertThat(types).as(m.group(1)).containsPattern("export (const|function|class) " + m.group(1) + "\\b");
    }
    assertThat(exports).isGreaterThanOrEqualTo(6);
  }
}
