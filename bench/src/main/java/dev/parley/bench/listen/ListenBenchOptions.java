package dev.parley.bench.listen;

import dev.parley.bench.driver.Flags;
import dev.parley.bench.driver.ServerProcess;
import java.nio.file.Path;

/** How to run, from the command line: {@code [--flag value ...]}. */
record ListenBenchOptions(
    Path launcher,
    Path workDir,
    int members,
    int rate,
    int warmupSeconds,
    int seconds,
    String serverJvmOptions,
    String revision) {

  /** The target: a control call reaches every member's page within this, from its send. */
  static final double TARGET_MS = 200;

  static String usage() {
    return """
        usage: ./parley bench listen [--flag value ...]
          --members N              members of the group, one live WebSocket each (default 5)
          --rate N                 control calls per second, each by a random member (default 10)
          --warmup-seconds N       calls at the rate before the measurement starts (default 10)
          --seconds N              seconds measured (default 60)
          --server-jvm-options S   extra JVM options for the server (via JAVA_TOOL_OPTIONS), for experiments
        """;
  }

  /** How to start the server, for {@link ServerProcess#launch}. */
  ServerProcess.Launcher server() {
    return new ServerProcess.Launcher(launcher, workDir, serverJvmOptions);
  }

  static ListenBenchOptions parse(String[] args) {
    Flags f = Flags.parse("listen", args, "--members", "--rate", "--warmup-seconds", "--seconds");
    return new ListenBenchOptions(f.launcher(), f.workDir(), f.atLeast("--members", 5, 2), f.atLeast("--rate", 10, 1),
        f.atLeast("--warmup-seconds", 10, 0), f.atLeast("--seconds", 60, 1), f.serverJvmOptions(), f.revision());
  }
}
