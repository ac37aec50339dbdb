package dev.parley.bench.money;

import dev.parley.bench.driver.Flags;
import dev.parley.bench.driver.ServerProcess;
import java.nio.file.Path;
import java.util.List;

/** How hard to run, from the command line: {@code [--flag value ...]}. */
record MoneyBenchOptions(
    Path launcher,
    Path workDir,
    List<String> databases,
    String postgresUrl,
    int wallets,
    int signupConcurrency,
    int concurrency,
    int warmupSeconds,
    int seconds,
    int leadInSeconds,
    String serverJvmOptions,
    String revision,
    String pgbench,
    String pgbenchUrl,
    int pgbenchScale) {

  /** Confirmed transfers per second on PostgreSQL, closed-loop (issue 7). */
  static final double THROUGHPUT_TARGET = 2_000;

  static String usage() {
    return """
        usage: ./parley bench money [--flag value ...]
          --databases LIST           h2, postgresql or both, comma-separated (default h2,postgresql)
          --wallets N                users signed up and topped up (one EUR wallet each) (default 10000)
          --signup-concurrency N     sign-ups in flight while setting up (Argon2 on the server) (default 8)
          --concurrency N            payments in flight in the closed-loop phase (default 32)
          --warmup-seconds N         closed-loop warm-up before the measurement (default 15)
          --seconds N                seconds of each measured phase (default 20)
          --lead-in-seconds N        open-loop payments at the rate before its measurement starts (default 5)
          --server-jvm-options S     extra JVM options for the server (via JAVA_TOOL_OPTIONS), for experiments
          --pgbench-scale N          pgbench -i -s N for the tpcb-like baseline on the same PostgreSQL (default 10)
        bench/money.sh creates a fresh PostgreSQL database for the run (and drops it after) and passes --postgres-url;
        it also creates one for pgbench (found under /usr/lib/postgresql/*/bin) and passes --pgbench and --pgbench-url:
        after the payments on PostgreSQL, pgbench -b tpcb-like runs as many clients as --concurrency for --seconds.
        """;
  }

  /** How to start the server, for {@link ServerProcess#launch}. */
  ServerProcess.Launcher server() {
    return new ServerProcess.Launcher(launcher, workDir, serverJvmOptions);
  }

  static MoneyBenchOptions parse(String[] args) {
    Flags f = Flags.parse("money", args, "--databases", "--postgres-url", "--wallets", "--signup-concurrency",
        "--concurrency", "--warmup-seconds", "--seconds", "--lead-in-seconds", "--pgbench", "--pgbench-url",
        "--pgbench-scale");
    return new MoneyBenchOptions(f.launcher(), f.workDir(), databases(f.string("--databases", "h2,postgresql")),
        f.string("--postgres-url", ""), f.atLeast("--wallets", 10_000, 2), f.atLeast("--signup-concurrency", 8, 1),
        f.atLeast("--concurrency", 32, 1), f.atLeast("--warmup-seconds", 15, 0), f.atLeast("--seconds", 20, 1),
        f.atLeast("--lead-in-seconds", 5, 0), f.serverJvmOptions(), f.revision(), f.string("--pgbench", ""),
        f.string("--pgbench-url", ""), f.atLeast("--pgbench-scale", 10, 1));
  }

  private static List<String> databases(String v) {
    List<String> out = List.of(v.split(","));
    for (String d : out) {
      if (!d.equals("h2") && !d.equals("postgresql")) {
        throw new IllegalArgumentException("--databases takes h2 and/or postgresql, got " + d);
      }
    }
    return out;
  }
}
