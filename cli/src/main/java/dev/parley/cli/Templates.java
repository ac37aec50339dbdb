package dev.parley.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The app folders {@code init} writes: files shared by every template, and each template's own. */
final class Templates {

  /** The templates {@code init --template} offers. */
  enum Template {
    command("greeting.js"), page("greeting.js"), payments("amount.js"), search("fruit.js");

    /** The module of its own that the template's server.js imports. */
    final String module;

    Template(String module) {
      this.module = module;
    }
  }

  /** Shared files: resource name → path in the app folder. */
  private static final List<String[]> COMMON = List.of(
      new String[] {"common/icon.svg", "icon.svg"},
      new String[] {"common/ui/index.html", "ui/index.html"},
      new String[] {"common/ui/app.js", "ui/app.js"},
      new String[] {"common/ui/style.css", "ui/style.css"},
      new String[] {"common/README.md", "README.md"});

  private Templates() {
  }

  /**
   * The TypeScript variant ({@code init --typescript}, the command template): src/server.ts and its
   * module, the SDK's declarations of server code copied into types/, a tsconfig.json and a README
   * saying how it is built. "sdk:" names a file of the SDK's jar.
   */
  private static final List<String[]> TYPESCRIPT = List.of(
      new String[] {"common/icon.svg", "icon.svg"},
      new String[] {"common/ui/index.html", "ui/index.html"},
      new String[] {"common/ui/app.js", "ui/app.js"},
      new String[] {"common/ui/style.css", "ui/style.css"},
      new String[] {"command/manifest.json", "manifest.json"},
      new String[] {"typescript/README.md", "README.md"},
      new String[] {"typescript/server.ts", "src/server.ts"},
      new String[] {"typescript/greeting.ts", "src/greeting.ts"},
      new String[] {"typescript/tsconfig.json", "tsconfig.json"},
      new String[] {"sdk:types/parley-host.d.ts", "types/parley-host.d.ts"},
      new String[] {"sdk:types/handlers.d.ts", "types/handlers.d.ts"});

  /** Writes the template into {@code folder} (created; must be empty); answers the files written. */
  static List<Path> write(Template template, Path folder, String appId, String name) {
    return write(template, false, folder, appId, name);
  }

  /** Writes the template, or with {@code typeScript} its TypeScript variant (command only). */
  static List<Path> write(Template template, boolean typeScript, Path folder, String appId, String name) {
    try {
      Files.createDirectories(folder);
      try (var entries = Files.list(folder)) {
        if (entries.anyMatch(p -> !p.getFileName().toString().startsWith("."))) {
          throw new CliFailure(ExitCodes.FAILED, folder + " is not empty: init writes into a new or empty folder");
        }
      }
      List<String[]> files = new ArrayList<>(typeScript ? TYPESCRIPT : COMMON);
      if (!typeScript) {
        files.add(new String[] {template + "/manifest.json", "manifest.json"});
        files.add(new String[] {template + "/server.js", "server.js"});
        files.add(new String[] {template + "/" + template.module, template.module});
        files.add(new String[] {template + "/test.js", "test/server.test.js"});
      }
      List<Path> written = new ArrayList<>();
      for (String[] f : files) {
        Path target = folder.resolve(f[1]);
        Files.createDirectories(target.getParent());
        String text = resource(f[0]).replace("__APP_ID__", appId).replace("__APP_NAME__", name)
            .replace("__TEMPLATE__", template.name()).replace("__ESBUILD_VERSION__", TypeScript.ESBUILD_VERSION);
        Files.writeString(target, text, StandardCharsets.UTF_8);
        written.add(target);
      }
      Files.writeString(folder.resolve(".gitignore"), "node_modules/\n*.zip\n", StandardCharsets.UTF_8);
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "my-app" → "My App". */
  static String nameOf(String appId) {
    StringBuilder out = new StringBuilder();
    for (String part : appId.split("-")) {
      if (!part.isEmpty()) {
        out.append(out.isEmpty() ? "" : " ").append(part.substring(0, 1).toUpperCase(Locale.ROOT))
            .append(part.substring(1));
      }
    }
    return out.toString();
  }

  private static String resource(String name) throws IOException {
    String path = name.startsWith("sdk:") ? "/dev/parley/sdk/" + name.substring(4) : "templates/" + name;
    try (InputStream in = Templates.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("template file " + name + " is missing from the CLI");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
