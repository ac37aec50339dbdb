package dev.parley.bench.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Parley server running as its own process, started through the launcher that bench/launcher.sh
 * derives from {@code ./parley start}, on a free port and a given data directory. Also reads
 * what the JDK tools and /proc say about it.
 */
public final class ServerProcess implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+) s");
  private static final Pattern HEAP_USED = Pattern
      .compile("(?m)^\\s*garbage-first heap\\s+total (?:reserved )?(\\d+)K, (?:committed (\\d+)K, )?used (\\d+)K");
  private static final Pattern ANY_HEAP_USED = Pattern.compile("(?m)heap\\s+total[^\\n]*?used (\\d+)K");
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final Process process;
  private final int port;
  private final Path log;
  private final long launchedAtNanos;

  private ServerProcess(Process process, int port, Path log, long launchedAtNanos) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.launchedAtNanos = launchedAtNanos;
  }

  /**
   * How to start a server: the launcher script the bench's shell script derived from {@code ./parley
   * start}, the work directory (where {@code server.pids} lists every server started, for the shell
   * script to stop if the driver is interrupted) and extra JVM options for experiments (may be blank).
   */
  public record Launcher(Path script, Path workDir, String jvmOptions) {
    public Launcher {
      java.util.Objects.requireNonNull(script, "script");
      java.util.Objects.requireNonNull(workDir, "workDir");
      java.util.Objects.requireNonNull(jvmOptions, "jvmOptions");
    }
  }

  /** The scrape token the benches' servers are started with ({@code /metrics} is off without one). */
  public static final String METRICS_TOKEN = "parley-bench-metrics-scrape-token";

  /** Launches the server; returns at once (see {@link #awaitReady}). */
  public static ServerProcess launch(Launcher launcher, Path dataDir, Path log, String... extraFlags)
      throws IOException {
    int port = freePort();
    List<String> cmd = new ArrayList<>(List.of(launcher.script().toString(), "--port", Integer.toString(port),
        "--host", HOST, "--data-dir", dataDir.toString(), "--metrics-token", METRICS_TOKEN,
        // Every bench user signs up from this one address: lift the per-address sign-up throttle.
        "--throttle.sign-ups-per-address", "1000000"));
    cmd.addAll(List.of(extraFlags));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // The embedded defaults: no PARLEY_* settings from the caller's environment.
    pb.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
    if (!launcher.jvmOptions().isBlank()) {
      pb.environment().put("JAVA_TOOL_OPTIONS", launcher.jvmOptions());
    }
    long t0 = System.nanoTime();
    Process p = pb.start();
    ServerProcess server = new ServerProcess(p, port, log, t0);
    Files.writeString(launcher.workDir().resolve("server.pids"), p.pid() + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    return server;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** Nanoseconds from launch to the first 200 of {@code /health/live} (serving HTTP) and of {@code /health/ready}. */
  public record Readiness(long liveNanos, long readyNanos) {
  }

  /**
   * Polls {@code GET /health/live}, then {@code GET /health/ready}, every {@code pollMillis} over a
   * fresh connection until each answers 200.
   */
  public Readiness awaitReady(Duration timeout, long pollMillis) throws IOException, InterruptedException {
    long deadline = launchedAtNanos + timeout.toNanos();
    long live = -1;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "the server exited with " + process.exitValue() + " before it was ready:\n" + logTail(30));
      }
      if (live < 0 && ok("/health/live")) {
        live = System.nanoTime() - launchedAtNanos;
      }
      if (live >= 0 && ok("/health/ready")) {
        return new Readiness(live, System.nanoTime() - launchedAtNanos);
      }
      Thread.sleep(pollMillis);
    }
    throw new IOException("the server was not ready after " + timeout.toSeconds() + " s:\n" + logTail(30));
  }

  private boolean ok(String path) {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(HOST, port), 500);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + HOST + ":" + port + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = new byte[12];
      int n = 0;
      while (n < head.length) {
        int r = in.read(head, n, head.length - n);
        if (r < 0) {
          return false;
        }
        n += r;
      }
      return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
    } catch (IOException e) {
      return false;
    }
  }

  /** The "started in X s" figure of the server's own banner, once it has printed it. */
  public Optional<Double> bannerStartedIn(Duration wait) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    do {
      Matcher m = STARTED_IN.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return Optional.of(Double.parseDouble(m.group(1)));
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    return Optional.empty();
  }

  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** CPU time (user + system) the server process has used so far. */
  public long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU time per group of the server's threads so far (thread names without their numbers, as
   * Linux keeps them: at most 15 characters), from /proc/PID/task.
   */
  public Map<String, Long> threadCpuNanos() {
    Map<String, Long> out = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid() + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / TICKS_PER_SECOND);
          out.merge(threadGroup(comm), nanos, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    return out;
  }

  /** The server's CPU by thread group between two {@link #threadCpuNanos} readings, in % of one core, largest first. */
  public static String cpuShares(Map<String, Long> a, Map<String, Long> b, long wallNanos) {
    List<Map.Entry<String, Long>> d = new ArrayList<>();
    b.forEach((k, v) -> d.add(Map.entry(k, v - a.getOrDefault(k, 0L))));
    d.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Long> e : d.subList(0, Math.min(7, d.size()))) {
      double pct = 100.0 * e.getValue() / Math.max(1, wallNanos);
      if (pct >= 0.5) {
        out.append(out.isEmpty() ? "" : ", ").append(e.getKey()).append(String.format(Locale.ROOT, " %.0f%%", pct));
      }
    }
    return out.toString();
  }

  public static String threadGroup(String comm) {
    String c = comm.replaceAll("[#\\d]+$", "").trim();
    if (c.startsWith("vert.x-eventloo")) {
      return "event loops";
    } else if (c.startsWith("vert.x-worker")) {
      return "worker pool (JDBC/H2)";
    } else if (c.startsWith("vert.x-internal")) {
      return "internal blocking";
    } else if (c.startsWith("C2 Compiler") || c.startsWith("C1 Compiler")) {
      return "JIT compilers";
    } else if (c.startsWith("G1") || c.startsWith("GC Thread") || c.startsWith("VM Thread")) {
      return "GC + VM";
    } else if (c.startsWith("H2") || c.startsWith("MVStore")) {
      return "H2 background";
    } else if (c.contains("Truffle") || c.contains("JVMCI") || c.contains("Graal")) {
      return "Truffle/Graal";
    } else if (c.startsWith("parley-password")) {
      return "password hashing";
    }
    return c;
  }

  /** Resident set size of the server process. */
  public long rssBytes() {
    return procStatusKb("VmRSS") * 1024;
  }

  public int threads() {
    return (int) procStatusKb("Threads");
  }

  private long procStatusKb(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return -1;
  }

  /** Runs {@code jcmd <pid> <command...>} and returns its output. */
  public String jcmd(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid()));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  /** Forces a full collection ({@code System.gc()} through jcmd) and returns the heap in use after it. */
  public long heapUsedAfterFullGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    return heapUsed();
  }

  public long heapUsed() throws IOException, InterruptedException {
    String info = jcmd("GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (m.find()) {
      return Long.parseLong(m.group(3)) * 1024;
    }
    Matcher any = ANY_HEAP_USED.matcher(info);
    if (any.find()) {
      return Long.parseLong(any.group(1)) * 1024;
    }
    throw new IOException("cannot read the heap size from jcmd GC.heap_info:\n" + info);
  }

  /** A JVM flag's value as {@code jcmd VM.flags -all} prints it. */
  public Optional<String> vmFlag(String name) throws IOException, InterruptedException {
    Matcher m = Pattern.compile("(?m)^\\s*\\S+\\s+" + Pattern.quote(name) + "\\s+=\\s+(\\S+)")
        .matcher(jcmd("VM.flags", "-all"));
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Live objects per class (the histogram forces a full collection): class name to {instances, bytes}. */
  public Map<String, long[]> classHistogram() throws IOException, InterruptedException {
    Map<String, long[]> out = new HashMap<>();
    Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    for (String line : jcmd("GC.class_histogram").split("\n")) {
      Matcher m = row.matcher(line);
      if (m.find()) {
        out.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
      }
    }
    return out;
  }

  /** Stops the server the way Ctrl+C does (SIGTERM, its shutdown hook), forcibly if it hangs. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
