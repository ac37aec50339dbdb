package dev.parley.runtime;

import static dev.parley.runtime.RuntimeFixture.await;
import static dev.parley.runtime.RuntimeFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.runtime.MiniAppException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The errors a new developer meets first say where, once, in their own files. */
class DeveloperErrorsTest {

  static RuntimeFixture f;

  @BeforeAll
  static void start() {
    f = new RuntimeFixture(RuntimeFixture.testOptions());
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static MiniAppException loadFailure(String serverJs, String... more) {
    Map<String, byte[]> files = new LinkedHashMap<>(TestBundles.files("errs", "1.0.0", serverJs, "h"));
    for (int i = 0; i < more.length; i += 2) {
      files.put(more[i], more[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    Bundle b = BundleReader.create().read(TestBundles.zip(files));
    return failure(f.runtime.verify(b));
  }

  @Test
  void syntaxError_givesItsPositionOnce() {
    MiniAppException e = loadFailure("export function h() {\n  return { a: 1 ;\n}");
    assertThat(e.reason()).isEqualTo(Reason.SYNTAX_ERROR);
    // the parser's own "server.js:2:16" (0-based column) is not repeated
    assertThat(e.getMessage()).isEqualTo("server.js:2:17: SyntaxError: Expected comma but found ;");
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("server.js");
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.column()).isPositive();
    });
  }

  @Test
  void syntaxErrorInAnImportedModule_namesThatFile() {
    MiniAppException e = loadFailure("import { x } from './lib/x.js';\nexport function h() { return { x }; }",
        "lib/x.js", "export const x = 1;\nexport const y = ;\n");
    assertThat(e.reason()).isEqualTo(Reason.SYNTAX_ERROR);
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("lib/x.js");
      assertThat(p.line()).isEqualTo(2);
    });
  }

  @Test
  void errorInTopLevelCode_givesFileAndLine() {
    MiniAppException e = loadFailure(
        "const a = 1;\nconst config = undefined;\nconst port = config.port;\nexport function h() { return {}; }");
    assertThat(e.reason()).isEqualTo(Reason.GUEST_ERROR);
    assertThat(e.getMessage()).startsWith("server.js:3:").contains("TypeError");
    assertThat(e.problems()).singleElement().extracting(Problem::line).isEqualTo(3);
  }

  @Test
  void errorInTopLevelCodeOfAnImportedModule_givesThatFile() {
    MiniAppException e = loadFailure("import './lib/boot.js';\nexport function h() { return {}; }",
        "lib/boot.js", "\n\nthrow new Error('no config');\n");
    assertThat(e.getMessage()).startsWith("lib/boot.js:3:").contains("Error: no config");
  }

  @Test
  void errorInAHandler_hasTheImportedModuleInItsStack() {
    Map<String, byte[]> files = new LinkedHashMap<>(TestBundles.files("errs2", "1.0.0",
        "import { boom } from './lib/boom.js';\nexport function h() { boom(); }", "h"));
    files.put("lib/boom.js", "export function boom() {\n  null.x;\n}".getBytes(StandardCharsets.UTF_8));
    AppVersion app = await(f.runtime.load(BundleReader.create().read(TestBundles.zip(files))));
    MiniAppException e = failure(f.call(app, "h"));
    assertThat(e.guestStack()).get().asString().contains("lib/boom.js:2").contains("server.js:2");
  }

  @Test
  void invalidJsonInTheManifest_givesLineAndColumn() {
    Map<String, byte[]> files = new LinkedHashMap<>(TestBundles.files("errs3", "1.0.0", "export function h() {}", "h"));
    files.put("manifest.json",
        "{\n  \"app_id\": \"x\",\n  \"name\": \"X\"\n  \"version\": 1\n}".getBytes(StandardCharsets.UTF_8));
    MiniAppException e = catchThrowableOfType(MiniAppException.class,
        () -> BundleReader.create().read(TestBundles.zip(files)));
    assertThat(e.reason()).isEqualTo(Reason.MANIFEST_INVALID);
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.column()).isEqualTo(3);
      assertThat(p.message()).startsWith("manifest.json is not valid JSON: ").doesNotContain("[Source");
      assertThat(p.toString()).startsWith("line 4:3: manifest.json is not valid JSON");
    });
  }

  @Test
  void misspeltManifestField_getsDidYouMean() {
    String m = TestBundles.manifest("typo", "1.0.0", "h").replace("\"req_permissions\"", "\"req_permission\"")
        .replace("\"icons\"", "\"icns\"").replace("\"commands\": [", "\"colour\": 1, \"commands\": [")
        .replace("\"description\":\"d\"", "\"descripton\":\"d\"");
    MiniAppException e = catchThrowableOfType(MiniAppException.class,
        () -> dev.parley.runtime.impl.ManifestParser.parse(m));
    assertThat(e.problems()).extracting(Problem::toString).contains(
        "unknown field \"req_permission\" (did you mean \"req_permissions\"?)",
        "unknown field \"icns\" (did you mean \"icons\"?)",
        "unknown field \"colour\"",
        "/commands/0: unknown field \"descripton\" (did you mean \"description\"?)");
  }
}
