package dev.parley.core.apps.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The page script and its types as the platform serves them (from the sdk module's jar; its
 * JavaScript unit tests run in sdk/ with npm test).
 */
class ParleySdkTest {

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
