package dev.parley.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * HAProxy (the Debian package {@code haproxy}) on loopback in front of the nodes, configured as
 * docs/operations.md says: HTTP mode, round robin per request with no stickiness (any node serves
 * any request and any WebSocket), WebSocket upgrades passed through ({@code timeout tunnel}),
 * {@code /health/ready} checked on every node every second, a request that could not reach a node
 * sent to another ({@code option redispatch}).
 */
final class Haproxy implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private final Path admin;

  private Haproxy(Process process, int port, Path log, Path admin) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.admin = admin;
  }

  /** One command of HAProxy's runtime API (its stats socket); the answer. */
  String command(String command) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(admin));
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) >= 0) {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** How many nodes HAProxy's health checks now count as up. */
  int nodesUp() throws IOException {
    int up = 0;
    for (String line : command("show stat").split("\n")) {
      String[] f = line.split(",");
      if (f.length > 17 && f[0].equals("parley_nodes") && f[1].startsWith("node") && f[17].startsWith("UP")) {
        up++;
      }
    }
    return up;
  }

  /** Waits (at most two minutes) until HAProxy counts {@code count} nodes as up. */
  void awaitNodesUp(int count) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    int up;
    while ((up = nodesUp()) < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("HAProxy counts " + up + " of " + count + " nodes up:\n" + command("show stat"));
      }
      Thread.sleep(100);
    }
  }

  /** The haproxy executable, if installed. */
  static Optional<Path> executable() {
    return Stream.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy").map(Path::of)
        .filter(Files::isExecutable).findFirst();
  }

  /** The configuration: a frontend on {@code port} and one server line per node's HTTP port. */
  static String config(int port, List<Integer> nodePorts) {
    return config(port, nodePorts, null);
  }

  /** The same with the runtime API on the Unix socket {@code adminSocket} (null: none). */
  static String config(int port, List<Integer> nodePorts, Path adminSocket) {
    StringBuilder servers = new StringBuilder();
    for (int i = 0; i < nodePorts.size(); i++) {
      servers.append("  server node").append(i + 1).append(" 127.0.0.1:").append(nodePorts.get(i)).append('\n');
    }
    return """
        global
          maxconn 4096
        %s
        defaults
          mode http
          option redispatch
          retries 3
          timeout connect 1s
          timeout client 120s
          timeout server 60s
          timeout http-request 10s
          # idle keep-alive connections outlive the clients' own idle timeout (60 s): the client closes them
          timeout http-keep-alive 120s
          timeout check 5s
          # WebSockets (/api/live) live as long as the client keeps them
          timeout tunnel 1h

        frontend parley
          bind 127.0.0.1:%d
          option forwardfor
          default_backend parley_nodes

        backend parley_nodes
          balance roundrobin
          option httpchk
          http-check send meth GET uri /health/ready
          http-check expect status 200
          default-server check inter 1s fall 3 rise 2
        %s""".formatted(adminSocket == null ? "" : "  stats socket " + adminSocket + " mode 600 level admin\n", port,
        servers);
  }

  /** Writes the configuration into {@code dir}, checks it ({@code haproxy -c}), starts HAProxy in the foreground. */
  static Haproxy start(Path dir, int port, List<Integer> nodePorts) throws IOException, InterruptedException {
    Path exe = executable().orElseThrow(() -> new IllegalStateException("haproxy is not installed"));
    Path cfg = dir.resolve("haproxy.cfg");
    Path admin = dir.resolve("haproxy.sock");
    Files.writeString(cfg, config(port, nodePorts, admin), StandardCharsets.UTF_8);
    Process check = new ProcessBuilder(exe.toString(), "-c", "-f", cfg.toString()).redirectErrorStream(true).start();
    String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
      throw new AssertionError("haproxy -c refused the configuration:\n" + checked);
    }
    Path log = dir.resolve("haproxy.log");
    Process process = new ProcessBuilder(exe.toString(), "-db", "-f", cfg.toString()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    Haproxy proxy = new Haproxy(process, port, log, admin);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("haproxy exited: " + Files.readString(log));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return proxy;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("haproxy did not listen on " + port);
  }

  int port() {
    return port;
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
