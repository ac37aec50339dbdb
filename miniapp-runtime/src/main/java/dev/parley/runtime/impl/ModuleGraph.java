package dev.parley.runtime.impl;

import dev.parley.runtime.Bundle;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppException.Reason;
import dev.parley.runtime.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upload check of a bundle's modules: starting at {@code server.js}, every import must be a
 * relative path ({@code ./} or {@code ../}) to a {@code .js} or {@code .mjs} file of the bundle
 * that stays inside it. Absolute paths, URLs ({@code file:}, {@code data:}, {@code node:}) and bare
 * package names are refused, each with the importing file, line and column. Cycles are fine, as
 * in any ES module graph; the graph is bounded by the bundle's own entry and size caps.
 */
public final class ModuleGraph {

  private ModuleGraph() {
  }

  /** Returns whether a bundle path may hold a module. */
  public static boolean isModulePath(String path) {
    return path.endsWith(".js") || path.endsWith(".mjs");
  }

  /**
   * Checks the modules reachable from {@code server.js}.
   *
   * @param contents every file of the bundle by path
   * @return the module paths reachable from {@code server.js}, itself first
   * @throws MiniAppException {@link Reason#IMPORT_REFUSED} listing every refused import
   */
  public static Set<String> check(Map<String, byte[]> contents) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    List<Problem> problems = new ArrayList<>();
    seen.add(Bundle.SERVER_MODULE);
    todo.add(Bundle.SERVER_MODULE);
    while (!todo.isEmpty()) {
      String file = todo.poll();
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(contents.get(file))).toString();
      } catch (CharacterCodingException e) {
        problems.add(new Problem(file, file + " is not UTF-8 text"));
        continue;
      }
      for (ModuleImports.Import imp : ModuleImports.of(text)) {
        String target = resolve(file, imp.specifier(), contents, problems, imp);
        if (target != null && seen.add(target)) {
          todo.add(target);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw MiniAppException.ofProblems(Reason.IMPORT_REFUSED, problems.get(0).path(), problems);
    }
    return seen;
  }

  /**
   * Resolves a specifier of {@code file} to a bundle path, or records why it is refused.
   *
   * @return the bundle path, or null when refused
   */
  static String resolve(String file, String spec, Map<String, byte[]> contents,
      List<Problem> problems, ModuleImports.Import at) {
    String refused = refusal(spec);
    String path = null;
    if (refused == null) {
      path = join(file, spec);
      if (path == null) {
        refused = "it goes outside the bundle; a bundle's modules may import only its own files";
      } else if (!contents.containsKey(path)) {
        String hint = !isModulePath(path) && contents.containsKey(path + ".js")
            ? " (did you mean \"" + spec + ".js\"? ES module imports name the file whole)"
            : "";
        refused = "there is no file \"" + path + "\" in the bundle" + hint;
      } else if (!isModulePath(path)) {
        refused = "only .js and .mjs files can be imported";
      }
    }
    if (refused != null) {
      problems.add(new Problem(file, "import \"" + printable(spec) + "\" is refused: " + refused,
          at.line(), at.column()));
      return null;
    }
    return path;
  }

  private static String refusal(String spec) {
    if (spec.isEmpty()) {
      return "the specifier is empty";
    }
    if (spec.startsWith("node:")) {
      return "Node.js modules do not exist in the sandbox (use the parley host API)";
    }
    if (spec.startsWith("/") || spec.startsWith("\\")) {
      return "absolute paths are not allowed; import the bundle's files with \"./\" or \"../\"";
    }
    if (spec.indexOf('\\') >= 0 || spec.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "the path contains a backslash or a control character";
    }
    if (spec.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return "URLs are not allowed; import the bundle's own files with a relative path";
    }
    if (!spec.startsWith("./") && !spec.startsWith("../")) {
      return "package names (bare specifiers) cannot be resolved in the sandbox; copy the code "
          + "into the bundle and import it with a relative path such as \"./lib/" + spec
          + ".js\"";
    }
    if (spec.contains("//") || spec.endsWith("/")) {
      return "the path has an empty segment or names a folder; name the file";
    }
    if (spec.contains("?") || spec.contains("#")) {
      return "query strings and fragments are not allowed";
    }
    return null;
  }

  /** Joins a relative specifier to the importing file's folder; null when it leaves the bundle. */
  static String join(String importer, String spec) {
    Deque<String> parts = new ArrayDeque<>();
    String[] dir = importer.split("/");
    for (int i = 0; i < dir.length - 1; i++) {
      parts.addLast(dir[i]);
    }
    for (String seg : spec.split("/", -1)) {
      if (seg.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else if (!seg.equals(".")) {
        parts.addLast(seg);
      }
    }
    return String.join("/", parts);
  }

  private static String printable(String s) {
    String p = s.replaceAll("\\p{Cntrl}", "?");
    return p.length() > 200 ? p.substring(0, 200) + "..." : p;
  }
}
