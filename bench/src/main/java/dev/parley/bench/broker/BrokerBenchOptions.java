package dev.parley.bench.broker;

import dev.parley.bench.driver.ServerProcess;
import java.nio.file.Path;

/** How hard to run, from the command line: {@code [--flag value ...]}. */
record BrokerBenchOptions(
    Path launcher,
    Path workDir,
    int users,
    int concurrency,
    int warmupSeconds,
    int seconds,
    int rate,
    int leadInSeconds,
    int brokerRate,
    String serverJvmOptions,
    String revision) {

  /** Brokered calls per plain call, at the most each can do. */
  static final double RATIO_TARGET = 0.3;
  /** p99 of brokered calls at the open-loop rate, from the scheduled send time. */
  static final double P99_TARGET_MS = 10;
  /** Cache hits of the broker's caches under the open-loop load. */
  static final double HIT_TARGET_PCT = 99;

  static String usage() {
    return """
        usage: ./parley bench broker [--flag value ...]
          --users N                  members of the group, each consented, commands round-robin over them (default 20)
          --concurrency N            calls in flight in the closed-loop phases (default 32)
          --warmup-seconds N         closed-loop warm-up before each closed-loop measurement (default 20)
          --seconds N                seconds of each measured phase (default 20)
          --rate N                   open-loop rate, calls/s (default 1000)
          --lead-in-seconds N        open-loop calls at the rate before its measurement starts (default 5)
          --broker-rate N            the server's broker.appRate, userRate and conversationRate (default 1000000),
                                     so that the token buckets do not shape the load
          --server-jvm-options S     extra JVM options for the server (via JAVA_TOOL_OPTIONS), for experiments
        """;
  }

  /** How to start the server, for {@link ServerProcess#launch}. */
  ServerProcess.Launcher server() {
    return new ServerProcess.Launcher(launcher, workDir, serverJvmOptions);
  }

  static BrokerBenchOptions parse(String[] args) {
    Path launcher = null;
    Path workDir = null;
    int users = 20;
    int concurrency = 32;
    int warmup = 20;
    int seconds = 20;
    int rate = 1000;
    int leadIn = 5;
    int brokerRate = 1_000_000;
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
        case "--users" -> users = positive(a, v);
        case "--concurrency" -> concurrency = positive(a, v);
        case "--warmup-seconds" -> warmup = atLeastZero(a, v);
        case "--seconds" -> seconds = positive(a, v);
        case "--rate" -> rate = positive(a, v);
        case "--lead-in-seconds" -> leadIn = atLeastZero(a, v);
        case "--broker-rate" -> brokerRate = positive(a, v);
        case "--server-jvm-options" -> jvm = v;
        case "--revision" -> revision = v;
        default -> throw new IllegalArgumentException("unknown flag " + a);
      }
    }
    if (launcher == null || workDir == null) {
      throw new IllegalArgumentException("--launcher and --work-dir are set by bench/broker.sh; run ./parley bench broker");
    }
    return new BrokerBenchOptions(launcher, workDir, users, concurrency, warmup, seconds, rate, leadIn, brokerRate, jvm,
        revision);
  }

  private static int positive(String flag, String v) {
    int n = Integer.parseInt(v);
    if (n <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, got " + v);
    }
    return n;
  }

  private static int atLeastZero(String flag, String v) {
    int n = Integer.parseInt(v);
    if (n < 0) {
      throw new IllegalArgumentException(flag + " must be 0 or more, got " + v);
    }
    return n;
  }
}
