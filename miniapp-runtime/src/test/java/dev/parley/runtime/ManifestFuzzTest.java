package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.runtime.MiniAppException.Reason;
import dev.parley.runtime.impl.ManifestParser;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the manifest parser: any text either gives a manifest or a {@code MANIFEST_INVALID} failure
 * whose problems each name a JSON pointer; never another exception, nor a stack overflow on a worker's stack. {@code mvn verify} replays the
 * committed inputs under {@code src/test/resources/dev/parley/runtime/ManifestFuzzTestInputs}; docs/fuzzing.md
 * says how to fuzz for real.
 */
class ManifestFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] input) {
    WorkerStack.run(() -> check(new String(input, StandardCharsets.UTF_8)));
  }

  private static void check(String text) {
    Manifest manifest;
    try {
      manifest = ManifestParser.parse(text);
    } catch (MiniAppException e) {
      assertThat(e.reason()).isEqualTo(Reason.MANIFEST_INVALID);
      assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.path()).satisfiesAnyOf(
          path -> assertThat(path).isEmpty(), path -> assertThat(path).startsWith("/")));
      return;
    }
    // What was accepted reads back the same, as the registry does from its stored JSON, and no number wrapped.
    assertThat(ManifestParser.read(manifest.json())).isEqualTo(manifest);
    assertSameNumber(manifest.version().code(), manifest.json().getJsonObject("version").getValue("code"));
    manifest.platformVersion().ifPresent(p -> {
      JsonObject json = manifest.json().getJsonObject("platform_version");
      assertSameNumber(p.minCode(), json.getValue("min_code"));
      assertSameNumber(p.targetCode(), json.getValue("target_code", json.getValue("min_code")));
    });
  }

  private static void assertSameNumber(long read, Object json) {
    assertThat(new BigDecimal(String.valueOf(json))).isEqualByComparingTo(BigDecimal.valueOf(read));
  }
}
