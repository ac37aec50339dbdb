package dev.parley.bench.money;

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
    String revision) {

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
        bench/money.sh creates a fresh PostgreSQL database for the run (and drops it after) and passes --postgres-url.
        """;
  }

  /** How to start the server, for {@link ServerProcess#launch}. */
  ServerProcess.Launcher server() {
    return new ServerProcess.Launcher(launcher, workDir, serverJvmOptions);
  }

  static MoneyBenchOptions parse(String[] args) {
    Path launcher = null;
    Path workDir = null;
    List<String> databases = List.of("h2", "postgresql");
    String postgresUrl = "";
    int wallets = 10_000;
    int signups = 8;
    int concurrency = 32;
    int warmup = 15;
    int seconds = 20;
    int leadIn = 5;
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
        case "--databases" -> databases = databases(v);
        case "--postgres-url" -> postgresUrl = v;
        case "--wallets" -> wallets = atLeast(a, v, 2);
        case "--signup-concurrency" -> signups = atLeast(a, v, 1);
        case "--concurrency" -> concurrency = atLeast(a, v, 1);
        case "--warmup-seconds" -> warmup = atLeast(a, v, 0);
        case "--seconds" -> seconds = atLeast(a, v, 1);
        case "--lead-in-seconds" -> leadIn = atLeast(a, v, 0);
        case "--server-jvm-options" -> jvm = v;
        case "--revision" -> revision = v;
        default -> throw new IllegalArgumentException("unknown flag " + a);
      }
    }
    if (launcher == null || workDir == null) {
      throw new IllegalArgumentException("--launcher and --work-dir are set by bench/money.sh; run ./parley bench money");
    }
    return new MoneyBenchOptions(launcher, workDir, databases, postgresUrl, wallets, signups, concurrency, warmup, seconds,
        leadIn, jvm, revision);
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

  private static int atLeast(String flag, String v, int min) {
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, got " + v);
    }
    if (n < min) {
      throw new IllegalArgumentException(flag + " must be at least " + min + ", got " + v);
    }
    return n;
  }
}
