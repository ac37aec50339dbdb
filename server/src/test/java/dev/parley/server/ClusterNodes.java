package dev.parley.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parley nodes as real server processes: the real {@code Main} in child JVMs (the same java, the
 * test class path, as {@link MainProcessTest} and {@link MoneyCrashTest} start it), one PostgreSQL
 * database shared by all, each node with its own HTTP port, cluster port and data directory, the
 * member list naming every node. A node can be killed with SIGKILL and started again with the same
 * flags (same ports), as an operator's service manager would restart it.
 */
final class ClusterNodes implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  private static final Pattern READY = Pattern.compile("Parley is ready: http://");

  /** One node: its fixed ports and the process running it now (null while it is down). */
  static final class Node {
    final int index;
    final int httpPort;
    final int clusterPort;
    final Path dataDir;
    volatile Process process;
    int starts;

    Node(int index, int httpPort, int clusterPort, Path dataDir) {
      this.index = index;
      this.httpPort = httpPort;
      this.clusterPort = clusterPort;
      this.dataDir = dataDir;
    }

    String name() {
      return "node" + (index + 1);
    }

    @Override
    public String toString() {
      return name() + " (http " + httpPort + ", cluster " + clusterPort + ")";
    }
  }

  private final Path dir;
  private final List<Node> nodes = new ArrayList<>();
  private final List<String> sharedFlags;

  /**
   * {@code count} nodes (not started) with free ports; {@code sharedFlags} are given to every node
   * (database, bootstrap admin, public URL, throttles), the cluster flags are added here.
   */
  ClusterNodes(Path dir, int count, List<String> sharedFlags) throws IOException {
    this.dir = dir;
    this.sharedFlags = List.copyOf(sharedFlags);
    for (int i = 0; i < count; i++) {
      nodes.add(new Node(i, freePort(), freePort(), dir.resolve("node" + (i + 1))));
    }
  }

  List<Node> nodes() {
    return nodes;
  }

  Node node(int index) {
    return nodes.get(index);
  }

  /** The member list every node is given: host:port of each node's cluster port. */
  String members() {
    return nodes.stream().map(n -> HOST + ":" + n.clusterPort).collect(Collectors.joining(","));
  }

  /** The flags of {@code node}: its own ports and data directory, the cluster, the shared ones. */
  List<String> flags(Node node) {
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(node.httpPort), "--host", HOST,
        "--data-dir", node.dataDir.toString(), "--http-instances", "2",
        "--cluster.enabled", "true", "--cluster.host", HOST, "--cluster.port", Integer.toString(node.clusterPort),
        "--cluster.members", members()));
    args.addAll(sharedFlags);
    return args;
  }

  /** Starts {@code node}'s process; returns once it printed that it is ready (or fails saying why not). */
  void start(Node node) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(flags(node));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
    node.starts++;
    Path stderr = dir.resolve(node.name() + "-" + node.starts + ".stderr");
    Path stdout = dir.resolve(node.name() + "-" + node.starts + ".stdout");
    builder.redirectError(stderr.toFile());
    Process process = builder.start();
    node.process = process;
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
          Files.writeString(stdout, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.APPEND);
        }
      } catch (IOException ignored) {
        // the process is gone
      }
    }, "stdout-of-" + node.name());
    reader.setDaemon(true);
    reader.start();
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError(node + " did not say it was ready in time"
            + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; stdout: " + seen
            + "; stderr: " + tail(stderr));
      }
      seen.add(line);
      if (READY.matcher(line).find()) {
        return;
      }
    }
  }

  /** Starts several nodes at once (each its own thread); returns when all are ready. */
  void startAll(List<Node> some) throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (Node n : some) {
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          start(n);
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("nodes did not start: " + failures);
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }

  /**
   * SIGKILL to the node's own JVM (no shutdown hook runs, nothing is said goodbye to the cluster);
   * returns its exit code (137).
   */
  int kill(Node node) throws InterruptedException {
    Process p = node.process;
    if (!p.info().command().orElse("").endsWith("/bin/java")) {
      throw new AssertionError("the process killed must be the server JVM itself: " + p.info());
    }
    p.destroyForcibly();
    if (!p.waitFor(1, TimeUnit.MINUTES)) {
      throw new AssertionError(node + " did not die");
    }
    node.process = null;
    return p.exitValue();
  }

  /** The stderr of the node's latest start, for failure messages. */
  String stderr(Node node) {
    return tail(dir.resolve(node.name() + "-" + node.starts + ".stderr"));
  }

  private static String tail(Path file) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Node n : nodes) {
      Process p = n.process;
      if (p != null) {
        p.destroy();
      }
    }
    for (Node n : nodes) {
      Process p = n.process;
      if (p != null && !p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(20, TimeUnit.SECONDS);
      }
      n.process = null;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    }
  }
}
