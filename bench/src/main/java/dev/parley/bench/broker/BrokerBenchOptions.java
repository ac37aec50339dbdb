package dev.parley.bench.broker;

import dev.parley.bench.driver.Flags;
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
    Flags f = Flags.parse("broker", args, "--users", "--concurrency", "--warmup-seconds", "--seconds", "--rate",
        "--lead-in-seconds", "--broker-rate");
    return new BrokerBenchOptions(f.launcher(), f.workDir(), f.atLeast("--users", 20, 1),
        f.atLeast("--concurrency", 32, 1),
        f.atLeast("--warmup-seconds", 20, 0), f.atLeast("--seconds", 20, 1), f.atLeast("--rate", 1000, 1),
        f.atLeast("--lead-in-seconds", 5, 0), f.atLeast("--broker-rate", 1_000_000, 1), f.serverJvmOptions(),
        f.revision());
  }
}
