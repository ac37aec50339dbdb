package dev.parley.bench.care;

import dev.parley.core.accounts.ThrottleOptions;
import dev.parley.core.boot.Platform;
import dev.parley.core.boot.PlatformOptions;
import dev.parley.core.common.storage.DatabaseOptions;
import dev.parley.core.common.web.RequestHeads;
import dev.parley.core.safety.SafetyOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./parley bench care}: (1) a burst of customer conversations offered to people at once
 * (the bot's {@code handover offer}, many in flight) is assigned by round-robin within every
 * agent's cap: assigned counts per agent against caps, none twice, and how long the burst took;
 * (2) the latency from a customer's message ({@code POST /api/conversations/:id/messages}) to the
 * {@code care.message} frame on an agent's live inbox socket, side by side with chat's
 * message-to-member latency (a direct conversation, the friend's live socket) in the same run.
 * An in-process platform on H2, the HTTP API on loopback.
 */
public final class CareBench {

  private static final String PASSWORD = "bench-password-0123";

  private CareBench() {
  }

  record Session(String id, String cookie, MultiMap headers) {
  }

  public static void main(String[] args) throws Exception {
    int conversations = 1_000;
    int agents = 10;
    int samples = 300;
    int inFlight = 64;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--conversations" -> conversations = Integer.parseInt(args[i + 1]);
        case "--agents" -> agents = Integer.parseInt(args[i + 1]);
        case "--samples" -> samples = Integer.parseInt(args[i + 1]);
        case "--in-flight" -> inFlight = Integer.parseInt(args[i + 1]);
        default -> usage();
      }
    }
    String loadBefore = loadAverage();
    Path work = Files.createTempDirectory("parley-bench-care-");
    Vertx vertx = Vertx.vertx();
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    try {
      PlatformOptions options = new PlatformOptions()
          .setDatabase(new DatabaseOptions().setUrl("jdbc:h2:file:" + work.resolve("db").resolve("parley")))
          .setPasswordCost(64, 1)
          .setBootstrapAdmin(new JsonObject().put("username", "admin").put("displayName", "Admin")
              .put("password", PASSWORD))
          .setThrottle(new ThrottleOptions().setSignUpsPerAddress(1_000_000))
          .setSafety(new SafetyOptions().setSendsPerWindow(1_000_000));
      Platform platform = Platform.start(vertx, options).await(2, TimeUnit.MINUTES);
      HttpServer server = vertx.createHttpServer().requestHandler(RequestHeads.guard(platform.router()))
          .listen(0, "127.0.0.1").await(1, TimeUnit.MINUTES);
      int port = server.actualPort();
      WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(inFlight));

      Session admin = session(web, "/api/auth/signin", "admin");
      Session owner = session(web, "/api/auth/signup", "owner");
      expect(web.post("/api/admin/accounts/" + owner.id() + "/roles").putHeaders(admin.headers())
          .sendJsonObject(new JsonObject().put("role", "developer")), 200);
      String businessId = expect(web.post("/api/businesses").putHeaders(owner.headers())
          .sendJsonObject(new JsonObject().put("handle", "benchcare").put("name", "Bench Care")
              .put("category", "utilities").put("privacyUrl", "https://example.com/privacy")),
          201)
          .bodyAsJsonObject().getString("id");
      expect(web.post("/api/admin/businesses/" + businessId + "/review").putHeaders(admin.headers())
          .sendJsonObject(new JsonObject().put("decision", "approve")), 200);
      String key = expect(web.post("/api/businesses/" + businessId + "/keys").putHeaders(owner.headers())
          .sendJsonObject(new JsonObject().put("name", "bench")), 201).bodyAsJsonObject().getString("key");
      MultiMap bearer = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + key);
      String base = "/api/care/businesses/" + businessId;

      // agents with caps that add up to more than the burst (60, 70, … for ten agents: 1,050)
      List<Session> agentSessions = new ArrayList<>();
      int[] caps = new int[agents];
      for (int a = 0; a < agents; a++) {
        Session agent = session(web, "/api/auth/signup", "agent" + a);
        caps[a] = (int) Math.ceil(conversations * 1.05 / agents) - 45 + 10 * a;
        expect(web.post(base + "/agents").putHeaders(owner.headers()).sendJsonObject(new JsonObject()
            .put("username", "agent" + a).put("role", "agent").put("maxOpen", caps[a])), 201);
        agentSessions.add(agent);
      }
      int seats = Arrays.stream(caps).sum();

      // the customers and their conversations with the business (set up in parallel)
      System.out.printf(Locale.ROOT, "bench care: %d conversations in a burst, %d agents (caps %s, %d seats), "
          + "%d in flight; latency %d samples each (H2, loopback)%n", conversations, agents, Arrays.toString(caps),
          seats, inFlight, samples);
      System.out.println("load average before: " + loadBefore);
      List<String> conversationIds = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<Session> customers = new java.util.concurrent.CopyOnWriteArrayList<>();
      AtomicInteger nextCustomer = new AtomicInteger();
      int total = conversations;
      runAll(workers, 16, () -> {
        for (int c = nextCustomer.getAndIncrement(); c < total; c = nextCustomer.getAndIncrement()) {
          Session customer = session(web, "/api/auth/signup", "customer" + c);
          customers.add(customer);
          conversationIds.add(expect(web.post("/api/directory/businesses/benchcare/conversations")
              .putHeaders(customer.headers()).sendJsonObject(new JsonObject()), 200).bodyAsJsonObject()
              .getJsonObject("conversation").getString("id"));
        }
      });

      // (1) the burst: every conversation offered to people at once
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      runAll(workers, inFlight, () -> {
        for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
          expect(web.post("/api/business/v1/conversations/" + conversationIds.get(i) + "/handover")
              .putHeaders(bearer).sendJsonObject(new JsonObject().put("action", "offer")), 200);
        }
      });
      double burstSeconds = (System.nanoTime() - start) / 1e9;
      io.vertx.core.json.JsonArray agentList = expect(web.get(base + "/agents").putHeaders(owner.headers()).send(),
          200).bodyAsJsonArray();
      long assigned = 0;
      boolean withinCaps = true;
      System.out.println();
      System.out.println("| agent | assigned | cap |");
      System.out.println("| --- | --- | --- |");
      for (int a = 0; a < agentList.size(); a++) {
        JsonObject row = agentList.getJsonObject(a);
        int open = row.getInteger("open");
        assigned += open;
        withinCaps &= open <= row.getInteger("maxOpen");
        System.out.printf(Locale.ROOT, "| %s | %d | %d |%n", row.getString("username"), open,
            row.getInteger("maxOpen"));
      }
      int unassigned = 0;
      String before = null;
      while (true) {
        String q = base + "/conversations?assignee=unassigned&limit=200" + (before == null ? "" : "&before=" + before);
        io.vertx.core.json.JsonArray page = expect(web.get(q).putHeaders(owner.headers()).send(), 200)
            .bodyAsJsonObject().getJsonArray("conversations");
        unassigned += page.size();
        if (page.size() < 200) {
          break;
        }
        before = page.getJsonObject(page.size() - 1).getJsonObject("lastMessage") == null
            ? null
            : page.getJsonObject(page.size() - 1).getJsonObject("lastMessage").getString("at");
        if (before == null) {
          break;
        }
      }
      System.out.printf(Locale.ROOT, "%nburst: %d conversations offered in %.2f s (%.0f/s); assigned %d of %d "
          + "(seats %d), waiting unassigned %d; every agent within its cap: %s; assigned once each: %s%n",
          total, burstSeconds, total / burstSeconds, assigned, total, seats, unassigned, withinCaps,
          assigned + unassigned == total);

      // (2) latency: a customer's message to the agent's live inbox socket, against chat's message to a member
      Session friend = session(web, "/api/auth/signup", "friend");
      Session writer = customers.get(0);
      String careConversation = conversationIds.get(0);
      String direct = expect(web.post("/api/conversations").putHeaders(writer.headers())
          .sendJsonObject(new JsonObject().put("kind", "direct").put("memberId", friend.id())), 200, 201)
          .bodyAsJsonObject().getString("id");
      Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
      WebSocket agentSocket = live(vertx, port, agentSessions.get(0), arrivals, "care.message");
      WebSocket friendSocket = live(vertx, port, friend, arrivals, "message");
      Thread.sleep(500); // both sockets subscribed
      long[] care = latency(web, writer, careConversation, arrivals, samples, "care");
      long[] chat = latency(web, writer, direct, arrivals, samples, "chat");
      System.out.printf(Locale.ROOT, """

          | message → live socket, %d samples each | p50 | p99 | max |
          | --- | --- | --- | --- |
          | (a) customer → agent's inbox (care.message) | %.2f ms | %.2f ms | %.2f ms |
          | (b) chat: person → member (message) | %.2f ms | %.2f ms | %.2f ms |
          | ratio p99 (a)/(b) | %.2f | | |
          load average after: %s
          """, samples, pct(care, 50), pct(care, 99), pct(care, 100), pct(chat, 50), pct(chat, 99), pct(chat, 100),
          pct(care, 99) / pct(chat, 99), loadAverage());
      agentSocket.close();
      friendSocket.close();
      platform.close().await(1, TimeUnit.MINUTES);
    } finally {
      workers.shutdownNow();
      vertx.close().await(1, TimeUnit.MINUTES);
    }
  }

  private static void usage() {
    System.err.println("usage: ./parley bench care [--conversations 1000] [--agents 10] [--samples 300] "
        + "[--in-flight 64]");
    System.exit(2);
  }

  /** Sends one message at a time and waits for it on the socket: the time from send to the frame. */
  private static long[] latency(WebClient web, Session writer, String conversationId,
      Map<String, CompletableFuture<Long>> arrivals, int samples, String tag) throws Exception {
    long[] nanos = new long[samples];
    for (int i = -20; i < samples; i++) { // 20 warm-up messages first
      String text = tag + " " + UUID.randomUUID();
      CompletableFuture<Long> arrived = new CompletableFuture<>();
      arrivals.put(text, arrived);
      long t0 = System.nanoTime();
      expect(web.post("/api/conversations/" + conversationId + "/messages").putHeaders(writer.headers())
          .sendJsonObject(new JsonObject().put("clientId", "c" + UUID.randomUUID()).put("text", text)), 201);
      long t1 = arrived.get(30, TimeUnit.SECONDS);
      arrivals.remove(text);
      if (i >= 0) {
        nanos[i] = t1 - t0;
      }
    }
    Arrays.sort(nanos);
    return nanos;
  }

  /** A live socket that completes the waiting sample whose text a frame of {@code type} carries. */
  private static WebSocket live(Vertx vertx, int port, Session session, Map<String, CompletableFuture<Long>> arrivals,
      String type) {
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/api/live").addHeader("Cookie", session.cookie());
    WebSocket socket = vertx.createWebSocketClient().connect(connect).await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> {
      long at = System.nanoTime();
      JsonObject frame = new JsonObject(text);
      if (type.equals(frame.getString("type")) && frame.getValue("message") instanceof JsonObject m) {
        CompletableFuture<Long> waiting = arrivals.get(m.getString("text"));
        if (waiting != null) {
          waiting.complete(at);
        }
      }
    });
    return socket;
  }

  private static void runAll(ExecutorService workers, int n, Runnable task) throws Exception {
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < n; w++) {
      running.add(workers.submit(task));
    }
    for (Future<?> f : running) {
      f.get(20, TimeUnit.MINUTES);
    }
  }

  private static Session session(WebClient web, String path, String username) {
    JsonObject body = new JsonObject().put("username", username).put("password", PASSWORD);
    if (path.endsWith("signup")) {
      body.put("displayName", username);
    }
    HttpResponse<Buffer> r = expect(web.post(path).sendJsonObject(body), 200, 201);
    String cookie = r.cookies().stream().filter(c -> c.startsWith("parley_session=")).findFirst()
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).orElseThrow();
    JsonObject json = r.bodyAsJsonObject();
    return new Session(json.getJsonObject("account").getString("id"), cookie, MultiMap.caseInsensitiveMultiMap()
        .add("Cookie", cookie).add("X-CSRF-Token", json.getString("csrfToken")));
  }

  private static HttpResponse<Buffer> expect(io.vertx.core.Future<HttpResponse<Buffer>> call, int... statuses) {
    HttpResponse<Buffer> r = call.await();
    if (Arrays.stream(statuses).noneMatch(s -> s == r.statusCode())) {
      throw new IllegalStateException("answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r;
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2] + " (1/5/15 min, " + Runtime.getRuntime()
          .availableProcessors() + " cores)";
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
