package dev.parley.runtime;

import static dev.parley.runtime.RuntimeFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.runtime.MiniAppException.Reason;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bundle's server.js importing its own files: relative imports and cycles work; everything
 * outside the bundle is refused at upload with the importing file and line, and at run time by
 * the sandbox's in-memory file system (imports computed at run time).
 */
class ModuleImportTest {

  static RuntimeFixture f;
  static int counter;

  @BeforeAll
  static void start() {
    f = new RuntimeFixture(RuntimeFixture.testOptions());
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static Map<String, byte[]> files(String serverJs, String... more) {
    Map<String, byte[]> files = new LinkedHashMap<>(
        TestBundles.files("mods-" + (++counter), "1.0.0", serverJs, "h"));
    for (int i = 0; i < more.length; i += 2) {
      files.put(more[i], more[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  static JsonObject run(String serverJs, String... more) {
    Bundle b = BundleReader.create().read(TestBundles.zip(files(serverJs, more)));
    AppVersion app = await(f.runtime.load(b));
    return await(f.runtime.invoke(app, "h", new JsonObject(), f.ctx(app)));
  }

  static MiniAppException refused(String serverJs, String... more) {
    return catchThrowableOfType(MiniAppException.class,
        () -> BundleReader.create().read(TestBundles.zip(files(serverJs, more))));
  }

  @Test
  void relativeImports_work_acrossFolders() {
    JsonObject r = run("""
        import { cents } from './lib/amounts.js';
        import * as fmt from "./lib/format/money.mjs";
        export function h() { return { text: fmt.show(cents('12.34')) }; }
        """,
        "lib/amounts.js", "export function cents(s) { return Math.round(Number(s) * 100); }",
        "lib/format/money.mjs", "import { cents } from '../amounts.js';\n"
            + "export const show = c => (c / 100).toFixed(2) + ' (' + cents('1') + ')';");
    assertThat(r.getString("text")).isEqualTo("12.34 (100)");
  }

  @Test
  void cycles_workAsEsModulesDo() {
    JsonObject r = run("""
        import { even } from './even.js';
        export function h() { return { e: even(10), o: even(7) }; }
        """,
        "even.js", "import { odd } from './odd.js';\nexport function even(n) { return n === 0 ? true : odd(n - 1); }",
        "odd.js",
        "import { even } from './even.js';\nexport function odd(n) { return n === 0 ? false : even(n - 1); }");
    assertThat(r).isEqualTo(new JsonObject().put("e", true).put("o", false));
  }

  @Test
  void reExports_andDynamicImportsOfBundleFiles_work() {
    JsonObject r = run("""
        export { twice } from './lib/index.js';
        export async function h() {
          const m = await import('./lib/' + 'late.js');
          return { v: m.value };
        }
        """,
        "lib/index.js", "export * from './twice.js';",
        "lib/twice.js", "export const twice = x => 2 * x;",
        "lib/late.js", "export const value = 42;");
    assertThat(r.getInteger("v")).isEqualTo(42);
  }

  @Test
  void escapes_areRefusedAtUpload_withFileAndLine() {
    MiniAppException e = refused("""
        // a comment: import x from 'node:fs' is not an import
        const s = "import y from '/etc/passwd'";
        import { a } from './lib/a.js';
        export function h() { return {}; }
        """,
        "lib/a.js", """
            export const a = 1;
            import fs from 'node:fs';
            import '../../outside.js';
            import pw from "/etc/passwd";
            import u from 'file:///etc/passwd';
            export * from 'lodash';
            import m from './missing.js';
            import n from './noext';
            import t from '../icon.png';
            """,
        "lib/noext.js", "export default 1;");
    assertThat(e.reason()).isEqualTo(Reason.IMPORT_REFUSED);
    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "lib/a.js:2:16: import \"node:fs\" is refused: Node.js modules do not exist in the sandbox (use the parley host API)",
        "lib/a.js:3:8: import \"../../outside.js\" is refused: it goes outside the bundle; a bundle's modules may import only its own files",
        "lib/a.js:4:16: import \"/etc/passwd\" is refused: absolute paths are not allowed; import the bundle's files with \"./\" or \"../\"",
        "lib/a.js:5:15: import \"file:///etc/passwd\" is refused: URLs are not allowed; import the bundle's own files with a relative path",
        "lib/a.js:6:15: import \"lodash\" is refused: package names (bare specifiers) cannot be resolved in the sandbox; copy the code into the bundle and import it with a relative path such as \"./lib/lodash.js\"",
        "lib/a.js:7:15: import \"./missing.js\" is refused: there is no file \"lib/missing.js\" in the bundle",
        "lib/a.js:8:15: import \"./noext\" is refused: there is no file \"lib/noext\" in the bundle (did you mean \"./noext.js\"? ES module imports name the file whole)",
        "lib/a.js:9:15: import \"../icon.png\" is refused: only .js and .mjs files can be imported");
    assertThat(e.problems().get(0).line()).isEqualTo(2);
    assertThat(e.file()).contains("lib/a.js");
  }

  @Test
  void dynamicImportsWithStringLiterals_areCheckedAtUpload() {
    MiniAppException e = refused("export async function h() {\n  return import(\"node:fs\");\n}");
    assertThat(e.problems()).singleElement().extracting(Problem::line).isEqualTo(2);
  }

  @Test
  void templatesRegexesAndComments_doNotConfuseTheScan() {
    JsonObject r = run("""
        const t = `a ${ { x: 1 }.x } import z from 'node:fs' ${`nested ${1}`}`;
        const re = /import q from 'node:fs'/g; /* import w from "node:os" */
        import { one } from './one.js';
        export function h() { return { t: t.length > 0, re: re.source.length > 0, one }; }
        """, "one.js", "export const one = 1;");
    assertThat(r.getInteger("one")).isEqualTo(1);
  }

  @Test
  void computedImportsOutsideTheBundle_areRefusedByTheSandbox() {
    String[] escapes = {"../outside.js", "/etc/passwd", "file:///etc/passwd", "node:fs", "fs",
        "./lib/../../../etc/passwd", "/proc/self/environ", "./manifest.json", "./icon.png",
        "jar:file:///x!/y.js", "https://example.com/x.js", "data:text/javascript,export default 1",
        "./lib/%2e%2e/%2e%2e/etc/passwd", "./link -> /etc/passwd"};
    for (String spec : escapes) {
      JsonObject r = run("""
          export async function h(e) {
            const spec = ['%s'][0];
            try { const m = await import(spec); return { loaded: Object.keys(m).length >= 0 }; }
            catch (err) { return { refused: String(err) }; }
          }
          """.formatted(spec.replace("'", "\\'")), "lib/x.js", "export const x = 1;");
      assertThat(r.containsKey("refused")).as(spec + " -> " + r).isTrue();
      assertThat(r.getString("refused")).doesNotContain("root:");
    }
  }

  @Test
  void hugeImportGraphs_areBoundedByTheBundlesCaps() {
    // every module imports every other: cycles everywhere, loads once each
    int n = 60;
    String[] more = new String[n * 2];
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < n; j++) {
        sb.append("import * as m").append(j).append(" from './m").append(j).append(".js';\n");
      }
      sb.append("export const v").append(i).append(" = ").append(i).append(";\n");
      more[2 * i] = "m" + i + ".js";
      more[2 * i + 1] = sb.toString();
    }
    JsonObject r = run("import * as m0 from './m0.js';\nimport * as m59 from './m59.js';\n"
        + "export function h() { return { s: m0.v0 + m59.v59 }; }", more);
    assertThat(r.getInteger("s")).isEqualTo(59);
    // more modules than a bundle may hold entries: refused by the entry cap before any parsing
    MiniAppException e = catchThrowableOfType(MiniAppException.class, () -> BundleReader
        .create(new BundleOptions().setMaxEntries(20)).read(TestBundles.zip(files("export function h() {}", more))));
    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ENTRIES);
  }
}
