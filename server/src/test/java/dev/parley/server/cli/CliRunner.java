package dev.parley.server.cli;

import dev.parley.cli.ParleyCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/** Runs the developer CLI in-process, as a user's shell would, and keeps what it printed. */
final class CliRunner {

  /** One run: its exit code and output. */
  record Run(int code, String out, String err) {
    String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  private final Path configDir;
  private final Map<String, String> env = new HashMap<>();

  CliRunner(Path configDir) {
    this.configDir = configDir;
    env.put("NO_COLOR", "1");
  }

  CliRunner env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  Path configDir() {
    return configDir;
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ParleyCli.run(args, Map.copyOf(env), configDir, new PrintWriter(out), new PrintWriter(err), Ansi.OFF);
    return new Run(code, out.toString(), err.toString());
  }
}
