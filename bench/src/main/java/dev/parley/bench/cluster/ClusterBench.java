package dev.parley.bench.cluster;

import dev.parley.bench.driver.Api;
import dev.parley.bench.driver.Flags;
import dev.parley.bench.driver.PostgresCpu;
import dev.parley.bench.driver.ServerProcess;
import dev.parley.bench.driver.Summary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * {@code ./parley bench cluster}: the same load against one plain node (no cluster), then clusters
 * of 1, 2 and 3 nodes (server processes as {@code ./parley start} runs them, each configuration on a
 * fresh PostgreSQL database), printed side by side. A group of {@code --members} people has its live
 * sockets spread over the nodes (member i on node i mod n) and {@code --senders} of them send through
 * different nodes, so most deliveries cross nodes. Per configuration:
 * <ul>
 * <li>fan-out throughput: closed-loop sends ({@code --in-flight} each), messages and deliveries per second,
 * and the CPU per message of all nodes together and of PostgreSQL;</li>
 * <li>delivery latency at a fixed rate ({@code --rate} messages/s, open-loop): from the send to the
 * receiving socket, p50/p99, separately for sockets on the node that took the send and on others;</li>
 * <li>brokered calls ({@code /poll}, a card posted through the sandbox) spread over the nodes,
 * closed-loop: calls per second, p99, CPU per call.</li>
 * </ul>
 * Clustering's overhead per message is the CPU per message of n clustered nodes minus that of the plain
 * node. On a 2-core machine every node shares the same cores, so throughput cannot grow with nodes here;
 * the per-message costs are what the estimate for N machines is made from (bench/README.md, "cluster").
 */
public final class ClusterBench {

  private static final String ADMIN = "clusteradmin";
  private static final long SETTLE_MILLIS = 1_500;
  private static final long TIMEOUT = 120;

  /** One configuration's figures. */
  record Figures(String name, double msgsPerSec, double deliveriesPerSec, double serverMsPerMsg, double pgMsPerMsg,
      double sameP50, double sameP99, double crossP50, double crossP99, long sameCount, long crossCount,
      double callsPerSec, double callP99, double serverMsPerCall, double pgMsPerCall) {
  }

  private final Flags flags;
  private final Vertx vertx = Vertx.vertx();
  private final int members;
  private final int senders;
  private final int inFlight;
  private final int rate;
  private final int seconds;

  private ClusterBench(Flags flags) {
    this.flags = flags;
    this.members = flags.atLeast("--members", 30, 2);
    this.senders = flags.atLeast("--senders", 3, 1);
    this.inFlight = flags.atLeast("--in-flight", 4, 1);
    this.rate = flags.atLeast("--rate", 30, 1);
    this.seconds = flags.atLeast("--seconds", 8, 1);
  }

