package dev.parley.bench.chat;

import dev.parley.bench.driver.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What to run and how hard, from the command line:
 * {@code [startup] [fanout] [memory] [--flag value ...]}; no part named = all three.
 */
record ChatBenchOptions(
    Path launcher,
    Path workDir,
    Set<String> parts,
    int startupRuns,
    int fanoutClients,
    int groupSize,
    int headlineRate,
    List<Integer> rates,
    int warmupSeconds,
    int stepSeconds,
    int headlineSeconds,
    double p99LimitMs,
    double headlineP99TargetMs,
    int textLength,
    int memoryConnections,
    int memoryAccounts,
    boolean memoryDeflate,
    int reclaimMessages,
    int reclaimWaitSeconds,
    List<Integer> attachmentRates,
    int attachmentEvery,
    String serverJvmOptions,
    String jfr,
    String jfrSettings,
    String revision) {

  /** The parts one can name; {@code reclaim} and {@code attachments} run only when named. */
  static final Set<String> ALL_PARTS = Set.of("startup", "fanout", "memory", "reclaim", "attachments");

  ChatBenchOptions {
    parts = Set.copyOf(parts);
    rates = List.copyOf(rates);
    attachmentRates = List.copyOf(attachmentRates);
  }

  /** How to start the server, for {@link ServerProcess#launch}. */
  ServerProcess.Launcher server() {
    return new ServerProcess.Launcher(launcher, workDir, serverJvmOptions);
  }

  static String usage() {
    return """
        usage: ./parley bench chat [startup] [fanout] [memory] [reclaim] [attachments] [--flag value ...]   (no part: the first three)
          --startup-runs N           server starts to time (default 5; the first on an empty data dir)
          --clients N                fan-out WebSocket clients (default 200)
          --group-size N             members per group (default 10; clients/group-size groups)
          --rate N                   headline fan-out rate, messages/s (default 5000)
          --rates A,B,C              step-up rates for the highest rate with p99 under the limit
                                     (default 250,500,1000,2000,3000,5000,8000,12000,16000,20000,25000,30000;
                                     the warm-up runs at twice the first)
          --warmup-seconds N         warm-up before the steps (default 10; then 5 s more at a time, up to 25 s,
                                     while the server's JIT still compiles over 0.5 s per round)
          --step-seconds N           seconds of sending per step (default 15; the headline step 20)
          --p99-limit-ms X           the step-up stops when delivered-to-all p99 exceeds this (default 50)
          --text-length N            characters of message text (default 80)
          --connections N            idle WebSockets for the memory figure (default 10000)
          --memory-accounts N        accounts they belong to (default 100)
          --memory-deflate           also measure with permessage-deflate negotiated, as browsers do
          --reclaim-messages N       messages in the burst of the reclaim part (default 20000)
          --reclaim-wait-seconds N   idle time after it, RSS and heap printed every 15 s (default 120)
          --attachment-rates A,B     rates of the attachments part: at each, a text-only step and then one
                                     where every Nth message carries an image (default 250,500)
          --attachment-every N       every Nth message of the attachments part carries one (default 4)
          --server-jvm-options S     extra JVM options for the server (via JAVA_TOOL_OPTIONS), for experiments
          --jfr FILE                 record the server with JDK Flight Recorder (profile settings) during the
                                     fan-out steps only (after the set-up) into FILE
          --jfr-settings S           JFR settings for --jfr: profile (default), default, or a .jfc file
        """;
  }

  static ChatBenchOptions parse(String[] args) {
    Path launcher = null;
    Path workDir = null;
    Set<String> parts = new LinkedHashSet<>();
    int startupRuns = 5;
    int clients = 200;
    int groupSize = 10;
    int headlineRate = 5000;
    List<Integer> rates = List.of(250, 500, 1000, 2000, 3000, 5000, 8000, 12000, 16000, 20000, 25000, 30000);
    int warmup = 10;
    int step = 15;
    int headlineSeconds = 20;
    double p99Limit = 50;
    int textLength = 80;
    int connections = 10_000;
    int memoryAccounts = 100;
    boolean deflate = false;
    int reclaimMessages = 20_000;
    int reclaimWait = 120;
    List<Integer> attachmentRates = List.of(250, 500);
    int attachmentEvery = 4;
    String jvm = "";
    String jfr = "";
    String jfrSettings = "profile";
    String revision = "unknown";
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (ALL_PARTS.contains(a) || a.equals("all")) {
        parts.addAll(a.equals("all") ? List.of("startup", "fanout", "memory") : List.of(a));
        continue;
      }
      if (a.equals("-h") || a.equals("--help") || a.equals("help")) {
        throw new IllegalArgumentException("");
      }
      if (a.equals("--memory-deflate")) {
        deflate = true;
        continue;
      }
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String v = args[++i];
      switch (a) {
        case "--launcher" -> launcher = Path.of(v);
        case "--work-dir" -> workDir = Path.of(v);
        case "--startup-runs" -> startupRuns = positive(a, v);
        case "--clients" -> clients = positive(a, v);
        case "--group-size" -> groupSize = positive(a, v);
        case "--rate" -> headlineRate = positive(a, v);
        case "--rates" -> {
          List<Integer> list = new ArrayList<>();
          for (String r : v.split(",")) {
            list.add(positive(a, r.trim()));
          }
          rates = list;
        }
        case "--warmup-seconds" -> warmup = Integer.parseInt(v);
        case "--step-seconds" -> step = positive(a, v);
        case "--p99-limit-ms" -> p99Limit = Double.parseDouble(v);
        case "--text-length" -> textLength = positive(a, v);
        case "--connections" -> connections = positive(a, v);
        case "--memory-accounts" -> memoryAccounts = positive(a, v);
        case "--reclaim-messages" -> reclaimMessages = positive(a, v);
        case "--reclaim-wait-seconds" -> reclaimWait = positive(a, v);
        case "--attachment-rates" -> {
          List<Integer> list = new ArrayList<>();
          for (String r : v.split(",")) {
            list.add(positive(a, r.trim()));
          }
          attachmentRates = list;
        }
        case "--attachment-every" -> attachmentEvery = positive(a, v);
        case "--server-jvm-options" -> jvm = v;
        case "--jfr" -> jfr = Path.of(v).toAbsolutePath().toString();
        case "--jfr-settings" -> jfrSettings = v;
        case "--revision" -> revision = v;
        default -> throw new IllegalArgumentException("unknown flag " + a);
      }
    }
    if (launcher == null || workDir == null) {
      throw new IllegalArgumentException("--launcher and --work-dir are set by bench/chat.sh; run ./parley bench chat");
    }
    if (clients % groupSize != 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "--clients (%d) must be a multiple of --group-size (%d)",
              clients, groupSize));
    }
    if (parts.isEmpty()) {
      parts.addAll(List.of("startup", "fanout", "memory"));
    }
    List<Integer> steps = new ArrayList<>(rates);
    if (!steps.contains(headlineRate)) {
      steps.add(headlineRate);
    }
    steps.sort(Integer::compare);
    return new ChatBenchOptions(launcher, workDir, parts, startupRuns, clients, groupSize, headlineRate, steps, warmup,
        step, Math.max(step, 20), p99Limit, 20, textLength, connections, memoryAccounts, deflate, reclaimMessages,
        reclaimWait, attachmentRates, attachmentEvery, jvm, jfr, jfrSettings,
        revision);
  }

  private static int positive(String flag, String v) {
    int n = Integer.parseInt(v);
    if (n <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, got " + v);
    }
    return n;
  }
}
