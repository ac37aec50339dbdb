package dev.parley.core.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.core.common.PlatformException;
import io.vertx.core.json.JsonObject;

/**
 * Fuzzes request bodies: any bytes either give a JSON object or an INVALID failure with a message; then every
 * field read the way routes read them ({@code string}, {@code optionalString}, {@code integer},
 * {@code strings}) either gives a value or an INVALID failure naming the field; never another exception.
 * {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/parley/core/common/web/JsonBodyFuzzTestInputs}; docs/fuzzing.md says how to
 * fuzz for real.
 */
class JsonBodyFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] body) {
    JsonObject json;
    try {
      json = JsonBody.parse(body);
    } catch (PlatformException e) {
      assertThat(e.reason()).isEqualTo(PlatformException.Reason.INVALID);
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(json.encode()).isNotNull();
    for (String name : json.fieldNames()) {
      read(name, () -> JsonBody.string(json, name));
      read(name, () -> JsonBody.optionalString(json, name));
      read(name, () -> JsonBody.integer(json, name));
      read(name, () -> JsonBody.strings(json, name, 10));
    }
  }

  private static void read(String name, Runnable reader) {
    try {
      reader.run();
    } catch (PlatformException e) {
      assertThat(e.reason()).isEqualTo(PlatformException.Reason.INVALID);
      assertThat(e.field()).hasValueSatisfying(f -> assertThat(f).startsWith("/" + name));
    }
  }
}