  public static void main(String[] args) throws Exception {
    Flags flags;
    try {
      flags = Flags.parse("cluster", args, "--postgres-urls", "--members", "--senders", "--in-flight", "--rate",
          "--seconds");
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("bench cluster: " + e.getMessage());
      }
      System.err.println("usage: ./parley bench cluster [--members 30] [--senders 3] [--in-flight 4] [--rate 30]"
          + " [--seconds 8]");
      System.exit(2);
      return;
    }
    int status;
    try {
      status = new ClusterBench(flags).run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private int run() throws Exception {
    String[] urls = flags.string("--postgres-urls", "").split(",");
    if (urls.length < 4 || urls[0].isBlank()) {
      System.out.println("bench cluster: SKIPPED, bench/cluster.sh could not create four PostgreSQL databases");
      return 1;
    }
    System.out.printf(Locale.ROOT,
        "bench cluster (revision %s): %d members, %d senders x %d in flight, %d msg/s for latency, %d s per phase;"
            + " %d cores shared by every node, the driver and PostgreSQL%n",
        flags.revision(), members, senders, inFlight, rate, seconds, Runtime.getRuntime().availableProcessors());
    List<Figures> all = new ArrayList<>();
    all.add(configuration("1 node, plain", 1, false, urls[0]));
    all.add(configuration("1 node, cluster", 1, true, urls[1]));
    all.add(configuration("2 nodes", 2, true, urls[2]));
    all.add(configuration("3 nodes", 3, true, urls[3]));
    print(all);
    vertx.close().await();
    return 0;
  }

  // ---- one configuration ----

  private Figures configuration(String name, int nodes, boolean clustered, String databaseUrl) throws Exception {
    System.out.printf(Locale.ROOT, "%n== %s ==%n", name);
    ServerProcess.Launcher launcher = new ServerProcess.Launcher(flags.launcher(), flags.workDir(),
        flags.serverJvmOptions());
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      clusterPorts.add(ServerProcess.freePort());
    }
    String memberList = String.join(",", clusterPorts.stream().map(p -> ServerProcess.HOST + ":" + p).toList());
    List<ServerProcess> servers = new ArrayList<>();
    List<Api> apis = new ArrayList<>();
    WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(128 * 1024)
        .setMaxMessageSize(256 * 1024).setMaxConnections(10_000));
    try {
      for (int i = 0; i < nodes; i++) {
        String tag = name.replace(' ', '-').replace(",", "") + "-node" + (i + 1);
        Path data = Files.createDirectories(flags.workDir().resolve(tag));
        List<String> extra = new ArrayList<>(List.of("--database-url", databaseUrl,
            "--bootstrap-admin.username", ADMIN, "--bootstrap-admin.password", Api.PASSWORD,
            "--safety.sends-per-window", "1000000", "--broker.user-rate", "100000", "--broker.app-rate", "100000",
            "--broker.conversation-rate", "100000"));
        if (clustered) {
          extra.addAll(List.of("--attachments.store", "postgres", "--cluster.enabled", "true", "--cluster.host",
              ServerProcess.HOST,
              "--cluster.port", Integer.toString(clusterPorts.get(i)), "--cluster.members", memberList));
        }
        ServerProcess server = ServerProcess.launch(launcher, data, flags.workDir().resolve(tag + ".log"),
            extra.toArray(String[]::new));
        servers.add(server);
        if (i == 0) {
          server.awaitReady(Duration.ofMinutes(3), 100); // the first makes the schema and the admin
        }
      }
      for (ServerProcess s : servers) {
        s.awaitReady(Duration.ofMinutes(3), 100);
        apis.add(new Api(vertx, s.port(), "parley-bench-cluster"));
      }
      return measure(name, servers, apis, sockets);
    } finally {
      sockets.close();
      apis.forEach(Api::close);
      for (ServerProcess s : servers) {
        s.close();
      }
    }
  }

  private Figures measure(String name, List<ServerProcess> servers, List<Api> apis, WebSocketClient sockets)
      throws Exception {
    int n = servers.size();
    Api first = apis.getFirst();
    List<Api.Session> people = first.signUpMany("m", members, 4);
    Api.Session owner = people.getFirst();
    String group = first.createGroup(owner, "cluster bench",
        people.subList(1, people.size()).stream().map(Api.Session::accountId).toList())
        .await(TIMEOUT, TimeUnit.SECONDS);
    first.call(HttpMethod.POST, "/api/conversations/" + group + "/apps", owner, new JsonObject().put("appId", "poll"),
        201).await(TIMEOUT, TimeUnit.SECONDS);
    first.call(HttpMethod.POST, "/api/apps/poll/consent", owner, new JsonObject().put("conversationId", group)
        .put("permissions", new JsonArray().add("cards.post").add("storage.conversation").add("members.read")), 200)
        .await(TIMEOUT, TimeUnit.SECONDS);

    // Live sockets: member i on node i mod n.
    Histogram same = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    Histogram cross = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong deliveries = new AtomicLong();
    AtomicBoolean recording = new AtomicBoolean();
    List<WebSocket> open = new ArrayList<>();
    for (int i = 0; i < people.size(); i++) {
      int node = i % n;
      WebSocket ws = apis.get(node).openLive(sockets, people.get(i), new java.util.concurrent.atomic.AtomicInteger(), 0)
          .await(TIMEOUT,
              TimeUnit.SECONDS);
      Future<Void> ready = readyOf(ws, node, same, cross, deliveries, recording);
      ws.writeTextMessage(new JsonObject().put("type", "resume").put("cursors", new JsonObject()).encode());
      ready.await(TIMEOUT, TimeUnit.SECONDS);
      open.add(ws);
    }

    // Fan-out, closed-loop: each sender keeps inFlight sends going through its own node.
    settle();
    Cpu c0 = Cpu.read(servers);
    deliveries.set(0);
    long t0 = System.nanoTime();
    long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong sent = new AtomicLong();
    List<Future<Void>> loops = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int node = s % n;
      Api.Session sender = people.get(s);
      for (int k = 0; k < inFlight; k++) {
        loops.add(sendLoop(apis.get(node), sender, group, node, end, sent));
      }
    }
    Future.all(loops).await(TIMEOUT, TimeUnit.SECONDS);
    double wall = (System.nanoTime() - t0) / 1e9;
    Cpu c1 = Cpu.read(servers);
    Thread.sleep(500); // the last deliveries arrive
    double msgsPerSec = sent.get() / wall;
    double deliveriesPerSec = deliveries.get() / wall;
    double serverMsPerMsg = (c1.servers - c0.servers) / 1e6 / Math.max(1, sent.get());
    double pgMsPerMsg = (c1.postgres - c0.postgres) / 1e6 / Math.max(1, sent.get());
    System.out.printf(Locale.ROOT,
        "   fan-out: %,.0f messages/s, %,.0f deliveries/s; CPU per message: nodes %.3f ms, PostgreSQL %.3f ms%n",
        msgsPerSec, deliveriesPerSec, serverMsPerMsg, pgMsPerMsg);

    // Latency at a fixed rate, open-loop: sends round robin over the senders (and so over the nodes).
    settle();
    same.reset();
    cross.reset();
    recording.set(true);
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    List<Future<?>> answers = new ArrayList<>();
    for (long i = 0; i < (long) rate * seconds; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      int s = (int) (i % senders);
      answers.add(send(apis.get(s % n), people.get(s), group, s % n));
    }
    Future.join(answers).await(TIMEOUT, TimeUnit.SECONDS);
    Thread.sleep(1000);
    recording.set(false);
    System.out.printf(Locale.ROOT,
        "   delivery at %d msg/s: same node p50 %.1f / p99 %.1f ms (%,d); other nodes p50 %.1f / p99 %.1f ms (%,d)%n",
        rate, ms(same, 50), ms(same, 99), same.getTotalCount(), ms(cross, 50), ms(cross, 99), cross.getTotalCount());

    // Brokered calls, closed-loop, spread over the nodes.
    settle();
    Histogram calls = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    Cpu b0 = Cpu.read(servers);
    long ct0 = System.nanoTime();
    long cend = ct0 + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong done = new AtomicLong();
    List<Future<Void>> callLoops = new ArrayList<>();
    for (int k = 0; k < senders * inFlight; k++) {
      int node = k % n;
      callLoops.add(callLoop(apis.get(node), people.get(k % people.size()), group, cend, done, calls));
    }
    Future.all(callLoops).await(TIMEOUT, TimeUnit.SECONDS);
    double cwall = (System.nanoTime() - ct0) / 1e9;
    Cpu b1 = Cpu.read(servers);
    double callsPerSec = done.get() / cwall;
    double serverMsPerCall = (b1.servers - b0.servers) / 1e6 / Math.max(1, done.get());
    double pgMsPerCall = (b1.postgres - b0.postgres) / 1e6 / Math.max(1, done.get());
    System.out.printf(Locale.ROOT,
        "   brokered /poll: %,.0f calls/s, p50 %.1f / p99 %.1f ms; CPU per call: nodes %.3f ms, PostgreSQL %.3f ms%n",
        callsPerSec, ms(calls, 50), ms(calls, 99), serverMsPerCall, pgMsPerCall);

    open.forEach(WebSocket::close);
    return new Figures(name, msgsPerSec, deliveriesPerSec, serverMsPerMsg, pgMsPerMsg, ms(same, 50), ms(same, 99),
        ms(cross, 50), ms(cross, 99), same.getTotalCount(), cross.getTotalCount(), callsPerSec, ms(calls, 99),
        serverMsPerCall, pgMsPerCall);
  }

  /** Records each message frame's latency from the send time in its text; completes at the first ready. */
  private static Future<Void> readyOf(WebSocket ws, int node, Histogram same, Histogram cross, AtomicLong deliveries,
      AtomicBoolean recording) {
    io.vertx.core.Promise<Void> ready = io.vertx.core.Promise.promise();
    ws.textMessageHandler(text -> {
      long now = System.nanoTime();
      JsonObject frame = new JsonObject(text);
      String type = frame.getString("type", "");
      if (type.equals("ready")) {
        ready.tryComplete();
      } else if (type.equals("message")) {
        deliveries.incrementAndGet();
        String body = frame.getJsonObject("message").getString("text", "");
        if (recording.get() && body.startsWith("b ")) {
          String[] parts = body.split(" ");
          long latency = now - Long.parseLong(parts[1]);
          int from = Integer.parseInt(parts[2]);
          (from == node ? same : cross).recordValue(Math.max(0, Math.min(latency, TimeUnit.SECONDS.toNanos(60))));
        }
      }
    });
    return ready.future();
  }

  private static Future<Void> sendLoop(Api api, Api.Session sender, String group, int node, long end, AtomicLong sent) {
    if (System.nanoTime() >= end) {
      return Future.succeededFuture();
    }
    return send(api, sender, group, node).compose(v -> {
      sent.incrementAndGet();
      return sendLoop(api, sender, group, node, end, sent);
    });
  }

  private static Future<Void> send(Api api, Api.Session sender, String group, int node) {
    JsonObject body = new JsonObject().put("clientId", "b" + java.util.UUID.randomUUID())
        .put("text", "b " + System.nanoTime() + " " + node);
    return api.call(HttpMethod.POST, "/api/conversations/" + group + "/messages", sender, body, 201).mapEmpty();
  }

  private static Future<Void> callLoop(Api api, Api.Session caller, String group, long end, AtomicLong done,
      Histogram latency) {
    if (System.nanoTime() >= end) {
      return Future.succeededFuture();
    }
    long t = System.nanoTime();
    return api.call(HttpMethod.POST, "/api/conversations/" + group + "/commands", caller,
        new JsonObject().put("text", "/poll Bench? | yes | no"), 200).compose(r -> {
          latency.recordValue(Math.min(System.nanoTime() - t, TimeUnit.SECONDS.toNanos(60)));
          done.incrementAndGet();
          return callLoop(api, caller, group, end, done, latency);
        });
  }

  private static void settle() throws InterruptedException {
    Thread.sleep(SETTLE_MILLIS);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
  }

  /** CPU used so far by every node and by PostgreSQL's processes. */
  private record Cpu(long servers, long postgres) {
    static Cpu read(List<ServerProcess> servers) {
      long sum = 0;
      for (ServerProcess s : servers) {
        sum += s.cpuNanos();
      }
      return new Cpu(sum, PostgresCpu.nanos());
    }
  }

  // ---- the table ----

  private void print(List<Figures> all) {
    System.out.printf(Locale.ROOT, "%n== side by side ==%n");
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-44s", ""));
    all.forEach(f -> head.append(String.format(Locale.ROOT, "%17s", f.name())));
    System.out.println(head);
    row(all, "fan-out messages/s (closed-loop)", f -> f.msgsPerSec(), "%,.0f");
    row(all, "fan-out deliveries/s", f -> f.deliveriesPerSec(), "%,.0f");
    row(all, "nodes' CPU per message, ms", f -> f.serverMsPerMsg(), "%.3f");
    row(all, "PostgreSQL CPU per message, ms", f -> f.pgMsPerMsg(), "%.3f");
    row(all, "delivery p50, same node, ms", f -> f.sameP50(), "%.1f");
    row(all, "delivery p99, same node, ms", f -> f.sameP99(), "%.1f");
    row(all, "delivery p50, other node, ms", f -> f.crossP50(), "%.1f");
    row(all, "delivery p99, other node, ms", f -> f.crossP99(), "%.1f");
    row(all, "brokered calls/s (closed-loop)", f -> f.callsPerSec(), "%,.0f");
    row(all, "brokered call p99, ms", f -> f.callP99(), "%.1f");
    row(all, "nodes' CPU per brokered call, ms", f -> f.serverMsPerCall(), "%.3f");
    row(all, "PostgreSQL CPU per brokered call, ms", f -> f.pgMsPerCall(), "%.3f");

    Figures plain = all.getFirst();
    System.out.printf(Locale.ROOT, "%nclustering overhead per message (nodes' CPU, against the plain node):%n");
    for (Figures f : all.subList(1, all.size())) {
      System.out.printf(Locale.ROOT, "   %-16s %+.3f ms per message (%+.0f%%), %+.3f ms per brokered call%n", f.name(),
          f.serverMsPerMsg() - plain.serverMsPerMsg(), 100 * (f.serverMsPerMsg() / plain.serverMsPerMsg() - 1),
          f.serverMsPerCall() - plain.serverMsPerCall());
    }
    Figures three = all.getLast();
    Summary summary = new Summary();
    summary.atMost("3 nodes: delivery p99 to a socket on another node", three.crossP99(), 50, "ms");
    summary.info("3 nodes: clustering overhead per message",
        String.format(Locale.ROOT, "%+.3f ms CPU", three.serverMsPerMsg() - plain.serverMsPerMsg()));
    summary.info("3 nodes: nodes' CPU per message of " + members + " members",
        String.format(Locale.ROOT, "%.3f ms (PostgreSQL %.3f ms)", three.serverMsPerMsg(), three.pgMsPerMsg()));
    System.out.println();
    summary.print();
  }

  private static void row(List<Figures> all, String label, java.util.function.ToDoubleFunction<Figures> value,
      String format) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-44s", label));
    for (Figures f : all) {
      double v = value.applyAsDouble(f);
      line.append(String.format(Locale.ROOT, "%17s", Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v)));
    }
    System.out.println(line);
  }
}
