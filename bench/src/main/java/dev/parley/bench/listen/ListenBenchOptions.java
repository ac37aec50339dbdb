package dev.parley.bench.listen;

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
    Path launcher = null;
    Path workDir = null;
    int members = 5;
    int rate = 10;
    int warmup = 10;
    int seconds = 60;
    String jvm = "";
    String revision = "unknown";
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help") || a.equals("help")) {
        throw new IllegalArgumentException("");
      }
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String v = args[++i];
      switch (a) {
        case "--launcher" -> launcher = Path.of(v);
        case "--work-dir" -> workDir = Path.of(v);
        case "--members" -> members = atLeast(a, v, 2);
        case "--rate" -> rate = atLeast(a, v, 1);
        case "--warmup-seconds" -> warmup = atLeast(a, v, 0);
        case "--seconds" -> seconds = atLeast(a, v, 1);
        case "--server-jvm-options" -> jvm = v;
        case "--revision" -> revision = v;
        default -> throw new IllegalArgumentException("unknown flag " + a);
      }
    }
    if (launcher == null || workDir == null) {
      throw new IllegalArgumentException("--launcher and --work-dir are set by bench/listen.sh; run ./parley bench listen");
    }
    return new ListenBenchOptions(launcher, workDir, members, rate, warmup, seconds, jvm, revision);
  }

  private static int atLeast(String flag, String v, int min) {
    int n = Integer.parseInt(v);
    if (n < min) {
      throw new IllegalArgumentException(flag + " must be at least " + min + ", got " + v);
    }
    return n;
  }
}
